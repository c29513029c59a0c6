import { WEBHOOK_NAMESPACE, WEBHOOK_SERVER_IMAGE, webhookApp } from '../../apps/security/webhook-stack';
import { PLATFORM } from '../../apps/eks-platform/platform';
import { runPolicy } from '../../lib/policy/engine';
import { ADMISSION_CHECKS } from '../../lib/policy/checks/admission';
import { selectorMatches } from '../../lib/policy/selectors';
import { kubernetesTarget } from '../../lib/policy/targets';
import { synthesizeDefinition } from '../../lib/output/synth-apps';
import { DNS_EGRESS, allowedEgress, allowedIngress, synthYaml } from '../helpers/app-output';
import { podSpecOf, restrictedViolations } from '../helpers/pod-security';
import { find } from '../helpers/synth';

const SERVER = 'my-custom-webhook-server';

/** A request as the API server sees it when it decides which webhooks to call. */
interface AdmissionRequest {
  readonly operation: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespace: string;
}

/** Whether the API server sends `request` to `webhook`: some rule matches, and the namespace selector selects its namespace. */
function sendsTo(webhook: any, request: AdmissionRequest): boolean {
  const has = (list: string[], x: string) => list.includes('*') || list.includes(x);
  const ruleMatches = webhook.rules.some((r: any) => has(r.operations, request.operation) && has(r.apiGroups, request.group)
    && has(r.apiVersions, request.version) && has(r.resources, request.resource));
  return ruleMatches && selectorMatches(webhook.namespaceSelector, { 'kubernetes.io/metadata.name': request.namespace });
}

describe('security-webhook: the custom admission controller (Cloud Native with Kubernetes A1, S01-S03)', () => {
  const out = synthYaml(webhookApp);
  const service = find(out, 'Service', SERVER, '');
  const deployment = find(out, 'Deployment', SERVER);
  const config = find(out, 'MutatingWebhookConfiguration', 'my-service-webhook');
  const webhook = config.webhooks[0];
  const podLabels = deployment.spec.template.metadata.labels;

  test('the app declares exactly the server, its TLS, its network policy and the webhook configuration', () => {
    expect(out.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      `Certificate/${SERVER}-ca`, `Certificate/${SERVER}-serving`, `Deployment/${SERVER}`,
      `Issuer/${SERVER}`, `Issuer/${SERVER}-selfsigned`, 'MutatingWebhookConfiguration/my-service-webhook',
      `Namespace/${WEBHOOK_NAMESPACE}`, 'NetworkPolicy/allow-dns', 'NetworkPolicy/default-deny',
      `NetworkPolicy/${SERVER}-ingress-from-api-server`, `PodDisruptionBudget/${SERVER}`, `Service/${SERVER}`, `ServiceAccount/${SERVER}`,
    ]);
  });

  test('S01: Service my-custom-webhook-server selects app=my-custom-webhook-server, 443 -> 8443', () => {
    expect(service.spec.selector).toEqual({ app: SERVER });
    expect(podLabels).toMatchObject({ app: SERVER });
    expect(service.spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }]);
    expect(podSpecOf(deployment).containers[0].ports).toEqual([{ name: 'https', containerPort: 8443, protocol: 'TCP' }]);
  });

  test('the implied server: the pinned placeholder image, restricted, with HTTPS probes and the serving certificate mounted', () => {
    const pod = podSpecOf(deployment);
    const container = pod.containers[0];
    expect(container.image).toBe(WEBHOOK_SERVER_IMAGE);
    expect(restrictedViolations(pod)).toEqual([]);
    expect(container.readinessProbe.httpGet.scheme).toBe('HTTPS');
    expect(container.livenessProbe.httpGet.scheme).toBe('HTTPS');
    const serving = find(out, 'Certificate', `${SERVER}-serving`);
    const volume = pod.volumes.find((v: any) => v.secret?.secretName === serving.spec.secretName);
    expect(container.volumeMounts).toContainEqual({ name: volume.name, mountPath: '/etc/webhook/tls', readOnly: true });
  });

  test('S02: v1 MutatingWebhookConfiguration my-service-webhook calls the Service at /mutate on 443', () => {
    expect(config.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(webhook.name).toBe(`${SERVER}.${WEBHOOK_NAMESPACE}.svc`);
    expect(webhook.clientConfig).toEqual({ service: { name: SERVER, namespace: WEBHOOK_NAMESPACE, path: '/mutate', port: 443 } });
    expect([webhook.admissionReviewVersions, webhook.sideEffects, webhook.failurePolicy, webhook.timeoutSeconds]).toEqual([['v1'], 'None', 'Fail', 5]);
  });

  test('S02 fixed: pods and configmaps in the core group, deployments in apps, on CREATE', () => {
    expect(webhook.rules).toEqual([
      { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'configmaps'], scope: 'Namespaced' },
      { operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], scope: 'Namespaced' },
    ]);
  });

  test('the CA comes from cert-manager: injected from the Certificate for the Service\'s DNS names', () => {
    const serving = find(out, 'Certificate', `${SERVER}-serving`);
    expect(config.metadata.annotations['cert-manager.io/inject-ca-from']).toBe(`${serving.metadata.namespace}/${serving.metadata.name}`);
    expect(serving.spec.dnsNames).toEqual([`${service.metadata.name}.${service.metadata.namespace}.svc`, `${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local`]);
  });

  test('S03: creating the pod my-pod-to-deny in default is sent to the webhook (which denies it), and so is a Deployment', () => {
    const create = (group: string, version: string, resource: string, namespace = 'default') => ({ operation: 'CREATE', group, version, resource, namespace });
    expect(sendsTo(webhook, create('', 'v1', 'pods'))).toBe(true);
    expect(sendsTo(webhook, create('', 'v1', 'configmaps'))).toBe(true);
    expect(sendsTo(webhook, create('apps', 'v1', 'deployments'))).toBe(true);
    expect(sendsTo(webhook, { ...create('', 'v1', 'pods'), operation: 'UPDATE' })).toBe(false);
    expect(sendsTo(webhook, create('', 'v1', 'secrets'))).toBe(false);
  });

  test('the webhook leaves out its own namespace and kube-system, so it cannot block its own pods', () => {
    for (const namespace of [WEBHOOK_NAMESPACE, 'kube-system']) {
      expect(sendsTo(webhook, { operation: 'CREATE', group: '', version: 'v1', resource: 'pods', namespace })).toBe(false);
    }
    expect(webhook.namespaceSelector).toEqual({
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [WEBHOOK_NAMESPACE, 'kube-system'] }],
    });
  });

  test('only the VPC (where the EKS control plane calls from) reaches the server, on 8443; its only egress is DNS', () => {
    expect(allowedIngress(out, podLabels)).toEqual([{ from: [{ ipBlock: { cidr: PLATFORM.vpcCidr } }], ports: [{ port: 8443, protocol: 'TCP' }] }]);
    expect(allowedEgress(out, podLabels)).toEqual([DNS_EGRESS]);
  });

  test('policy: no errors and no warnings, the admission checks included', () => {
    expect(synthesizeDefinition(webhookApp).policy.findings).toEqual([]);
    expect(runPolicy(out.map((m) => kubernetesTarget(m)), { checks: ADMISSION_CHECKS }).findings).toEqual([]);
  });
});
