import { PEER_CHECKS, parsePeerReference, peerChecksMatching, stricterChecks } from '../../../lib/policy/peers';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';

const registered = new Set(BUILTIN_CHECKS.map((c) => c.id));

describe('the peer map', () => {
  test('names only registered keelson checks', () => {
    const unknown = PEER_CHECKS.flatMap((p) => p.keelson.filter((id) => !registered.has(id)).map((id) => `${p.tool}: ${p.id} -> ${id}`));
    expect(unknown).toEqual([]);
  });

  test('lists every peer check a registered check references, with that check', () => {
    const missing = BUILTIN_CHECKS.flatMap((c) => (c.references ?? []).flatMap(parsePeerReference).flatMap((ref) => {
      const entries = peerChecksMatching(ref);
      if (entries.length === 0) {
        return [`${c.id}: ${ref.tool}: ${ref.id} is not in the map`];
      }
      // A reference to a counterpart of another kind ("(the Ingress equivalent)") need not list the check.
      return ref.analogue ? [] : entries.filter((e) => !e.keelson.includes(c.id)).map((e) => `${e.tool}: ${e.id} does not list ${c.id}`);
    }));
    expect(missing).toEqual([]);
  });

  test('has one entry per peer check, each with an equivalent or the reason for none', () => {
    const keys = PEER_CHECKS.map((p) => `${p.tool}: ${p.id}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect(PEER_CHECKS.filter((p) => (p.keelson.length === 0) !== (p.none !== undefined)).map((p) => p.id)).toEqual([]);
    expect(PEER_CHECKS.filter((p) => p.stricter !== undefined && p.keelson.length === 0).map((p) => p.id)).toEqual([]);
  });

  test('covers the checks each peer enables by default', () => {
    const defaults = (tool: string) => PEER_CHECKS.filter((p) => p.tool === tool && p.enabledByDefault).length;
    // Polaris pkg/config/default.yaml, kube-score README_CHECKS.md (not optional), kube-linter internal/defaultchecks
    expect([defaults('Polaris'), defaults('kube-score'), defaults('kube-linter')]).toEqual([44, 33, 30]);
    expect(PEER_CHECKS.find((p) => p.tool === 'kube-linter' && p.id === 'latest-tag')).toMatchObject({ enabledByDefault: true, keelson: ['image-tag-pinned'] });
    expect(PEER_CHECKS.find((p) => p.tool === 'kube-linter' && p.id === 'scc-deny-privileged-container')).toMatchObject({ enabledByDefault: false, keelson: [], none: 'OpenShift only' });
  });

  test('parses references of one or several ids, notes, wildcards and other sources', () => {
    expect(parsePeerReference('kube-score: deployment-has-poddisruptionbudget, statefulset-has-poddisruptionbudget')).toEqual([
      { tool: 'kube-score', id: 'deployment-has-poddisruptionbudget', analogue: false },
      { tool: 'kube-score', id: 'statefulset-has-poddisruptionbudget', analogue: false },
    ]);
    expect(parsePeerReference('Polaris: tlsSettingsMissing (the Ingress equivalent)')).toEqual([{ tool: 'Polaris', id: 'tlsSettingsMissing', analogue: true }]);
    expect(parsePeerReference('kube-linter: (rbac)')).toEqual([]);
    expect(parsePeerReference('CKV_K8S_14')).toEqual([]);
    expect(parsePeerReference('Pod Security Standards: HostProcess')).toEqual([]);
    expect(peerChecksMatching({ tool: 'kube-score', id: '*-pod-selector-labels-match-template-metadata-labels', analogue: false }).map((p) => p.id))
      .toEqual(['deployment-pod-selector-labels-match-template-metadata-labels', 'statefulset-pod-selector-labels-match-template-metadata-labels']);
  });

  test('limits "stricter by design" to the keelson checks its reason names', () => {
    const linux = PEER_CHECKS.find((p) => p.tool === 'Polaris' && p.id === 'linuxHardening')!;
    expect(stricterChecks(linux)).toEqual(['pss-seccomp-restricted', 'pss-capabilities-restricted']);
    const auto = PEER_CHECKS.find((p) => p.tool === 'Polaris' && p.id === 'automountServiceAccountToken')!;
    expect(stricterChecks(auto)).toEqual(['service-account-automount']);
    expect(stricterChecks(PEER_CHECKS.find((p) => p.id === 'latest-tag')!)).toEqual([]);
  });
});
