import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { CiAccess, CiAccessProps, ClusterAccess, EksCluster, EksEndpointAccess, PlatformStack, SsmAccessHost, SsmAccessHostProps, StateBackend, VpcNetwork, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { GOOD_PLATFORM_APP } from '../../helpers/terraform';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

// Bad input to the ways into a private cluster: the public endpoint's CIDRs, the Session Manager host, CI access.

const ADMIN = 'arn:aws:iam::123456789012:role/admin';
const RUNNER = 'arn:aws:iam::123456789012:role/ci-runner';
const EDIT: ClusterAccess = { policy: 'AmazonEKSEditPolicy', namespaces: ['shop'] };

function stack(scope: Construct, id = 'bad'): PlatformStack {
  return new PlatformStack(scope, id, { region: 'us-west-2', backend: StateBackend.local() });
}
function cluster(s: PlatformStack): EksCluster {
  return new EksCluster(s, 'cluster', { name: 'demo', network: new VpcNetwork(s, 'network'), admins: [ADMIN] });
}
function accessHost(tf: Construct, props: Partial<SsmAccessHostProps> = {}): void {
  const s = stack(tf);
  new SsmAccessHost(s, 'access', { cluster: cluster(s), ...props });
}
function ci(tf: Construct, props: Partial<CiAccessProps>): void {
  const s = stack(tf);
  new CiAccess(s, 'ci', { cluster: cluster(s), access: EDIT, ...props } as CiAccessProps);
}
const endpoint = (tf: Construct, cidrs: string[], options?: object) => {
  const s = stack(tf);
  new EksCluster(s, 'cluster', { name: 'demo', network: new VpcNetwork(s, 'network'), admins: [ADMIN], endpoint: EksEndpointAccess.publicAndPrivate(cidrs, options) });
};

/** Each case builds its stacks in the cdktf App of the app "bad". */
const inTerraform = (build: (tf: Construct) => void) => (app: App) => {
  new AppStack(app, 'bad');
  build(terraformApp(app));
};

const E = '[EksEndpointAccess.publicAndPrivate]';
const CASES: BadInput[] = ([
  // The public endpoint
  { title: 'two halves of the internet', build: (tf) => endpoint(tf, ['0.0.0.0/1', '128.0.0.0/1']),
    where: `${E} cidrs: got ["0.0.0.0/1","128.0.0.0/1"]`, expected: 'CIDRs that together leave some of the internet out (these cover every IPv4 address, like 0.0.0.0/0)' },
  { title: 'four quarters of the internet beside an office', build: (tf) => endpoint(tf, ['203.0.113.0/24', '0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/2']),
    where: `${E} cidrs: got ["203.0.113.0/24","0.0.0.0/2","64.0.0.0/2","128.0.0.0/2","192.0.0.0/2"]`, expected: 'CIDRs that together leave some of the internet out' },
  { title: 'a private range for the public endpoint', build: (tf) => endpoint(tf, ['10.0.0.0/16']),
    where: `${E} cidrs[0]: got "10.0.0.0/16"`, expected: 'a public range: 10.0.0.0/16 lies in 10.0.0.0/8, which is private (RFC 1918)' },
  { title: 'the whole internet with an empty reason', build: (tf) => endpoint(tf, ['0.0.0.0/1', '128.0.0.0/1'], { allowAnywhere: { reason: '' } }),
    where: `${E} options.allowAnywhere.reason: got ""`, expected: 'a reason why the API server may be reachable from the whole internet' },
  { title: 'a misspelt allowAnywhere', build: (tf) => endpoint(tf, ['0.0.0.0/0'], { allowAnyWhere: { reason: 'demo' } }),
    where: `${E} options.allowAnyWhere: got {"reason":"demo"}`, expected: 'a known prop (did you mean "allowAnywhere"?)' },
  // The Session Manager host
  { title: 'a host without a cluster', build: (tf) => new SsmAccessHost(stack(tf), 'access', {} as SsmAccessHostProps),
    where: '[bad/access] cluster: got undefined', expected: 'an EksCluster in the same Terraform stack' },
  { title: 'a host in another stack than its cluster', build: (tf) => new SsmAccessHost(stack(tf, 'other'), 'access', { cluster: cluster(stack(tf)) }),
    where: '[other/access] cluster: got "EksCluster bad/cluster"', expected: 'an EksCluster in the same Terraform stack' },
  { title: 'a host instance type without a size', build: (tf) => accessHost(tf, { instanceType: 't4g' }),
    where: '[bad/access] instanceType: got "t4g"', expected: 'an EC2 instance type such as "m7i.large"' },
  { title: 'a host subnet that is no subnet id', build: (tf) => accessHost(tf, { subnetId: 'private-a' }),
    where: '[bad/access] subnetId: got "private-a"', expected: 'a subnet id of "subnet-" and 8 or 17 lowercase hex digits' },
  { title: 'a privileged local port', build: (tf) => accessHost(tf, { localPort: 443 }),
    where: '[bad/access] localPort: got 443', expected: 'a local port from 1024 to 65535 (lower ports need root)' },
  { title: 'a host name with an underscore', build: (tf) => accessHost(tf, { name: 'demo_access' }),
    where: '[bad/access] name: got "demo_access"', expected: 'a name of 1-40 letters, digits or "-"' },
  { title: 'a host name EC2 refuses for a security group', build: (tf) => accessHost(tf, { name: 'sg-access' }),
    where: '[bad/access] name: got "sg-access"', expected: 'a name that does not start with "sg-" (it names the security group)' },
  { title: 'an access policy EKS does not have', build: (tf) => accessHost(tf, { hostAccess: { policy: 'AmazonEKSPowerUserPolicy' as any, namespaces: ['shop'] } }),
    where: '[bad/access] hostAccess.policy: got "AmazonEKSPowerUserPolicy"', expected: 'one of AmazonEKSClusterAdminPolicy, AmazonEKSAdminPolicy, AmazonEKSEditPolicy, AmazonEKSViewPolicy' },
  { title: 'host access to every namespace without a reason', build: (tf) => accessHost(tf, { hostAccess: { policy: 'AmazonEKSClusterAdminPolicy' } }),
    where: '[bad/access] hostAccess.clusterWide: got undefined', expected: 'a reason for access in every namespace, as clusterWide: { reason }, or namespaces: [...] to limit it' },
  { title: 'a namespace that is no DNS label', build: (tf) => accessHost(tf, { hostAccess: { policy: 'AmazonEKSViewPolicy', namespaces: ['Shop'] } }),
    where: '[bad/access] hostAccess.namespaces[0]: got "Shop"', expected: 'a namespace name such as "shop", or a prefix followed by "*" such as "team-*"' },
  { title: 'namespaces and cluster-wide at once', build: (tf) => accessHost(tf, { hostAccess: { policy: 'AmazonEKSViewPolicy', namespaces: ['shop'], clusterWide: { reason: 'x' } } }),
    where: '[bad/access] hostAccess.clusterWide: got {"reason":"x"}', expected: 'no clusterWide when namespaces are given' },
  { title: 'two hosts writing the same outputs', build: (tf) => {
    const s = stack(tf);
    const c = cluster(s);
    new SsmAccessHost(s, 'access', { cluster: c });
    new SsmAccessHost(s, 'second', { cluster: c, name: 'second' });
  }, where: '[bad/second] outputPrefix: got "access_host"', expected: 'a prefix whose outputs (access_host_instance_id, access_host_port_forward_command, access_host_kubeconfig, access_host_session_policy_arn) no other construct in this stack writes' },
  { title: 'two hosts with one name', build: (tf) => {
    const s = stack(tf);
    const c = cluster(s);
    new SsmAccessHost(s, 'access', { cluster: c });
    new SsmAccessHost(s, 'second', { cluster: c, outputPrefix: 'second' });
  }, where: '[bad/second] name: got "demo-access"', expected: 'a name whose IAM role demo-access-host (global to the account) no other construct of this app has (bad/access has it already)' },
  { title: 'a host prop from another construct', build: (tf) => accessHost(tf, { keyName: 'ops' } as any),
    where: '[bad/access] keyName: got "ops"', expected: 'a known prop' },
  // CI access
  { title: 'CI access without a principal', build: (tf) => ci(tf, {}),
    where: '[bad/ci] roleArn: got undefined', expected: 'the ARN of an existing CI role, or github: { repository } for a role created for GitHub Actions' },
  { title: 'CI access with both principals', build: (tf) => ci(tf, { roleArn: RUNNER, github: { repository: 'acme/platform' } }),
    where: '[bad/ci] github: got {"repository":"acme/platform"}', expected: 'no github when roleArn is given (one principal per CiAccess)' },
  { title: 'a CI role that is no IAM ARN', build: (tf) => ci(tf, { roleArn: 'ci-runner' }),
    where: '[bad/ci] roleArn: got "ci-runner"', expected: 'an IAM role or user ARN' },
  { title: 'a CI role with two access entries', build: (tf) => {
    const s = stack(tf);
    const c = cluster(s);
    new CiAccess(s, 'ci', { cluster: c, roleArn: RUNNER, access: EDIT });
    new CiAccess(s, 'ci-too', { cluster: c, roleArn: RUNNER, access: { policy: 'AmazonEKSViewPolicy', namespaces: ['ops'] } });
  }, where: `[bad/ci-too] roleArn: got "${RUNNER}"`, expected: 'an IAM principal with no other access entry in cluster demo (EKS has one per principal) (bad/ci has it already)' },
  { title: 'a repository without its owner', build: (tf) => ci(tf, { github: { repository: 'platform' } }),
    where: '[bad/ci] github.repository: got "platform"', expected: 'a GitHub repository as "owner/name", such as "acme/platform"' },
  { title: 'a wildcard branch', build: (tf) => ci(tf, { github: { repository: 'acme/platform', branches: ['release/*'] } }),
    where: '[bad/ci] github.branches[0]: got "release/*"', expected: 'a branch name such as "main" or "release/v1"' },
  { title: 'an empty branch list', build: (tf) => ci(tf, { github: { repository: 'acme/platform', branches: [] } }),
    where: '[bad/ci] github.branches: got []', expected: 'at least one (leave branches out otherwise)' },
  { title: 'an environment twice', build: (tf) => ci(tf, { github: { repository: 'acme/platform', environments: ['production', 'production'] } }),
    where: '[bad/ci] github.environments[1]: got "production"', expected: 'an environment' },
  { title: 'another provider than GitHub\'s', build: (tf) => ci(tf, { github: { repository: 'acme/platform', providerArn: 'arn:aws:iam::123456789012:oidc-provider/gitlab.com' } }),
    where: '[bad/ci] github.providerArn: got "arn:aws:iam::123456789012:oidc-provider/gitlab.com"', expected: 'the ARN of the GitHub OIDC provider' },
  { title: 'CI access without an access policy', build: (tf) => ci(tf, { roleArn: RUNNER, access: undefined }),
    where: '[bad/ci] access: got undefined', expected: '{ policy, namespaces } or { policy, clusterWide: { reason } }' },
  { title: 'an access host for a role managed elsewhere', build: (tf) => {
    const s = stack(tf);
    const c = cluster(s);
    new CiAccess(s, 'ci', { cluster: c, roleArn: RUNNER, access: EDIT, accessHost: new SsmAccessHost(s, 'access', { cluster: c }) });
  }, where: '[bad/ci] accessHost: got "SsmAccessHost bad/access"', expected: 'no accessHost with roleArn (attach the host\'s sessionPolicyArn to that role where it is managed)' },
  { title: 'cluster-wide CI access with a blank reason', build: (tf) => ci(tf, { roleArn: RUNNER, access: { policy: 'AmazonEKSEditPolicy', clusterWide: { reason: ' ' } } }),
    where: '[bad/ci] access.clusterWide.reason: got " "', expected: 'a reason why the principal may act in every namespace, given as { reason: "..." }' },
] as Array<Omit<BadInput, 'build'> & { build: (tf: Construct) => void }>).map((c) => ({ ...c, build: inTerraform(c.build) }));

describeBadInputs('bad input to the ways into a private cluster is rejected at synth time with a clear error and no output', GOOD_PLATFORM_APP, CASES);
