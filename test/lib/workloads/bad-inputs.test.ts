import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ServiceAccount } from '../../../lib/security/service-account';
import { CronJob, CronJobProps } from '../../../lib/workloads/cron-job';
import { DaemonSet, DaemonSetProps } from '../../../lib/workloads/daemon-set';
import { Job, JobProps } from '../../../lib/workloads/job';
import { LifecycleAction } from '../../../lib/workloads/lifecycle';
import { Pod, PodProps } from '../../../lib/workloads/pod';
import { PriorityClass, PriorityClassProps } from '../../../lib/workloads/priority-class';
import { Probe } from '../../../lib/workloads/probe';
import { ReplicaSet, ReplicaSetProps } from '../../../lib/workloads/replica-set';
import { Volume } from '../../../lib/workloads/volume';
import { Worker, WorkerProps } from '../../../lib/workloads/worker';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

const IMAGE = 'ghcr.io/acme/app:1.0.0';
const ns = (s: Construct) => new SecureNamespace(s, 'apps');
// Bad values are passed as they would come from JavaScript: the cast lets the table hold what TypeScript refuses.
const job = (s: Construct, p: Partial<JobProps> | object) => new Job(ns(s), 'pi', { image: IMAGE, ...p } as JobProps);
const cron = (s: Construct, p: Partial<CronJobProps> | object) => new CronJob(ns(s), 'nightly', { image: IMAGE, schedule: '0 3 * * *', ...p } as CronJobProps);
const agent = (s: Construct, p: Partial<DaemonSetProps> | object) =>
  new DaemonSet(ns(s), 'agent', { image: IMAGE, ports: [{ name: 'metrics', port: 9100 }], ...p } as DaemonSetProps);
const worker = (s: Construct, p: Partial<WorkerProps> | object) => new Worker(ns(s), 'consumer', { image: IMAGE, liveness: Probe.exec(['/check']), ...p } as WorkerProps);
const pod = (s: Construct, p: Partial<PodProps> | object) => new Pod(ns(s), 'shell', { image: IMAGE, restartPolicy: 'Never', ...p } as PodProps);
const rs = (s: Construct, p: Partial<ReplicaSetProps> | object) => new ReplicaSet(ns(s), 'frontend', { image: IMAGE, ports: [{ name: 'http', port: 80 }], ...p } as ReplicaSetProps);
const pc = (s: Construct, p: Partial<PriorityClassProps> | object) => new PriorityClass(s, 'high', { value: 1000, description: 'Customer-facing.', ...p } as PriorityClassProps);
const req = (key: string, operator: string, values?: string[]) => ({ key, operator, values }) as any;

const J = '[bad/apps/pi]';
const C = '[bad/apps/nightly]';
const D = '[bad/apps/agent]';
const W = '[bad/apps/consumer]';
const P = '[bad/apps/shell]';

const CASES: BadInput[] = ([
  // Job
  { title: 'Job completions 0', build: (s) => job(s, { completions: 0 }), where: `${J} completions: got 0`, expected: 'an integer from 1 to 100000' },
  { title: 'Job negative parallelism', build: (s) => job(s, { parallelism: -1 }), where: `${J} parallelism: got -1`, expected: 'an integer from 0 to 100000' },
  { title: 'Job fractional backoffLimit', build: (s) => job(s, { backoffLimit: 2.5 }), where: `${J} backoffLimit: got 2.5`, expected: 'an integer from 0 to 10000' },
  { title: 'Job activeDeadlineSeconds 0', build: (s) => job(s, { activeDeadlineSeconds: 0 }), where: `${J} activeDeadlineSeconds: got 0`, expected: 'an integer >= 1' },
  { title: 'Job negative ttl', build: (s) => job(s, { ttlSecondsAfterFinished: -1 }), where: `${J} ttlSecondsAfterFinished: got -1`, expected: 'an integer >= 0' },
  { title: 'Job completionMode "Ordered"', build: (s) => job(s, { completionMode: 'Ordered' }), where: `${J} completionMode: got "Ordered"`, expected: '"NonIndexed" or "Indexed"' },
  { title: 'Job restartPolicy Always', build: (s) => job(s, { restartPolicy: 'Always' }), where: `${J} restartPolicy: got "Always"`, expected: '"Never" or "OnFailure" (a Job\'s pods run to completion)' },
  { title: 'podFailurePolicy with restartPolicy OnFailure', build: (s) => job(s, { restartPolicy: 'OnFailure', podFailurePolicy: [{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget' }] }] }),
    where: `${J} podFailurePolicy: got [{"action":"FailJob","onPodConditions":[{"type":"DisruptionTarget"}]}]`, expected: 'no podFailurePolicy with restartPolicy "OnFailure" (Kubernetes requires "Never")' },
  { title: 'FailIndex without Indexed', build: (s) => job(s, { backoffLimitPerIndex: 1, podFailurePolicy: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] }),
    where: `${J} podFailurePolicy[0].action: got "FailIndex"`, expected: 'FailIndex only with completionMode "Indexed"' },
  { title: 'FailIndex without backoffLimitPerIndex', build: (s) => job(s, { completionMode: 'Indexed', completions: 3, podFailurePolicy: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] }),
    where: `${J} podFailurePolicy[0].action: got "FailIndex"`, expected: 'FailIndex only with backoffLimitPerIndex set (Kubernetes requires it)' },
  { title: 'onExitCodes In [0]', build: (s) => job(s, { podFailurePolicy: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [0, 1] } }] }),
    where: `${J} podFailurePolicy[0].onExitCodes.values: got [0,1]`, expected: 'no 0 with operator "In" (0 is success)' },
  { title: 'exit code 256', build: (s) => job(s, { podFailurePolicy: [{ action: 'Ignore', onExitCodes: { operator: 'NotIn', values: [256] } }] }),
    where: `${J} podFailurePolicy[0].onExitCodes.values: got [256]`, expected: '1 to 255 distinct exit codes from 0 to 255' },
  { title: 'a rule with exit codes and pod conditions', build: (s) => job(s, { podFailurePolicy: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [2] }, onPodConditions: [{ type: 'DisruptionTarget' }] }] }),
    where: `${J} podFailurePolicy[0]: got {"action":"Ignore","onExitCodes":{"operator":"In","values":[2]},"onPodConditions":[{"type":"DisruptionTarget"}]}`, expected: 'exactly one of onExitCodes and onPodConditions' },
  { title: 'rule action "Retry"', build: (s) => job(s, { podFailurePolicy: [{ action: 'Retry', onPodConditions: [{ type: 'DisruptionTarget' }] }] }),
    where: `${J} podFailurePolicy[0].action: got "Retry"`, expected: 'one of FailJob, FailIndex, Ignore, Count' },
  { title: 'onExitCodes of a container the pod lacks', build: (s) => job(s, { podFailurePolicy: [{ action: 'FailJob', onExitCodes: { container: 'main', operator: 'In', values: [3] } }] }),
    where: `${J} podFailurePolicy[0].onExitCodes.container: got "main"`, expected: 'the name of a container of the pod (pi)' },
  { title: 'pod condition status "Maybe"', build: (s) => job(s, { podFailurePolicy: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'Maybe' }] }] }),
    where: `${J} podFailurePolicy[0].onPodConditions[0].status: got "Maybe"`, expected: '"True", "False" or "Unknown"' },
  { title: 'Indexed without completions', build: (s) => job(s, { completionMode: 'Indexed' }),
    where: `${J} completions: got undefined`, expected: 'a number of completions when completionMode is "Indexed"' },
  { title: 'backoffLimitPerIndex without Indexed', build: (s) => job(s, { backoffLimitPerIndex: 2 }),
    where: `${J} backoffLimitPerIndex: got 2`, expected: 'no backoffLimitPerIndex unless completionMode is "Indexed"' },
  { title: 'Job prop typo', build: (s) => job(s, { completion: 10 }), where: `${J} completion: got 10`, expected: 'a known prop (did you mean "completions"?)' },
  // CronJob
  { title: 'schedule with 6 fields', build: (s) => cron(s, { schedule: '0 0 3 * * *' }), where: `${C} schedule: got "0 0 3 * * *"`,
    expected: 'a cron schedule such as "0 3 * * *" or "@daily" (6 fields instead of 5 (minute hour day-of-month month day-of-week))' },
  { title: 'schedule minute 61', build: (s) => cron(s, { schedule: '61 * * * *' }), where: `${C} schedule: got "61 * * * *"`,
    expected: 'a cron schedule such as "0 3 * * *" or "@daily" (minute "61" is not a value or range within 0-59)' },
  { title: 'timeZone "Mars/Base"', build: (s) => cron(s, { timeZone: 'Mars/Base' }), where: `${C} timeZone: got "Mars/Base"`, expected: 'an IANA time zone such as "Europe/Berlin" or "Etc/UTC"' },
  { title: 'timeZone in the wrong case', build: (s) => cron(s, { timeZone: 'europe/berlin' }), where: `${C} timeZone: got "europe/berlin"`, expected: 'an IANA time zone such as "Europe/Berlin"' },
  { title: 'startingDeadlineSeconds 5', build: (s) => cron(s, { startingDeadlineSeconds: 5 }), where: `${C} startingDeadlineSeconds: got 5`, expected: 'an integer >= 10' },
  { title: 'concurrencyPolicy "Skip"', build: (s) => cron(s, { concurrencyPolicy: 'Skip' }), where: `${C} concurrencyPolicy: got "Skip"`, expected: '"Allow", "Forbid" or "Replace"' },
  { title: 'negative history limit', build: (s) => cron(s, { successfulJobsHistoryLimit: -1 }), where: `${C} successfulJobsHistoryLimit: got -1`, expected: 'an integer from 0 to 100' },
  { title: 'CronJob name over 52 characters', build: (s) => cron(s, { name: `n${'x'.repeat(52)}` }), where: `${C} name: got "n${'x'.repeat(52)}"`,
    expected: 'at most 52 characters (the CronJob controller appends 11 characters to name its Jobs)' },
  { title: 'CronJob prop typo', build: (s) => cron(s, { timezone: 'UTC' }), where: `${C} timezone: got "UTC"`, expected: 'a known prop (did you mean "timeZone"?)' },
  // DaemonSet and host access
  { title: 'DaemonSet maxUnavailable 0', build: (s) => agent(s, { maxUnavailable: 0 }), where: `${D} maxUnavailable: got 0`, expected: 'a count of at least 1 or a percentage such as "10%"' },
  { title: 'DaemonSet maxUnavailable "0%"', build: (s) => agent(s, { maxUnavailable: '0%' }), where: `${D} maxUnavailable: got "0%"`, expected: 'a count of at least 1 or a percentage' },
  { title: 'capability with the CAP_ prefix', build: (s) => agent(s, { hostAccess: { reason: 'routes', capabilities: ['CAP_NET_ADMIN'] } }),
    where: `${D} hostAccess.capabilities[0]: got "CAP_NET_ADMIN"`, expected: 'a capability name without the "CAP_" prefix, such as "NET_ADMIN"' },
  { title: 'host access without a reason', build: (s) => agent(s, { hostAccess: { reason: ' ', network: true } }),
    where: `${D} hostAccess.reason: got " "`, expected: 'a reason why the pods need the node' },
  { title: 'runAsRoot with runAsUser 1000', build: (s) => agent(s, { runAsUser: 1000, hostAccess: { reason: 'reads logs', runAsRoot: true } }),
    where: `${D} runAsUser: got 1000`, expected: 'no other user when hostAccess.runAsRoot is set' },
  { title: 'host access prop typo', build: (s) => agent(s, { hostAccess: { reason: 'cni', netwrok: true } }),
    where: `${D} hostAccess.netwrok: got true`, expected: 'a known prop (did you mean "network"?)' },
  { title: 'DaemonSet activeDeadlineSeconds', build: (s) => agent(s, { activeDeadlineSeconds: 60 }),
    where: `${D} activeDeadlineSeconds: got 60`, expected: 'no activeDeadlineSeconds: the pods of a Deployment, ReplicaSet, StatefulSet or DaemonSet run until replaced' },
  { title: 'shareProcessNamespace with the host PID namespace', build: (s) => agent(s, { shareProcessNamespace: true, hostAccess: { reason: 'process monitor', pid: true } }),
    where: `${D} shareProcessNamespace: got true`, expected: 'false when hostAccess.pid is set' },
  { title: 'DaemonSet prop typo', build: (s) => agent(s, { toleration: [] }), where: `${D} toleration: got []`, expected: 'a known prop (did you mean "tolerations"?)' },
  // Volumes
  { title: 'volumeMounts of an undeclared volume', build: (s) => job(s, { volumeMounts: [{ volume: 'cache', path: '/cache' }] }),
    where: `${J} volumeMounts[0].volume: got "cache"`, expected: 'the name of one of the pod\'s volumes (none declared: add them to `volumes`)' },
  { title: 'hostPath without a reason', build: (s) => agent(s, { volumes: { logs: Volume.hostPath('/var/log', { reason: '' }) } }),
    where: `${D} volumes.logs.reason: got ""`, expected: 'a reason why the pod needs the node\'s file system' },
  { title: 'hostPath relative path', build: (s) => agent(s, { volumes: { logs: Volume.hostPath('var/log', { reason: 'logs' }) } }),
    where: `${D} volumes.logs.path: got "var/log"`, expected: 'an absolute path' },
  { title: 'hostPath type "Dir"', build: (s) => agent(s, { volumes: { logs: Volume.hostPath('/var/log', { reason: 'logs', type: 'Dir' as any }) } }),
    where: `${D} volumes.logs.type: got "Dir"`, expected: 'one of Directory, DirectoryOrCreate, File' },
  { title: 'emptyDir medium "Disk"', build: (s) => job(s, { volumes: { cache: Volume.emptyDir({ medium: 'Disk' as any }) } }),
    where: `${J} volumes.cache.medium: got "Disk"`, expected: '"Memory", or no medium (the node\'s disk)' },
  { title: 'emptyDir size in "GB"', build: (s) => job(s, { volumes: { cache: Volume.emptyDir({ sizeLimit: '1GB' }) } }),
    where: `${J} volumes.cache.sizeLimit: got "1GB"`, expected: 'a positive Kubernetes quantity' },
  { title: 'token that expires within 10 minutes', build: (s) => job(s, { volumes: { vault: Volume.serviceAccountToken({ audience: 'vault', expirationSeconds: 60 }) } }),
    where: `${J} volumes.vault.expirationSeconds: got 60`, expected: 'an integer from 600 to 4294967295' },
  { title: 'token audience with a space', build: (s) => job(s, { volumes: { vault: Volume.serviceAccountToken({ audience: 'my vault' }) } }),
    where: `${J} volumes.vault.audience: got "my vault"`, expected: 'an audience without spaces' },
  { title: 'downward API volume of spec.nodeName', build: (s) => job(s, { volumes: { info: Volume.downwardApi({ node: { fieldPath: 'spec.nodeName' } }) } }),
    where: `${J} volumes.info["node"].fieldPath: got "spec.nodeName"`, expected: 'metadata.name, metadata.namespace, metadata.uid, metadata.labels or metadata.annotations' },
  { title: 'downward API resource "limits.gpu"', build: (s) => job(s, { volumes: { info: Volume.downwardApi({ gpu: { resource: 'limits.gpu' } }) } }),
    where: `${J} volumes.info["gpu"].resource: got "limits.gpu"`, expected: 'one of limits.cpu, limits.memory' },
  { title: 'downward API file with ".."', build: (s) => job(s, { volumes: { info: Volume.downwardApi({ '../escape': { fieldPath: 'metadata.name' } }) } }),
    where: `${J} volumes.info file: got "../escape"`, expected: 'a relative file name without ".."' },
  { title: 'a volume named like a writable path\'s', build: (s) => job(s, { volumes: { tmp: Volume.emptyDir() } }),
    where: `${J} volumes key: got "tmp"`, expected: 'a name that no writable path, file mount or claim of the pod uses (taken: tmp)' },
  { title: 'a volume that is not a Volume', build: (s) => job(s, { volumes: { cache: { emptyDir: {} } as any } }),
    where: `${J} volumes.cache: got {"emptyDir":{}}`, expected: 'a Volume, e.g. Volume.emptyDir()' },
  // Containers and the pod
  { title: 'a probe that is not a Probe (plain JavaScript)', build: (s) => job(s, { ports: [{ name: 'http', port: 8080 }], liveness: { httpGet: { path: '/' } } as any }),
    where: `${J} liveness: got {"httpGet":{"path":"/"}}`, expected: 'a Probe, e.g. Probe.http("/healthz", "http") or Probe.exec([...])' },
  { title: 'a hook that is not a LifecycleAction (plain JavaScript)', build: (s) => job(s, { lifecycle: { preStop: { exec: ['true'] } } as any }),
    where: `${J} lifecycle.preStop: got {"exec":["true"]}`, expected: 'a LifecycleAction, e.g. LifecycleAction.exec([...]) or LifecycleAction.sleep(5)' },
  { title: 'probe on an init container', build: (s) => job(s, { initContainers: [{ name: 'setup', image: IMAGE, readiness: Probe.exec(['true']) } as any] }),
    where: `${J} initContainers[0].readiness: got {"handler":{"kind":"exec","command":["true"]},"options":{}}`, expected: 'no probe: an init container runs to completion before the others start' },
  { title: 'lifecycle on an init container', build: (s) => job(s, { initContainers: [{ name: 'setup', image: IMAGE, lifecycle: { preStop: LifecycleAction.sleep(1) } } as any] }),
    where: `${J} initContainers[0].lifecycle: got {"preStop":{"action":{"kind":"sleep","seconds":1}}}`, expected: 'no lifecycle hooks on an init container' },
  { title: 'init container named like the main one', build: (s) => job(s, { initContainers: [{ name: 'pi', image: IMAGE }] }),
    where: `${J} containers[1]: got "pi"`, expected: 'a container name that is not already used in containers' },
  { title: 'long-running Worker without ports, probes or withoutProbes', build: (s) => worker(s, { liveness: undefined }),
    where: `${W} liveness: got undefined`, expected: 'a probe (a container "consumer" without ports gets no default probe; use Probe.exec([...])), or withoutProbes: { reason } saying why it needs none' },
  { title: 'a sidecar without ports or probes is named by its own index', build: (s) => worker(s, { liveness: undefined, sidecars: [{ name: 'agent', image: IMAGE, ports: [] }] }),
    where: `${W} sidecars[0].liveness: got undefined`, expected: 'a probe (a container "agent" without ports gets no default probe' },
  { title: 'withoutProbes with an empty reason', build: (s) => worker(s, { liveness: undefined, withoutProbes: { reason: '' } }),
    where: `${W} withoutProbes.reason: got ""`, expected: 'a non-empty reason' },
  { title: 'imagePullSecrets of an untyped ExistingSecret', build: (s) => worker(s, { imagePullSecrets: [ExistingSecret.named('registry')] }),
    where: `${W} imagePullSecrets[0]: got "registry"`, expected: 'a Secret of type kubernetes.io/dockerconfigjson' },
  { title: 'dnsPolicy None without name servers', build: (s) => worker(s, { dnsPolicy: 'None' }),
    where: `${W} dnsConfig.nameservers: got undefined`, expected: 'at least one name server when dnsPolicy is "None"' },
  { title: 'dnsPolicy ClusterFirstWithHostNet', build: (s) => worker(s, { dnsPolicy: 'ClusterFirstWithHostNet' }),
    where: `${W} dnsPolicy: got "ClusterFirstWithHostNet"`, expected: '"ClusterFirst", "Default", "None"' },
  { title: 'four name servers', build: (s) => worker(s, { dnsPolicy: 'None', dnsConfig: { nameservers: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'] } }),
    where: `${W} dnsConfig.nameservers: got ["10.0.0.1","10.0.0.2","10.0.0.3","10.0.0.4"]`, expected: 'at most 3 name servers' },
  { title: 'host alias with a bad IP', build: (s) => worker(s, { hostAliases: [{ ip: '10.0.0.256', hostnames: ['db'] }] }),
    where: `${W} hostAliases[0].ip: got "10.0.0.256"`, expected: 'an IPv4 or IPv6 address' },
  { title: 'host alias without host names', build: (s) => worker(s, { hostAliases: [{ ip: '10.0.0.5', hostnames: [] }] }),
    where: `${W} hostAliases[0].hostnames: got []`, expected: 'at least one host name' },
  { title: 'relative workingDir', build: (s) => worker(s, { workingDir: 'srv' }), where: `${W} workingDir: got "srv"`, expected: 'an absolute path' },
  { title: 'Worker activeDeadlineSeconds', build: (s) => worker(s, { activeDeadlineSeconds: 600 }),
    where: `${W} activeDeadlineSeconds: got 600`, expected: 'no activeDeadlineSeconds' },
  { title: 'Pod activeDeadlineSeconds 0', build: (s) => pod(s, { activeDeadlineSeconds: 0 }), where: `${P} activeDeadlineSeconds: got 0`, expected: 'an integer >= 1' },
  { title: 'Pod restartPolicy "Sometimes"', build: (s) => pod(s, { restartPolicy: 'Sometimes' }),
    where: `${P} restartPolicy: got "Sometimes"`, expected: '"Always", "OnFailure" or "Never"' },
  { title: 'negative terminationGracePeriodSeconds', build: (s) => pod(s, { terminationGracePeriodSeconds: -1 }),
    where: `${P} terminationGracePeriodSeconds: got -1`, expected: 'an integer >= 0' },
  { title: 'podAnnotations key with a space', build: (s) => pod(s, { podAnnotations: { 'bad key': 'x' } }), where: `${P} podAnnotations key: got "bad key"`, expected: 'an annotation key' },
  // Lifecycle
  { title: 'sleep longer than the grace period', build: (s) => worker(s, { lifecycle: { preStop: LifecycleAction.sleep(60) } }),
    where: `${W} lifecycle.preStop.seconds: got 60`, expected: 'at most the pod\'s terminationGracePeriodSeconds (30)' },
  { title: 'sleep of 0 seconds', build: (s) => worker(s, { lifecycle: { preStop: LifecycleAction.sleep(0) } }),
    where: `${W} lifecycle.preStop.seconds: got 0`, expected: 'an integer from 1 to 3600' },
  { title: 'exec hook without a command', build: (s) => worker(s, { lifecycle: { postStart: LifecycleAction.exec([]) } }),
    where: `${W} lifecycle.postStart.command: got []`, expected: 'a non-empty list of non-empty strings' },
  { title: 'HTTP hook on an unknown port name', build: (s) => worker(s, { lifecycle: { preStop: LifecycleAction.httpGet('/drain', 'admin') } }),
    where: `${W} lifecycle.preStop.port: got "admin"`, expected: 'a port number or one of the container\'s port names (none defined)' },
  { title: 'HTTP hook path without a slash', build: (s) => worker(s, { ports: [{ name: 'http', port: 8080 }], lifecycle: { preStop: LifecycleAction.httpGet('drain', 'http') } }),
    where: `${W} lifecycle.preStop.path: got "drain"`, expected: 'an absolute HTTP path' },
  { title: 'lifecycle hook typo', build: (s) => worker(s, { lifecycle: { prestop: 'sleep 5' } }),
    where: `${W} lifecycle.prestop: got "sleep 5"`, expected: 'a known prop (did you mean "preStop"?); the props are postStart, preStop' },
  // Scheduling
  { title: 'Gt with two values', build: (s) => worker(s, { nodeAffinity: { required: [[req('cores', 'Gt', ['4', '8'])]] } }),
    where: `${W} nodeAffinity.required[0][0].values: got ["4","8"]`, expected: 'exactly one integer value with operator Gt' },
  { title: 'Lt with a non-integer', build: (s) => worker(s, { nodeAffinity: { preferred: [{ weight: 5, requirements: [req('cores', 'Lt', ['many'])] }] } }),
    where: `${W} nodeAffinity.preferred[0].requirements[0].values: got ["many"]`, expected: 'exactly one integer value with operator Lt' },
  { title: 'Exists with values', build: (s) => worker(s, { nodeAffinity: { required: [[req('gpu', 'Exists', ['true'])]] } }),
    where: `${W} nodeAffinity.required[0][0].values: got ["true"]`, expected: 'no values with operator Exists' },
  { title: 'In without values', build: (s) => worker(s, { nodeAffinity: { required: [[req('disktype', 'In')]] } }),
    where: `${W} nodeAffinity.required[0][0].values: got undefined`, expected: 'at least one value with operator In' },
  { title: 'node operator "Equals"', build: (s) => worker(s, { nodeAffinity: { required: [[req('disktype', 'Equals', ['ssd'])]] } }),
    where: `${W} nodeAffinity.required[0][0].operator: got "Equals"`, expected: 'one of In, NotIn, Exists, DoesNotExist, Gt, Lt' },
  { title: 'empty required node term', build: (s) => worker(s, { nodeAffinity: { required: [[]] } }),
    where: `${W} nodeAffinity.required[0]: got []`, expected: 'a non-empty list of requirements (they are ANDed)' },
  { title: 'Gt in a pod affinity term', build: (s) => worker(s, { podAffinity: { required: [{ topologyKey: 'kubernetes.io/hostname', requirements: [req('rank', 'Gt', ['1'])] }] } }),
    where: `${W} podAffinity.required[0].requirements[0].operator: got "Gt"`, expected: 'one of In, NotIn, Exists, DoesNotExist' },
  { title: 'preferred weight 101', build: (s) => worker(s, { podAntiAffinity: { preferred: [{ weight: 101, term: { topologyKey: 'kubernetes.io/hostname', labels: { app: 'x' } } }] } }),
    where: `${W} podAntiAffinity.preferred[0].weight: got 101`, expected: 'an integer from 1 to 100' },
  { title: 'pod affinity term that selects no pods', build: (s) => worker(s, { podAffinity: { required: [{ topologyKey: 'kubernetes.io/hostname' }] } }),
    where: `${W} podAffinity.required[0]: got {"topologyKey":"kubernetes.io/hostname"}`, expected: 'labels or requirements that select the other pods' },
  { title: 'tolerationSeconds without NoExecute', build: (s) => worker(s, { tolerations: [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }] }),
    where: `${W} tolerations[0].tolerationSeconds: got 60`, expected: 'no tolerationSeconds unless effect is "NoExecute"' },
  { title: 'toleration Exists with a value', build: (s) => worker(s, { tolerations: [{ key: 'spot', operator: 'Exists', value: 'true' }] }),
    where: `${W} tolerations[0].value: got "true"`, expected: 'no value with operator "Exists"' },
  { title: 'toleration without a key, operator Equal', build: (s) => worker(s, { tolerations: [{ value: 'x' }] }),
    where: `${W} tolerations[0].key: got undefined`, expected: 'a taint key (only operator "Exists" may leave it out, to tolerate every taint)' },
  { title: 'toleration effect "NoRun"', build: (s) => worker(s, { tolerations: [{ key: 'spot', effect: 'NoRun' as any }] }),
    where: `${W} tolerations[0].effect: got "NoRun"`, expected: 'one of NoSchedule, PreferNoSchedule, NoExecute, or none for every effect' },
  { title: 'minDomains with ScheduleAnyway', build: (s) => worker(s, { topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 3 }] }),
    where: `${W} topologySpread[0].minDomains: got 3`, expected: 'no minDomains unless whenUnsatisfiable is "DoNotSchedule"' },
  { title: 'maxSkew 0', build: (s) => worker(s, { topologySpread: [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 0 }] }),
    where: `${W} topologySpread[0].maxSkew: got 0`, expected: 'an integer >= 1' },
  { title: 'node selector key with a space', build: (s) => worker(s, { nodeSelector: { 'disk type': 'ssd' } }), where: `${W} nodeSelector key: got "disk type"`, expected: 'a label key' },
  { title: 'priorityClass not an object name', build: (s) => worker(s, { priorityClass: 'High!' }), where: `${W} priorityClass: got "High!"`, expected: 'an object name' },
  { title: 'priorityClass neither a name nor a class', build: (s) => worker(s, { priorityClass: 1000 }), where: `${W} priorityClass: got 1000`,
    expected: 'a PriorityClass name, or a construct with a priorityClassName such as PriorityClass' },
  { title: 'schedulerName with upper case', build: (s) => worker(s, { schedulerName: 'MyScheduler' }), where: `${W} schedulerName: got "MyScheduler"`, expected: 'an object name' },
  // Worker rollout and workload props
  { title: 'strategy Recreate with maxSurge', build: (s) => worker(s, { strategy: { type: 'Recreate', maxSurge: 1 } }),
    where: `${W} strategy.maxSurge: got 1`, expected: 'a known prop; the props are type' },
  { title: 'maxSurge 0 and maxUnavailable 0', build: (s) => worker(s, { strategy: { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: '0%' } }),
    where: `${W} strategy: got {"type":"RollingUpdate","maxSurge":0,"maxUnavailable":"0%"}`, expected: 'maxSurge or maxUnavailable above zero (both zero would stall every rollout)' },
  { title: 'maxSurge "150%"', build: (s) => worker(s, { strategy: { type: 'RollingUpdate', maxSurge: '150%' } }),
    where: `${W} strategy.maxSurge: got "150%"`, expected: 'a count (an integer >= 0) or a percentage such as "25%"' },
  { title: 'strategy "BlueGreen"', build: (s) => worker(s, { strategy: { type: 'BlueGreen' } }), where: `${W} strategy.type: got "BlueGreen"`, expected: '"RollingUpdate" or "Recreate"' },
  { title: 'progress deadline within minReadySeconds', build: (s) => worker(s, { minReadySeconds: 60, progressDeadlineSeconds: 60 }),
    where: `${W} progressDeadlineSeconds: got 60`, expected: 'more seconds than minReadySeconds (60)' },
  { title: 'serviceAccount from another namespace', build: (s) => worker(s, { serviceAccount: new ServiceAccount(new SecureNamespace(s, 'other'), 'runner') }),
    where: `${W} serviceAccount: got "runner"`, expected: 'a ServiceAccount in the workload\'s namespace (apps)' },
  { title: 'serviceAccount given by name', build: (s) => worker(s, { serviceAccount: 'runner' }), where: `${W} serviceAccount: got "runner"`, expected: 'a ServiceAccount construct' },
  { title: 'Worker prop typo', build: (s) => worker(s, { replica: 3 }), where: `${W} replica: got 3`, expected: 'a known prop (did you mean "replicas"?)' },
  { title: 'ReplicaSet negative replicas', build: (s) => rs(s, { replicas: -1 }), where: '[bad/apps/frontend] replicas: got -1', expected: 'an integer from 0 to 10000' },
  { title: 'ReplicaSet prop typo', build: (s) => rs(s, { minReadySecond: 5 }), where: '[bad/apps/frontend] minReadySecond: got 5', expected: 'a known prop (did you mean "minReadySeconds"?)' },
  { title: 'Pod prop typo', build: (s) => pod(s, { restartPolcy: 'Never' }), where: `${P} restartPolcy: got "Never"`, expected: 'a known prop (did you mean "restartPolicy"?)' },
  // PriorityClass
  { title: 'PriorityClass value above 1e9', build: (s) => pc(s, { value: 2_000_000_000 }), where: '[bad/high] value: got 2000000000', expected: 'an integer from -2147483648 to 1000000000' },
  { title: 'PriorityClass named "system-x"', build: (s) => pc(s, { name: 'system-x' }), where: '[bad/high] name: got "system-x"', expected: 'a name that does not start with "system-"' },
  { title: 'PriorityClass without a description', build: (s) => pc(s, { description: '' }), where: '[bad/high] description: got ""', expected: 'a sentence saying which pods get this priority' },
  { title: 'PriorityClass preemptionPolicy "Always"', build: (s) => pc(s, { preemptionPolicy: 'Always' }), where: '[bad/high] preemptionPolicy: got "Always"', expected: '"Never" or "PreemptLowerPriority"' },
  { title: 'PriorityClass globalDefault "yes"', build: (s) => pc(s, { globalDefault: 'yes' }), where: '[bad/high] globalDefault: got "yes"', expected: 'true or false' },
  { title: 'PriorityClass prop typo', build: (s) => pc(s, { descripton: 'x' }), where: '[bad/high] descripton: got "x"', expected: 'a known prop (did you mean "description"?)' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: (app: App) => c.build(new AppStack(app, 'bad')) }));

const good: AppDefinition = {
  name: 'good',
  description: 'a valid batch app synthesized before each bad one',
  build: (app) => new Job(ns(new AppStack(app, 'good')), 'pi', { image: 'perl:5.34.0', completions: 10, parallelism: 5, backoffLimit: 4, activeDeadlineSeconds: 100 }),
};

describeBadInputs('bad workload input is rejected at synth time with a clear error and no output', good, CASES);

test('the table has a case for each new prop of the workloads (60 or more)', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(60);
});
