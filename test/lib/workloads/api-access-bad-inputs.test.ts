import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { MeshService } from '../../../lib/mesh/mesh-service';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { AdmissionWebhook } from '../../../lib/security/admission-webhook';
import { ApiAccess } from '../../../lib/security/api-access';
import { readAccess } from '../../../lib/security/access-rule';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ServiceAccount } from '../../../lib/security/service-account';
import { WebhookTls } from '../../../lib/security/webhook-tls';
import { CronJob } from '../../../lib/workloads/cron-job';
import { Job } from '../../../lib/workloads/job';
import { Probe } from '../../../lib/workloads/probe';
import { Volume } from '../../../lib/workloads/volume';
import { Worker, WorkerProps } from '../../../lib/workloads/worker';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

const IMAGE = 'ghcr.io/acme/controller:1.0.0';
const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const REASON = 'reconciles DelayedJobs';
const W = '[bad/ops/ctl]';
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));
const ops = (s: Construct) => new SecureNamespace(s, 'ops');
/** A controller Worker whose apiAccess is the valid one changed by `access`, with more props from `props`. */
const ctl = (access: Record<string, unknown>, props: Partial<WorkerProps> = {}) => (s: Construct) => new Worker(ops(s), 'ctl', {
  image: IMAGE, liveness: Probe.exec(['/healthz']), apiAccess: { reason: REASON, rules: [readAccess('', ['configmaps'])], ...access } as ApiAccess, ...props,
});
const raw = (apiAccess: unknown) => (s: Construct) => new Worker(ops(s), 'ctl', { image: IMAGE, liveness: Probe.exec(['/healthz']), apiAccess: apiAccess as ApiAccess });
const WILDCARD = 'explicit names, or "*" with `wildcard: { reason }`';
const LIFETIME = 'an integer from 600 to 86400';
const AUDIENCE = 'an audience of printable characters without spaces, such as "https://kubernetes.default.svc", or none for the API server\'s own';
const TAKEN = `a path outside ${TOKEN_PATH}, where apiAccess mounts the API token`;

const CASES: BadInput[] = ([
  // The access itself.
  { title: 'no reason', build: ctl({ reason: undefined }), where: `${W} apiAccess.reason: got undefined`,
    expected: 'a reason why the pods call the Kubernetes API (recorded on the pods)' },
  { title: 'a blank reason', build: ctl({ reason: '  ' }), where: `${W} apiAccess.reason: got "  "`,
    expected: 'a reason why the pods call the Kubernetes API (recorded on the pods)' },
  { title: 'no rules and no leader election', build: ctl({ rules: [] }), where: `${W} apiAccess.rules: got []`,
    expected: 'at least one rule (an empty list only with leaderElection: true, for pods that only elect a leader)' },
  { title: 'one rule instead of a list', build: ctl({ rules: readAccess('', ['configmaps']) }), where: `${W} apiAccess.rules: got {"apiGroup":"","resources":["configmaps"],"verbs":["get","list","watch"]}`,
    expected: 'a list of AccessRules, e.g. [readAccess("", ["configmaps"])]' },
  { title: 'an unknown scope', build: ctl({ scope: 'namespaced' }), where: `${W} apiAccess.scope: got "namespaced"`,
    expected: '"namespace" (a Role and RoleBinding) or "cluster" (a ClusterRole and ClusterRoleBinding)' },
  { title: 'leaderElection as a string', build: ctl({ leaderElection: 'yes' }), where: `${W} apiAccess.leaderElection: got "yes"`, expected: 'true or false' },
  { title: 'a token shorter than the API server accepts', build: ctl({ expirationSeconds: 300 }), where: `${W} apiAccess.expirationSeconds: got 300`, expected: LIFETIME },
  { title: 'a token that lives a week', build: ctl({ expirationSeconds: 604800 }), where: `${W} apiAccess.expirationSeconds: got 604800`, expected: LIFETIME },
  { title: 'a fractional lifetime', build: ctl({ expirationSeconds: 3600.5 }), where: `${W} apiAccess.expirationSeconds: got 3600.5`, expected: LIFETIME },
  { title: 'an audience with a space', build: ctl({ audience: 'my api' }), where: `${W} apiAccess.audience: got "my api"`, expected: AUDIENCE },
  { title: 'an empty audience', build: ctl({ audience: '' }), where: `${W} apiAccess.audience: got ""`, expected: AUDIENCE },
  { title: 'a misspelt option', build: ctl({ leaderElections: true }), where: `${W} apiAccess.leaderElections: got true`,
    expected: 'a known prop (did you mean "leaderElection"?); the props are apiServer, audience, expirationSeconds, leaderElection, reason, rules, scope' },
  { title: 'apiAccess as a string', build: raw('yes'), where: `${W} apiAccess: got "yes"`,
    expected: 'an object { reason, rules, scope?, leaderElection?, audience?, expirationSeconds?, apiServer? }' },
  // Its rules, checked as an AccessRole checks them.
  { title: 'a wildcard verb without a reason', build: ctl({ rules: [{ apiGroup: '', resources: ['configmaps'], verbs: ['*'] }] }),
    where: `${W} apiAccess.rules[0].verbs: got ["*"]`, expected: WILDCARD },
  { title: 'a wildcard resource without a reason', build: ctl({ rules: [{ apiGroup: 'delayedresources.mydomain.com', resources: ['*'], verbs: ['get'] }] }),
    where: `${W} apiAccess.rules[0].resources: got ["*"]`, expected: WILDCARD },
  { title: 'deployments in the core group', build: ctl({ rules: [readAccess('', ['deployments'])] }),
    where: `${W} apiAccess.rules[0].resources[0]: got "deployments"`, expected: 'a resource of API group "" ("deployments" is in API group "apps", not "" (core))' },
  { title: 'an unknown verb', build: ctl({ rules: [{ apiGroup: '', resources: ['configmaps'], verbs: ['read'] }] }),
    where: `${W} apiAccess.rules[0].verbs[0]: got "read"`, expected: 'one of get, list, watch, create, update, patch, delete, deletecollection, use, bind, escalate, impersonate, approve, sign, *' },
  { title: 'a rule that is null', build: ctl({ rules: [null] }), where: `${W} apiAccess.rules[0]: got null`, expected: 'an object of props' },
  { title: 'resourceNames with create', build: ctl({ rules: [{ apiGroup: '', resources: ['configmaps'], verbs: ['create'], resourceNames: ['lock'] }] }),
    where: `${W} apiAccess.rules[0].verbs: got ["create"]`, expected: 'no create or deletecollection with resourceNames (those requests carry no name, so the rule would never match)' },
  // The ServiceAccount it is bound to.
  { title: 'a shared ServiceAccount', build: (s) => {
    const ns = ops(s);
    new Worker(ns, 'ctl', {
      image: IMAGE, liveness: Probe.exec(['/healthz']), serviceAccount: new ServiceAccount(ns, 'shared'), apiAccess: { reason: REASON, rules: [readAccess('', ['configmaps'])] },
    });
  }, where: `${W} serviceAccount: got "shared"`,
  expected: 'no shared serviceAccount with apiAccess: the access is granted to the workload\'s own ServiceAccount, so that no other workload gets it' },
  { title: 'a mesh version, which runs as its service\'s ServiceAccount', build: (s) => new MeshService(ops(s), 'shop', { port: 80, containerPort: 8080 })
    .addVersion('v1', withUnknownProps({ image: IMAGE }, { apiAccess: { reason: REASON, rules: [readAccess('', ['configmaps'])] } })),
  where: `[bad/ops/shop/v1] apiAccess: got "${REASON}"`,
  expected: 'no apiAccess here: these pods run as the ServiceAccount of the construct they belong to; give that construct the access' },
  { title: 'an AdmissionWebhook with apiAccess and a shared ServiceAccount', build: (s) => {
    const ns = ops(s);
    new AdmissionWebhook(ns, 'ctl', {
      type: 'validating', image: IMAGE, tls: WebhookTls.certManager(), serviceAccount: new ServiceAccount(ns, 'hooks'),
      webhooks: [{ rules: [{ operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] }] }],
      apiAccess: { reason: REASON, rules: [readAccess('', ['namespaces'])] },
    });
  }, where: `${W} serviceAccount: got "hooks"`, expected: 'no shared serviceAccount with apiAccess' },
  // Where the token goes.
  { title: 'a writable path over the token directory', build: ctl({}, { writablePaths: ['/tmp', TOKEN_PATH] }),
    where: `${W} writablePaths[1]: got "${TOKEN_PATH}"`, expected: TAKEN },
  { title: 'a volume of the token volume\'s name', build: ctl({}, { volumes: { 'kube-api-access': Volume.emptyDir() } }),
    where: `${W} volumes key: got "kube-api-access"`, expected: 'a name other than "kube-api-access", the volume of the API token (apiAccess)' },
  { title: 'a sidecar mounting a volume inside the token directory', build: ctl({}, {
    volumes: { extra: Volume.emptyDir() },
    sidecars: [{ name: 'proxy', image: IMAGE, ports: [{ name: 'proxy', port: 8443 }], volumeMounts: [{ volume: 'extra', path: `${TOKEN_PATH}/extra` }] }],
  }), where: `${W} sidecars[0].volumeMounts[0].path: got "${TOKEN_PATH}/extra"`, expected: TAKEN },
  // The API server's addresses.
  { title: 'every address as the API server', build: ctl({ apiServer: { cidrs: ['0.0.0.0/0'] } }), where: `${W} apiAccess.apiServer.cidrs[0]: got "0.0.0.0/0"`,
    expected: 'the API server\'s own addresses, not every address (that would let the pods reach any host on this port)' },
  { title: 'no API server addresses', build: ctl({ apiServer: { cidrs: [] } }), where: `${W} apiAccess.apiServer.cidrs: got []`,
    expected: 'a list of at least one CIDR block of the API server\'s endpoints, e.g. ["10.0.0.0/16"]' },
  { title: 'a host name for the API server', build: ctl({ apiServer: { cidrs: ['api.example.com'] } }),
    where: `${W} apiAccess.apiServer.cidrs[0]: got "api.example.com"`, expected: 'a CIDR block such as "10.0.0.0/16" or "fd00::/8"' },
  { title: 'an API server port out of range', build: ctl({ apiServer: { cidrs: ['10.0.0.0/16'], port: 70000 } }),
    where: `${W} apiAccess.apiServer.port: got 70000`, expected: 'an integer port number from 1 to 65535' },
  // The kinds that run to completion check it the same way.
  { title: 'a Job without a reason', build: (s) => new Job(ops(s), 'ctl', { image: IMAGE, apiAccess: { rules: [readAccess('', ['configmaps'])] } as unknown as ApiAccess }),
    where: `${W} apiAccess.reason: got undefined`, expected: 'a reason why the pods call the Kubernetes API' },
  { title: 'a CronJob with a bad scope', build: (s) => new CronJob(ops(s), 'ctl', {
    image: IMAGE, schedule: '@hourly', apiAccess: { reason: REASON, rules: [readAccess('', ['configmaps'])], scope: 'Cluster' as 'cluster' },
  }), where: `${W} apiAccess.scope: got "Cluster"`, expected: '"namespace" (a Role and RoleBinding) or "cluster"' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

const good: AppDefinition = {
  name: 'good',
  description: 'a valid app synthesized before each bad one',
  build: (app) => ctl({ leaderElection: true })(new AppStack(app, 'good')),
};

describeBadInputs('apiAccess bad input is rejected at synth time with a clear error and no output', good, CASES);
