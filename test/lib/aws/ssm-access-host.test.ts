import { EksCluster, PlatformStack, SsmAccessHost, SsmAccessHostProps, VpcNetwork } from '../../../lib/aws';
import { runPolicy } from '../../../lib/policy/engine';
import { terraformTargets } from '../../../lib/policy/targets';
import { TerraformJson, addressOf, resource, resources, synthStack } from '../../helpers/terraform';

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';

function host(props: Partial<SsmAccessHostProps> = {}, more?: (c: EksCluster, h: SsmAccessHost, stack: PlatformStack) => void): TerraformJson {
  return synthStack((stack) => {
    const cluster = new EksCluster(stack, 'cluster', { name: 'demo', network: new VpcNetwork(stack, 'network'), admins: [ADMIN] });
    const h = new SsmAccessHost(stack, 'access', { cluster, ...props });
    more?.(cluster, h, stack);
  });
}

/** The resources of a type that the access host made (its construct path is test/access/...). */
const mine = (tf: TerraformJson, type: string) => Object.entries(tf.resource?.[type] ?? {})
  .filter(([, r]: [string, any]) => r['//']?.metadata?.path?.startsWith('test/access/')).map(([address, r]) => ({ ...(r as object), address } as any));

describe('SsmAccessHost defaults', () => {
  const tf = host();
  const instance = resource(tf, 'aws_instance');
  const sgAddress = addressOf(tf, 'aws_security_group');
  const sg = resource(tf, 'aws_security_group');

  test('the host\'s resources raise no policy finding (IMDSv2, encryption, monitoring, no public IP, IAM)', () => {
    const findings = runPolicy(terraformTargets(tf, 'test')).findings.filter((f) => /\baccess_/.test(f.object));
    expect(findings.map((f) => `${f.checkId} ${f.object}: ${f.message}`)).toEqual([]);
    expect(mine(tf, 'aws_instance')).toHaveLength(1);
  });

  test('the security group has no ingress at all, and egress only to 443', () => {
    expect(sg.ingress).toEqual([]);
    expect(sg.egress).toEqual([{
      description: 'HTTPS to Systems Manager and the EKS API server', protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'],
      ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false,
    }]);
    expect(sg.vpc_id).toMatch(/^\$\{aws_eks_cluster\.cluster_\w+\.vpc_config\[0\]\.vpc_id\}$/);
    // No separate rule opens the host either: the one ingress rule it causes is on the cluster's security group.
    const rules = resources(tf, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === `\${${sgAddress}.id}`);
    expect(rules).toEqual([]);
    expect(resources(tf, 'aws_security_group_rule')).toEqual([]);
  });

  test('the cluster security group admits 443 from the host only', () => {
    const [rule] = mine(tf, 'aws_vpc_security_group_ingress_rule');
    expect(rule).toMatchObject({
      security_group_id: expect.stringMatching(/vpc_config\[0\]\.cluster_security_group_id\}$/),
      referenced_security_group_id: `\${${sgAddress}.id}`, ip_protocol: 'tcp', from_port: 443, to_port: 443,
    });
    expect(rule.cidr_ipv4).toBeUndefined();
  });

  test('the instance: latest AL2023 for arm64, private subnet, no public IP, no key, IMDSv2 hop limit 1, encrypted gp3, monitored, EBS optimized', () => {
    expect(tf.data.aws_ssm_parameter[instance.ami.match(/aws_ssm_parameter\.([\w-]+)\./)[1]].name)
      .toBe('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64');
    expect(instance).toMatchObject({
      instance_type: 't4g.micro',
      associate_public_ip_address: false,
      metadata_options: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1, instance_metadata_tags: 'disabled' },
      root_block_device: { encrypted: true, volume_type: 'gp3', delete_on_termination: true },
      monitoring: true,
      ebs_optimized: true,
      vpc_security_group_ids: [`\${${sgAddress}.id}`],
      tags: { Name: 'demo-access' },
    });
    expect(instance.key_name).toBeUndefined();
    expect(instance.user_data).toBeUndefined();
    const privateSubnet = Object.entries(tf.resource.aws_subnet).find(([, s]: any) => s.tags.Name === 'network-private-0')![0];
    expect(instance.subnet_id).toBe(`\${aws_subnet.${privateSubnet}.id}`);
  });

  test('the instance role has only AmazonSSMManagedInstanceCore, and no access entry', () => {
    const profile = resource(tf, 'aws_iam_instance_profile');
    expect(instance.iam_instance_profile).toBe(`\${${addressOf(tf, 'aws_iam_instance_profile')}.name}`);
    const role = mine(tf, 'aws_iam_role')[0];
    expect(profile.role).toBe(`\${aws_iam_role.${role.address}.name}`);
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    const attachments = mine(tf, 'aws_iam_role_policy_attachment');
    expect(attachments.map((a: any) => a.policy_arn)).toEqual([expect.stringMatching(/:iam::aws:policy\/AmazonSSMManagedInstanceCore$/)]);
    expect(mine(tf, 'aws_iam_role_policy')).toEqual([]);
    expect(resources(tf, 'aws_eks_access_entry').filter((e) => e.principal_arn.includes(role.address))).toEqual([]);
  });

  test('the session policy allows port forwarding through this host only, never a shell', () => {
    const policy = resource(tf, 'aws_iam_policy');
    const doc = tf.data.aws_iam_policy_document[policy.policy.match(/aws_iam_policy_document\.([\w-]+)\./)[1]];
    expect(doc.statement[0]).toMatchObject({
      actions: ['ssm:StartSession'],
      resources: [`\${${addressOf(tf, 'aws_instance')}.arn}`, expect.stringMatching(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:ssm:us-west-2::document\/AWS-StartPortForwardingSessionToRemoteHost$/)],
      condition: [{ test: 'BoolIfExists', variable: 'ssm:SessionDocumentAccessCheck', values: ['true'] }],
    });
    expect(doc.statement[1]).toMatchObject({ actions: ['ssm:TerminateSession', 'ssm:ResumeSession'], resources: [expect.stringContaining(':session/&{aws:userid}-*')] });
    expect(tf.output.access_host_session_policy_arn.value).toBe(`\${${addressOf(tf, 'aws_iam_policy')}.arn}`);
  });

  test('outputs: the instance id, the exact port-forward command, and a kubeconfig for the tunnel', () => {
    const id = `\${${addressOf(tf, 'aws_instance')}.id}`;
    const eks = addressOf(tf, 'aws_eks_cluster');
    const host = `\${replace(${eks}.endpoint, "https://", "")}`;
    expect(tf.output.access_host_instance_id.value).toBe(id);
    expect(tf.output.access_host_port_forward_command.value).toBe(`aws ssm start-session --region us-west-2 --target ${id} `
      + `--document-name AWS-StartPortForwardingSessionToRemoteHost --parameters '{"host":["${host}"],"portNumber":["443"],"localPortNumber":["8443"]}'`);
    const kubeconfig = tf.output.access_host_kubeconfig.value;
    expect(kubeconfig).toContain('"server" = "https://127.0.0.1:8443"');
    expect(kubeconfig).toContain(`"tls-server-name" = replace(${eks}.endpoint, "https://", "")`);
    expect(kubeconfig).toContain('"args" = ["eks", "get-token", "--cluster-name", "demo", "--region", "us-west-2"]');
  });
});

describe('SsmAccessHost options', () => {
  test('an x86 instance type gets the x86_64 AMI; subnet, port, name and output prefix are used', () => {
    const tf = host({ instanceType: 'm7i.large', subnetId: 'subnet-0123456789abcdef0', localPort: 9443, name: 'ops', outputPrefix: 'ops' });
    expect(Object.values(tf.data.aws_ssm_parameter).map((p: any) => p.name)).toEqual(['/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64']);
    expect(resource(tf, 'aws_instance')).toMatchObject({ instance_type: 'm7i.large', subnet_id: 'subnet-0123456789abcdef0', tags: { Name: 'ops' } });
    expect(resource(tf, 'aws_security_group').name).toBe('ops');
    expect(tf.output.ops_port_forward_command.value).toContain('"localPortNumber":["9443"]');
    expect(tf.output.ops_kubeconfig.value).toContain('"server" = "https://127.0.0.1:9443"');
    expect(tf.output.access_host_instance_id).toBeUndefined();
  });

  test.each([['t4g.nano', 'arm64'], ['c7gn.large', 'arm64'], ['m6gd.xlarge', 'arm64'], ['g5.xlarge', 'x86_64'], ['c6in.large', 'x86_64'], ['m7a.large', 'x86_64']])(
    '%s gets the %s AMI', (instanceType, arch) => {
      const tf = host({ instanceType });
      expect(Object.values(tf.data.aws_ssm_parameter).map((p: any) => p.name)).toEqual([`/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`]);
    });

  test('hostAccess gives the host\'s role an access entry with the chosen policy in the chosen namespaces', () => {
    const tf = host({ hostAccess: { policy: 'AmazonEKSViewPolicy', namespaces: ['shop', 'team-*'] } });
    const role = mine(tf, 'aws_iam_role')[0];
    const [entry] = mine(tf, 'aws_eks_access_entry');
    expect(entry).toMatchObject({ principal_arn: `\${aws_iam_role.${role.address}.arn}`, type: 'STANDARD' });
    const [association] = mine(tf, 'aws_eks_access_policy_association');
    expect(association).toMatchObject({
      principal_arn: `\${aws_eks_access_entry.${entry.address}.principal_arn}`,
      policy_arn: expect.stringMatching(/:eks::aws:cluster-access-policy\/AmazonEKSViewPolicy$/),
      access_scope: { type: 'namespace', namespaces: ['shop', 'team-*'] },
    });
  });

  test('cluster-wide host access records its reason', () => {
    const tf = host({ hostAccess: { policy: 'AmazonEKSClusterAdminPolicy', clusterWide: { reason: 'break-glass host' } } });
    const [association] = mine(tf, 'aws_eks_access_policy_association');
    expect(association.access_scope).toEqual({ type: 'cluster' });
    expect(association['//'].cluster_wide_reason).toBe('break-glass host');
  });

  test('two hosts of one cluster get their own names and outputs', () => {
    const tf = host({}, (cluster, _h, stack) => new SsmAccessHost(stack, 'second', { cluster, name: 'demo-second', outputPrefix: 'second' }));
    expect(resources(tf, 'aws_instance')).toHaveLength(2);
    expect(Object.keys(tf.output).filter((o) => o.startsWith('second_')).sort()).toEqual(['second_instance_id', 'second_kubeconfig', 'second_port_forward_command', 'second_session_policy_arn']);
  });
});
