import { Construct } from 'constructs';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { CronJob } from '../../../lib/workloads/cron-job';
import { Job } from '../../../lib/workloads/job';
import { Probe } from '../../../lib/workloads/probe';
import { Worker } from '../../../lib/workloads/worker';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';

// Whatever a JavaScript caller passes anywhere in a workload's `apiAccess` (and the props around it), the workload
// answers with a ValidationError naming the field, or with output the strict schemas accept.

const IMAGE = 'ghcr.io/acme/controller:1.0.0';
const ops = (s: Construct) => new SecureNamespace(s, 'ops');

/** A full `apiAccess`: every option set, rules with names, the API server's addresses. */
const apiAccess = () => ({
  reason: 'reconciles DelayedJobs',
  rules: [
    { apiGroup: 'delayedresources.mydomain.com', resources: ['delayedjobs', 'delayedjobs/status'], verbs: ['get', 'list', 'watch', 'update'] },
    { apiGroup: '', resources: ['configmaps'], verbs: ['get', 'update'], resourceNames: ['ctl-state'] },
  ],
  scope: 'namespace',
  leaderElection: true,
  audience: 'https://kubernetes.default.svc',
  expirationSeconds: 7200,
  apiServer: { cidrs: ['10.0.0.0/16', '10.1.0.0/16'], port: 443 },
});

export const API_ACCESS_TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'Worker with apiAccess',
    props: () => ({ image: IMAGE, liveness: Probe.exec(['/healthz']), writablePaths: ['/tmp'], apiAccess: apiAccess() }),
    build: (s, props) => new Worker(ops(s), 'ctl', props),
    covers: ['Worker'],
  },
  {
    name: 'Job with cluster-wide apiAccess',
    props: () => ({ image: IMAGE, apiAccess: { reason: 'lists the nodes once', rules: [{ apiGroup: '', resources: ['nodes'], verbs: ['list'] }], scope: 'cluster' } }),
    build: (s, props) => new Job(ops(s), 'ctl', props),
    covers: ['Job'],
  },
  {
    name: 'CronJob with leader election only',
    props: () => ({ image: IMAGE, schedule: '*/5 * * * *', apiAccess: { reason: 'one run at a time', rules: [], leaderElection: true } }),
    build: (s, props) => new CronJob(ops(s), 'ctl', props),
    covers: ['CronJob'],
  },
];
