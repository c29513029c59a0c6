import { Probe, SecureNamespace, Worker } from '../../../lib';
import { Chart } from 'cdk8s';
import { EksCluster, EksClusterProps, EksEndpointAccess, ManagedNodeGroup, PlatformStack, VpcNetwork } from '../../../lib/aws';
import { all, find, synth } from '../../helpers/synth';
import { TerraformJson, addressOf, policyFindings, resource, resources, synthStack } from '../../helpers/terraform';

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';

function cluster(props: Partial<EksClusterProps> = {}, more?: (c: EksCluster, stack: PlatformStack, k8s: Chart) => void) {
  return synthStack((stack, k8s) => {
    const c = new EksCluster(stack, 'cluster', { name: 'demo', network: new VpcNetwork(stack, 'network'), admins: [ADMIN], ...props });
    c.addManagedNodeGroup('general');
    more?.(c, stack, k8s);
  });
}

const byName = (tf: TerraformJson, type: string) => Object.fromEntries(resources(tf, type).map((r: any) => [r.addon_name ?? r.name, r]));

describe('EksCluster defaults', () => {
  const tf = cluster();
  const eks = resource(tf, 'aws_eks_cluster');
  const eksAddress = addressOf(tf, 'aws_eks_cluster');

  test('passes the EKS policy checks (the Checkov CKV_AWS_37/38/39/58/100/339 equivalents) with no finding at all', () => {
    expect(resources(tf, 'aws_eks_cluster')).toHaveLength(1);
    expect(policyFindings(tf)).toEqual([]);
  });

  test('private endpoint only, in the private subnets, on a version in standard support', () => {
    expect(eks.vpc_config).toEqual({
      endpoint_private_access: true,
      endpoint_public_access: false,
      subnet_ids: Object.entries(tf.resource.aws_subnet).filter(([, s]: any) => s.tags['kubernetes.io/role/internal-elb']).map(([n]) => `\${aws_subnet.${n}.id}`),
    });
    expect(eks.version).toBe('1.35');
    expect(eks.name).toBe('demo');
  });

  test('secrets are encrypted with a KMS key that rotates', () => {
    const key = addressOf(tf, 'aws_kms_key');
    expect(eks.encryption_config).toEqual({ provider: { key_arn: `\${${key}.arn}` }, resources: ['secrets'] });
    expect(resource(tf, 'aws_kms_key')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(resource(tf, 'aws_kms_alias').name).toBe('alias/eks/demo');
  });

  test('api, audit, authenticator (and the other) logs go to a log group kept 90 days', () => {
    expect(eks.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    expect(resource(tf, 'aws_cloudwatch_log_group')).toMatchObject({ name: '/aws/eks/demo/cluster', retention_in_days: 90 });
    expect(eks.depends_on).toContain(addressOf(tf, 'aws_cloudwatch_log_group'));
  });

  test('API authentication with an access entry for the admin, no implicit creator admin', () => {
    expect(eks.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(resource(tf, 'aws_eks_access_entry')).toMatchObject({ principal_arn: ADMIN, type: 'STANDARD', cluster_name: `\${${eksAddress}.name}` });
    expect(resource(tf, 'aws_eks_access_policy_association')).toMatchObject({
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', access_scope: { type: 'cluster' },
    });
  });

  test('the cluster role is assumed by EKS and has the cluster policy', () => {
    const roles = resources(tf, 'aws_iam_role').filter((r) => r.name === 'demo-cluster');
    expect(roles).toHaveLength(1);
    expect(eks.role_arn).toMatch(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/);
    const trust = Object.values(tf.data.aws_iam_policy_document).find((d: any) => d.statement[0].principals?.[0].identifiers[0] === 'eks.amazonaws.com') as any;
    expect(trust.statement[0].actions).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(resources(tf, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn)).toContain('arn:aws:iam::aws:policy/AmazonEKSClusterPolicy');
  });

  test('add-ons: vpc-cni with network policy, kube-proxy, coredns, pod identity agent, EBS CSI', () => {
    const addons = byName(tf, 'aws_eks_addon');
    expect(Object.keys(addons).sort()).toEqual(['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
    expect(JSON.parse(addons['vpc-cni'].configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
    expect(resource(tf, 'aws_eks_cluster').bootstrap_self_managed_addons).toBe(false);
    for (const a of Object.values(addons) as any[]) {
      expect(a.addon_version).toMatch(/^\$\{data\.aws_eks_addon_version\.[\w-]+\.version\}$/);
    }
  });

  test('networking add-ons come before the nodes; coredns and EBS CSI after them', () => {
    const addonAddress = (name: string) => `aws_eks_addon.${Object.entries(tf.resource.aws_eks_addon).find(([, a]: any) => a.addon_name === name)![0]}`;
    const nodeGroup = addressOf(tf, 'aws_eks_node_group');
    const ng = resource(tf, 'aws_eks_node_group');
    for (const name of ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent']) {
      expect(ng.depends_on).toContain(addonAddress(name));
    }
    const addons = byName(tf, 'aws_eks_addon');
    expect(addons.coredns.depends_on).toEqual([nodeGroup]);
    expect(addons['aws-ebs-csi-driver'].depends_on).toContain(nodeGroup);
  });

  test('the EBS CSI driver gets its permissions through pod identity', () => {
    const assoc = resources(tf, 'aws_eks_pod_identity_association').find((a) => a.service_account === 'ebs-csi-controller-sa');
    expect(assoc).toMatchObject({ namespace: 'kube-system', cluster_name: `\${${eksAddress}.name}` });
    const roleName = Object.entries(tf.resource.aws_iam_role).find(([n]) => assoc.role_arn === `\${aws_iam_role.${n}.arn}`)![1] as any;
    expect(roleName.name).toBe('demo-kube-system-ebs-csi-controller-sa');
    expect(resources(tf, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn)).toContain('arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy');
    const addon = byName(tf, 'aws_eks_addon')['aws-ebs-csi-driver'];
    expect(addon.depends_on).toContain(`aws_eks_pod_identity_association.${Object.entries(tf.resource.aws_eks_pod_identity_association).find(([, a]: any) => a === assoc)![0]}`);
  });

  test('outputs: name, endpoint, CA and a kubeconfig using aws eks get-token', () => {
    expect(Object.keys(tf.output).sort()).toEqual(['cluster_certificate_authority_data', 'cluster_endpoint', 'cluster_kubeconfig', 'cluster_name']);
    expect(tf.output.cluster_endpoint.value).toBe(`\${${eksAddress}.endpoint}`);
    expect(tf.output.cluster_certificate_authority_data.value).toBe(`\${${eksAddress}.certificate_authority[0].data}`);
    const kubeconfig: string = tf.output.cluster_kubeconfig.value;
    expect(kubeconfig).toMatch(/^\$\{yamlencode\(/);
    expect(kubeconfig).toContain('"apiVersion" = "client.authentication.k8s.io/v1beta1", "command" = "aws", "args" = ["eks", "get-token", "--cluster-name", "demo", "--region", "us-west-2"]');
    expect(kubeconfig).not.toContain('v1alpha1');
  });
});

describe('EksCluster managed node groups', () => {
  const tf = cluster({}, (c) => c.addManagedNodeGroup('spot', {
    instanceTypes: ['m7i.large', 'm6i.large'], capacityType: 'SPOT', minSize: 1, desiredSize: 2, maxSize: 5,
    labels: { workload: 'batch' }, taints: [{ key: 'batch', value: 'true', effect: 'NO_SCHEDULE' }], diskSizeGiB: 80,
  }));
  const groups = Object.fromEntries(resources(tf, 'aws_eks_node_group').map((g) => [g.node_group_name, g]));

  test('AL2023 with sizes, labels and taints', () => {
    expect(groups.general).toMatchObject({
      ami_type: 'AL2023_x86_64_STANDARD', capacity_type: 'ON_DEMAND', instance_types: ['m7i.large'],
      scaling_config: { min_size: 2, desired_size: 2, max_size: 4 }, update_config: { max_unavailable: 1 },
    });
    expect(groups.spot).toMatchObject({
      capacity_type: 'SPOT', instance_types: ['m7i.large', 'm6i.large'], scaling_config: { min_size: 1, desired_size: 2, max_size: 5 },
      labels: { workload: 'batch' }, taint: [{ key: 'batch', value: 'true', effect: 'NO_SCHEDULE' }],
    });
    expect(groups.general.remote_access).toBeUndefined();
  });

  test('IMDSv2 with hop limit 1 and an encrypted root volume through a launch template', () => {
    const templates = Object.fromEntries(Object.entries(tf.resource.aws_launch_template).map(([n, t]: any) => [n, t]));
    for (const g of Object.values(groups) as any[]) {
      const name = /^\$\{aws_launch_template\.([\w-]+)\.id\}$/.exec(g.launch_template.id)![1];
      expect(g.launch_template.version).toBe(`\${aws_launch_template.${name}.latest_version}`);
      expect(templates[name].metadata_options).toEqual({
        http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1, instance_metadata_tags: 'disabled',
      });
      expect(templates[name].block_device_mappings[0].ebs).toMatchObject({ encrypted: 'true', volume_type: 'gp3' });
    }
    expect(Object.values(templates).map((t: any) => t.block_device_mappings[0].ebs.volume_size).sort()).toEqual([50, 80]);
  });

  test('node roles: worker, ECR pull-only and CNI policies', () => {
    const nodePolicies = resources(tf, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn).filter((p) => !/Cluster|EBSCSI/.test(p));
    expect(nodePolicies.sort()).toEqual([
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly', 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
      'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy', 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
    ]);
  });

  test('after-compute add-ons wait for every node group', () => {
    const coredns = resources(tf, 'aws_eks_addon').find((a) => a.addon_name === 'coredns');
    expect(coredns.depends_on).toHaveLength(2);
  });
});

describe('EksCluster options', () => {
  test('a public endpoint limited to given CIDRs only warns (CKV_AWS_39)', () => {
    const tf = cluster({ endpoint: EksEndpointAccess.publicAndPrivate(['203.0.113.0/24']) });
    expect(resource(tf, 'aws_eks_cluster').vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] });
    expect(policyFindings(tf)).toEqual(['warning eks-public-endpoint']);
  });

  test('pinned add-on versions, other log retention, other output prefix', () => {
    const tf = cluster({ addonVersions: { coredns: 'v1.12.4-eksbuild.1' }, logRetentionDays: 365, outputPrefix: 'eks' });
    expect(resources(tf, 'aws_eks_addon').find((a) => a.addon_name === 'coredns').addon_version).toBe('v1.12.4-eksbuild.1');
    expect(Object.keys(tf.data.aws_eks_addon_version)).toHaveLength(4);
    expect(resource(tf, 'aws_cloudwatch_log_group').retention_in_days).toBe(365);
    expect(Object.keys(tf.output).every((k) => k.startsWith('eks_'))).toBe(true);
  });

  test('a pod identity declared once gives the role, the association and the ServiceAccount', () => {
    const tf = cluster({}, (c, _stack, k8s) => c.addPodIdentity('reader', {
      namespace: 'shop', serviceAccount: 'catalog',
      statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::acme-catalog/*'] }],
      kubernetesScope: k8s,
    }));
    const assoc = resources(tf, 'aws_eks_pod_identity_association').find((a) => a.service_account === 'catalog');
    expect(assoc.namespace).toBe('shop');
    const sa = find(tf.yaml, 'ServiceAccount', 'catalog');
    expect([sa.metadata.namespace, sa.metadata.name]).toEqual([assoc.namespace, assoc.service_account]);
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(all(tf.yaml, 'ServiceAccount')).toHaveLength(1);
    const trust = Object.values(tf.data.aws_iam_policy_document).find((d: any) => d.statement[0].principals?.[0].identifiers[0] === 'pods.eks.amazonaws.com') as any;
    expect(trust.statement[0].actions).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    const inline = resources(tf, 'aws_iam_role_policy');
    expect(inline).toHaveLength(1);
    const doc = Object.values(tf.data.aws_iam_policy_document).find((d: any) => d.statement[0].resources?.[0] === 'arn:aws:s3:::acme-catalog/*') as any;
    expect(doc.statement[0]).toMatchObject({ effect: 'Allow', actions: ['s3:GetObject'] });
  });
});

describe('ManagedNodeGroup scheduling', () => {
  test('workloads select and tolerate a node group by reference to its labels and taints', () => {
    let spot!: ManagedNodeGroup;
    let plain!: ManagedNodeGroup;
    cluster({}, (c) => {
      spot = c.addManagedNodeGroup('spot', { labels: { workload: 'batch' }, taints: [{ key: 'batch', value: 'true', effect: 'NO_SCHEDULE' }, { key: 'gpu', effect: 'NO_EXECUTE' }] });
      plain = c.addManagedNodeGroup('plain');
    });
    expect(spot.nodeSelector).toEqual({ workload: 'batch' });
    expect(plain.nodeSelector).toEqual({ 'eks.amazonaws.com/nodegroup': 'plain' });
    expect(spot.tolerations).toEqual([{ key: 'batch', operator: 'Equal', value: 'true', effect: 'NoSchedule' }, { key: 'gpu', operator: 'Exists', effect: 'NoExecute' }]);
    expect(plain.tolerations).toEqual([]);
    const out = synth((s) => new Worker(new SecureNamespace(s, 'batch'), 'crunch', {
      image: 'ghcr.io/acme/crunch:1.0.0', liveness: Probe.exec(['/bin/true']), nodeSelector: spot.nodeSelector, tolerations: spot.tolerations,
    }));
    expect(find(out, 'Deployment', 'crunch').spec.template.spec).toMatchObject({ nodeSelector: { workload: 'batch' }, tolerations: spot.tolerations });
  });
});
