import { Construct } from 'constructs';
import { OperatorBundle } from '../../../lib/extension/operator-bundle';
import { NetworkPeer } from '../../../lib/networking/network-peer';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { delayedJob } from './crd-fixtures';

// OperatorBundle: whatever a JavaScript caller passes to any prop, a ValidationError or a bundle the strict schemas accept.
/** Stands for the DelayedJob CRD in the props (a class instance, which the value harness keeps as it is). */
class TheCrds {}
const KINDS = new TheCrds();

export const OPERATOR_BUNDLE_TARGETS: JavaScriptValueTarget[] = [{
  name: 'OperatorBundle',
  covers: ['OperatorBundle'],
  props: () => ({
    name: 'delayed-job', image: 'ghcr.io/acme/delayed-job-operator:0.1.0', kinds: KINDS,
    watches: [{ apiGroup: '', resource: 'configmaps' }], owns: [{ apiGroup: 'batch', resource: 'jobs' }],
    apiServer: { cidrs: ['10.0.0.0/16'], port: 443 }, replicas: 2, leaderElection: true, metricsPort: 8080, healthPort: 8081,
    metricsScrapers: NetworkPeer.namespace('monitoring'), args: ['--leader-elect'], conversionWebhook: { port: 9443 },
  }),
  paths: ['name', 'image', 'kinds', 'watches', 'watches.0', 'watches.0.resource', 'owns', 'owns.0.apiGroup', 'apiServer', 'apiServer.cidrs',
    'apiServer.port', 'replicas', 'leaderElection', 'metricsPort', 'healthPort', 'metricsScrapers', 'args', 'conversionWebhook', 'conversionWebhook.port'],
  build: (s: Construct, props: any) => new OperatorBundle(s, 'operator',
    props !== null && typeof props === 'object' && props.kinds === KINDS ? { ...props, kinds: [delayedJob(s)] } : props),
}];
