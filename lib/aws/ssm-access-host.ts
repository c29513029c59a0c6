import { Fn, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { boundedName } from '../core/names';
import { propNames } from '../core/resource';
import { PropsValidator } from '../core/validator';
import { ClusterAccess, checkClusterAccess, grantAccessEntry } from './access-entry-grant';
import { AWS_NAME, INSTANCE_TYPE, SUBNET_ID, TERRAFORM_NAME } from './aws-formats';
import { EksCluster } from './eks-cluster';
import { managedPolicyArn, serviceRole } from './iam';
import { awsPartition } from './platform-stack';
import { checkUniqueName, claimName, describedConstruct, readProps, regionOf, stackOf, terraformScope, terraformString } from './prop-checks';

/** Props of an {@link SsmAccessHost}. */
export interface SsmAccessHostProps {
  /** The cluster whose private API server endpoint the host forwards to (in the same stack). */
  readonly cluster: EksCluster;
  /**
   * Name of the host's resources (Name tag, IAM role, instance profile, security group and session policy).
   * @default "<cluster name>-access"
   */
  readonly name?: string;
  /**
   * Instance type; a Graviton type (such as t4g) gets the arm64 AMI, any other the x86_64 one.
   * @default "t4g.micro" (2 vCPU, 1 GiB: a port forward needs little)
   */
  readonly instanceType?: string;
  /**
   * The private subnet the host runs in.
   * @default the cluster's first private subnet
   */
  readonly subnetId?: string;
  /**
   * Local port of the port-forward command and tunnel kubeconfig in the outputs (1024-65535, so no root is needed).
   * @default 8443
   */
  readonly localPort?: number;
  /**
   * An access entry for the host's own IAM role, for running kubectl on the host in a shell session.
   * @default none: the host only forwards connections, and each user authenticates as themselves
   */
  readonly hostAccess?: ClusterAccess;
  /**
   * Prefix of the Terraform outputs (`<prefix>_instance_id`, `_port_forward_command`, `_kubeconfig`, `_session_policy_arn`).
   * @default "access_host"
   */
  readonly outputPrefix?: string;
}

const PROPS = propNames<SsmAccessHostProps>()({
  cluster: true, name: true, instanceType: true, subnetId: true, localPort: true, hostAccess: true, outputPrefix: true,
});
const OUTPUTS = ['instance_id', 'port_forward_command', 'kubeconfig', 'session_policy_arn'];
const OUTPUT_PREFIX = { ...TERRAFORM_NAME, description: 'a Terraform output name prefix of at most 40 lowercase letters, digits and "_", starting with a letter' };
/** A port a user can listen on without root. */
const LOCAL_PORT = {
  test: (v: unknown) => Number.isInteger(v) && (v as number) >= 1024 && (v as number) <= 65535,
  description: 'a local port from 1024 to 65535 (lower ports need root)',
};
/** The Session Manager document that forwards a local port to a host the instance can reach. */
const PORT_FORWARD_DOCUMENT = 'AWS-StartPortForwardingSessionToRemoteHost';

/** Whether an instance type is a Graviton (arm64) one: a "g" right after the generation (t4g, m7g, c7gn, r8gd). */
function isGraviton(instanceType: string): boolean {
  return /^[a-z]+\d+g[a-z-]*\./.test(instanceType);
}

/**
 * A host that lets people reach a private API server without opening it: a small Amazon Linux 2023 instance in a
 * private subnet, managed by AWS Systems Manager. Its security group has no inbound rules at all (no SSH, no key pair);
 * the SSM agent dials out on 443, and the cluster security group accepts 443 from the host. A user with the
 * session policy (an output) runs the `port_forward_command` output (Session Manager's
 * `AWS-StartPortForwardingSessionToRemoteHost`, which needs the session-manager-plugin locally and nothing on the
 * host), then kubectl with the `kubeconfig` output, which talks to 127.0.0.1 with the API server's own TLS name and
 * authenticates as the user (`aws eks get-token`): the host holds no cluster credentials unless `hostAccess` is given.
 *
 * Hardened as Checkov asks: IMDSv2 only with a hop limit of 1 (CKV_AWS_79), an encrypted gp3 root volume (CKV_AWS_8),
 * detailed monitoring (CKV_AWS_126), EBS optimized (CKV_AWS_135), no public IP (CKV_AWS_88), an instance profile
 * with only `AmazonSSMManagedInstanceCore` (CKV2_AWS_41). The AMI is the latest AL2023 from its public SSM parameter,
 * so a newer AMI replaces the (stateless) host at the next apply.
 */
export class SsmAccessHost extends Construct {
  /** The instance. */
  public readonly instance: Instance;
  /** The host's security group (no inbound rules). */
  public readonly securityGroup: SecurityGroup;
  /** ARN of the IAM role the host runs as. */
  public readonly roleArn: string;
  /** ARN of the IAM policy that allows port forwarding through this host, and nothing else; attach it to the users' roles. */
  public readonly sessionPolicyArn: string;

  public constructor(scope: Construct, id: string, props: SsmAccessHostProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    const clusterOk = v.check(p.cluster instanceof EksCluster && stackOf(p.cluster) === stackOf(this), 'cluster', describedConstruct(p.cluster),
      'an EksCluster in the same Terraform stack');
    const name = p.name ?? (clusterOk ? `${p.cluster!.name}-access` : id);
    const instanceType = p.instanceType ?? 't4g.micro';
    const localPort = p.localPort ?? 8443;
    const outputPrefix = p.outputPrefix ?? 'access_host';

    // EC2 refuses a security group name that starts with "sg-".
    if (v.format('name', name, AWS_NAME, true)) {
      v.check(!name.toLowerCase().startsWith('sg-'), 'name', name, 'a name that does not start with "sg-" (it names the security group)');
    }
    v.format('instanceType', instanceType, INSTANCE_TYPE, true);
    if (p.subnetId !== undefined) {
      terraformString(v, 'subnetId', p.subnetId, SUBNET_ID);
    }
    v.format('localPort', localPort, LOCAL_PORT, true);
    if (p.hostAccess !== undefined) {
      checkClusterAccess(v, 'hostAccess', p.hostAccess);
    }
    const outputs = OUTPUTS.map((suffix) => `${String(outputPrefix)}_${suffix}`);
    const outputRegistry = `Terraform outputs of ${stackOf(this)!.node.path}`;
    if (v.format('outputPrefix', outputPrefix, OUTPUT_PREFIX) && v.check(outputPrefix.length <= 40, 'outputPrefix', outputPrefix, OUTPUT_PREFIX.description)) {
      outputs.every((o) => checkUniqueName(this, v, outputRegistry, o, 'outputPrefix', outputPrefix,
        `a prefix whose outputs (${outputs.join(', ')}) no other construct in this stack writes`));
    }
    const roleName = boundedName(`${String(name)}-host`, 64);
    if (v.issues.length === 0) {
      checkUniqueName(this, v, 'IAM role names', roleName, 'name', name, `a name whose IAM role ${roleName} (global to the account) no other construct of this app has`);
    }
    v.throwIfInvalid();
    claimName(this, 'IAM role names', roleName);
    outputs.forEach((o) => claimName(this, outputRegistry, o));
    const cluster = p.cluster!;
    const region = regionOf(this);

    // Only what Session Manager needs: the agent registers and opens its data channel with this managed policy.
    const { role, permissions } = serviceRole(this, {
      name: roleName,
      service: 'ec2.amazonaws.com',
      trustActions: ['sts:AssumeRole'],
      managedPolicyArns: [managedPolicyArn(this, 'AmazonSSMManagedInstanceCore')],
    });
    this.roleArn = role.arn;
    const profile = new IamInstanceProfile(this, 'profile', { name: boundedName(`${name}-host`, 128), role: role.name });

    // No ingress at all (an explicit empty list, so a rule added outside Terraform is removed at the next apply).
    // Egress: HTTPS only, to the SSM endpoints (through NAT or VPC endpoints) and the API server. DNS goes to the VPC
    // resolver, which security groups do not filter.
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: name,
      description: `Session Manager host ${name}: no inbound rules; HTTPS out to SSM and the EKS API server`,
      vpcId: cluster.resource.vpcConfig.vpcId,
      ingress: [],
      egress: [{
        description: 'HTTPS to Systems Manager and the EKS API server',
        protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'],
        ipv6CidrBlocks: [], prefixListIds: [], securityGroups: [], selfAttribute: false,
      }],
      tags: { Name: name },
    });
    // The private endpoint only admits what the cluster security group allows (EKS user guide, "Accessing a private
    // only API server").
    new VpcSecurityGroupIngressRule(this, 'api-server-from-host', {
      securityGroupId: cluster.clusterSecurityGroupId,
      referencedSecurityGroupId: this.securityGroup.id,
      ipProtocol: 'tcp', fromPort: 443, toPort: 443,
      description: `Kubernetes API from the Session Manager host ${name}`,
    });

    const arch = isGraviton(instanceType) ? 'arm64' : 'x86_64';
    const ami = new DataAwsSsmParameter(this, 'ami', { name: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}` });
    this.instance = new Instance(this, 'instance', {
      ami: ami.insecureValue,
      instanceType,
      subnetId: p.subnetId ?? cluster.privateSubnetIds[0],
      vpcSecurityGroupIds: [this.securityGroup.id],
      associatePublicIpAddress: false,
      iamInstanceProfile: profile.name,
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
      rootBlockDevice: { encrypted: true, volumeType: 'gp3', deleteOnTermination: true },
      ebsOptimized: true,
      monitoring: true,
      tags: { Name: name },
      volumeTags: { Name: name },
      dependsOn: permissions,
    });

    if (p.hostAccess !== undefined) {
      grantAccessEntry(new Construct(this, 'host-access'), cluster, role.arn, p.hostAccess);
    }

    // Who may open a port forward through this host, and nothing else: Session Manager checks the document because
    // of the condition, so a shell session (the default document) is refused.
    const partition = awsPartition(this);
    const documentArn = `arn:${partition}:ssm:${region ?? '*'}::document/${PORT_FORWARD_DOCUMENT}`;
    const sessionDoc = new DataAwsIamPolicyDocument(this, 'session-policy-document', {
      statement: [
        {
          sid: 'PortForwardThroughHost', effect: 'Allow', actions: ['ssm:StartSession'], resources: [this.instance.arn, documentArn],
          condition: [{ test: 'BoolIfExists', variable: 'ssm:SessionDocumentAccessCheck', values: ['true'] }],
        },
        // "&{...}" is the policy document's spelling of an IAM variable ("${...}" would be Terraform's).
        { sid: 'OwnSessions', effect: 'Allow', actions: ['ssm:TerminateSession', 'ssm:ResumeSession'], resources: [`arn:${partition}:ssm:*:*:session/&{aws:userid}-*`] },
      ],
    });
    const sessionPolicy = new IamPolicy(this, 'session-policy', {
      name: boundedName(`${name}-port-forward`, 128),
      description: `Port forwarding to the EKS API server through ${name}`,
      policy: sessionDoc.json,
    });
    this.sessionPolicyArn = sessionPolicy.arn;

    const host = Fn.replace(cluster.resource.endpoint, 'https://', '');
    const regionArgs = region ? ['--region', region] : [];
    const ca = cluster.resource.certificateAuthority.get(0).data;
    const output = (suffix: string, value: string, description: string) =>
      new TerraformOutput(this, `output-${suffix}`, { value, description }).overrideLogicalId(`${outputPrefix}_${suffix}`);
    output('instance_id', this.instance.id, 'Instance id of the Session Manager host');
    output('port_forward_command', [
      'aws ssm start-session', ...regionArgs, '--target', this.instance.id, '--document-name', PORT_FORWARD_DOCUMENT,
      '--parameters', `'{"host":["${host}"],"portNumber":["443"],"localPortNumber":["${localPort}"]}'`,
    ].join(' '), `Forwards 127.0.0.1:${localPort} to the private API server through the host (needs the session-manager-plugin)`);
    output('kubeconfig', Fn.yamlencode({
      'apiVersion': 'v1',
      'kind': 'Config',
      // The tunnel ends on 127.0.0.1; tls-server-name makes kubectl check the API server's certificate for its real name.
      'clusters': [{ name: cluster.name, cluster: { 'server': `https://127.0.0.1:${localPort}`, 'tls-server-name': host, 'certificate-authority-data': ca } }],
      'contexts': [{ name: cluster.name, context: { cluster: cluster.name, user: cluster.name } }],
      'current-context': cluster.name,
      'users': [{
        name: cluster.name,
        user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', cluster.name, ...regionArgs] } },
      }],
    }), 'kubeconfig for the port forward: kubectl reaches the private API server through 127.0.0.1');
    output('session_policy_arn', this.sessionPolicyArn, 'IAM policy allowing port forwarding through the host; attach it to the roles of the people and CI jobs that need the cluster');
  }
}
