import { Construct } from 'constructs';
import { CiAccess, EksCluster, EksEndpointAccess, PlatformStack, SsmAccessHost, VpcNetwork } from '../../../lib/aws';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { testStack } from './values-harness';
import { synthesizeDeclared } from '../../helpers/terraform';

// The ways into a private cluster (SsmAccessHost, CiAccess, EksEndpointAccess with split CIDRs) fed hostile JavaScript
// values: a ValidationError, or Terraform output whose every reference is declared. Each builds a VPC and a cluster,
// so they belong with the SLOW targets (one value of each kind) and take explicit paths.

const RUNNER = 'arn:aws:iam::123456789012:role/ci-runner';

/** Stand-ins for constructs in valid props, replaced by real ones when the build runs (so that a path can replace them). */
class Placeholder {
  public constructor(public readonly what: string) {}
}
const CLUSTER = new Placeholder('an EksCluster');
const HOST = new Placeholder('an SsmAccessHost');

function cluster(stack: PlatformStack): EksCluster {
  return (stack.node.tryFindChild('cluster') as EksCluster | undefined)
    ?? new EksCluster(stack, 'cluster', { name: 'demo', network: new VpcNetwork(stack, 'net', { availabilityZones: ['us-west-2a', 'us-west-2b'], natGateways: 'single' }), admins: ['arn:aws:iam::123456789012:role/admin'] });
}

/** Replaces the placeholders at the top of `props` (a hostile value stays as it is). */
function resolved(stack: PlatformStack, props: unknown): any {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    return props;
  }
  const replace = (v: unknown): unknown => {
    switch (v) {
      case CLUSTER: return cluster(stack);
      case HOST: return (stack.node.tryFindChild('host') as SsmAccessHost | undefined) ?? new SsmAccessHost(stack, 'host', { cluster: cluster(stack), outputPrefix: 'host' });
      default: return v;
    }
  };
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, replace(v)]));
}

/** Builds in the platform stack, then synthesizes the Terraform and fails (a plain Error) on an undeclared reference. */
function inStack(make: (stack: PlatformStack, props: any) => void): (s: Construct, props: any) => void {
  return (s, props) => {
    const stack = testStack(s);
    make(stack, resolved(stack, props));
    synthesizeDeclared(s);
  };
}

/** Targets of the access constructs; all of them are slow (a VPC and a cluster per value). */
export const ACCESS_TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'SsmAccessHost',
    props: () => ({
      cluster: CLUSTER, name: 'ops', instanceType: 'm7i.large', subnetId: 'subnet-0123456789abcdef0', localPort: 9443,
      hostAccess: { policy: 'AmazonEKSViewPolicy', namespaces: ['shop', 'team-*'] }, outputPrefix: 'ops',
    }),
    paths: ['cluster', 'instanceType', 'subnetId', 'localPort', 'hostAccess.policy', 'outputPrefix'],
    build: inStack((stack, p) => new SsmAccessHost(stack, 'access', p)),
    covers: ['SsmAccessHost'],
  },
  {
    name: 'CiAccess with an existing role',
    props: () => ({ cluster: CLUSTER, roleArn: RUNNER, access: { policy: 'AmazonEKSEditPolicy', clusterWide: { reason: 'deploys cluster add-ons' } } }),
    paths: ['cluster', 'roleArn', 'access', 'access.clusterWide'],
    build: inStack((stack, p) => new CiAccess(stack, 'ci', p)),
    covers: ['CiAccess'],
  },
  {
    name: 'CiAccess for GitHub Actions',
    props: () => ({
      cluster: CLUSTER,
      github: {
        repository: 'acme/platform', branches: ['main'], environments: ['production'],
        providerArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
      },
      access: { policy: 'AmazonEKSEditPolicy', namespaces: ['shop'] },
      accessHost: HOST,
    }),
    paths: ['github.repository', 'github.branches', 'github.providerArn', 'access.namespaces', 'accessHost'],
    build: inStack((stack, p) => new CiAccess(stack, 'ci', p)),
  },
  {
    name: 'EksEndpointAccess.publicAndPrivate with split CIDRs',
    props: () => ({ cidrs: ['0.0.0.0/1', '128.0.0.0/1'], options: { allowAnywhere: { reason: 'a public training cluster' } } }),
    paths: ['cidrs', 'cidrs.1', 'options', 'options.allowAnywhere', 'options.allowAnywhere.reason'],
    build: (_s, props) => {
      const endpoint = EksEndpointAccess.publicAndPrivate(props?.cidrs, props?.options);
      expect(endpoint.isPublic).toBe(true);
    },
  },
];
