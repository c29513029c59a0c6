import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject } from 'cdk8s';
import { AppStack } from '../../../lib/core/app-stack';
import { synthApps } from '../../../lib/output/synth-apps';
import { toYaml } from '../../../lib/output/yaml';
import { runCheckCli } from '../../../lib/policy/check-cli';
import { SUPPRESSION_CHECK_ID, runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { formatReport } from '../../../lib/policy/report';
import { annotationSuppressions } from '../../../lib/policy/suppressions';
import { PolicyTarget } from '../../../lib/policy/types';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { tempDir } from '../../helpers/tmp';
import { denyAll, k, namespace, podOf, workload } from './fixtures';

const REASON = 'Fluent Bit reads the container logs of every node from the host';

/** A node agent "DaemonSet <ns>/agent": host network, a hostPath volume, a privileged container running as root. */
function agent(ns = 'logging', edit: (d: any) => void = () => undefined): any {
  return workload('DaemonSet', (d) => {
    d.metadata = { name: 'agent', namespace: ns };
    const spec = podOf(d);
    spec.hostNetwork = true;
    spec.securityContext = { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } };
    spec.volumes = [{ name: 'varlog', hostPath: { path: '/var/log' } }];
    spec.containers[0].securityContext = { privileged: true, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true };
    spec.containers[0].volumeMounts = [{ name: 'varlog', mountPath: '/var/log', readOnly: true }];
    edit(d);
  });
}

/** The agent's violations of the Baseline level, then of what Restricted adds (written out, per the Pod Security Standards). */
const BASELINE = [
  'pss-host-namespaces: the pod sets hostNetwork: true',
  'pss-host-path: volume "varlog" mounts host path /var/log',
  'pss-privileged: container "web" is privileged',
];
const RESTRICTED_ONLY = [
  'pss-privilege-escalation: container "web" does not set allowPrivilegeEscalation: false',
  'pss-run-as-non-root: container "web" may run as root (runAsNonRoot is not true)',
  'pss-run-as-user: the pod sets runAsUser: 0',
  'pss-volume-types: volume "varlog" has type hostPath',
];
const ALL = [...BASELINE, ...RESTRICTED_ONLY].sort();

function check(targets: PolicyTarget[]) {
  const report = runPolicy(targets, { suppressions: annotationSuppressions(targets) });
  return {
    report,
    errors: report.findings.filter((f) => f.severity === 'error').map((f) => `${f.checkId}: ${f.message}`).sort(),
    warnings: report.findings.filter((f) => f.severity === 'warning').map((f) => `${f.checkId}: ${f.message}`),
    suppressed: report.suppressed.map((s) => `${s.finding.checkId}: ${s.finding.message}`).sort(),
    reasons: [...new Set(report.suppressed.map((s) => s.reason))],
  };
}

describe('the Pod Security checks honour the level a Namespace enforces', () => {
  test('each pss-* check names its Pod Security Standards level; no other check has one', () => {
    const levels = Object.fromEntries(BUILTIN_CHECKS.filter((c) => c.podSecurityLevel !== undefined).map((c) => [c.id, c.podSecurityLevel]));
    expect(levels).toEqual({
      'pss-host-process': 'baseline',
      'pss-host-namespaces': 'baseline',
      'pss-privileged': 'baseline',
      'pss-capabilities-baseline': 'baseline',
      'pss-host-path': 'baseline',
      'pss-host-ports': 'baseline',
      'pss-apparmor': 'baseline',
      'pss-selinux': 'baseline',
      'pss-proc-mount': 'baseline',
      'pss-seccomp-baseline': 'baseline',
      'pss-sysctls': 'baseline',
      'pss-volume-types': 'restricted',
      'pss-privilege-escalation': 'restricted',
      'pss-run-as-non-root': 'restricted',
      'pss-run-as-user': 'restricted',
      'pss-seccomp-restricted': 'restricted',
      'pss-capabilities-restricted': 'restricted',
    });
    expect(BUILTIN_CHECKS.filter((c) => c.id.startsWith('pss-')).map((c) => c.id).sort()).toEqual(Object.keys(levels).sort());
  });

  test('privileged, with a reason: zero errors; every Pod Security finding listed as suppressed with the namespace\'s reason', () => {
    const { report, errors, warnings, suppressed, reasons } = check(k(namespace('logging', 'privileged', REASON), agent(), denyAll('logging')));
    expect([errors, warnings, report.errors]).toEqual([[], [], 0]);
    expect(suppressed).toEqual(ALL);
    expect(reasons).toEqual([`namespace logging enforces Pod Security privileged: ${REASON}`]);
    expect(report.suppressed.map((s) => s.finding.object)).toEqual(Array(7).fill('DaemonSet logging/agent'));
    expect(report.suppressed.find((s) => s.finding.checkId === 'pss-privileged')!.suppression).toEqual({
      checkId: 'pss-privileged', reason: `namespace logging enforces Pod Security privileged: ${REASON}`, namespace: 'logging',
    });
    const text = formatReport(report);
    expect(text).toContain('Policy: 0 error(s), 0 warning(s), 7 suppressed, 3 objects checked');
    expect(text).toContain(`SUPPRESSED pss-privileged: DaemonSet logging/agent: namespace logging enforces Pod Security privileged: ${REASON}`);
  });

  test.each([['no reason annotation', undefined], ['an empty reason', '  ']])('privileged with %s: the findings stay errors', (_name, reason) => {
    const { errors, suppressed } = check(k(namespace('logging', 'privileged', reason), agent(), denyAll('logging')));
    expect(errors).toEqual(ALL);
    expect(suppressed).toEqual([]);
  });

  test('baseline, with a reason: the Baseline violations are errors, the Restricted-only ones suppressed', () => {
    const { errors, suppressed, reasons } = check(k(namespace('logging', 'baseline', 'the agent runs as root to read every log file'), agent(), denyAll('logging')));
    expect(errors).toEqual(BASELINE);
    expect(suppressed).toEqual(RESTRICTED_ONLY);
    expect(reasons).toEqual(['namespace logging enforces Pod Security baseline: the agent runs as root to read every log file']);
  });

  test.each([
    ['restricted', namespace('logging', 'restricted')],
    ['an unknown level', namespace('logging', 'sandbox', REASON)],
    ['no Pod Security label', namespace('logging', undefined, REASON)],
  ])('a namespace enforcing %s waives nothing', (_name, ns) => {
    const { errors, suppressed } = check(k(ns, agent(), denyAll('logging')));
    expect(errors).toEqual(ALL);
    expect(suppressed).toEqual([]);
  });

  test('objects whose Namespace object is not checked (a partial directory) are held to restricted', () => {
    const { errors, suppressed } = check(k(agent(), denyAll('logging')));
    expect(errors).toEqual(ALL);
    expect(suppressed).toEqual([]);
  });

  test('the waiver covers only the namespace\'s own objects', () => {
    const { report } = check(k(namespace('logging', 'privileged', REASON), agent('shop'), denyAll('shop')));
    expect(report.errors).toBe(7);
    expect(report.suppressed).toEqual([]);
  });

  test('only the Pod Security checks are waived: the others still apply', () => {
    const { errors, suppressed } = check(k(namespace('logging', 'privileged', REASON), agent('logging', (d) => { podOf(d).containers[0].image = 'fluent/fluent-bit'; })));
    expect(errors).toEqual([
      'image-tag-pinned: container "web" uses image "fluent/fluent-bit", which is not pinned',
      'pod-network-policy: no NetworkPolicy in namespace logging selects the pods',
    ]);
    expect(suppressed).toEqual(ALL);
  });

  test('a compliant pod in a privileged namespace: nothing found, nothing suppressed, no waiver reported as unused', () => {
    const compliant = workload('DaemonSet', (d) => { d.metadata.namespace = 'logging'; });
    const { report } = check(k(namespace('logging', 'privileged', REASON), compliant, denyAll('logging')));
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });

  test('a suppression on the object itself takes precedence over the namespace\'s waiver, and is not stale', () => {
    const annotated = agent('logging', (d) => { d.metadata.annotations = { 'suppress.policy.keelson.dev/pss-privileged': 'the agent loads eBPF probes' }; });
    const { report, suppressed } = check(k(namespace('logging', 'privileged', REASON), annotated, denyAll('logging')));
    expect(report.findings.filter((f) => f.checkId === SUPPRESSION_CHECK_ID)).toEqual([]);
    expect(suppressed).toEqual(ALL);
    expect(report.suppressed.filter((s) => s.suppression.object !== undefined).map((s) => [s.finding.checkId, s.reason]))
      .toEqual([['pss-privileged', 'the agent loads eBPF probes']]);
    expect(report.suppressed.filter((s) => s.suppression.namespace === 'logging')).toHaveLength(6);
  });
});

describe('keelson check DIR gives the same verdict', () => {
  function writeDir(withNamespace: boolean): string {
    const dir = tempDir();
    if (withNamespace) {
      fs.writeFileSync(path.join(dir, 'namespace.yaml'), toYaml(namespace('logging', 'privileged', REASON)));
    }
    fs.writeFileSync(path.join(dir, 'agent.yaml'), toYaml(agent()));
    fs.writeFileSync(path.join(dir, 'default-deny.yaml'), toYaml(denyAll('logging')));
    return dir;
  }
  function run(dir: string) {
    const lines: string[] = [];
    const code = runCheckCli([dir], { log: (l) => lines.push(l), error: (l) => lines.push(l) });
    return { code, out: lines.join('\n') };
  }

  test('with the Namespace: exit 0, the findings listed as suppressed with the reason', () => {
    const { code, out } = run(writeDir(true));
    expect(code).toBe(0);
    expect(out).toContain('0 error(s), 0 warning(s), 7 suppressed, 3 objects checked');
    expect(out).toContain(`SUPPRESSED pss-host-path: DaemonSet logging/agent (file agent.yaml): namespace logging enforces Pod Security privileged: ${REASON}`);
  });

  test('without it (a partial directory): the agent is held to restricted', () => {
    const { code, out } = run(writeDir(false));
    expect(code).toBe(1);
    expect(out).toContain('7 error(s), 0 warning(s), 0 suppressed, 2 objects checked');
  });

  test('the synth and `keelson check` over its written output agree', () => {
    const outdir = tempDir();
    const summary = synthApps([{
      name: 'logging',
      description: 'a node agent in a privileged namespace',
      build: (app) => {
        const stack = new AppStack(app, 'logging');
        const ns = new SecureNamespace(stack, 'logging', { podSecurityLevel: 'privileged', weakerPodSecurity: { reason: REASON } });
        new ApiObject(ns, 'agent', agent());
      },
    }], outdir);
    const synthPolicy = summary.apps[0].policy;
    expect([synthPolicy.errors, synthPolicy.warnings]).toEqual([0, 0]);
    expect(synthPolicy.suppressed.map((s) => `${s.finding.checkId}: ${s.finding.message}`).sort()).toEqual(ALL);
    expect([...new Set(synthPolicy.suppressed.map((s) => s.reason))]).toEqual([`namespace logging enforces Pod Security privileged: ${REASON}`]);
    // The waivers are derived again from the written Namespace, not written into the agent as annotations.
    const written = fs.readFileSync(path.join(outdir, 'logging', fs.readdirSync(path.join(outdir, 'logging')).find((f) => f.includes('daemonset'))!), 'utf8');
    expect(written).not.toContain('suppress.policy.keelson.dev/');

    const { code, out } = run(path.join(outdir, 'logging'));
    expect(code).toBe(0);
    expect(out).toContain(`0 error(s), 0 warning(s), 7 suppressed, ${synthPolicy.objects} objects checked`);
  });
});
