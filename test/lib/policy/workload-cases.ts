import { PolicyTarget } from '../../../lib/policy/types';
import { ctr, deployment, k, obj, pdb, pod, service, workload } from './fixtures';

/** Objects that pass a container or workload check, objects that fail it, and a text the failure's message contains. */
interface CheckCase {
  readonly pass: PolicyTarget[];
  readonly fail: PolicyTarget[];
  readonly message: string;
}

/** A HorizontalPodAutoscaler "shop/web" of the Deployment web with these replica bounds (undefined: unset). */
export const autoscaler = (minReplicas: number | undefined, maxReplicas = 5, target = 'web') => obj('autoscaling/v2', 'HorizontalPodAutoscaler', target, 'shop', {
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, ...(minReplicas === undefined ? {} : { minReplicas }), maxReplicas },
});

/** The cases of the checks in lib/policy/checks/workloads.ts and of the container checks added with them. */
export const WORKLOAD_CASES: Record<string, CheckCase> = {
  'read-only-root-filesystem': {
    pass: k(deployment()),
    fail: k(deployment((d) => { ctr(d).securityContext.readOnlyRootFilesystem = false; })),
    message: 'container "web" has a writable root file system (readOnlyRootFilesystem is not true)',
  },
  'image-pull-policy': {
    pass: k(deployment((d) => { ctr(d).imagePullPolicy = 'IfNotPresent'; })),
    fail: k(deployment((d) => { ctr(d).imagePullPolicy = 'Never'; })),
    message: 'container "web" has imagePullPolicy Never: it cannot start on a node without the image',
  },
  'resources-ephemeral-storage': {
    pass: k(deployment()),
    fail: k(deployment((d) => { ctr(d).volumeMounts = [{ name: 'tmp', mountPath: '/tmp' }]; })),
    message: 'container "web" has emptyDir "tmp" without sizeLimit but no ephemeral-storage request or limit',
  },
  'container-ssh-port': {
    pass: k(deployment((d) => { ctr(d).ports.push({ name: 'sftp', containerPort: 2222 }); })),
    fail: k(deployment((d) => { ctr(d).ports.push({ name: 'ssh', containerPort: 22 }); })),
    message: 'container "web" declares port 22 ("ssh"), the SSH port',
  },
  'cronjob-starting-deadline': {
    pass: k(workload('CronJob')),
    fail: k(workload('CronJob', (d) => { delete d.spec.startingDeadlineSeconds; })),
    message: 'spec.startingDeadlineSeconds is not set',
  },
  'job-restart-policy': {
    pass: k(workload('Job'), workload('CronJob')),
    fail: k(workload('CronJob', (d) => { delete d.spec.jobTemplate.spec.template.spec.restartPolicy; })),
    message: 'the pod template\'s restartPolicy is unset (Always), not OnFailure or Never',
  },
  'job-ttl-after-finished': {
    pass: k(workload('Job'), workload('CronJob')),
    fail: k(workload('Job', (d) => { delete d.spec.ttlSecondsAfterFinished; })),
    message: 'spec.ttlSecondsAfterFinished is not set: the finished Job and its pods stay until deleted by hand',
  },
  'pod-service-account-field': {
    pass: k(deployment()),
    fail: k(deployment((d) => { pod(d).serviceAccount = 'web'; })),
    message: 'the pod sets the deprecated serviceAccount "web"',
  },
  'deployment-rolling-update': {
    pass: k(deployment((d) => { d.spec.strategy = { type: 'RollingUpdate' }; }), service()),
    fail: k(deployment((d) => { d.spec.strategy = { type: 'Recreate' }; }), service()),
    message: 'strategy "Recreate" stops every pod before starting new ones, while Service web sends them traffic',
  },
  'hpa-replicas': {
    pass: k(autoscaler(2)),
    fail: k(autoscaler(1)),
    message: 'minReplicas is 1: one lost pod leaves no ready replica',
  },
  'container-port-valid': {
    pass: k(deployment()),
    fail: k(deployment((d) => { ctr(d).ports.push({ name: 'metrics-exporter-port', containerPort: 9100 }); })),
    message: 'container "web" port "metrics-exporter-port": the name is not an IANA port name',
  },
  'topology-spread-valid': {
    pass: k(deployment()),
    fail: k(deployment((d) => { pod(d).topologySpreadConstraints[0].maxSkew = 0; })),
    message: 'topologySpreadConstraints[0]: maxSkew 0 is not an integer of at least 1',
  },
  'pdb-has-budget': {
    pass: k(pdb({ maxUnavailable: 1 })),
    fail: k(pdb({})),
    message: 'sets neither minAvailable nor maxUnavailable',
  },
};
