import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { EksCluster, EksClusterProps, PlatformStack, StateBackend, VpcNetwork, terraformApp } from '../../../lib/aws';
import { AppStack } from '../../../lib/core/app-stack';
import { GOOD_PLATFORM_APP } from '../../helpers/terraform';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

// The props of EksCluster's cost, deletion and encryption guards (issue 18), refused at synth time with the
// construct path, the prop, the value and what is allowed; nothing is written.

const ADMIN = 'arn:aws:iam::123456789012:role/admin';
const KEY_ADMIN = 'arn:aws:iam::123456789012:role/key-admin';

function stack(scope: Construct): PlatformStack {
  return new PlatformStack(scope, 'bad', { region: 'us-west-2', backend: StateBackend.local() });
}
function cluster(scope: Construct, props: Record<string, unknown> = {}, more?: (c: EksCluster, s: PlatformStack) => void): void {
  const s = stack(scope);
  const c = new EksCluster(s, 'cluster', { name: 'demo', network: new VpcNetwork(s, 'network'), admins: [ADMIN], ...props } as EksClusterProps);
  more?.(c, s);
}

/** Each case builds its stacks in the cdktf App of the app "bad". */
const inTerraform = (build: (tf: Construct) => void) => (app: App) => {
  new AppStack(app, 'bad');
  build(terraformApp(app));
};

const RETENTIONS = '1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653';
const SHORT_RETENTION = '365 days or more, or shortLogRetention: { reason } for a shorter retention (Checkov CKV_AWS_338 wants a year)';
const KEY_ADMINS = 'a list of IAM role or user ARNs that administer the cluster\'s KMS key';
const PRINCIPAL = 'an IAM role or user ARN such as "arn:aws:iam::123456789012:role/platform-admin"';
const ADDON_VERSION = 'an add-on version of the form "vX.Y.Z-eksbuild.N" such as "v1.12.4-eksbuild.1" (as `aws eks describe-addon-versions` lists them; '
  + 'leave the add-on out of addonVersions for EKS\'s default version)';

const CASES: BadInput[] = ([
  // allowDeletion
  { title: 'allowDeletion without a reason', build: (tf) => cluster(tf, { allowDeletion: {} }),
    where: '[bad/cluster] allowDeletion.reason: got undefined', expected: 'a reason why the cluster may be deleted (deletion protection off), given as { reason: "..." }' },
  { title: 'allowDeletion with a blank reason', build: (tf) => cluster(tf, { allowDeletion: { reason: '  ' } }),
    where: '[bad/cluster] allowDeletion.reason: got "  "', expected: 'a reason why the cluster may be deleted' },
  { title: 'allowDeletion as true instead of a reason', build: (tf) => cluster(tf, { allowDeletion: true }),
    where: '[bad/cluster] allowDeletion.reason: got undefined', expected: 'a reason why the cluster may be deleted (deletion protection off), given as { reason: "..." }' },
  { title: 'allowDeletion with an unknown key', build: (tf) => cluster(tf, { allowDeletion: { reason: 'preview', force: true } }),
    where: '[bad/cluster] allowDeletion.force: got true', expected: 'a known prop; the props are reason' },
  // extendedSupport
  { title: 'extendedSupport without a reason, on a version in standard support', build: (tf) => cluster(tf, { extendedSupport: {} }),
    where: '[bad/cluster] extendedSupport.reason: got undefined', expected: 'a reason why a version in extended support is acceptable, given as { reason: "..." }' },
  { title: 'extendedSupport as a string', build: (tf) => cluster(tf, { version: '1.33', extendedSupport: 'cost' }),
    where: '[bad/cluster] extendedSupport.reason: got undefined', expected: 'a reason why a version in extended support is acceptable' },
  // logRetentionDays and shortLogRetention
  { title: 'the old default of 90 days without a reason', build: (tf) => cluster(tf, { logRetentionDays: 90 }),
    where: '[bad/cluster] logRetentionDays: got 90', expected: SHORT_RETENTION },
  { title: 'a week of logs without a reason', build: (tf) => cluster(tf, { logRetentionDays: 7 }),
    where: '[bad/cluster] logRetentionDays: got 7', expected: SHORT_RETENTION },
  { title: 'a retention CloudWatch does not offer', build: (tf) => cluster(tf, { logRetentionDays: 500, shortLogRetention: undefined }),
    where: '[bad/cluster] logRetentionDays: got 500', expected: `one of the CloudWatch retention periods: ${RETENTIONS}` },
  { title: 'a retention given as a string', build: (tf) => cluster(tf, { logRetentionDays: '365' }),
    where: '[bad/cluster] logRetentionDays: got "365"', expected: `one of the CloudWatch retention periods: ${RETENTIONS}` },
  { title: 'shortLogRetention with a year of logs (nothing to accept)', build: (tf) => cluster(tf, { logRetentionDays: 365, shortLogRetention: { reason: 'cost' } }),
    where: '[bad/cluster] shortLogRetention: got {"reason":"cost"}', expected: 'no shortLogRetention when logRetentionDays is 365 or more (there is no risk to accept)' },
  { title: 'shortLogRetention with the default retention', build: (tf) => cluster(tf, { shortLogRetention: { reason: 'cost' } }),
    where: '[bad/cluster] shortLogRetention: got {"reason":"cost"}', expected: 'no shortLogRetention when logRetentionDays is 365 or more' },
  { title: 'shortLogRetention with an empty reason', build: (tf) => cluster(tf, { logRetentionDays: 30, shortLogRetention: { reason: '' } }),
    where: '[bad/cluster] shortLogRetention.reason: got ""', expected: 'a reason why control plane logs may be kept less than a year (Checkov CKV_AWS_338 wants 365 days or more)' },
  // keyAdministrators
  { title: 'keyAdministrators as one string', build: (tf) => cluster(tf, { keyAdministrators: KEY_ADMIN }),
    where: `[bad/cluster] keyAdministrators: got "${KEY_ADMIN}"`, expected: KEY_ADMINS },
  { title: 'a key administrator that is an e-mail address', build: (tf) => cluster(tf, { keyAdministrators: ['security@example.com'] }),
    where: '[bad/cluster] keyAdministrators[0]: got "security@example.com"', expected: PRINCIPAL },
  { title: 'the account root as key administrator (it already administers the key)', build: (tf) => cluster(tf, { keyAdministrators: ['arn:aws:iam::123456789012:root'] }),
    where: '[bad/cluster] keyAdministrators[0]: got "arn:aws:iam::123456789012:root"', expected: PRINCIPAL },
  { title: 'a key administrator twice', build: (tf) => cluster(tf, { keyAdministrators: [KEY_ADMIN, KEY_ADMIN] }),
    where: `[bad/cluster] keyAdministrators[1]: got "${KEY_ADMIN}"`, expected: 'an IAM principal that is not already used in keyAdministrators' },
  { title: 'a null key administrator', build: (tf) => cluster(tf, { keyAdministrators: [null] }),
    where: '[bad/cluster] keyAdministrators[0]: got null', expected: PRINCIPAL },
  // addonVersions
  { title: 'an add-on version "latest"', build: (tf) => cluster(tf, { addonVersions: { coredns: 'latest' } }),
    where: '[bad/cluster] addonVersions.coredns: got "latest"', expected: ADDON_VERSION },
  { title: 'an add-on version without its EKS build', build: (tf) => cluster(tf, { addonVersions: { 'vpc-cni': 'v1.19.0' } }),
    where: '[bad/cluster] addonVersions.vpc-cni: got "v1.19.0"', expected: ADDON_VERSION },
  { title: 'a version for an add-on the cluster does not install', build: (tf) => cluster(tf, { addonVersions: { calico: 'v3.29.0-eksbuild.1' } }),
    where: '[bad/cluster] addonVersions.calico: got "v3.29.0-eksbuild.1"', expected: 'a known prop; the props are aws-ebs-csi-driver, coredns, eks-pod-identity-agent, kube-proxy, vpc-cni' },
  // Outputs and pod identities
  { title: 'two clusters writing the same outputs', build: (tf) => {
    const s = stack(tf);
    const network = new VpcNetwork(s, 'network');
    new EksCluster(s, 'first', { name: 'first', network, admins: [ADMIN] });
    new EksCluster(s, 'second', { name: 'second', network, admins: [ADMIN] });
  },
    where: '[bad/second] outputPrefix: got "cluster"', expected: 'a prefix whose outputs (cluster_name, cluster_arn, cluster_endpoint' },
  { title: 'a pod identity for the VPC CNI\'s ServiceAccount', build: (tf) => cluster(tf, {}, (c) => c.addPodIdentity('cni', { namespace: 'kube-system', serviceAccount: 'aws-node', managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy'] })),
    where: '[bad/cluster/cni] serviceAccount: got "aws-node"', expected: 'a ServiceAccount of namespace "kube-system" that no other PodIdentity of this cluster has (EKS has one association per ServiceAccount)' },
] as Array<Omit<BadInput, 'build'> & { build: (tf: Construct) => void }>).map((c) => ({ ...c, build: inTerraform(c.build) }));

describeBadInputs('bad EksCluster guard props are rejected at synth time with a clear error and no output', GOOD_PLATFORM_APP, CASES);
