import { AppDefinition } from '../../lib/output/synth-apps';
import { Manifest } from '../../lib/output/manifest';
import { synthApp } from '../../lib/testing';
import { SCHEMA_ROOT } from './schemas';
import { all } from './synth';

/**
 * Synthesizes an example app with keelson/testing (its YAML as `npm run synth` writes it, parsed back), and fails
 * unless it passes policy and every object validates strictly.
 */
export function synthYaml(def: AppDefinition): Manifest[] {
  const out = synthApp(def);
  out.expectPolicyClean();
  out.expectSchemaValid(SCHEMA_ROOT);
  return [...out.objects];
}

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);

/** The peers allowed into pods with `labels`, on which ports, per the namespace's ingress policies. */
export function allowedIngress(manifests: Manifest[], labels: Record<string, string>): Array<{ from: any; ports: any }> {
  return all(manifests, 'NetworkPolicy')
    .filter((p) => p.spec.policyTypes.includes('Ingress') && selects(p.spec.podSelector.matchLabels, labels))
    .flatMap((p) => (p.spec.ingress ?? []).map((r: any) => ({ from: r.from, ports: r.ports })));
}

/** The peers pods with `labels` may connect to, per the namespace's egress policies. */
export function allowedEgress(manifests: Manifest[], labels: Record<string, string>): Array<{ to: any; ports: any }> {
  return all(manifests, 'NetworkPolicy')
    .filter((p) => p.spec.policyTypes.includes('Egress') && selects(p.spec.podSelector.matchLabels, labels))
    .flatMap((p) => (p.spec.egress ?? []).map((r: any) => ({ to: r.to, ports: r.ports })));
}

/** The rule that lets every pod of a secure namespace resolve names. */
export const DNS_EGRESS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
};
