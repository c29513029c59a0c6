import {
  AwsLoadBalancerController, ClusterAutoscaler, EfsCsiDriver, ExternalDns, ExternalSecretsOperator, Karpenter, MetricsServer, Route53Zone,
} from '../../../../lib/aws';
import { runPolicy } from '../../../../lib/policy/engine';
import { helmTargets, terraformTargets } from '../../../../lib/policy/targets';
import { k } from '../../policy/fixtures';
import { AddonOutput, synthAddons } from './addon-synth';

/** The policy findings (errors and warnings) of an add-on output, its Terraform, YAML and helmfile. */
function findings(out: AddonOutput): string[] {
  const targets = [...terraformTargets(out.tf, 'test'), ...k(...out.yaml), ...(out.helmfile ? helmTargets(out.helmfile) : [])];
  return runPolicy(targets).findings.map((f) => `${f.severity} ${f.checkId} ${f.object}: ${f.message}`);
}

describe('every add-on in one cluster', () => {
  const bare = synthAddons(() => undefined);
  const all = synthAddons(({ stack, kubernetes, cluster, network }) => {
    const nodes = cluster.addManagedNodeGroup('general', { instanceTypes: ['m7i.large'], minSize: 2, desiredSize: 2, maxSize: 4 });
    new AwsLoadBalancerController(stack, 'alb', { cluster, kubernetes, network });
    const zone = new Route53Zone(stack, 'zone', { zoneName: 'mydomain.com' });
    new ExternalDns(stack, 'dns', { cluster, kubernetes, zone });
    new ExternalSecretsOperator(stack, 'eso', { cluster, kubernetes, secretPrefixes: ['counter/'], store: { namespaces: ['counter'] } });
    new Karpenter(stack, 'karpenter', { cluster, kubernetes });
    new ClusterAutoscaler(stack, 'autoscaler', { cluster, kubernetes });
    new MetricsServer(stack, 'metrics', { cluster, nodeGroups: [nodes] });
    new EfsCsiDriver(stack, 'efs', { cluster, nodeGroups: [nodes] });
  });

  test('adds no policy finding to those of the bare cluster', () => {
    const before = new Set(findings(bare).map((f) => f.split(' ').slice(0, 2).join(' ')));
    expect(findings(all).filter((f) => !before.has(f.split(' ').slice(0, 2).join(' ')))).toEqual([]);
  });

  test('writes one helmfile with the five pinned charts, each with its ServiceAccount from keelson', () => {
    expect(all.helmfile.releases.map((r: any) => `${r.namespace}/${r.name}@${r.version}`).sort()).toEqual([
      'external-dns/external-dns@1.19.0', 'external-secrets/external-secrets@1.0.0', 'kube-system/aws-load-balancer-controller@1.17.0',
      'kube-system/cluster-autoscaler@9.56.0', 'kube-system/karpenter@1.11.1',
    ]);
    const accounts = all.yaml.filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
    expect(accounts).toEqual(['external-dns/external-dns', 'external-secrets/external-secrets', 'kube-system/aws-load-balancer-controller',
      'kube-system/cluster-autoscaler', 'kube-system/karpenter']);
  });

  test('each pod identity role trusts only its own ServiceAccount of this cluster (aws:SourceAccount, aws:SourceArn, session tags)', () => {
    const associations = Object.values(all.tf.resource.aws_eks_pod_identity_association) as any[];
    expect(associations).toHaveLength(7); // the five charts, EFS, and the cluster's own EBS driver
    for (const a of associations) {
      const roleName = /\$\{aws_iam_role\.([\w-]+)\.arn\}/.exec(a.role_arn)![1];
      const trust = JSON.parse(all.tf.resource.aws_iam_role[roleName].assume_role_policy).Statement[0];
      expect(trust.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
      expect(trust.Condition.StringEquals).toMatchObject({
        'aws:RequestTag/kubernetes-namespace': [a.namespace], 'aws:RequestTag/kubernetes-service-account': [a.service_account],
      });
      expect(trust.Condition.StringEquals['aws:SourceAccount']).toHaveLength(1);
      expect(trust.Condition.ArnEquals['aws:SourceArn']).toEqual([expect.stringMatching(/^\$\{aws_eks_cluster\.[\w-]+\.arn\}$/)]);
    }
  });
});
