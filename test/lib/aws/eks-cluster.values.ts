import { App as K8sApp } from 'cdk8s';
import { App } from 'cdktf';
import { Construct } from 'constructs';
import { EksCluster, PlatformStack, StateBackend, VpcNetwork, terraformApp } from '../../../lib/aws';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { synthesizeDeclared } from '../../helpers/terraform';

// Value targets for the props EksCluster gained with issue 18 (allowDeletion, shortLogRetention, keyAdministrators,
// and extendedSupport's new meaning): whatever JavaScript passes there, a ValidationError or Terraform output whose
// every reference is declared. A slow target (it builds a VPC and a cluster): give it SLOW_TARGET_VALUES.

const ADMIN = 'arn:aws:iam::123456789012:role/admin';
const KEY_ADMIN = 'arn:aws:iam::123456789012:role/key-admin';
/** Stands for the VpcNetwork, which the build makes in the stack. */
const NETWORK = Object.freeze({ placeholder: 'a VpcNetwork' });

/** The Terraform App of the test app, made once. */
function tfApp(s: Construct): App {
  const root = s.node.root;
  return (root.node.tryFindChild('terraform-app') as unknown as { app: App } | undefined)?.app
    ?? Object.assign(new Construct(root, 'terraform-app'), { app: terraformApp(root as K8sApp) }).app;
}

/** Builds the cluster in a platform stack "test", then synthesizes the Terraform and fails on an undeclared reference. */
function buildCluster(s: Construct, props: any): void {
  const stack = new PlatformStack(tfApp(s), 'test', { region: 'us-west-2', backend: StateBackend.local() });
  const resolved = props !== null && typeof props === 'object' && !Array.isArray(props) && props.network === NETWORK
    ? { ...props, network: new VpcNetwork(stack, 'net', { availabilityZones: ['us-west-2a', 'us-west-2b'], natGateways: 'single' }) } : props;
  new EksCluster(stack, 'eks', resolved);
  synthesizeDeclared(s);
}

export const EKS_CLUSTER_TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'EksCluster guards',
    props: () => ({
      name: 'demo', network: NETWORK, admins: [ADMIN], extendedSupport: { reason: 'the vendor certifies 1.35 only' },
      allowDeletion: { reason: 'a preview cluster' }, logRetentionDays: 30, shortLogRetention: { reason: 'shipped to the SIEM' },
      keyAdministrators: [KEY_ADMIN], addonVersions: { 'vpc-cni': 'v1.19.0-eksbuild.1' },
    }),
    paths: [
      'extendedSupport', 'allowDeletion', 'allowDeletion.reason', 'logRetentionDays', 'shortLogRetention', 'shortLogRetention.reason',
      'keyAdministrators', 'keyAdministrators.0', 'addonVersions.vpc-cni',
    ],
    build: buildCluster,
    covers: ['EksCluster'],
  },
];
