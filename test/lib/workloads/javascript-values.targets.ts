import { Construct } from 'constructs';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { Gateway } from '../../../lib/networking/gateway';
import { GatewayController } from '../../../lib/networking/gateway-controller';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { Autoscaler } from '../../../lib/workloads/autoscaler';
import { ConfigMap, ExistingConfigMap } from '../../../lib/workloads/config-map';
import { CronJob } from '../../../lib/workloads/cron-job';
import { DaemonSet } from '../../../lib/workloads/daemon-set';
import { DisruptionBudget } from '../../../lib/workloads/disruption-budget';
import { EnvValue } from '../../../lib/workloads/env-value';
import { MountSource } from '../../../lib/workloads/file-mount';
import { Job } from '../../../lib/workloads/job';
import { LifecycleAction } from '../../../lib/workloads/lifecycle';
import { Pod } from '../../../lib/workloads/pod';
import { PriorityClass } from '../../../lib/workloads/priority-class';
import { Probe } from '../../../lib/workloads/probe';
import { ReplicaSet } from '../../../lib/workloads/replica-set';
import { Tolerations } from '../../../lib/workloads/scheduling';
import { StatefulService } from '../../../lib/workloads/stateful-service';
import { Volume } from '../../../lib/workloads/volume';
import { WebService } from '../../../lib/workloads/web-service';
import { Worker } from '../../../lib/workloads/worker';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';

// Whatever a JavaScript caller passes to any prop or argument of the workload constructs, their methods and their
// static factories, they answer with a ValidationError naming the field, or with output the strict schemas accept.

const IMAGE = 'ghcr.io/acme/app:1.0.0';
const shop = (s: Construct): Construct => s.node.tryFindChild('shop') as Construct ?? new SecureNamespace(s, 'shop');
const logging = (s: Construct): Construct => new SecureNamespace(s, 'logging', {
  podSecurityLevel: 'privileged', weakerPodSecurity: { reason: 'the log agent reads the nodes\' logs' },
});
const secret = ExistingSecret.named('creds', { keys: ['token'] });
const settings = ExistingConfigMap.named('settings', { keys: ['level'] });

/** The container props every workload kind shares, as the value tests feed them. */
const container = () => ({
  image: IMAGE, command: ['/app'], args: ['--port', '8080'], workingDir: '/srv',
  env: { LEVEL: 'info' }, resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
  writablePaths: ['/tmp', { path: '/cache', sizeLimit: '1Gi' }], runAsUser: 1000, runAsGroup: 1000,
});
const CONTAINER_PATHS = ['image', 'command', 'command.0', 'args', 'workingDir', 'env', 'env.LEVEL', 'resources', 'resources.requests',
  'resources.requests.cpu', 'resources.requests.memory', 'resources.limits.memory', 'writablePaths', 'writablePaths.0',
  'writablePaths.1.path', 'writablePaths.1.sizeLimit', 'runAsUser', 'runAsGroup'];

/** The pod props every workload kind shares. */
const pod = () => ({
  podAnnotations: { team: 'shop' }, nodeSelector: { disk: 'ssd' }, terminationGracePeriodSeconds: 30, fsGroup: 1000,
  tolerations: [{ key: 'spot', operator: 'Equal', value: 'yes', effect: 'NoSchedule' }],
  nodeAffinity: { required: [[{ key: 'zone', operator: 'In', values: ['a'] }]], preferred: [{ weight: 5, requirements: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }] },
  podAntiAffinity: { preferred: [{ weight: 10, term: { topologyKey: 'kubernetes.io/hostname', labels: { app: 'x' } } }] },
  topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1 }], priorityClass: 'high', schedulerName: 'default-scheduler',
  dnsPolicy: 'ClusterFirst', dnsConfig: { searches: ['svc.cluster.local'], options: { ndots: '2' } }, hostAliases: [{ ip: '10.0.0.5', hostnames: ['db'] }],
  volumes: { scratch: Volume.emptyDir() }, volumeMounts: [{ volume: 'scratch', path: '/data', subPath: 'x' }],
  sidecars: [{ name: 'proxy', image: IMAGE, ports: [{ name: 'proxy', port: 9000 }] }], initContainers: [{ name: 'setup', image: IMAGE, command: ['/setup'] }],
  lifecycle: { preStop: LifecycleAction.sleep(5) },
});
const POD_PATHS = ['podAnnotations', 'nodeSelector', 'nodeSelector.disk', 'terminationGracePeriodSeconds', 'fsGroup', 'tolerations', 'tolerations.0',
  'tolerations.0.operator', 'tolerations.0.effect', 'nodeAffinity', 'nodeAffinity.required', 'nodeAffinity.required.0',
  'nodeAffinity.required.0.0', 'nodeAffinity.required.0.0.values', 'nodeAffinity.preferred.0.weight',
  'nodeAffinity.preferred.0.requirements', 'nodeAffinity.preferred.0.requirements.0.values', 'podAntiAffinity',
  'podAntiAffinity.preferred.0.term', 'podAntiAffinity.preferred.0.term.labels', 'topologySpread', 'topologySpread.0', 'topologySpread.0.maxSkew',
  'priorityClass', 'schedulerName', 'dnsPolicy', 'dnsConfig', 'dnsConfig.searches', 'dnsConfig.searches.0', 'dnsConfig.options', 'hostAliases',
  'hostAliases.0', 'hostAliases.0.ip', 'hostAliases.0.hostnames', 'hostAliases.0.hostnames.0', 'volumes', 'volumes.scratch', 'volumeMounts',
  'volumeMounts.0', 'volumeMounts.0.path', 'volumeMounts.0.subPath', 'sidecars', 'sidecars.0', 'sidecars.0.name', 'sidecars.0.ports',
  'sidecars.0.ports.0.port', 'initContainers', 'initContainers.0', 'initContainers.0.name', 'lifecycle', 'lifecycle.preStop'];

export const TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'WebService with an Ingress',
    props: () => ({
      ...container(), replicas: 3, containerPort: 8080, portName: 'web', servicePort: 80, mutatingPaths: ['/buy'],
      ingress: { host: 'shop.example.com', path: '/', controller: IngressController.TRAEFIK, annotations: { a: 'b' }, name: 'shop' },
      disruptionBudget: { maxUnavailable: 1 }, strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 }, annotations: { a: 'b' }, labels: { tier: 'web' },
    }),
    paths: ['replicas', 'containerPort', 'portName', 'servicePort', 'mutatingPaths', 'mutatingPaths.0', 'ingress',
      'ingress.host', 'ingress.path', 'ingress.controller', 'ingress.annotations', 'ingress.name', 'disruptionBudget', 'disruptionBudget.maxUnavailable',
      'strategy', 'strategy.maxSurge', 'annotations', 'deploymentName', 'serviceTargetPort', 'readiness'],
    build: (s, props) => new WebService(shop(s), 'web', props),
    covers: ['WebService', 'Workload'],
  },
  {
    name: 'WebService with a route and autoscaling',
    props: () => ({ image: IMAGE, route: { hostnames: ['shop.example.com'], path: '/', name: 'shop' }, autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 70 } }),
    paths: ['route', 'route.hostnames', 'route.hostnames.0', 'route.path', 'route.name', 'route.listener', 'autoscaling', 'autoscaling.minReplicas',
      'autoscaling.maxReplicas', 'autoscaling.cpuUtilization', 'autoscaling.memoryUtilization'],
    build: (s, props) => {
      const gateway = Gateway.existing('public', { namespace: 'gateways', controller: GatewayController.ENVOY_GATEWAY });
      const plain = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
      new WebService(shop(s), 'web', plain(props) && plain(props.route) ? { ...props, route: { gateway, ...props.route } } : props);
    },
    covers: ['Autoscaler'],
  },
  {
    name: 'StatefulService',
    props: () => ({
      ...container(), image: 'postgres:17.2', replicas: 3, ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
      claims: [{ name: 'data', mountPath: '/var/lib/postgresql', size: '10Gi', storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], subPath: 'pg' }],
      claimRetention: { whenDeleted: 'Retain', whenScaled: 'Delete', reason: 'replicas rebuild from the primary' }, headlessServiceName: 'db-peers',
      clientService: true, podManagementPolicy: 'Parallel', disruptionBudget: { minAvailable: 1 }, spread: true,
    }),
    paths: ['replicas', 'ports', 'ports.0', 'ports.0.name', 'ports.0.port', 'ports.0.protocol', 'claims', 'claims.0', 'claims.0.name',
      'claims.0.mountPath', 'claims.0.size', 'claims.0.storageClassName', 'claims.0.accessModes', 'claims.0.accessModes.0', 'claims.0.subPath',
      'claimRetention', 'claimRetention.whenDeleted', 'claimRetention.whenScaled', 'claimRetention.reason', 'headlessServiceName', 'clientService',
      'podManagementPolicy', 'disruptionBudget', 'disruptionBudget.minAvailable', 'spread'],
    build: (s, props) => new StatefulService(shop(s), 'db', props),
    covers: ['StatefulService', 'DisruptionBudget'],
  },
  {
    name: 'StatefulService.address',
    props: () => ({ portName: 'postgres' }),
    build: (s, props) => new StatefulService(shop(s), 'db', { image: 'postgres:17.2', ports: [{ name: 'postgres', port: 5432 }] }).address(props?.portName),
    covers: ['StatefulService.address'],
  },
  {
    name: 'Worker',
    props: () => ({
      ...container(), replicas: 2, ports: [{ name: 'metrics', port: 9100 }], strategy: { type: 'Recreate' }, revisionHistoryLimit: 3, minReadySeconds: 5,
      progressDeadlineSeconds: 600, withoutProbes: { reason: 'exits on failure' }, envFrom: [settings], envFromSecrets: [secret],
      shareProcessNamespace: false,
    }),
    paths: [...CONTAINER_PATHS, 'replicas', 'ports', 'ports.0', 'ports.0.name', 'strategy', 'strategy.type', 'revisionHistoryLimit', 'minReadySeconds',
      'progressDeadlineSeconds', 'withoutProbes', 'withoutProbes.reason', 'envFrom', 'envFrom.0', 'envFromSecrets', 'envFromSecrets.0', 'shareProcessNamespace',
      'imagePullSecrets', 'mounts', 'serviceAccount', 'containerName', 'allowWritableRootFilesystem', 'startup'],
    build: (s, props) => new Worker(shop(s), 'consumer', props),
    covers: ['Worker'],
  },
  {
    name: 'Job',
    props: () => ({
      ...container(), completions: 4, parallelism: 2, backoffLimit: 3, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 60, completionMode: 'Indexed',
      backoffLimitPerIndex: 1, restartPolicy: 'Never',
      podFailurePolicy: [{ action: 'FailIndex', onExitCodes: { container: 'migrate', operator: 'In', values: [42] } }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }],
    }),
    paths: ['completions', 'parallelism', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'completionMode',
      'backoffLimitPerIndex', 'restartPolicy', 'podFailurePolicy', 'podFailurePolicy.0', 'podFailurePolicy.0.action', 'podFailurePolicy.0.onExitCodes',
      'podFailurePolicy.0.onExitCodes.container', 'podFailurePolicy.0.onExitCodes.operator', 'podFailurePolicy.0.onExitCodes.values',
      'podFailurePolicy.0.onExitCodes.values.0', 'podFailurePolicy.1.onPodConditions', 'podFailurePolicy.1.onPodConditions.0',
      'podFailurePolicy.1.onPodConditions.0.type', 'ports'],
    build: (s, props) => new Job(shop(s), 'migrate', props),
    covers: ['Job'],
  },
  {
    name: 'CronJob',
    props: () => ({
      image: IMAGE, schedule: '0 3 * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Replace', startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 2, suspend: false, backoffLimit: 1,
    }),
    build: (s, props) => new CronJob(shop(s), 'backup', props),
    covers: ['CronJob'],
  },
  {
    name: 'DaemonSet',
    props: () => ({
      image: IMAGE, ports: [{ name: 'metrics', port: 9100 }], maxUnavailable: '10%', minReadySeconds: 5, revisionHistoryLimit: 3,
      hostAccess: { reason: 'reads node logs', network: false, pid: false, ipc: false, ports: false, privileged: false, capabilities: ['NET_ADMIN'], runAsRoot: true },
      volumes: { logs: Volume.hostPath('/var/log', { reason: 'container logs', type: 'Directory' }) }, volumeMounts: [{ volume: 'logs', path: '/var/log', readOnly: true }],
      tolerations: Tolerations.controlPlane(),
    }),
    build: (s, props) => new DaemonSet(logging(s), 'agent', props),
    covers: ['DaemonSet', 'Tolerations', 'Tolerations.controlPlane', 'Tolerations.everyTaint', 'Volume.hostPath'],
  },
  {
    name: 'Pod with every pod prop',
    props: () => ({ ...container(), ...pod(), withoutProbes: { reason: 'a debugging shell' } }),
    paths: POD_PATHS,
    build: (s, props) => new Pod(shop(s), 'debug', props),
  },
  {
    name: 'Pod',
    props: () => ({ image: IMAGE, restartPolicy: 'Never', activeDeadlineSeconds: 60, ports: [{ name: 'http', port: 8080 }] }),
    build: (s, props) => new Pod(shop(s), 'shell', props),
    covers: ['Pod'],
  },
  {
    name: 'ReplicaSet',
    props: () => ({ image: IMAGE, replicas: 2, minReadySeconds: 5, ports: [{ name: 'http', port: 8080 }], spread: false }),
    build: (s, props) => new ReplicaSet(shop(s), 'frontend', props),
    covers: ['ReplicaSet'],
  },
  {
    name: 'ConfigMap',
    props: () => ({ data: { level: 'info', 'app-yaml': 'a: 1' }, binaryData: { blob: 'AAEC' }, immutable: true, labels: { a: 'b' }, name: 'settings' }),
    build: (s, props) => new ConfigMap(shop(s), 'settings', props),
    covers: ['ConfigMap'],
  },
  {
    name: 'PriorityClass',
    props: () => ({ value: 1000, description: 'Customer-facing services.', preemptionPolicy: 'PreemptLowerPriority', globalDefault: false, name: 'high', labels: { a: 'b' } }),
    build: (s, props) => new PriorityClass(s, 'high', props),
    covers: ['PriorityClass'],
  },
  {
    name: 'Autoscaler',
    covers: ['Autoscaler'],
    props: () => ({
      name: 'web', namespace: 'shop', minReplicas: 2, maxReplicas: 6, cpuUtilization: 70, memoryUtilization: 80,
      target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, labels: { a: 'b' },
    }),
    build: (s, props) => new Autoscaler(s, 'hpa', props),
  },
  {
    name: 'DisruptionBudget',
    covers: ['DisruptionBudget'],
    props: () => ({ name: 'web', namespace: 'shop', selector: { app: 'web' }, maxUnavailable: '25%', replicas: 4, labels: { a: 'b' } }),
    build: (s, props) => new DisruptionBudget(s, 'pdb', props),
  },
  {
    name: 'EnvValue factories',
    props: () => ({
      value: 'info', options: { notSecret: { reason: 'a public id' } }, secretKey: 'token', configMapKey: 'level', fieldPath: 'status.podIP',
      resource: 'limits.memory', resourceOptions: { container: 'app', divisor: '1Mi' },
    }),
    build: (s, p) => new Job(shop(s), 'app', {
      image: IMAGE,
      env: {
        PUBLIC_TOKEN: EnvValue.fromValue(p?.value, p?.options), API_TOKEN: EnvValue.fromSecret(secret, p?.secretKey),
        LEVEL: EnvValue.fromConfigMap(settings, p?.configMapKey, p?.options), POD_IP: EnvValue.fromFieldPath(p?.fieldPath),
        HEAP: EnvValue.fromResource(p?.resource, p?.resourceOptions),
      },
    }),
    covers: ['EnvValue', 'EnvValue.fromValue', 'EnvValue.fromSecret', 'EnvValue.fromConfigMap', 'EnvValue.fromFieldPath', 'EnvValue.fromResource'],
  },
  {
    name: 'EnvValue sources',
    props: () => ({ secret, configMap: settings }),
    build: (s, p) => new Job(shop(s), 'app', {
      image: IMAGE, env: { A_TOKEN: EnvValue.fromSecret(p?.secret, 'token'), LEVEL: EnvValue.fromConfigMap(p?.configMap, 'level') },
    }),
  },
  {
    name: 'Probe factories',
    props: () => ({ port: 'http', number: 8080, path: '/healthz', command: ['/check'], options: { initialDelaySeconds: 1, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 3 } }),
    build: (s, p) => new Worker(shop(s), 'app', {
      image: IMAGE, ports: [{ name: 'http', port: 8080 }],
      readiness: Probe.http(p?.path, p?.port, p?.options), liveness: Probe.tcp(p?.number, p?.options), startup: Probe.https(p?.path, p?.number, p?.options),
      sidecars: [{ name: 'side', image: IMAGE, ports: [], liveness: Probe.exec(p?.command, p?.options) }],
    }),
    covers: ['Probe', 'Probe.tcp', 'Probe.http', 'Probe.https', 'Probe.exec'],
  },
  {
    name: 'LifecycleAction factories',
    props: () => ({ command: ['/drain'], path: '/drain', port: 'http', seconds: 5 }),
    build: (s, p) => new Worker(shop(s), 'app', {
      image: IMAGE, ports: [{ name: 'http', port: 8080 }],
      lifecycle: { postStart: LifecycleAction.exec(p?.command), preStop: LifecycleAction.httpGet(p?.path, p?.port) },
      sidecars: [{ name: 'side', image: IMAGE, ports: [{ name: 'side', port: 9000 }], lifecycle: { preStop: LifecycleAction.sleep(p?.seconds) } }],
    }),
    covers: ['LifecycleAction', 'LifecycleAction.exec', 'LifecycleAction.httpGet', 'LifecycleAction.sleep'],
  },
  {
    name: 'Volume factories',
    props: () => ({
      claim: 'data', claimOptions: { readOnly: true }, emptyDir: { sizeLimit: '1Gi', medium: 'Memory' }, token: { audience: 'vault', expirationSeconds: 3600, fileName: 'token' },
      files: { labels: { fieldPath: 'metadata.labels' }, cpu: { resource: 'limits.cpu', container: 'app' } },
    }),
    build: (s, p) => new Worker(shop(s), 'app', {
      image: IMAGE, replicas: 1, strategy: { type: 'Recreate' }, ports: [{ name: 'http', port: 8080 }],
      volumes: {
        data: Volume.claim(p?.claim, p?.claimOptions), scratch: Volume.emptyDir(p?.emptyDir), vault: Volume.serviceAccountToken(p?.token), meta: Volume.downwardApi(p?.files),
      },
      volumeMounts: [{ volume: 'data', path: '/data' }, { volume: 'scratch', path: '/scratch' }, { volume: 'vault', path: '/vault' }, { volume: 'meta', path: '/meta' }],
    }),
    covers: ['Volume', 'Volume.claim', 'Volume.emptyDir', 'Volume.serviceAccountToken', 'Volume.downwardApi'],
  },
  {
    name: 'Volume.hostPath',
    props: () => ({ path: '/var/log', options: { reason: 'logs', type: 'Directory' } }),
    build: (s, p) => new DaemonSet(logging(s), 'agent', {
      image: IMAGE, ports: [{ name: 'metrics', port: 9100 }],
      volumes: { logs: Volume.hostPath(p?.path, p?.options) }, volumeMounts: [{ volume: 'logs', path: '/logs' }],
    }),
  },
  {
    name: 'MountSource factories',
    props: () => ({ configMap: 'settings', secret: 'creds', options: { items: { level: 'level.txt' }, defaultMode: 0o440 }, path: '/etc/app', subPath: 'level.txt' }),
    build: (s, p) => new Job(shop(s), 'app', {
      image: IMAGE,
      mounts: [
        { path: p?.path, source: MountSource.configMap(p?.configMap, p?.options), subPath: p?.subPath },
        { path: '/etc/creds', source: MountSource.secret(p?.secret, p?.options) },
      ],
    }),
    covers: ['MountSource', 'MountSource.configMap', 'MountSource.secret'],
  },
  {
    name: 'ExistingConfigMap.named',
    props: () => ({ name: 'settings', options: { keys: ['level'] } }),
    build: (s, p) => new Job(shop(s), 'app', { image: IMAGE, envFrom: [ExistingConfigMap.named(p?.name, p?.options)] }),
    covers: ['ExistingConfigMap', 'ExistingConfigMap.named'],
  },
];
