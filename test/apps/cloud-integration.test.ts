import { cloudIntegrationApp } from '../../apps/cloud-integration';
import { PLATFORM } from '../../apps/eks-platform/platform';
import { allowedIngress, synthYaml } from '../helpers/app-output';
import { podSpecOf, restrictedViolations } from '../helpers/pod-security';
import { find } from '../helpers/synth';

describe('cloud-integration (Cloud Native with Kubernetes ch. 13, C04, C05, C07)', () => {
  // Policy-clean and valid against the strict schemas.
  const out = synthYaml(cloudIntegrationApp);

  test('C04: my-service-with-dns is an internet-facing NLB of the AWS Load Balancer Controller, its host published by external-dns', () => {
    const svc = find(out, 'Service', 'my-service-with-dns');
    expect(svc.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb', ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
    expect(svc.metadata.annotations).toMatchObject({
      'external-dns.alpha.kubernetes.io/hostname': 'myapp.mydomain.com',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
    });
  });

  test('C04: the NLB reaches the pods from the public subnets only, where no pod runs', () => {
    const admitted = allowedIngress(out, { app: 'my-app-service' }).flatMap((r) => r.from.filter((p: any) => p.ipBlock).map((p: any) => p.ipBlock.cidr));
    expect(admitted).toEqual([...PLATFORM.publicSubnetCidrs]);
    expect(admitted).not.toContain(PLATFORM.vpcCidr);
  });

  test('C05: the v1beta1 Ingress is an HTTPRoute for myapp.mydomain.com on an HTTPS listener', () => {
    const route = find(out, 'HTTPRoute', 'my-domain-ingress');
    expect(route.spec.hostnames).toEqual(['myapp.mydomain.com']);
    expect(route.spec.rules[0].backendRefs).toEqual([expect.objectContaining({ name: 'my-app-service', port: 80 })]);
    expect(find(out, 'Gateway', 'gateway').spec.listeners.map((l: any) => l.protocol)).toEqual(['HTTP', 'HTTPS']);
  });

  test('C07: the app scales on CPU and runs on the nodes Karpenter adds for it; its pods pass restricted', () => {
    const deployment = find(out, 'Deployment', 'my-app-service');
    expect(podSpecOf(deployment).nodeSelector).toMatchObject({ 'karpenter.sh/nodepool': PLATFORM.autoscaledNodePool });
    expect(restrictedViolations(podSpecOf(deployment))).toEqual([]);
    expect(find(out, 'HorizontalPodAutoscaler', 'my-app-service').spec).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
  });
});
