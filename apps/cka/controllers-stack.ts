import { Construct } from 'constructs';
import {
  AppStack, CronJob, DaemonSet, Job, Probe, ReplicaSet, SecureNamespace, Service, StatefulService, Tolerations, Volume, WebService, Worker,
} from '../../lib';
import { PLATFORM } from '../eks-platform/platform';
import { IMAGES, SMALL } from './images';

/** The notes' `pi` computation (2000 digits of pi with Perl's bignum). */
const PI = ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'];

/**
 * The CKA notes' controllers (seed-003a W1–W10): Deployments and their rollout knobs, a ReplicaSet, an HPA, a Job and
 * a CronJob, a StatefulSet with its headless Service, and a node agent DaemonSet.
 */
export class CkaControllersStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const ns = new SecureNamespace(this, 'cka-controllers');

    // W1 + W2: nginx-deployment (3 replicas) with the rollout knobs the notes explain; no Service in the notes.
    new Worker(ns, 'nginx-deployment', {
      image: IMAGES.nginx, containerName: 'nginx', replicas: 3, ports: [{ name: 'http', port: 8080 }], resources: SMALL,
      strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' },
      revisionHistoryLimit: 10,
      minReadySeconds: 5,
      progressDeadlineSeconds: 600,
      annotations: { 'kubernetes.io/change-cause': 'image updated to nginx-unprivileged 1.27.3' },
    });

    // W3: the plain canary: ten pods of v1.0.0 and one of v2.0.0 behind one Service, so about one request in eleven
    // reaches the new version. Both carry the Service's member label (the notes' shared `app: my-app`).
    const canary = (version: string, replicas: number) => new Worker(ns, `my-app-${version.split('.')[0]}`, {
      image: IMAGES.nginx, replicas, ports: [{ name: 'http', port: 8080 }], resources: SMALL,
      env: { VERSION: version }, labels: { ...Service.memberLabels('my-app'), version },
    });
    new Service(ns, 'my-app', { target: [canary('v1.0.0', 10), canary('v2.0.0', 1)], ports: [{ name: 'http', port: 80 }] });

    // W4: the guestbook frontend ReplicaSet.
    new ReplicaSet(ns, 'frontend', {
      image: IMAGES.guestbookFrontend, containerName: 'php-redis', replicas: 3, labels: { tier: 'frontend' },
      ports: [{ name: 'http', port: 80 }], resources: SMALL,
    });

    // W5: kubia scaled by CPU (2 to 5 pods at 30% of the request; the notes' minimum of 1 leaves no ready pod when that one is lost).
    new WebService(ns, 'kubia', {
      image: IMAGES.kubia, containerName: 'nodejs', containerPort: 8080,
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
      autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 30 },
    });

    // W6: the pi Job: 10 completions, 5 at a time, 4 retries, 100 s in all.
    new Job(ns, 'pi', {
      image: IMAGES.perl, command: PI, completions: 10, parallelism: 5, backoffLimit: 4, activeDeadlineSeconds: 100,
      resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } },
    });

    // W7: pi every minute (the notes rely on the default concurrencyPolicy, Allow).
    new CronJob(ns, 'pi-cron', {
      image: IMAGES.perl, command: PI, schedule: '*/1 * * * *', completions: 2, parallelism: 1, restartPolicy: 'OnFailure',
      concurrencyPolicy: 'Allow', timeZone: 'Etc/UTC',
      resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } },
    });

    // W8 + W9: the `web` StatefulSet, its governing headless Service `nginx`, and a 1 GiB claim per pod.
    new StatefulService(ns, 'web', {
      image: IMAGES.nginx, containerName: 'nginx', replicas: 3, ports: [{ name: 'web', port: 8080 }], resources: SMALL,
      headlessServiceName: 'nginx', clientService: false, terminationGracePeriodSeconds: 10,
      claims: [{ name: 'www', mountPath: '/usr/share/nginx/html', size: '1Gi', storageClassName: PLATFORM.storageClass }],
    });

    // W10: fluentd on every node, reading the node's logs; its namespace admits privileged pods, for that reason.
    const logging = new SecureNamespace(this, 'logging', {
      podSecurityLevel: 'privileged',
      weakerPodSecurity: { reason: 'fluentd reads every container log under the node\'s /var/log, as root' },
    });
    new DaemonSet(logging, 'fluentd-elasticsearch', {
      image: IMAGES.fluentd,
      labels: { 'k8s-app': 'fluentd-logging' },
      resources: { requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '200Mi' } },
      tolerations: Tolerations.controlPlane(),
      volumes: { varlog: Volume.hostPath('/var/log', { reason: 'the container logs of the node are under /var/log' }) },
      volumeMounts: [{ volume: 'varlog', path: '/var/log' }],
      writablePaths: ['/tmp', '/var/lib/fluentd'],
      hostAccess: { runAsRoot: true, reason: 'the node\'s container logs are readable by root only' },
      liveness: Probe.exec(['/bin/sh', '-c', 'pgrep -f fluentd']),
    });
  }
}
