import { AwsLoadBalancerController, NLB_LOAD_BALANCER_CLASS } from '../../../../lib/aws/addons/aws-load-balancer-controller';
import { IngressController } from '../../../../lib/networking/ingress-controller';
import { IngressTls } from '../../../../lib/networking/ingress-tls';
import { SecureNamespace } from '../../../../lib/security/secure-namespace';
import { WebService } from '../../../../lib/workloads/web-service';
import { objectOf, policyStatements, releaseOf, synthAddons } from './addon-synth';

describe('AwsLoadBalancerController', () => {
  const out = synthAddons(({ stack, kubernetes, cluster, network }) => {
    new AwsLoadBalancerController(stack, 'alb', { cluster, kubernetes, network, ingressClass: { scheme: 'internet-facing', groupName: 'web' } });
  });

  test('its policy scopes every write to what the controller tagged elbv2.k8s.aws/cluster', () => {
    const statements = policyStatements(out.tf, 'demo-aws-load-balancer-controller');
    const bySid = Object.fromEntries(statements.map((s: any) => [s.sid, s]));
    expect(bySid.CreateTaggedLoadBalancers.condition).toEqual([{ test: 'Null', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: ['false'] }]);
    expect(bySid.ManageOwnLoadBalancers.actions).toContain('elasticloadbalancing:DeleteLoadBalancer');
    expect(bySid.ManageOwnLoadBalancers.condition).toEqual([{ test: 'Null', variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster', values: ['false'] }]);
    expect(bySid.ManageOwnSecurityGroups.actions).toContain('ec2:DeleteSecurityGroup');
    expect(bySid.CreateElbServiceLinkedRole.condition[0].values).toEqual(['elasticloadbalancing.amazonaws.com']);
    // No action of any statement is a wildcard.
    expect(statements.flatMap((s: any) => s.actions).filter((a: string) => a.includes('*'))).toEqual([]);
    // Every delete is conditioned on the cluster tag.
    for (const s of statements.filter((x: any) => x.actions.some((a: string) => /:Delete(LoadBalancer|TargetGroup|SecurityGroup)$/.test(a)))) {
      expect(s.condition).toContainEqual(expect.objectContaining({ variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster' }));
    }
  });

  test('the policy is on the pod identity of kube-system/aws-load-balancer-controller', () => {
    const assoc = Object.values(out.tf.resource.aws_eks_pod_identity_association).find((a: any) => a.service_account === 'aws-load-balancer-controller') as any;
    expect(assoc.namespace).toBe('kube-system');
    const attachments = Object.values(out.tf.resource.aws_iam_role_policy_attachment) as any[];
    expect(attachments.some((a) => /aws_iam_policy\.alb_policy_[\w]+\.arn/.test(a.policy_arn))).toBe(true);
  });

  test('the ServiceAccount, IngressClass and IngressClassParams are in the YAML', () => {
    const sa = objectOf(out.yaml, 'ServiceAccount', 'aws-load-balancer-controller');
    expect(sa.metadata.namespace).toBe('kube-system');
    expect(sa.automountServiceAccountToken).toBe(true);
    expect(objectOf(out.yaml, 'IngressClass', 'alb').spec).toEqual({
      controller: 'ingress.k8s.aws/alb', parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: 'alb' },
    });
    expect(objectOf(out.yaml, 'IngressClassParams', 'alb').spec).toEqual({
      scheme: 'internet-facing', targetType: 'ip', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', group: { name: 'web' },
    });
  });

  test('the chart is pinned and uses the emitted ServiceAccount', () => {
    const release = releaseOf(out.helmfile, 'aws-load-balancer-controller');
    expect(release).toMatchObject({ namespace: 'kube-system', chart: 'eks/aws-load-balancer-controller', version: '1.17.0' });
    expect(release.values[0]).toMatchObject({
      clusterName: 'demo', region: 'us-west-2', vpcTags: { Name: 'demo' }, serviceAccount: { create: false, name: 'aws-load-balancer-controller' },
      createIngressClassResource: false, replicaCount: 2,
    });
    expect(out.helmfile.repositories).toContainEqual({ name: 'eks', url: 'https://aws.github.io/eks-charts' });
  });

  test('the NLB class is the one keelson Services use by default', () => {
    expect(NLB_LOAD_BALANCER_CLASS).toBe('service.k8s.aws/nlb');
  });

  test('its ingressController serves WebServices: the Ingress names its class, the VPC\'s CIDR is let in', () => {
    let controller: IngressController | undefined;
    const built = synthAddons(({ stack, kubernetes, cluster, network }) => {
      controller = new AwsLoadBalancerController(stack, 'alb', { cluster, kubernetes, network, ingressClass: { name: 'alb-public', scheme: 'internet-facing' } }).ingressController;
      const ns = new SecureNamespace(kubernetes, 'shop');
      ns.allowFromIngress(new WebService(ns, 'web', { image: 'ghcr.io/acme/web:1.0.0', ingress: { host: 'shop.example.com', controller, tls: IngressTls.fromAcm() } }));
      // Internet-facing ALBs run in the public subnets, which hold no pods.
      expect(controller.sourceCidrs).toEqual(network.publicSubnetCidrs);
    });
    expect(controller!.className).toBe('alb-public');
    expect(objectOf(built.yaml, 'Ingress', 'web').spec.ingressClassName).toBe('alb-public');
    const admitted = built.yaml.filter((o: any) => o.kind === 'NetworkPolicy').flatMap((p: any) => (p.spec.ingress ?? []).flatMap((r: any) => r.from ?? []));
    expect(admitted.filter((p: any) => p.ipBlock).map((p: any) => p.ipBlock.cidr)).toEqual(controller!.sourceCidrs);
  });

  test('the ingressController of internal ALBs admits the private subnets', () => {
    let controller: IngressController | undefined;
    let privateCidrs: readonly string[] = [];
    synthAddons(({ stack, kubernetes, cluster, network }) => {
      controller = new AwsLoadBalancerController(stack, 'alb', { cluster, kubernetes, network }).ingressController;
      privateCidrs = network.privateSubnetCidrs;
    });
    expect(controller!.sourceCidrs).toEqual(privateCidrs);
    expect(privateCidrs.length).toBeGreaterThan(0);
  });

  test('the default IngressClass is internal', () => {
    const def = synthAddons(({ stack, kubernetes, cluster, network }) => new AwsLoadBalancerController(stack, 'alb', { cluster, kubernetes, network }));
    expect(objectOf(def.yaml, 'IngressClassParams', 'alb').spec.scheme).toBe('internal');
  });
});
