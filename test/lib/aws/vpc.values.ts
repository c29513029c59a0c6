import { App as K8sApp } from 'cdk8s';
import { Construct } from 'constructs';
import { PlatformStack, StateBackend, VpcNetwork, terraformApp } from '../../../lib/aws';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { synthesizeDeclared } from '../../helpers/terraform';

// The flow log and output props of VpcNetwork and its tagSubnets method (issue 18), fed hostile JavaScript values: a ValidationError, or Terraform
// output whose every reference is declared. VpcNetwork itself is covered by the "VpcNetwork" target of
// javascript-values.targets.ts; these add its new props with explicit, small paths (each accepted value is a synthesis).

/**
 * Builds a VpcNetwork "vpc" in a platform stack of the test app (then calls `then` on it), synthesizes, and fails on an
 * undeclared reference.
 */
function buildNetwork(s: Construct, props: any, then?: (network: VpcNetwork) => void): void {
  const stack = new PlatformStack(terraformApp(s.node.root as K8sApp), 'test', { region: 'us-west-2', backend: StateBackend.local() });
  const network = new VpcNetwork(stack, 'vpc', props);
  then?.(network);
  synthesizeDeclared(s);
}

export const VPC_TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'VpcNetwork flow log and outputs',
    props: () => ({
      availabilityZones: ['us-west-2a', 'us-west-2b'], natGateways: 'single', outputPrefix: 'net',
      flowLogs: { retentionDays: 90, shortRetention: { reason: 'records are exported nightly' }, maxAggregationInterval: 60 },
    }),
    paths: ['flowLogs', 'flowLogs.retentionDays', 'flowLogs.shortRetention', 'flowLogs.shortRetention.reason', 'flowLogs.maxAggregationInterval', 'outputPrefix'],
    build: buildNetwork,
  },
  {
    name: 'VpcNetwork flow log to S3',
    props: () => ({
      availabilityZones: ['us-west-2a', 'us-west-2b'], natGateways: 'single',
      flowLogs: { destination: 's3', retentionDays: 30, shortRetention: { reason: 'records are exported nightly' } },
    }),
    paths: ['flowLogs.destination', 'flowLogs.retentionDays'],
    build: buildNetwork,
  },
  {
    name: 'VpcNetwork without flow logs',
    props: () => ({ availabilityZones: ['us-west-2a', 'us-west-2b'], natGateways: 'single', withoutFlowLogs: { reason: 'a throw-away test network' } }),
    paths: ['withoutFlowLogs', 'withoutFlowLogs.reason'],
    build: buildNetwork,
  },
  {
    name: 'VpcNetwork.tagSubnets',
    props: () => ({ subnets: 'private', tags: { 'karpenter.sh/discovery': 'demo', 'Tier': 'nodes' } }),
    paths: ['subnets', 'tags', 'tags.Tier'],
    build: (s, props) => buildNetwork(s, { availabilityZones: ['us-west-2a', 'us-west-2b'], natGateways: 'single' },
      (net) => net.tagSubnets(props?.subnets, props?.tags)),
    covers: ['VpcNetwork.tagSubnets'],
  },
];
