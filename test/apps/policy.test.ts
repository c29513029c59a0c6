import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_APPS } from '../../apps';
import { synthesizeDefinition } from '../../lib/output/synth-apps';

const ROOT = path.resolve(__dirname, '..', '..');

/** The warnings and suppressions each app is allowed, each justified in the app's README. */
const ACCEPTED: Record<string, { warnings: string[]; suppressed: string[] }> = {
  // The book's Redis client cannot speak TLS: transit encryption "preferred", accepted in code with a reason
  // (apps/eks-platform/README.md).
  'eks-platform': { warnings: [], suppressed: ['elasticache-transit-required: aws_elasticache_replication_group.redis_replication-group_5BD9E6FB (stack eks-platform)'] },
  'cloud-integration': { warnings: [], suppressed: [] },
  'counter-redis': { warnings: [], suppressed: [] },
  'counter-elasticache': { warnings: [], suppressed: [] },
  'counter-mysql': { warnings: [], suppressed: [] },
  'mesh': { warnings: [], suppressed: [] },
  'nginx-sidecar': { warnings: [], suppressed: [] },
  'envoy-sidecar': { warnings: [], suppressed: [] },
  'knative': { warnings: [], suppressed: [] },
  'openfaas-hello': { warnings: [], suppressed: [] },
  'security-network': { warnings: [], suppressed: [] },
  // The notes' secret-reader, bound in one namespace on purpose, accepted in code with a reason (apps/security/README.md).
  'security-rbac': { warnings: [], suppressed: ['rbac-cluster-secrets-read: RoleBinding rbac-exercise/read-secrets'] },
  'security-pod-security': { warnings: [], suppressed: [] },
  'security-webhook': { warnings: [], suppressed: [] },
  'security-falco': { warnings: [], suppressed: [] },
  'cka-pods': { warnings: [], suppressed: [] },
  'extension': { warnings: [], suppressed: [] },
  // R6: the monkey-operator creates pods, accepted in code with a reason (apps/extension/README.md).
  'cka-extension': { warnings: [], suppressed: ['rbac-create-pods: ClusterRole monkey-operator-system-monkey-operator-controller-mana-ae6e466a'] },
  // The notes' NodePort examples (N2, N4), accepted in code with a reason; and the hostPath pod (S2), waived by its
  // namespace's declared Pod Security level (apps/cka/README.md).
  'cka-networking': { warnings: [], suppressed: ['service-node-port: Service cka-networking/hello-world', 'service-node-port: Service cka-networking/nginx'] },
  'cka-storage': {
    warnings: [],
    suppressed: ['pss-host-path', 'pss-host-path', 'pss-volume-types', 'pss-volume-types'].map((check) => `${check}: Pod cka-storage-host/test-webserver`),
  },
  'cka-namespaces': { warnings: [], suppressed: [] },
  // The fluentd node agent, waived by its namespace's declared Pod Security level (apps/cka/README.md).
  'cka-controllers': {
    warnings: [],
    suppressed: ['pss-host-path', 'pss-run-as-non-root', 'pss-run-as-user', 'pss-run-as-user', 'pss-volume-types']
      .map((check) => `${check}: DaemonSet logging/fluentd-elasticsearch`),
  },
  'cka-config': { warnings: [], suppressed: [] },
  'cka-scheduling': { warnings: [], suppressed: [] },
};

describe.each(EXAMPLE_APPS.map((a) => [a.name, a] as const))('policy of %s', (name, def) => {
  const { policy } = synthesizeDefinition(def);

  test('zero errors; only the warnings and suppressions its README justifies', () => {
    expect(policy.errors).toBe(0);
    expect(policy.objects).toBeGreaterThan(0);
    expect(policy.findings.map((f) => `${f.checkId}: ${f.object}`)).toEqual(ACCEPTED[name].warnings);
    expect(policy.suppressed.map((s) => `${s.finding.checkId}: ${s.finding.object}`)).toEqual(ACCEPTED[name].suppressed);
  });

  test('the README states the policy result', () => {
    const folder = name.startsWith('counter') ? 'counter' : name.endsWith('-sidecar') ? 'mesh'
      : ['knative', 'openfaas-hello'].includes(name) ? 'serverless' : name.startsWith('security-') ? 'security' : name.startsWith('cka-') ? 'cka' : name;
    const readme = fs.readFileSync(path.join(ROOT, 'apps', folder, 'README.md'), 'utf8');
    expect(readme).toMatch(/## Policy/);
  });
});
