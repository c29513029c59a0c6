import { EksCluster, EksClusterProps, PlatformStack, VpcNetwork } from '../../../lib/aws';
import { policyDocument } from '../../../lib/policy/checks/iam';
import { validationMessage } from '../../helpers/bad-input';
import { TerraformJson, policyFindings, resource, resources, synthStack } from '../../helpers/terraform';

// The cost, deletion and encryption guards of EksCluster (issue 18): support type, deletion protection, a key policy,
// logs kept a year and encrypted, add-on versions that do not drift, the VPC CNI's own pod identity, and the outputs.

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
const KEY_ADMIN = 'arn:aws:iam::123456789012:role/key-admin';

function cluster(props: Partial<EksClusterProps> = {}, more?: (c: EksCluster, stack: PlatformStack) => void) {
  return synthStack((stack) => {
    const c = new EksCluster(stack, 'cluster', { name: 'demo', network: new VpcNetwork(stack, 'network'), admins: [ADMIN], ...props });
    c.addManagedNodeGroup('general');
    more?.(c, stack);
  });
}

/** The address (type.name) a `${type.name.attr}` reference points at, and the resource there. */
const referenced = (ref: string) => /^\$\{([\w-]+\.[\w-]+)\./.exec(ref)![1];
const at = (tf: TerraformJson, address: string) => {
  const [type, name] = address.split('.');
  return tf.resource[type][name];
};
const eksOf = (tf: TerraformJson) => resource(tf, 'aws_eks_cluster');
const keyOf = (tf: TerraformJson) => at(tf, referenced(eksOf(tf).encryption_config.provider.key_arn));
const logGroupOf = (tf: TerraformJson) => resources(tf, 'aws_cloudwatch_log_group').find((g) => g.name === '/aws/eks/demo/cluster');
const statements = (tf: TerraformJson): Record<string, any> => Object.fromEntries(policyDocument(keyOf(tf).policy).Statement.map((s: any) => [s.Sid, s]));
const roleNamed = (tf: TerraformJson, name: string) => Object.entries(tf.resource.aws_iam_role).find(([, r]: any) => r.name === name) as [string, any];

const PARTITION = /^\$\{data\.aws_partition\.[\w-]+\.partition\}$/;
const ACCOUNT = /^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/;

describe('EksCluster guards by default', () => {
  const tf = cluster();
  const eks = eksOf(tf);

  test('no policy finding at all, the new checks included', () => {
    expect(policyFindings(tf)).toEqual([]);
  });

  test('standard support only: EKS upgrades the cluster instead of billing extended support', () => {
    expect(eks.upgrade_policy).toEqual({ support_type: 'STANDARD' });
    expect(eks['//'].extended_support_reason).toBeUndefined();
  });

  test('deletion protection on', () => {
    expect(eks.deletion_protection).toBe(true);
    expect(eks['//'].allow_deletion_reason).toBeUndefined();
  });

  test('the key has a policy: the account administers it, only the cluster role uses it, CloudWatch Logs only for this log group', () => {
    const s = statements(tf);
    expect(Object.keys(s)).toEqual(['KeyAdministration', 'GrantsForAwsServices', 'KeyUsage', 'ControlPlaneLogs']);
    const [, partition, account] = /^arn:(.+):iam::(.+):root$/.exec(s.KeyAdministration.Principal.AWS[0])!;
    expect([partition, account]).toEqual([expect.stringMatching(PARTITION), expect.stringMatching(ACCOUNT)]);
    expect(s.KeyAdministration.Principal.AWS).toHaveLength(1);
    // Administration is no use of the key: no cryptographic operation, no grants, no kms:*.
    for (const action of s.KeyAdministration.Action) {
      expect(['kms:*', 'kms:Decrypt', 'kms:Encrypt', 'kms:CreateGrant', 'kms:Create*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*']).not.toContain(action);
    }
    expect(s.KeyAdministration.Action).toEqual(expect.arrayContaining(['kms:Put*', 'kms:ScheduleKeyDeletion', 'kms:Enable*', 'kms:Disable*']));
    expect(s.GrantsForAwsServices).toMatchObject({ Action: ['kms:CreateGrant'], Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } });
    expect(at(tf, `aws_iam_role.${roleNamed(tf, 'demo-cluster')[0]}`).name).toBe('demo-cluster');
    expect(s.KeyUsage.Principal).toEqual({ AWS: `aws_iam_role.${roleNamed(tf, 'demo-cluster')[0]}.arn` });
    expect(s.KeyUsage.Action).toEqual(expect.arrayContaining(['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey']));
    expect(s.ControlPlaneLogs.Principal.Service).toMatch(/^logs\.us-west-2\.\$\{data\.aws_partition\.[\w-]+\.dns_suffix\}$/);
    const logArn: string = s.ControlPlaneLogs.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn'];
    expect(logArn).toMatch(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:logs:us-west-2:\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:log-group:\/aws\/eks\/demo\/cluster$/);
    // No Allow statement to everyone, and no literal partition.
    expect(Object.values(s).every((x: any) => x.Principal !== '*' && x.Principal?.AWS !== '*')).toBe(true);
    expect(keyOf(tf).policy).not.toContain('arn:aws:');
    expect(keyOf(tf)).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
  });

  test('control plane logs are kept 365 days and encrypted with the cluster key (CKV_AWS_338, CKV_AWS_158)', () => {
    expect(logGroupOf(tf)).toMatchObject({ retention_in_days: 365, kms_key_id: eks.encryption_config.provider.key_arn });
  });

  test('add-on versions: EKS\'s default version for the Kubernetes version as written, not the cluster\'s attribute', () => {
    const lookups = Object.values(tf.data.aws_eks_addon_version) as any[];
    expect(lookups.map((d) => d.addon_name).sort()).toEqual(['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
    for (const d of lookups) {
      expect(d).toMatchObject({ kubernetes_version: '1.35', most_recent: false });
    }
    for (const a of resources(tf, 'aws_eks_addon')) {
      expect(a).toMatchObject({ preserve: true, resolve_conflicts_on_create: 'NONE', resolve_conflicts_on_update: 'OVERWRITE' });
      expect(JSON.stringify(tf.data.aws_eks_addon_version[/^\$\{data\.aws_eks_addon_version\.([\w-]+)\.version\}$/.exec(a.addon_version)![1]]))
        .not.toContain('aws_eks_cluster');
    }
  });

  test('the VPC CNI gets AmazonEKS_CNI_Policy through its own pod identity (kube-system/aws-node), part of the add-on', () => {
    const cni = resources(tf, 'aws_eks_addon').find((a) => a.addon_name === 'vpc-cni');
    const [address, role] = roleNamed(tf, 'demo-kube-system-aws-node');
    expect(cni.pod_identity_association).toEqual([{ service_account: 'aws-node', role_arn: `\${aws_iam_role.${address}.arn}` }]);
    const attachment = Object.entries(tf.resource.aws_iam_role_policy_attachment).find(([, a]: any) => a.role === `\${aws_iam_role.${address}.name}`) as [string, any];
    expect(attachment[1].policy_arn).toMatch(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:iam::aws:policy\/AmazonEKS_CNI_Policy$/);
    expect(cni.depends_on).toContain(`aws_iam_role_policy_attachment.${attachment[0]}`);
    const trust = JSON.parse(role.assume_role_policy).Statement[0];
    expect(trust).toMatchObject({ Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
    expect(trust.Condition.StringEquals).toMatchObject({ 'aws:RequestTag/kubernetes-namespace': ['kube-system'], 'aws:RequestTag/kubernetes-service-account': ['aws-node'] });
    expect(trust.Condition.ArnEquals['aws:SourceArn']).toEqual([`\${${referenced(`\${aws_eks_cluster.${Object.keys(tf.resource.aws_eks_cluster)[0]}.arn}`)}.arn}`]);
    // No separate association for aws-node.
    expect(resources(tf, 'aws_eks_pod_identity_association').map((a) => a.service_account)).not.toContain('aws-node');
  });

  test('outputs for other stacks, each with a description', () => {
    const address = `aws_eks_cluster.${Object.keys(tf.resource.aws_eks_cluster)[0]}`;
    const value = (name: string) => tf.output[`cluster_${name}`].value;
    expect(value('arn')).toBe(`\${${address}.arn}`);
    expect(value('security_group_id')).toBe(`\${${address}.vpc_config[0].cluster_security_group_id}`);
    expect(value('oidc_issuer_url')).toBe(`\${${address}.identity[0].oidc[0].issuer}`);
    expect(value('kms_key_arn')).toBe(eksOf(tf).encryption_config.provider.key_arn);
    // The network's ids are the VpcNetwork's outputs, not repeated by the cluster.
    expect(tf.output.vpc_private_subnet_ids.value).toEqual(eksOf(tf).vpc_config.subnet_ids);
    expect(Object.keys(tf.output).filter((o) => o.startsWith('cluster_') && /vpc|subnet/.test(o))).toEqual([]);
    for (const [name, o] of Object.entries(tf.output).filter(([n]) => n.startsWith('cluster_')) as [string, any][]) {
      expect([name, typeof o.description === 'string' && o.description.length > 10]).toEqual([name, true]);
    }
  });
});

describe('EksCluster guards taken off with a reason', () => {
  test('extendedSupport makes the support type EXTENDED, with the reason recorded, and the check accepts it', () => {
    const tf = cluster({ extendedSupport: { reason: 'the vendor certifies 1.35 only until Q3' } });
    expect(eksOf(tf).upgrade_policy).toEqual({ support_type: 'EXTENDED' });
    expect(eksOf(tf)['//'].extended_support_reason).toBe('the vendor certifies 1.35 only until Q3');
    expect(policyFindings(tf)).toEqual([]);
  });

  test('allowDeletion turns deletion protection off, with the reason recorded', () => {
    const tf = cluster({ allowDeletion: { reason: 'a preview cluster, rebuilt every night' } });
    expect(eksOf(tf).deletion_protection).toBe(false);
    expect(eksOf(tf)['//'].allow_deletion_reason).toBe('a preview cluster, rebuilt every night');
    expect(policyFindings(tf)).toEqual([]);
  });

  test('shortLogRetention allows fewer days, recorded as a Checkov skip of CKV_AWS_338 that the keelson check accepts', () => {
    const tf = cluster({ logRetentionDays: 90, shortLogRetention: { reason: 'the logs are shipped to the SIEM, which keeps them 7 years' } });
    const group = logGroupOf(tf);
    expect(group.retention_in_days).toBe(90);
    expect(group['//'].checkov.skip).toEqual([{ id: 'CKV_AWS_338', comment: 'the logs are shipped to the SIEM, which keeps them 7 years' }]);
    expect(policyFindings(tf)).toEqual([]);
  });

  test('keyAdministrators administer the key (and may create grants for AWS services), but do not use it', () => {
    const tf = synthStack((stack) => {
      const security = stack.stringVariable('security_role_arn', 'the security team\'s role');
      new EksCluster(stack, 'cluster', { name: 'demo', network: new VpcNetwork(stack, 'network'), admins: [ADMIN], keyAdministrators: [KEY_ADMIN, security] });
    });
    // cdktf writes the variable as a bare expression in the jsonencode(...) object.
    const policy: string = keyOf(tf).policy;
    expect(policy).toContain(`"Sid" = "KeyAdministration", "Effect" = "Allow", "Principal" = {"AWS" = ["arn:\${data.aws_partition.partition.partition}:iam::\${data.aws_caller_identity.caller-identity.account_id}:root", "${KEY_ADMIN}", var.security_role_arn]}`);
    expect(policy).toContain(`"Sid" = "GrantsForAwsServices", "Effect" = "Allow", "Principal" = {"AWS" = ["arn:\${data.aws_partition.partition.partition}:iam::\${data.aws_caller_identity.caller-identity.account_id}:root", "${KEY_ADMIN}", var.security_role_arn]}`);
    expect(policy.match(/key-admin/g)).toHaveLength(2);
    expect(policy.match(/var\.security_role_arn/g)).toHaveLength(2);
  });
});

describe('EksCluster pod identities beside the add-ons', () => {
  test('addPodIdentity keeps working, and its role trusts this cluster only', () => {
    const tf = cluster({}, (c) => c.addPodIdentity('reader', {
      namespace: 'shop', serviceAccount: 'catalog', statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::acme-catalog/*'] }],
    }));
    const assoc = resources(tf, 'aws_eks_pod_identity_association').find((a) => a.service_account === 'catalog');
    expect(assoc).toMatchObject({ namespace: 'shop', cluster_name: `\${aws_eks_cluster.${Object.keys(tf.resource.aws_eks_cluster)[0]}.name}` });
    const trust = JSON.parse(at(tf, referenced(assoc.role_arn)).assume_role_policy).Statement[0];
    expect(trust.Condition.ArnEquals['aws:SourceArn']).toEqual([`\${aws_eks_cluster.${Object.keys(tf.resource.aws_eks_cluster)[0]}.arn}`]);
    expect(policyFindings(tf)).toEqual([]);
  });

  test('a second pod identity for kube-system/aws-node is refused: the VPC CNI add-on has it', () => {
    const message = validationMessage(() => cluster({}, (c) => c.addPodIdentity('cni', {
      namespace: 'kube-system', serviceAccount: 'aws-node', managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy'],
    })));
    expect(message).toContain('[test/cluster/cni] serviceAccount: got "aws-node"; expected a ServiceAccount of namespace "kube-system" that no other PodIdentity of this cluster has');
  });
});
