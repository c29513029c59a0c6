import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { DOCKER_CONFIG_JSON, ExistingSecret } from '../../../lib/security/secret-source';
import { ExternalSecret } from '../../../lib/security/external-secret';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { CronJob } from '../../../lib/workloads/cron-job';
import { DaemonSet } from '../../../lib/workloads/daemon-set';
import { Job } from '../../../lib/workloads/job';
import { Pod } from '../../../lib/workloads/pod';
import { Probe } from '../../../lib/workloads/probe';
import { ReplicaSet } from '../../../lib/workloads/replica-set';
import { StatefulService } from '../../../lib/workloads/stateful-service';
import { WebService } from '../../../lib/workloads/web-service';
import { Worker, WorkerProps } from '../../../lib/workloads/worker';
import { Workload } from '../../../lib/workloads/workload';
import { find, synth, synthError } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/app:1.0.0';
const liveness = Probe.exec(['/check']);

function workerPod(props: Partial<WorkerProps>) {
  const out = synth((s) => new Worker(new SecureNamespace(s, 'apps'), 'app', { image: IMAGE, liveness, ...props }));
  return find(out, 'Deployment', 'app').spec.template;
}

describe('init containers and native sidecars', () => {
  const template = workerPod({
    initContainers: [
      { name: 'migrate', image: 'ghcr.io/acme/migrate:1.0.0', command: ['/migrate', 'up'] },
      { name: 'warm', image: 'ghcr.io/acme/warm:1.0.0', runAsUser: 3000 },
    ],
    sidecars: [
      { name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', ports: [{ name: 'proxy', port: 15000 }], native: true },
      { name: 'shipper', image: 'ghcr.io/acme/shipper:1.1.0', ports: [{ name: 'shipper', port: 24224 }] },
    ],
  });
  const pod = template.spec;
  const [main] = pod.containers;

  test('init containers run first, in order, then native sidecars; plain sidecars beside the main container', () => {
    expect(pod.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['migrate', undefined], ['warm', undefined], ['proxy', 'Always']]);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['app', 'shipper']);
  });

  test('init containers have the restricted security context of the main container, and no probes', () => {
    const [migrate, warm] = pod.initContainers;
    expect(migrate.securityContext).toEqual(main.securityContext);
    expect(warm.securityContext).toEqual({ ...main.securityContext, runAsUser: 3000, runAsGroup: 3000 });
    for (const c of [migrate, warm]) {
      expect(c).not.toHaveProperty('readinessProbe');
      expect(c).not.toHaveProperty('livenessProbe');
      expect(c.resources.limits).toEqual({ cpu: '500m', memory: '256Mi' });
    }
    expect(migrate.command).toEqual(['/migrate', 'up']);
    expect(migrate.volumeMounts).toEqual([{ name: 'migrate-tmp', mountPath: '/tmp' }]);
  });

  test('a native sidecar with a port is probed like any long-running container', () => {
    expect(pod.initContainers[2].readinessProbe.tcpSocket).toEqual({ port: 'proxy' });
  });

  test('a probe on an init container is refused once, with the reason', () => {
    const error = synthError((s) => new Worker(new SecureNamespace(s, 'apps'), 'app', {
      image: IMAGE, liveness, initContainers: [{ name: 'setup', image: IMAGE, liveness } as any],
    }));
    expect(error.message).toContain('Invalid configuration (1 problem)');
    expect(error.message).toContain('initContainers[0].liveness: got {"handler":{"kind":"exec","command":["/check"]},"options":{}}; expected no probe: an init container runs to completion before the others start');
  });
});

describe('pod settings', () => {
  test('workingDir of each container', () => {
    const pod = workerPod({ workingDir: '/srv/app', initContainers: [{ name: 'setup', image: IMAGE, workingDir: '/work' }] }).spec;
    expect(pod.containers[0].workingDir).toBe('/srv/app');
    expect(pod.initContainers[0].workingDir).toBe('/work');
  });

  test('imagePullSecrets of dockerconfigjson Secrets, existing or external', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'apps');
      const external = new ExternalSecret(ns, 'ghcr-pull', { type: DOCKER_CONFIG_JSON, data: { '.dockerconfigjson': { key: 'ci/ghcr' } } });
      new Worker(ns, 'app', { image: IMAGE, liveness, imagePullSecrets: [ExistingSecret.named('registry', { type: DOCKER_CONFIG_JSON }), external] });
    });
    expect(find(out, 'Deployment', 'app').spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry' }, { name: 'ghcr-pull' }]);
  });

  test('podAnnotations on the pod template, annotations on the Deployment', () => {
    const out = synth((s) => new Worker(new SecureNamespace(s, 'apps'), 'app', {
      image: IMAGE, liveness, annotations: { 'example.com/owner': 'team-a' }, podAnnotations: { 'prometheus.io/scrape': 'true' },
    }));
    const deployment = find(out, 'Deployment', 'app');
    expect(deployment.metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
  });

  test('activeDeadlineSeconds and shareProcessNamespace on the pod, terminationGracePeriodSeconds and fsGroup', () => {
    const out = synth((s) => new Pod(new SecureNamespace(s, 'apps'), 'task', {
      image: IMAGE, restartPolicy: 'Never', activeDeadlineSeconds: 600, shareProcessNamespace: true, terminationGracePeriodSeconds: 5, fsGroup: 2000,
    }));
    const spec = find(out, 'Pod', 'task').spec;
    expect(spec).toMatchObject({ activeDeadlineSeconds: 600, shareProcessNamespace: true, terminationGracePeriodSeconds: 5 });
    expect(spec.securityContext.fsGroup).toBe(2000);
  });

  test('dnsPolicy and dnsConfig, its options as a name/value list', () => {
    const pod = workerPod({
      dnsPolicy: 'None',
      dnsConfig: { nameservers: ['10.0.0.10', 'fd00::10'], searches: ['apps.svc.cluster.local', 'example.com'], options: { 'ndots': '2', 'edns0': undefined } },
    }).spec;
    expect(pod.dnsPolicy).toBe('None');
    expect(pod.dnsConfig).toEqual({
      nameservers: ['10.0.0.10', 'fd00::10'],
      searches: ['apps.svc.cluster.local', 'example.com'],
      options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
    });
  });

  test('no dnsPolicy or dnsConfig by default', () => {
    const pod = workerPod({}).spec;
    expect(pod).not.toHaveProperty('dnsPolicy');
    expect(pod).not.toHaveProperty('dnsConfig');
  });

  test('hostAliases', () => {
    const pod = workerPod({ hostAliases: [{ ip: '10.1.2.3', hostnames: ['legacy.internal', 'db.legacy.internal'] }, { ip: '::1', hostnames: ['ip6-local'] }] }).spec;
    expect(pod.hostAliases).toEqual([{ ip: '10.1.2.3', hostnames: ['legacy.internal', 'db.legacy.internal'] }, { ip: '::1', hostnames: ['ip6-local'] }]);
  });

  test('a named main container', () => {
    expect(workerPod({ containerName: 'main' }).spec.containers[0].name).toBe('main');
  });
});

/** One of each kind, built in a namespace, with what it needs. */
const KINDS: Array<[string, string, (ns: Construct, extra: Record<string, unknown>) => Workload]> = [
  ['Job', 'Job', (ns, x) => new Job(ns, 'w', { image: IMAGE, ...x })],
  ['CronJob', 'CronJob', (ns, x) => new CronJob(ns, 'w', { image: IMAGE, schedule: '@daily', ...x })],
  ['DaemonSet', 'DaemonSet', (ns, x) => new DaemonSet(ns, 'w', { image: IMAGE, liveness, ...x })],
  ['Pod', 'Pod', (ns, x) => new Pod(ns, 'w', { image: IMAGE, liveness, ...x })],
  ['ReplicaSet', 'ReplicaSet', (ns, x) => new ReplicaSet(ns, 'w', { image: IMAGE, liveness, ...x })],
  ['Worker', 'Deployment', (ns, x) => new Worker(ns, 'w', { image: IMAGE, liveness, ...x })],
  ['WebService', 'Deployment', (ns, x) => new WebService(ns, 'w', { image: IMAGE, ...x })],
  ['StatefulService', 'StatefulSet', (ns, x) => new StatefulService(ns, 'w', {
    image: IMAGE, ports: [{ name: 'db', port: 5432 }], claims: [{ name: 'data', mountPath: '/data', size: '1Gi' }], ...x,
  })],
];

describe.each(KINDS)('%s', (kind, objectKind, build) => {
  test('its main object is at child id "Resource", and a JSON patch through ApiObject.of changes it', () => {
    let childKind: string | undefined;
    const out = synth((s) => {
      const workload = build(new SecureNamespace(s, 'apps'), {});
      childKind = (workload.node.findChild('Resource') as ApiObject).kind;
      ApiObject.of(workload.resource).addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/patched': kind }));
    });
    expect(childKind).toBe(objectKind);
    expect(find(out, objectKind, 'w').metadata.annotations).toEqual({ 'example.com/patched': kind });
  });

  test('a typo\'d prop is refused, named, with the prop it meant', () => {
    const error = synthError((s) => build(new SecureNamespace(s, 'apps'), { nodeSelecter: { disktype: 'ssd' } }));
    expect(error.message).toContain('[test/apps/w] nodeSelecter: got {"disktype":"ssd"}; expected a known prop (did you mean "nodeSelector"?)');
    const known = /the props are ([^\n]*)/.exec(error.message)![1].split(', ');
    expect(known).toContain('nodeSelector');
    expect(known).toEqual([...new Set(known)]);
  });
});
