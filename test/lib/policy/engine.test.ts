import { SUPPRESSION_CHECK_ID, runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { formatReport, reportToJson, reportToSarif } from '../../../lib/policy/report';
import { annotationSuppressions } from '../../../lib/policy/suppressions';
import { kindKey } from '../../../lib/policy/kinds';
import { ObjectIndex } from '../../../lib/policy/object-index';
import { HELM_CONSTRUCT_LABEL, artifactTargetsFromFiles, helmTargets, kubernetesTarget } from '../../../lib/policy/targets';
import { ctr, denyAll, deployment, k, pdb } from './fixtures';

const bad = deployment((d) => { ctr(d).image = 'nginx'; delete ctr(d).readinessProbe; });
const at = (path: string) => [kubernetesTarget(bad, { constructPath: path }), kubernetesTarget(pdb(), { constructPath: 'app/web/pdb' }), kubernetesTarget(denyAll())];

describe('runPolicy', () => {
  test('findings carry check id, severity, object, construct path and fix, errors first', () => {
    const report = runPolicy(at('app/shop/web/deployment'));
    expect(report.findings.map((f) => [f.severity, f.checkId, f.object, f.constructPath])).toEqual([
      ['error', 'image-tag-pinned', 'Deployment shop/web', 'app/shop/web/deployment'],
      ['warning', 'probe-readiness', 'Deployment shop/web', 'app/shop/web/deployment'],
    ]);
    expect(report.findings[0].remediation).toBe(BUILTIN_CHECKS.find((c) => c.id === 'image-tag-pinned')!.remediation);
    expect([report.errors, report.warnings, report.objects]).toEqual([1, 1, 3]);
  });

  test('a check that throws on an unforeseen shape yields an error finding of that check, and the others still run', () => {
    const throwing = { ...BUILTIN_CHECKS.find((c) => c.id === 'image-tag-pinned')!, id: 'throws-on-odd', severity: 'warning' as const, check: () => { throw new TypeError('x.map is not a function'); } };
    const report = runPolicy([kubernetesTarget(bad)], { checks: [throwing, BUILTIN_CHECKS.find((c) => c.id === 'image-tag-pinned')!] });
    expect(report.findings.map((f) => [f.severity, f.checkId, f.message])).toEqual([
      ['error', 'image-tag-pinned', expect.stringContaining('nginx')],
      ['error', 'throws-on-odd', 'the check could not read this object (TypeError: x.map is not a function)'],
    ]);
    expect(report.findings[1].remediation).toContain('keelson bug');
  });

  test('a VirtualService destination without host is reported, not a crash', () => {
    const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'r', namespace: 'shop' }, spec: { hosts: ['web'], http: [{ route: [{ destination: {} }, null] }] } };
    const report = runPolicy([kubernetesTarget(vs as any)]);
    expect(report.findings.filter((f) => f.checkId === 'istio-destination-host').map((f) => f.message))
      .toEqual(['http[0].route[0] has no destination host', 'http[0].route[1] has no destination host']);
    expect(report.findings.map((f) => f.message).join('\n')).not.toContain('could not read');
  });

  test('custom resources are matched by group and kind: a Knative Service is not a core Service', () => {
    const knative = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { spec: { containers: [{ image: 'nginx' }] } } } };
    const targets = [kubernetesTarget(knative as any)];
    const report = runPolicy(targets);
    // Core Service checks (selector, Istio port names) do not see it; pod checks do, since it has a pod template.
    expect(report.findings.map((f) => f.checkId)).not.toContain('service-selects-pods');
    expect(report.findings.map((f) => f.checkId)).toContain('image-tag-pinned');
    const index = new ObjectIndex(targets);
    expect(index.get('Service', 'shop', 'web')).toBeUndefined();
    expect(index.get('serving.knative.dev/Service', 'shop', 'web')?.object).toBe(knative);
    expect([kindKey({ group: '', kind: 'Service' }), kindKey({ group: 'apps', kind: 'Deployment' }), kindKey({ group: 'networking.k8s.io', kind: 'Ingress' }),
      kindKey({ group: 'networking.istio.io', kind: 'Gateway' })]).toEqual(['Service', 'Deployment', 'Ingress', 'networking.istio.io/Gateway']);
  });

  test('helmfile releases are targets of the helm domain, values merged, with the construct from their label', () => {
    const targets = helmTargets({
      releases: [{ name: 'openfaas', namespace: 'openfaas', chart: 'openfaas/openfaas', labels: { [HELM_CONSTRUCT_LABEL]: 'app/openfaas' },
        values: [{ basic_auth: true, serviceType: 'NodePort' }, { serviceType: 'ClusterIP' }] }],
    }, 'helm/app/helmfile.yaml');
    expect(targets).toEqual([expect.objectContaining({ domain: 'helm', kind: 'HelmRelease', namespace: 'openfaas', name: 'openfaas', constructPath: 'app/openfaas', file: 'helm/app/helmfile.yaml' })]);
    expect(targets[0].object.values).toEqual({ basic_auth: true, serviceType: 'ClusterIP' });
    expect(new ObjectIndex(targets).get('HelmRelease', 'openfaas', 'openfaas')).toBeUndefined();
    expect(artifactTargetsFromFiles(new Map([['helmfile.yaml', 'releases: [{name: x, namespace: y, chart: r/x}]'], ['notes.txt', 'x']]))
      .map((t) => `${t.domain}:${t.name}`)).toEqual(['helm:x']);
  });

  test('a suppression covers the construct and everything below it, and is listed with its reason', () => {
    const report = runPolicy(at('app/shop/web/deployment'), {
      suppressions: [{ checkId: 'probe-readiness', reason: 'batch worker, never receives traffic', constructPath: 'app/shop/web' }],
    });
    expect(report.findings.map((f) => f.checkId)).toEqual(['image-tag-pinned']);
    expect(report.suppressed.map((s) => [s.finding.checkId, s.reason])).toEqual([['probe-readiness', 'batch worker, never receives traffic']]);
    expect(formatReport(report)).toContain('SUPPRESSED probe-readiness: Deployment shop/web (construct app/shop/web/deployment): batch worker, never receives traffic');
  });

  test('a suppression does not reach sibling constructs with a longer name', () => {
    const report = runPolicy(at('app/shop/web2/deployment'), { suppressions: [{ checkId: 'probe-readiness', reason: 'r', constructPath: 'app/shop/web' }] });
    expect(report.findings.map((f) => f.checkId)).toContain('probe-readiness');
  });

  test('a suppression without a reason is itself an error and silences nothing', () => {
    const report = runPolicy(at('app/web'), { suppressions: [{ checkId: 'probe-readiness', reason: '  ', constructPath: 'app/web' }] });
    expect(report.findings.map((f) => [f.severity, f.checkId, f.message])).toEqual([
      ['error', 'image-tag-pinned', 'container "web" uses image "nginx", which is not pinned'],
      ['error', SUPPRESSION_CHECK_ID, 'the suppression of probe-readiness has no reason'],
      ['warning', 'probe-readiness', 'container "web" has no readiness probe'],
    ]);
  });

  test('unknown checks are errors, unused suppressions warnings', () => {
    const report = runPolicy(at('app/web'), {
      suppressions: [{ checkId: 'no-such-check', reason: 'r', constructPath: 'app' }, { checkId: 'pss-privileged', reason: 'r', constructPath: 'app/web' }],
    });
    const meta = report.findings.filter((f) => f.checkId === SUPPRESSION_CHECK_ID).map((f) => [f.severity, f.message]);
    expect(meta).toEqual([['error', 'the suppression names unknown check no-such-check'], ['warning', 'the suppression of pss-privileged matches no finding']]);
  });

  test('a suppression may cover a namespace; unused, it is named by it', () => {
    const report = runPolicy(at('app/web'), { suppressions: [
      { checkId: 'probe-readiness', reason: 'r', namespace: 'shop' },
      { checkId: 'image-tag-pinned', reason: 'r', namespace: 'other' },
    ] });
    expect(report.suppressed.map((s) => [s.finding.checkId, s.suppression.namespace])).toEqual([['probe-readiness', 'shop']]);
    expect(report.findings.map((f) => [f.checkId, f.object, f.message])).toEqual([
      ['image-tag-pinned', 'Deployment shop/web', 'container "web" uses image "nginx", which is not pinned'],
      [SUPPRESSION_CHECK_ID, 'namespace other', 'the suppression of image-tag-pinned matches no finding'],
    ]);
  });

  test('annotations suppress one object', () => {
    const annotated = deployment((d) => { delete ctr(d).readinessProbe; d.metadata.annotations = { 'suppress.policy.keelson.dev/probe-readiness': 'worker' }; });
    const targets = k(annotated, pdb(), denyAll());
    const report = runPolicy(targets, { suppressions: annotationSuppressions(targets) });
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => s.finding.object)).toEqual(['Deployment shop/web']);
  });

  test('JSON and SARIF reports', () => {
    const report = runPolicy(at('app/web'), { suppressions: [{ checkId: 'probe-readiness', reason: 'worker', constructPath: 'app/web' }] });
    expect(reportToJson(report)).toMatchObject({ summary: { errors: 1, warnings: 0, suppressed: 1, objects: 3 } });
    const sarif: any = reportToSarif(report);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(BUILTIN_CHECKS.length);
    expect(sarif.runs[0].results.map((r: any) => [r.ruleId, r.level, r.suppressions?.[0].justification])).toEqual([
      ['image-tag-pinned', 'error', undefined], ['probe-readiness', 'warning', 'worker'],
    ]);
  });
});
