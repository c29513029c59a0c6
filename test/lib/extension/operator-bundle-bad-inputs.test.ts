import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { OperatorBundle } from '../../../lib/extension/operator-bundle';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';
import { delayedJob } from './crd-fixtures';

const IMAGE = 'ghcr.io/acme/delayed-job-operator:0.1.0';
const base = (s: Construct) => ({ name: 'delayed-job', image: IMAGE, kinds: [delayedJob(s)], apiServer: { cidrs: ['10.0.0.0/16'] } });
/**
 * An OperatorBundle "bad/operator" with `over` merged into valid props; a case that gives `kinds` builds no other CRD
 * (two CRDs of one kind in a stack would clash).
 */
const bundle = (over: (s: Construct) => Record<string, unknown>) => (app: App) => {
  const s = new AppStack(app, 'bad');
  const o = over(s);
  new OperatorBundle(s, 'operator', { name: 'delayed-job', image: IMAGE, apiServer: { cidrs: ['10.0.0.0/16'] }, ...('kinds' in o ? {} : { kinds: [delayedJob(s)] }), ...o } as any);
};
const with_ = (over: Record<string, unknown>) => bundle(() => over);

const good: AppDefinition = {
  name: 'operators', description: 'the DelayedJob operator',
  build: (app) => {
    const s = new AppStack(app, 'operators');
    new OperatorBundle(s, 'operator', base(s));
  },
};

const P = '[bad/operator]';
const CASES: BadInput[] = [
  { title: 'no name', build: with_({ name: undefined }), where: `${P} name: got undefined`, expected: 'a DNS-1123 label' },
  { title: 'a name with upper case', build: with_({ name: 'DelayedJob' }), where: `${P} name: got "DelayedJob"`, expected: 'a DNS-1123 label' },
  { title: 'a name too long for the Deployment', build: with_({ name: 'a'.repeat(45) }), where: `${P} name: got "${'a'.repeat(45)}"`, expected: 'at most 44 characters' },
  { title: 'no kinds', build: with_({ kinds: [] }), where: `${P} kinds: got []`, expected: 'a non-empty list of the operator\'s kinds' },
  { title: 'kinds as a string', build: with_({ kinds: 'delayedjobs' }), where: `${P} kinds: got "delayedjobs"`, expected: 'a non-empty list' },
  { title: 'a kind given by API group and resource', build: with_({ kinds: [{ apiGroup: 'batch', resource: 'jobs' }] }),
    where: `${P} kinds[0]: got {"apiGroup":"batch","resource":"jobs"}`, expected: 'a CustomResourceDefinition construct or an imported CRD' },
  { title: 'the same kind twice', build: bundle((s) => { const crd = delayedJob(s); return { kinds: [crd, crd] }; }),
    where: `${P} kinds[1]: got "delayedresources.mydomain.com/delayedjobs"`, expected: 'a kind that is not already used in kinds' },
  { title: 'watches as an object', build: with_({ watches: { apiGroup: '', resource: 'pods' } }), where: `${P} watches: got {"apiGroup":"","resource":"pods"}`, expected: 'a list of kinds' },
  { title: 'a watched kind with a capitalized resource', build: with_({ watches: [{ apiGroup: '', resource: 'Pods' }] }),
    where: `${P} watches[0].resource: got "Pods"`, expected: 'a plural lower-case resource' },
  { title: 'a watched kind with an unknown key', build: with_({ watches: [{ apiGroup: '', resource: 'pods', verbs: ['get'] }] }),
    where: `${P} watches[0].verbs: got ["get"]`, expected: 'a known prop; the props are apiGroup, resource' },
  { title: 'an owned kind without a resource', build: with_({ owns: [{ apiGroup: 'batch' }] }), where: `${P} owns[0].resource: got undefined`, expected: 'a plural lower-case resource such as "jobs"' },
  { title: 'an owned kind twice', build: with_({ owns: [{ apiGroup: 'batch', resource: 'jobs' }, { apiGroup: 'batch', resource: 'jobs' }] }),
    where: `${P} owns[1]: got "batch/jobs"`, expected: 'a kind that is not already used in owns' },
  { title: 'a built-in resource under the wrong group', build: with_({ owns: [{ apiGroup: '', resource: 'jobs' }] }),
    where: `${P} owns[0].resource: got "jobs"`, expected: 'a resource of API group "" ("jobs" is in API group "batch"' },
  { title: 'no API server', build: with_({ apiServer: undefined }), where: `${P} apiServer: got undefined`, expected: 'the API server\'s addresses: { cidrs' },
  { title: 'the API server as a string', build: with_({ apiServer: '10.0.0.1' }), where: `${P} apiServer: got "10.0.0.1"`, expected: 'the API server\'s addresses' },
  { title: 'the API server open to every address', build: with_({ apiServer: { cidrs: ['0.0.0.0/0'] } }), where: `${P} apiServer.cidrs[0]: got "0.0.0.0/0"`, expected: 'the API server\'s own addresses, not every address' },
  { title: 'zero replicas', build: with_({ replicas: 0 }), where: `${P} replicas: got 0`, expected: 'an integer from 1 to 100' },
  { title: 'two replicas without leader election', build: with_({ replicas: 2, leaderElection: false }), where: `${P} replicas: got 2`,
    expected: '1 without leader election' },
  { title: 'leader election as a string', build: with_({ leaderElection: 'yes' }), where: `${P} leaderElection: got "yes"`, expected: 'true or false' },
  { title: 'a metrics port out of range', build: with_({ metricsPort: 70000 }), where: `${P} metricsPort: got 70000`, expected: '' },
  { title: 'the health port on the metrics port', build: with_({ healthPort: 8080 }), where: `${P} healthPort: got 8080`, expected: 'a port other than the metrics port (8080)' },
  { title: 'scrapers given as a namespace name', build: with_({ metricsScrapers: 'monitoring' }), where: `${P} metricsScrapers: got "monitoring"`, expected: 'a NetworkPeer' },
  { title: 'an unpinned image', build: with_({ image: 'acme/operator' }), where: `${P} image: got "acme/operator"`, expected: '' },
  { title: 'a conversion webhook as true', build: with_({ conversionWebhook: true }), where: `${P} conversionWebhook: got true`, expected: 'an object { port? }' },
  { title: 'a conversion webhook on the health port', build: with_({ conversionWebhook: { port: 8081 } }), where: `${P} conversionWebhook.port: got 8081`,
    expected: 'a port other than the metrics (8080) and health (8081) ports' },
  { title: 'args as one string', build: with_({ args: '--leader-elect' }), where: `${P} args: got "--leader-elect"`, expected: '' },
  { title: 'a prop it does not have', build: with_({ crds: [] }), where: `${P} crds: got []`, expected: '' },
];

describeBadInputs('bad OperatorBundle input is rejected at synth time with a clear error and no output', good, CASES);
