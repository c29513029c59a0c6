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
/** The address (type.name) of the resource a `${type.name.attr}` reference points at. */
const referenced = (ref: string) => /^\$\{([\w-]+\.[\w-]+)\./.exec(ref)![1];
/** The resource at an address. */
const at = (tf: TerraformJson, address: string) => { const [type, name] = address.split('.'); return tf.resource[type][name]; };
/** The role named `name`, with its trust policy parsed. */
const role = (tf: TerraformJson, name: string) => { const r = resources(tf, 'aws_iam_role').find((x) => x.name === name); return { ...r, trust: JSON.parse(r.assume_role_policy) }; };
/** The policy ARNs attached to the role named `name` (with the partition written as "aws"). */
const policiesOf = (tf: TerraformJson, name: string) => {
  const address = Object.entries(tf.resource.aws_iam_role).find(([, r]: any) => r.name === name)![0];
  return resources(tf, 'aws_iam_role_policy_attachment').filter((a) => a.role === `\${aws_iam_role.${address}.name}`)
    .map((a) => a.policy_arn.replace(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:/, 'arn:aws:')).sort();
};

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
    const key = referenced(eks.encryption_config.provider.key_arn);
    expect(eks.encryption_config).toEqual({ provider: { key_arn: `\${${key}.arn}` }, resources: ['secrets'] });
    expect(at(tf, key)).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(resources(tf, 'aws_kms_alias').find((a) => a.target_key_id === `\${${key}.key_id}`).name).toBe('alias/eks/demo');
  });

  test('api, audit, authenticator (and the other) logs go to a log group kept a year, encrypted with the cluster key', () => {
    expect(eks.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    const [address, group] = Object.entries(tf.resource.aws_cloudwatch_log_group).find(([, g]: any) => g.name === '/aws/eks/demo/cluster') as [string, any];
    expect(group).toMatchObject({ retention_in_days: 365, kms_key_id: eks.encryption_config.provider.key_arn });
    expect(eks.depends_on).toContain(`aws_cloudwatch_log_group.${address}`);
  });

  test('API authentication with an access entry for the admin, no implicit creator admin', () => {
    expect(eks.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(resource(tf, 'aws_eks_access_entry')).toMatchObject({ principal_arn: ADMIN, type: 'STANDARD', cluster_name: `\${${eksAddress}.name}` });
    expect(resource(tf, 'aws_eks_access_policy_association')).toMatchObject({
      policy_arn: 'arn:${data.aws_partition.partition.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', access_scope: { type: 'cluster' },
    });
  });

  test('the cluster role is assumed by EKS and has the cluster policy', () => {
    const roles = resources(tf, 'aws_iam_role').filter((r) => r.name === 'demo-cluster');
    expect(roles).toHaveLength(1);
    expect(at(tf, referenced(eks.role_arn)).name).toBe('demo-cluster');
    expect(role(tf, 'demo-cluster').trust.Statement[0]).toMatchObject({ Principal: { Service: 'eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
    expect(policiesOf(tf, 'demo-cluster')).toEqual(['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy']);
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
    expect(at(tf, referenced(assoc.role_arn)).name).toBe('demo-kube-system-ebs-csi-controller-sa');
    expect(policiesOf(tf, 'demo-kube-system-ebs-csi-controller-sa')).toEqual(['arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy']);
    const addon = byName(tf, 'aws_eks_addon')['aws-ebs-csi-driver'];
    expect(addon.depends_on).toContain(`aws_eks_pod_identity_association.${Object.entries(tf.resource.aws_eks_pod_identity_association).find(([, a]: any) => a === assoc)![0]}`);
  });

  test('outputs: name, endpoint, CA and a kubeconfig using aws eks get-token', () => {
    expect(Object.keys(tf.output).filter((o) => o.startsWith('cluster_')).sort()).toEqual([
      'cluster_arn', 'cluster_certificate_authority_data', 'cluster_endpoint', 'cluster_kms_key_arn', 'cluster_kubeconfig', 'cluster_name',
      'cluster_oidc_issuer_url', 'cluster_security_group_id',
    ]);
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
  const groups = Object.fromEntries(resources(tf, 'aws_eks_node_group').map((g) => [g.labels['keelson.dev/node-group'], g]));

  test('AL2023 with sizes, labels and taints', () => {
    expect(groups.general).toMatchObject({
      ami_type: 'AL2023_x86_64_STANDARD', capacity_type: 'ON_DEMAND', instance_types: ['m7i.large'],
      scaling_config: { min_size: 2, desired_size: 2, max_size: 4 },
    });
    expect(groups.spot).toMatchObject({
      capacity_type: 'SPOT', instance_types: ['m7i.large', 'm6i.large'], scaling_config: { min_size: 1, desired_size: 2, max_size: 5 },
      labels: { workload: 'batch' }, taint: [{ key: 'batch', value: 'true', effect: 'NO_SCHEDULE' }],
    });
    expect(groups.general.remote_access).toBeUndefined();
    expect(groups.spot.remote_access).toBeUndefined();
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

  test('node roles: no CNI policy (the VPC CNI has its own pod identity), only the aws-node role has it', () => {
    const nodeRoles = resources(tf, 'aws_eks_node_group').map((g) => at(tf, referenced(g.node_role_arn)).name);
    expect(nodeRoles).toHaveLength(2);
    for (const name of nodeRoles) {
      expect(policiesOf(tf, name)).toEqual(expect.arrayContaining(['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly', 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy']));
      expect(policiesOf(tf, name)).not.toContain('arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy');
    }
    const withCni = resources(tf, 'aws_iam_role_policy_attachment').filter((a) => a.policy_arn.endsWith(':iam::aws:policy/AmazonEKS_CNI_Policy'));
    expect(withCni.map((a) => at(tf, referenced(a.role)).name)).toEqual(['demo-kube-system-aws-node']);
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
    const tf = cluster({ addonVersions: { coredns: 'v1.12.4-eksbuild.1' }, logRetentionDays: 731, outputPrefix: 'eks' });
    expect(resources(tf, 'aws_eks_addon').find((a) => a.addon_name === 'coredns').addon_version).toBe('v1.12.4-eksbuild.1');
    expect(Object.keys(tf.data.aws_eks_addon_version)).toHaveLength(4);
    expect(resources(tf, 'aws_cloudwatch_log_group').find((g) => g.name === '/aws/eks/demo/cluster').retention_in_days).toBe(731);
    expect(Object.keys(tf.output).filter((k) => k.includes('_cluster') || k.startsWith('cluster_'))).toEqual([]);
    expect(tf.output.eks_name.value).toMatch(/^\$\{aws_eks_cluster\./);
    expect(policyFindings(tf)).toEqual([]);
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
    expect(role(tf, 'demo-shop-catalog').trust.Statement[0]).toMatchObject({ Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
    const inline = resources(tf, 'aws_iam_role_policy').filter((r) => at(tf, referenced(r.role)).name === 'demo-shop-catalog');
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
    expect(plain.nodeSelector).toEqual({ 'keelson.dev/node-group': 'plain' });
    expect(spot.tolerations).toEqual([{ key: 'batch', operator: 'Equal', value: 'true', effect: 'NoSchedule' }, { key: 'gpu', operator: 'Exists', effect: 'NoExecute' }]);
    expect(plain.tolerations).toEqual([]);
    const out = synth((s) => new Worker(new SecureNamespace(s, 'batch'), 'crunch', {
      image: 'ghcr.io/acme/crunch:1.0.0', liveness: Probe.exec(['/bin/true']), nodeSelector: spot.nodeSelector, tolerations: spot.tolerations,
    }));
    expect(find(out, 'Deployment', 'crunch').spec.template.spec).toMatchObject({ nodeSelector: { workload: 'batch' }, tolerations: spot.tolerations });
  });
});
