import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { Autoscaler } from '../../../lib/workloads/autoscaler';
import { ConfigMap, ExistingConfigMap } from '../../../lib/workloads/config-map';
import { CronJob, CronJobProps } from '../../../lib/workloads/cron-job';
import { DaemonSet, DaemonSetProps } from '../../../lib/workloads/daemon-set';
import { DisruptionBudget } from '../../../lib/workloads/disruption-budget';
import { EnvValue } from '../../../lib/workloads/env-value';
import { MountSource } from '../../../lib/workloads/file-mount';
import { Job, JobProps } from '../../../lib/workloads/job';
import { LifecycleAction } from '../../../lib/workloads/lifecycle';
import { PriorityClass } from '../../../lib/workloads/priority-class';
import { Probe } from '../../../lib/workloads/probe';
import { Volume } from '../../../lib/workloads/volume';
import { Worker, WorkerProps } from '../../../lib/workloads/worker';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

// What JavaScript callers pass by mistake to the workloads, their methods and static factories (null, numbers for
// strings, strings for lists, missing options), and the quiet mistakes the target systems refuse or never run:
// each is refused naming the prop the user wrote.

const IMAGE = 'ghcr.io/acme/app:1.0.0';
const ns = (s: Construct) => new SecureNamespace(s, 'apps');
// Bad values are passed as they would come from JavaScript: `any` lets the table hold what TypeScript refuses.
const js = (x: unknown): any => x;
const job = (s: Construct, p: Partial<JobProps> | object) => new Job(ns(s), 'pi', { image: IMAGE, ...p } as JobProps);
const cron = (s: Construct, p: Partial<CronJobProps> | object) => new CronJob(ns(s), 'nightly', { image: IMAGE, schedule: '0 3 * * *', ...p } as CronJobProps);
const worker = (s: Construct, p: Partial<WorkerProps> | object) =>
  new Worker(ns(s), 'consumer', { image: IMAGE, ports: [{ name: 'http', port: 8080 }], ...p } as WorkerProps);
const agent = (s: Construct, p: Partial<DaemonSetProps> | object) =>
  new DaemonSet(ns(s), 'agent', { image: IMAGE, ports: [{ name: 'metrics', port: 9100 }], ...p } as DaemonSetProps);

const J = '[bad/apps/pi]';
const C = '[bad/apps/nightly]';
const W = '[bad/apps/consumer]';
const NEVER = (dom: string, months: string) => `day of month "${dom}" does not exist in ${months}, so the schedule never fires`;

const CASES: BadInput[] = ([
  // The whole props object
  { title: 'Job props null', build: (s) => new Job(ns(s), 'pi', js(null)), where: `${J} props: got null`, expected: 'an object of props' },
  { title: 'Worker props undefined', build: (s) => new Worker(ns(s), 'consumer', js(undefined)), where: `${W} props: got undefined`, expected: 'an object of props' },
  { title: 'ConfigMap props a string', build: (s) => new ConfigMap(ns(s), 'cm', js('LOG_LEVEL=info')), where: '[bad/apps/cm] props: got "LOG_LEVEL=info"', expected: 'an object of props' },
  { title: 'PriorityClass props null', build: (s) => new PriorityClass(s, 'high', js(null)), where: '[bad/high] props: got null', expected: 'an object of props' },
  // Lists and maps of the wrong type
  { title: 'command as one string', build: (s) => job(s, { command: './migrate up' }), where: `${J} command: got "./migrate up"`, expected: 'a list of strings' },
  { title: 'a number in args', build: (s) => job(s, { args: ['--port', 8080] }), where: `${J} args[1]: got 8080`, expected: 'a string' },
  { title: 'a hole in writablePaths', build: (s) => job(s, { writablePaths: ['/tmp', undefined] }), where: `${J} writablePaths[1]: got undefined`, expected: 'a path or { path, sizeLimit }' },
  { title: 'tolerations as an object', build: (s) => worker(s, { tolerations: { key: 'spot' } }), where: `${W} tolerations: got {"key":"spot"}`, expected: 'a list of tolerations' },
  { title: 'host names as one string', build: (s) => worker(s, { hostAliases: [{ ip: '10.0.0.5', hostnames: 'db' }] }),
    where: `${W} hostAliases[0].hostnames: got "db"`, expected: 'a list of host names' },
  { title: 'search domains as one string', build: (s) => worker(s, { dnsConfig: { searches: 'svc.cluster.local' } }),
    where: `${W} dnsConfig.searches: got "svc.cluster.local"`, expected: 'a list of domains' },
  { title: 'a null node affinity value', build: (s) => worker(s, { nodeAffinity: { required: [[{ key: 'zone', operator: 'In', values: [null] }]] } }),
    where: `${W} nodeAffinity.required[0][0].values[0]: got null`, expected: 'a string' },
  { title: 'a weighted pod term without its term', build: (s) => worker(s, { podAntiAffinity: { preferred: [{ weight: 5 }] } }),
    where: `${W} podAntiAffinity.preferred[0].term: got undefined`, expected: 'a pod affinity term { topologyKey, labels, requirements }' },
  { title: 'capabilities as one string', build: (s) => agent(s, { hostAccess: { reason: 'routes', capabilities: 'NET_ADMIN' } }),
    where: '[bad/apps/agent] hostAccess.capabilities: got "NET_ADMIN"', expected: 'a list of capability names' },
  { title: 'an unknown resource', build: (s) => job(s, { resources: { requests: { gpu: '1' } } }),
    where: `${J} resources.requests.gpu: got "1"`, expected: 'a known prop (did you mean "cpu"?); the props are cpu, memory' },
  // Environment
  { title: 'a number as an env value', build: (s) => job(s, { env: { PORT: 8080 } }), where: `${J} env.PORT: got 8080`,
    expected: 'a string or an EnvValue (EnvValue.fromSecret, fromConfigMap, fromFieldPath, fromResource): Kubernetes takes only strings' },
  { title: 'null as an env value', build: (s) => job(s, { env: { DEBUG: null } }), where: `${J} env.DEBUG: got null`, expected: 'a string or an EnvValue' },
  { title: 'a boolean as an env value', build: (s) => job(s, { env: { DEBUG: true } }), where: `${J} env.DEBUG: got true`, expected: 'a string or an EnvValue' },
  { title: 'an env value over 128 KiB', build: (s) => job(s, { env: { BLOB: 'x'.repeat(131072) } }), where: `${J} env.BLOB: got "${'x'.repeat(116)}... (131072 characters)`,
    expected: 'a value of at most 131072 bytes with its name (this one is 131078): Linux refuses to start a process with a longer environment string (MAX_ARG_STRLEN' },
  { title: 'more than 1 MiB of env values', build: (s) => job(s, { env: Object.fromEntries([...Array(9).keys()].map((i) => [`PART_${i}`, 'x'.repeat(120_000)])) }),
    where: `${J} env: got "1080072 bytes of values"`, expected: 'at most 1048576 bytes (1 MiB) of literal values in one container' },
  { title: 'an env name Kubernetes refuses', build: (s) => job(s, { env: { '1ST_VALUE': 'x' } }), where: `${J} env key: got "1ST_VALUE"`, expected: 'an environment variable name' },
  { title: 'EnvValue.fromSecret of null', build: (s) => job(s, { env: { A_TOKEN: EnvValue.fromSecret(js(null), 'token') } }),
    where: `${J} env.A_TOKEN.secret: got null`, expected: 'a Secret (an ExternalSecret, or ExistingSecret.named(name, { keys }))' },
  { title: 'EnvValue.fromFieldPath of a number', build: (s) => job(s, { env: { IP: EnvValue.fromFieldPath(js(5)) } }),
    where: `${J} env.IP.fieldPath: got 5`, expected: 'a downward API field such as "metadata.namespace"' },
  { title: 'EnvValue.fromValue with null options', build: (s) => job(s, { env: { LEVEL: EnvValue.fromValue('info', js(null)) } }),
    where: `${J} env.LEVEL.options: got null`, expected: 'an object of props' },
  { title: 'EnvValue.fromResource with a null divisor', build: (s) => job(s, { env: { HEAP: EnvValue.fromResource('limits.memory', js({ divisor: null })) } }),
    where: `${J} env.HEAP.divisor: got null`, expected: 'a positive Kubernetes quantity' },
  { title: 'ExistingConfigMap.named with keys as one string', build: (s) => job(s, { envFrom: [ExistingConfigMap.named('settings', js({ keys: 'LEVEL' }))] }),
    where: `${J} envFrom[0].keys: got "LEVEL"`, expected: 'a list of the key names the source holds' },
  // Resources
  { title: 'memory "500m" (half a byte)', build: (s) => job(s, { resources: { limits: { memory: '500m' } } }), where: `${J} resources.limits.memory: got "500m"`,
    expected: 'an amount of bytes such as "512Mi" or "1Gi" ("m" is the milli suffix: "500m" is a fraction of a byte; did you mean "500Mi"?)' },
  { title: 'memory "512" (bytes)', build: (s) => job(s, { resources: { requests: { memory: '512' } } }), where: `${J} resources.requests.memory: got "512"`,
    expected: 'at least 1Mi of memory, such as "128Mi" or "1Gi" ("512" is 512 bytes; did you mean "512Mi"?)' },
  { title: 'cpu below a millicore', build: (s) => job(s, { resources: { requests: { cpu: '0.0001' } } }), where: `${J} resources.requests.cpu: got "0.0001"`,
    expected: 'a CPU amount of at least 1m (a millicore, the finest amount Kubernetes counts)' },
  // Probes and hooks
  { title: 'a probe on a port no container declares', build: (s) => worker(s, { readiness: Probe.http('/ready', 9090) }),
    where: `${W} readiness.port: got 9090`, expected: 'a port that a container of the pod declares (8080): declare it in `ports`, or probe another' },
  { title: 'Probe.exec of null', build: (s) => worker(s, { liveness: Probe.exec(js(null)) }), where: `${W} liveness.command: got null`, expected: 'a non-empty list of non-empty strings' },
  { title: 'probe options with a typo', build: (s) => worker(s, { liveness: Probe.tcp('http', js({ periodSecond: 5 })) }),
    where: `${W} liveness.periodSecond: got 5`, expected: 'a known prop (did you mean "periodSeconds"?)' },
  { title: 'LifecycleAction.sleep without seconds', build: (s) => worker(s, { lifecycle: { preStop: js(LifecycleAction.sleep)() } }),
    where: `${W} lifecycle.preStop.seconds: got undefined`, expected: 'a number of seconds from 1 to 3600' },
  // Volumes and mounts
  { title: 'Volume.emptyDir(null)', build: (s) => job(s, { volumes: { cache: Volume.emptyDir(js(null)) } }), where: `${J} volumes.cache options: got null`, expected: 'an object of options' },
  { title: 'Volume.serviceAccountToken without options', build: (s) => job(s, { volumes: { vault: js(Volume.serviceAccountToken)() } }),
    where: `${J} volumes.vault.audience: got undefined`, expected: 'the audience of the token' },
  { title: 'Volume.downwardApi of a string', build: (s) => job(s, { volumes: { meta: Volume.downwardApi(js('metadata.labels')) } }),
    where: `${J} volumes.meta: got "metadata.labels"`, expected: 'an object of at least one file, by file name' },
  { title: 'MountSource item path with ".."', build: (s) => job(s, { mounts: [{ path: '/etc/app', source: MountSource.configMap('settings', { items: { a: '../a' } }) }] }),
    where: `${J} mounts[0].source.items["a"]: got "../a"`, expected: 'a relative file path without ".."' },
  { title: 'MountSource with null options', build: (s) => job(s, { mounts: [{ path: '/etc/app', source: MountSource.secret('creds', js(null)) }] }),
    where: `${J} mounts[0].source: got null`, expected: 'options { items, defaultMode }' },
  { title: 'a file mount subPath with ".."', build: (s) => job(s, { mounts: [{ path: '/etc/app.conf', source: MountSource.configMap('settings'), subPath: '../app.conf' }] }),
    where: `${J} mounts[0].subPath: got "../app.conf"`, expected: 'a relative file path inside the source, without ".."' },
  { title: 'a volume mount subPath with ".."', build: (s) => job(s, { volumes: { data: Volume.emptyDir() }, volumeMounts: [{ volume: 'data', path: '/data', subPath: '../x' }] }),
    where: `${J} volumeMounts[0].subPath: got "../x"`, expected: 'a relative path inside the volume, without ".."' },
  // CronJob
  { title: 'February 30th', build: (s) => cron(s, { schedule: '0 0 30 2 *' }), where: `${C} schedule: got "0 0 30 2 *"`, expected: `a cron schedule such as "0 3 * * *" or "@daily" (${NEVER('30', 'FEB')})` },
  { title: 'the 31st of the short months', build: (s) => cron(s, { schedule: '0 0 31 4,6,9,11 *' }), where: `${C} schedule: got "0 0 31 4,6,9,11 *"`,
    expected: `a cron schedule such as "0 3 * * *" or "@daily" (${NEVER('31', 'APR, JUN, SEP, NOV')})` },
  { title: 'CRON_TZ in the schedule', build: (s) => cron(s, { schedule: 'CRON_TZ=Europe/Berlin 0 3 * * *' }), where: `${C} schedule: got "CRON_TZ=Europe/Berlin 0 3 * * *"`,
    expected: 'a schedule without "CRON_TZ=" (Kubernetes refuses a time zone in the schedule): write schedule: "0 3 * * *" and timeZone: "Europe/Berlin"' },
  { title: 'timeZone "Local"', build: (s) => cron(s, { timeZone: 'Local' }), where: `${C} timeZone: got "Local"`, expected: 'an IANA time zone such as "Europe/Berlin"' },
  { title: 'suspend "yes"', build: (s) => cron(s, { suspend: 'yes' }), where: `${C} suspend: got "yes"`, expected: 'true or false' },
  // The other constructs
  { title: 'a ConfigMap key starting with ".."', build: (s) => new ConfigMap(ns(s), 'cm', { data: { '..data': 'x' } }),
    where: '[bad/apps/cm] data key: got "..data"', expected: 'a Secret or ConfigMap key of 1-253 letters, digits, "-", "_" or "." (not "." and not starting with "..")' },
  { title: 'a DisruptionBudget without a selector', build: (s) => new DisruptionBudget(s, 'pdb', js({ name: 'web', namespace: 'shop', selector: {} })),
    where: '[bad/pdb] selector: got {}', expected: 'a non-empty object of pod labels' },
  { title: 'a DisruptionBudget maxUnavailable true', build: (s) => new DisruptionBudget(s, 'pdb', js({ name: 'web', namespace: 'shop', selector: { app: 'web' }, maxUnavailable: true })),
    where: '[bad/pdb] maxUnavailable: got true', expected: 'an integer >= 1 or a percentage from "1%" to "100%"' },
  { title: 'an Autoscaler without maxReplicas', build: (s) => new Autoscaler(s, 'hpa', js({ name: 'web', namespace: 'shop', target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } })),
    where: '[bad/hpa] maxReplicas: got undefined', expected: 'the most replicas, an integer >= minReplicas' },
  { title: 'an Autoscaler target kind in lower case', build: (s) => new Autoscaler(s, 'hpa', { name: 'web', namespace: 'shop', maxReplicas: 3, target: { apiVersion: 'apps/v1', kind: 'deployment', name: 'web' } }),
    where: '[bad/hpa] target.kind: got "deployment"', expected: 'a kind such as "Event" or "Deployment"' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: (app: App) => c.build(new AppStack(app, 'bad')) }));

const good: AppDefinition = {
  name: 'good',
  description: 'a valid batch app synthesized before each bad one',
  build: (app) => new Job(ns(new AppStack(app, 'good')), 'pi', { image: IMAGE }),
};

describeBadInputs('JavaScript mistakes and quiet mistakes in workloads are refused naming the prop', good, CASES);

test('a ConfigMap key named "__proto__" is kept as a key, not taken for the prototype', () => {
  const app = new App();
  const cm = new ConfigMap(ns(new AppStack(app, 'ok')), 'cm', { data: JSON.parse('{"__proto__": "x", "a": "y"}') });
  expect(cm.keys).toEqual(['__proto__', 'a']);
});

test('February 29th and a day of the month with a day of the week are valid schedules', () => {
  const app = new App();
  const stack = new AppStack(app, 'ok');
  expect(() => cron(stack, { schedule: '0 0 29 2 *' })).not.toThrow();
  expect(() => new CronJob(stack, 'mondays', { namespace: 'apps', image: IMAGE, schedule: '0 0 31 2 MON' })).not.toThrow();
});
