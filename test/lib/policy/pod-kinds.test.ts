import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { PolicyTarget } from '../../../lib/policy/types';
import { POD_KINDS, PodKind, denyAll, k, obj, pdb, podAnnotationsOf, podOf, workload } from './fixtures';

const PSS_CHECKS = BUILTIN_CHECKS.filter((c) => c.id.startsWith('pss-'));
const check = (id: string) => BUILTIN_CHECKS.filter((c) => c.id === id);
const headless = () => obj('v1', 'Service', 'web', 'shop', { spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 8080 }] } });

/** "checkId: object: message" of every finding of the built-in checks (or of `checks`) over the objects. */
function findings(targets: PolicyTarget[], checks = BUILTIN_CHECKS): string[] {
  return runPolicy(targets, { checks }).findings.map((f) => `${f.checkId}: ${f.object}: ${f.message}`);
}

/** The kinds, their objects' names in findings, and where each keeps its pod spec (written out, not derived). */
const KINDS: Array<[PodKind, string, (d: any) => any]> = [
  ['Pod', 'Pod shop/web', (d) => d.spec],
  ['Deployment', 'Deployment shop/web', (d) => d.spec.template.spec],
  ['StatefulSet', 'StatefulSet shop/web', (d) => d.spec.template.spec],
  ['DaemonSet', 'DaemonSet shop/web', (d) => d.spec.template.spec],
  ['ReplicaSet', 'ReplicaSet shop/web', (d) => d.spec.template.spec],
  ['ReplicationController', 'ReplicationController shop/web', (d) => d.spec.template.spec],
  ['Job', 'Job shop/web', (d) => d.spec.template.spec],
  ['CronJob', 'CronJob shop/web', (d) => d.spec.jobTemplate.spec.template.spec],
];

describe('every pod-bearing kind', () => {
  test('the fixtures cover each kind', () => {
    expect(KINDS.map(([kind]) => kind)).toEqual([...POD_KINDS]);
  });

  describe.each(KINDS)('%s', (kind, object, specAt) => {
    test('passes the Pod Security checks with a compliant pod spec', () => {
      expect(findings(k(workload(kind)), PSS_CHECKS)).toEqual([]);
    });

    test('fails them on a violating pod spec, read where the kind keeps it', () => {
      const bad = workload(kind, (d) => {
        specAt(d).hostNetwork = true;
        specAt(d).containers[0].securityContext.privileged = true;
      });
      expect(findings(k(bad), PSS_CHECKS)).toEqual([
        `pss-host-namespaces: ${object}: the pod sets hostNetwork: true`,
        `pss-privileged: ${object}: container "web" is privileged`,
      ]);
    });

    test('a violation outside the pod spec is not read as one', () => {
      // hostNetwork written one level too high (beside the pod spec, not in it) is ignored by Kubernetes too.
      const beside = workload(kind, (d) => { (kind === 'Pod' ? d : kind === 'CronJob' ? d.spec.jobTemplate.spec : d.spec).hostNetwork = true; });
      expect(findings(k(beside), PSS_CHECKS)).toEqual([]);
    });

    test('the container checks see its containers', () => {
      const bad = workload(kind, (d) => { specAt(d).containers[0].image = 'nginx'; });
      expect(findings(k(bad), check('image-tag-pinned'))).toEqual([`image-tag-pinned: ${object}: container "web" uses image "nginx", which is not pinned`]);
    });

    test('the NetworkPolicy and ServiceAccount checks see its pods', () => {
      const bad = workload(kind, (d) => { delete specAt(d).serviceAccountName; });
      expect(findings(k(bad), [...check('default-service-account'), ...check('pod-network-policy')])).toEqual([
        `pod-network-policy: ${object}: no NetworkPolicy in namespace shop selects the pods`,
        `default-service-account: ${object}: the pods run as the default ServiceAccount`,
      ]);
    });
  });
});

describe('run-to-completion pods', () => {
  const noProbes = (d: any) => {
    for (const c of podOf(d).containers) {
      delete c.readinessProbe;
      delete c.livenessProbe;
    }
  };

  test.each(['Job', 'CronJob'] as const)('a %s without probes and without a PodDisruptionBudget passes every check', (kind) => {
    const job = workload(kind, (d) => {
      noProbes(d);
      (kind === 'Job' ? d.spec : d.spec.jobTemplate.spec).parallelism = 3;
    });
    expect(findings(k(job, denyAll()))).toEqual([]);
  });

  test.each(['OnFailure', 'Never'])('a bare Pod with restartPolicy %s needs no probes', (restartPolicy) => {
    const p = workload('Pod', (d) => { noProbes(d); d.spec.restartPolicy = restartPolicy; });
    expect(findings(k(p, denyAll()))).toEqual([]);
  });

  test.each([['unset', undefined], ['Always', 'Always']])('a bare Pod with restartPolicy %s serves until stopped: it needs probes', (_name, restartPolicy) => {
    const p = workload('Pod', (d) => { noProbes(d); if (restartPolicy) d.spec.restartPolicy = restartPolicy; });
    expect(findings(k(p, denyAll()))).toEqual([
      'probe-liveness: Pod shop/web: container "web" has no liveness probe',
      'probe-readiness: Pod shop/web: container "web" has no readiness probe',
    ]);
  });
});

describe('probes of long-running pods', () => {
  test.each(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'] as const)(
    'a %s container with ports and no readiness probe is reported (warning)', (kind) => {
      const d = workload(kind, (x) => { delete podOf(x).containers[0].readinessProbe; });
      const report = runPolicy(k(d), { checks: check('probe-readiness') });
      expect(report.findings.map((f) => [f.severity, f.object, f.message])).toEqual([['warning', `${kind} shop/web`, 'container "web" has no readiness probe']]);
    },
  );

  test('a container without ports (a worker) needs a liveness probe but no readiness probe', () => {
    const worker = workload('Deployment', (d) => {
      delete podOf(d).containers[0].ports;
      delete podOf(d).containers[0].readinessProbe;
      podOf(d).containers[0].livenessProbe = { exec: { command: ['/bin/worker', 'health'] }, periodSeconds: 10 };
    });
    expect(findings(k(worker), [...check('probe-readiness'), ...check('probe-liveness')])).toEqual([]);
    const hung = workload('Deployment', (d) => { delete podOf(d).containers[0].ports; delete podOf(d).containers[0].readinessProbe; delete podOf(d).containers[0].livenessProbe; });
    expect(findings(k(hung), [...check('probe-readiness'), ...check('probe-liveness')])).toEqual(['probe-liveness: Deployment shop/web: container "web" has no liveness probe']);
  });

  test('a Deployment whose pod template records why it has no probes gets no probe findings', () => {
    const d = workload('Deployment', (x) => {
      delete podOf(x).containers[0].readinessProbe;
      delete podOf(x).containers[0].livenessProbe;
      podAnnotationsOf(x)['keelson.dev/no-probes-reason'] = 'the vendor image exits when unhealthy and serves no health endpoint';
    });
    expect(findings(k(d, pdb(), denyAll()))).toEqual([]);
  });

  test('an empty no-probes reason is no reason', () => {
    const d = workload('Deployment', (x) => {
      delete podOf(x).containers[0].livenessProbe;
      podAnnotationsOf(x)['keelson.dev/no-probes-reason'] = ' ';
    });
    expect(findings(k(d), check('probe-liveness'))).toEqual(['probe-liveness: Deployment shop/web: container "web" has no liveness probe']);
  });
});

describe('disruption budgets and spreading', () => {
  const unspread = (d: any) => { delete podOf(d).topologySpreadConstraints; };
  const AVAILABILITY = [...check('workload-disruption-budget'), ...check('workload-spread')];

  test.each(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'] as const)('a %s of 2 replicas needs a PodDisruptionBudget and spreading', (kind) => {
    expect(findings(k(workload(kind, unspread)), AVAILABILITY)).toEqual([
      `workload-disruption-budget: ${kind} shop/web: no PodDisruptionBudget selects the pods`,
      `workload-spread: ${kind} shop/web: the pods may all land on one node`,
    ]);
    expect(findings(k(workload(kind), pdb()), AVAILABILITY)).toEqual([]);
  });

  test.each(['Pod', 'DaemonSet', 'Job', 'CronJob'] as const)('a %s needs neither (no replicas)', (kind) => {
    expect(findings(k(workload(kind, unspread)), AVAILABILITY)).toEqual([]);
  });

  test('a DaemonSet (with its probes, no PodDisruptionBudget, no spreading) passes every check', () => {
    expect(findings(k(workload('DaemonSet', unspread), denyAll()))).toEqual([]);
  });

  test('every kind passes every check in its compliant form (with the objects it refers to)', () => {
    for (const kind of POD_KINDS) {
      expect([kind, findings(k(workload(kind), pdb(), denyAll(), headless()))]).toEqual([kind, []]);
    }
  });
});

describe('workload selectors', () => {
  const SELECTOR = check('workload-selector-matches');

  test('a ReplicationController\'s map selector and a CronJob\'s job template selector are checked', () => {
    const rc = workload('ReplicationController', (d) => { d.spec.selector = { app: 'api' }; });
    const cron = workload('CronJob', (d) => { d.spec.jobTemplate.spec.selector = { matchLabels: { app: 'api' } }; });
    expect(findings(k(rc, cron), SELECTOR)).toEqual([
      'workload-selector-matches: CronJob shop/web: spec.jobTemplate.spec.selector does not match the pod template labels',
      'workload-selector-matches: ReplicationController shop/web: spec.selector does not match the pod template labels',
    ]);
    const rcDefault = workload('ReplicationController', (d) => { delete d.spec.selector; });
    expect(findings(k(rcDefault, workload('CronJob')), SELECTOR)).toEqual([]);
  });
});

describe('native sidecars and init containers', () => {
  const resources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } };
  const securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true };

  test('a native sidecar (init container with restartPolicy Always) without resources or liveness probe is flagged like a container', () => {
    const d = workload('Deployment', (x) => {
      podOf(x).initContainers = [{ name: 'proxy', image: 'ghcr.io/acme/proxy:2.1.0', restartPolicy: 'Always', securityContext }];
    });
    expect(findings(k(d, pdb(), denyAll()))).toEqual([
      'resources-cpu-request: Deployment shop/web: native sidecar "proxy" has no cpu request',
      'resources-memory-request: Deployment shop/web: native sidecar "proxy" has no memory request',
      'probe-liveness: Deployment shop/web: native sidecar "proxy" has no liveness probe',
      'resources-cpu-limit: Deployment shop/web: native sidecar "proxy" has no cpu limit',
      'resources-memory-limit: Deployment shop/web: native sidecar "proxy" has no memory limit',
    ]);
  });

  test('a native sidecar with ports needs a readiness probe, and its probes are checked like a container\'s', () => {
    const probe = { httpGet: { path: '/reset', port: 'admin' }, periodSeconds: 5 };
    const d = workload('Deployment', (x) => {
      podOf(x).initContainers = [{
        name: 'proxy', image: 'ghcr.io/acme/proxy:2.1.0', restartPolicy: 'Always', ports: [{ name: 'admin', containerPort: 9901 }],
        resources, securityContext, livenessProbe: probe,
      }];
    });
    expect(findings(k(d, pdb(), denyAll()))).toEqual([
      'probe-mutating-endpoint: Deployment shop/web: native sidecar "proxy" livenessProbe calls /reset, which changes state',
      'probe-readiness: Deployment shop/web: native sidecar "proxy" has no readiness probe',
    ]);
    const same = workload('Deployment', (x) => {
      podOf(x).initContainers = [{
        name: 'proxy', image: 'ghcr.io/acme/proxy:2.1.0', restartPolicy: 'Always', ports: [{ name: 'admin', containerPort: 9901 }],
        resources, securityContext, livenessProbe: { tcpSocket: { port: 'admin' } }, readinessProbe: { tcpSocket: { port: 'admin' } },
      }];
    });
    expect(findings(k(same), check('probes-not-identical'))).toEqual(['probes-not-identical: Deployment shop/web: native sidecar "proxy" has identical readiness and liveness probes']);
  });

  test('a native sidecar falls under the Pod Security checks, named as one', () => {
    const d = workload('Deployment', (x) => {
      podOf(x).initContainers = [{ name: 'proxy', image: 'ghcr.io/acme/proxy:2.1.0', restartPolicy: 'Always', resources, securityContext: { ...securityContext, privileged: true } }];
    });
    expect(findings(k(d), PSS_CHECKS)).toEqual(['pss-privileged: Deployment shop/web: native sidecar "proxy" is privileged']);
  });

  test('a plain init container (runs to completion) needs no probes, but resources', () => {
    const init = { name: 'migrate', image: 'ghcr.io/acme/migrate:1.0.0', securityContext };
    const d = workload('Deployment', (x) => { podOf(x).initContainers = [{ ...init, resources }]; });
    expect(findings(k(d, pdb(), denyAll()))).toEqual([]);
    const bare = workload('Deployment', (x) => { podOf(x).initContainers = [init]; });
    expect(findings(k(bare, pdb(), denyAll()))).toEqual([
      'resources-cpu-request: Deployment shop/web: initContainer "migrate" has no cpu request',
      'resources-memory-request: Deployment shop/web: initContainer "migrate" has no memory request',
      'resources-cpu-limit: Deployment shop/web: initContainer "migrate" has no cpu limit',
      'resources-memory-limit: Deployment shop/web: initContainer "migrate" has no memory limit',
    ]);
  });

  test('a Job\'s native sidecar needs no probes either', () => {
    const job = workload('Job', (d) => {
      podOf(d).initContainers = [{ name: 'proxy', image: 'ghcr.io/acme/proxy:2.1.0', restartPolicy: 'Always', resources, securityContext, ports: [{ name: 'admin', containerPort: 9901 }] }];
    });
    expect(findings(k(job, denyAll()))).toEqual([]);
  });
});
