import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAll } from 'js-yaml';
import { Manifest } from '../../../lib/output/manifest';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { kubernetesTarget } from '../../../lib/policy/targets';
import { PolicyTarget } from '../../../lib/policy/types';
import { ctr, deployment, k, obj, pdb, pod, podAnnotationsOf, podOf, service, workload } from './fixtures';
import { autoscaler } from './workload-cases';

const PEERS = process.env.PEER_FIXTURES ?? path.join(__dirname, '../../../../shared/peer-policy-fixtures');

/** The messages of one check over the targets, each prefixed with the object. */
function findings(id: string, targets: PolicyTarget[]): string[] {
  const check = BUILTIN_CHECKS.find((c) => c.id === id);
  if (!check) {
    throw new Error(`no check ${id}`);
  }
  return runPolicy(targets, { checks: [check] }).findings.map((f) => `${f.object}: ${f.message}`);
}

/** The Kubernetes objects of a peer's fixture file. */
function peer(file: string): PolicyTarget[] {
  const docs = loadAll(fs.readFileSync(path.join(PEERS, file), 'utf8')) as any[];
  return docs.filter((d) => d && typeof d === 'object' && typeof d.kind === 'string').map((d) => kubernetesTarget(d as Manifest));
}

const havePeers = fs.existsSync(PEERS);
const peerTest = havePeers ? test : test.skip;

describe('read-only-root-filesystem', () => {
  const writable = (edit: (d: any) => void = () => undefined) => deployment((d) => {
    ctr(d).securityContext.readOnlyRootFilesystem = false;
    pod(d).initContainers = [{ name: 'migrate', image: 'ghcr.io/acme/migrate:1.0.0', securityContext: {} }];
    edit(d);
  });

  test('every container, init containers too, keeps its root file system read-only', () => {
    expect(findings('read-only-root-filesystem', k(writable()))).toEqual([
      'Deployment shop/web: container "web" has a writable root file system (readOnlyRootFilesystem is not true)',
      'Deployment shop/web: initContainer "migrate" has a writable root file system (readOnlyRootFilesystem is not true)',
    ]);
  });

  test('the pod template annotation waives the containers it names, or all when it names none', () => {
    const named = writable((d) => { podAnnotationsOf(d)['keelson.dev/writable-root-filesystem-reason'] = 'web: the vendor image writes its PID file to /run'; });
    expect(findings('read-only-root-filesystem', k(named))).toEqual([
      'Deployment shop/web: initContainer "migrate" has a writable root file system (readOnlyRootFilesystem is not true)',
    ]);
    const all = writable((d) => { podAnnotationsOf(d)['keelson.dev/writable-root-filesystem-reason'] = 'a legacy app that writes next to its binary'; });
    expect(findings('read-only-root-filesystem', k(all))).toEqual([]);
    const blank = writable((d) => { podAnnotationsOf(d)['keelson.dev/writable-root-filesystem-reason'] = ' '; });
    expect(findings('read-only-root-filesystem', k(blank))).toHaveLength(2);
  });

  peerTest('agrees with kube-linter no-read-only-root-fs and Polaris notReadOnlyRootFilesystem', () => {
    expect(findings('read-only-root-filesystem', peer('kube-linter/tests/checks/no-read-only-root-fs.yml'))).toEqual([
      'Deployment app1: container "app" has a writable root file system (readOnlyRootFilesystem is not true)',
    ]);
    for (const f of ['failure.yaml', 'failure.pod.yaml', 'failure.two_cont_one_unspecified.yaml']) {
      expect(findings('read-only-root-filesystem', peer(`polaris/test/checks/notReadOnlyRootFilesystem/${f}`)).length).toBeGreaterThan(0);
    }
    for (const f of ['success.yaml', 'success.pod.yaml']) {
      expect(findings('read-only-root-filesystem', peer(`polaris/test/checks/notReadOnlyRootFilesystem/${f}`))).toEqual([]);
    }
  });
});

describe('image-pull-policy', () => {
  const image = (img: string, policy?: string) => deployment((d) => {
    ctr(d).image = img;
    if (policy) ctr(d).imagePullPolicy = policy;
  });

  test('a pinned image may use IfNotPresent (or its default); a digest too', () => {
    expect(findings('image-pull-policy', k(image('ghcr.io/acme/web:1.0.0', 'IfNotPresent'), image('ghcr.io/acme/web:1.0.0'),
      image('ghcr.io/acme/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent')))).toEqual([]);
  });

  test('an unpinned image is pulled every time: Always or unset (Kubernetes defaults it to Always)', () => {
    expect(findings('image-pull-policy', k(image('nginx:latest', 'Always'), image('nginx')))).toEqual([]);
    expect(findings('image-pull-policy', k(image('nginx:latest', 'IfNotPresent')))).toEqual([
      'Deployment shop/web: container "web" has imagePullPolicy IfNotPresent for image "nginx:latest", which is not pinned: nodes keep whatever copy they pulled first',
    ]);
  });

  test('Never fails whatever the image', () => {
    expect(findings('image-pull-policy', k(image('ghcr.io/acme/web:1.0.0', 'Never')))).toEqual([
      'Deployment shop/web: container "web" has imagePullPolicy Never: it cannot start on a node without the image',
    ]);
  });

  peerTest('differs from Polaris pullPolicyNotAlways on purpose: a pinned tag with IfNotPresent passes', () => {
    // Polaris fails these (it wants Always everywhere); their images are pinned.
    expect(findings('image-pull-policy', peer('polaris/test/checks/pullPolicyNotAlways/failure.deployment.yaml'))).toEqual([]);
    expect(findings('image-pull-policy', peer('kube-score/score/testdata/pod-image-pullpolicy-never.yaml'))).toHaveLength(1);
  });
});

describe('resources-ephemeral-storage', () => {
  const mounting = (volume: any, edit: (d: any) => void = () => undefined) => deployment((d) => {
    pod(d).volumes = [{ name: 'scratch', ...volume }];
    ctr(d).volumeMounts = [{ name: 'scratch', mountPath: '/scratch' }];
    edit(d);
  });

  test('a read-only root with size-limited or in-memory emptyDirs needs no ephemeral-storage (keelson\'s pods)', () => {
    expect(findings('resources-ephemeral-storage', k(mounting({ emptyDir: { sizeLimit: '64Mi' } }), mounting({ emptyDir: { medium: 'Memory' } }),
      mounting({ persistentVolumeClaim: { claimName: 'data' } }), mounting({ emptyDir: {} }, (d) => { ctr(d).volumeMounts[0].readOnly = true; })))).toEqual([]);
  });

  test('an unbounded emptyDir or a writable root needs a request and a limit', () => {
    expect(findings('resources-ephemeral-storage', k(mounting({ emptyDir: {} })))).toEqual([
      'Deployment shop/web: container "web" has emptyDir "scratch" without sizeLimit but no ephemeral-storage request or limit',
    ]);
    const writable = deployment((d) => {
      ctr(d).securityContext.readOnlyRootFilesystem = false;
      ctr(d).resources.requests['ephemeral-storage'] = '1Gi';
    });
    expect(findings('resources-ephemeral-storage', k(writable))).toEqual([
      'Deployment shop/web: container "web" has a writable root file system but no ephemeral-storage limit',
    ]);
    const bounded = mounting({ emptyDir: {} }, (d) => {
      ctr(d).resources.requests['ephemeral-storage'] = '1Gi';
      ctr(d).resources.limits['ephemeral-storage'] = '2Gi';
    });
    expect(findings('resources-ephemeral-storage', k(bounded))).toEqual([]);
  });

  peerTest('kube-score\'s fixtures: missing limit and missing request fail (their containers have writable roots)', () => {
    expect(findings('resources-ephemeral-storage', peer('kube-score/score/testdata/pod-ephemeral-storage-missing-limit.yaml'))).toHaveLength(1);
    expect(findings('resources-ephemeral-storage', peer('kube-score/score/testdata/pod-ephemeral-storage-missing-request.yaml'))).toHaveLength(1);
    expect(findings('resources-ephemeral-storage', peer('kube-score/score/testdata/pod-ephemeral-storage-request-matches-limit.yaml'))).toEqual([]);
  });
});

describe('container-ssh-port', () => {
  test('TCP 22 fails (protocol defaults to TCP); UDP 22 and other ports pass', () => {
    const ports = (p: any) => deployment((d) => { ctr(d).ports = [p]; delete ctr(d).readinessProbe; delete ctr(d).livenessProbe; });
    expect(findings('container-ssh-port', k(ports({ containerPort: 22, protocol: 'UDP' }), ports({ containerPort: 2222 })))).toEqual([]);
    expect(findings('container-ssh-port', k(ports({ containerPort: 22 })))).toEqual(['Deployment shop/web: container "web" declares port 22, the SSH port']);
  });

  peerTest('agrees with kube-linter ssh-port (its app2 and app3 are OpenShift DeploymentConfigs, which keelson does not read)', () => {
    expect(findings('container-ssh-port', peer('kube-linter/tests/checks/ssh-port.yml')).map((f) => f.split(':')[0]))
      .toEqual(['Deployment app1']);
  });
});

describe('CronJobs and Jobs', () => {
  test('a CronJob sets startingDeadlineSeconds', () => {
    expect(findings('cronjob-starting-deadline', k(workload('CronJob', (d) => { d.spec.startingDeadlineSeconds = 'soon'; }))))
      .toEqual(['CronJob shop/web: spec.startingDeadlineSeconds is not set']);
  });

  test('Job and CronJob pods restart OnFailure or Never', () => {
    expect(findings('job-restart-policy', k(workload('Job', (d) => { podOf(d).restartPolicy = 'Never'; })))).toEqual([]);
    expect(findings('job-restart-policy', k(workload('Job', (d) => { podOf(d).restartPolicy = 'Always'; }))))
      .toEqual(['Job shop/web: the pod template\'s restartPolicy is "Always", not OnFailure or Never']);
  });

  test('a Job of its own sets a TTL; a CronJob\'s job template does not; a Job with an owner is left to it', () => {
    const owned = workload('Job', (d) => {
      delete d.spec.ttlSecondsAfterFinished;
      d.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: 'u' }];
    });
    expect(findings('job-ttl-after-finished', k(owned, workload('CronJob')))).toEqual([]);
    expect(findings('job-ttl-after-finished', k(workload('CronJob', (d) => { d.spec.jobTemplate.spec.ttlSecondsAfterFinished = 60; }))))
      .toEqual(['CronJob shop/web: spec.jobTemplate.spec.ttlSecondsAfterFinished is 60; the history limits clean up a CronJob\'s Jobs']);
  });

  peerTest('agrees with kube-score cronjob-has-deadline and cronjob-restartpolicy, and kube-linter job-ttl-seconds-after-finished', () => {
    const ks = (f: string) => peer(`kube-score/score/testdata/${f}`);
    expect(findings('cronjob-starting-deadline', ks('cronjob-batchv1-deadline-not-set.yaml'))).toHaveLength(1);
    expect(findings('cronjob-starting-deadline', ks('cronjob-batchv1-deadline-set.yaml'))).toEqual([]);
    expect(findings('job-restart-policy', [...ks('cronjob-batchv1-restartpolicy-invalid.yaml'), ...ks('cronjob-batchv1-restartpolicy-not-set.yaml')])).toHaveLength(2);
    expect(findings('job-restart-policy', ks('cronjob-batchv1-restartpolicy-valid.yaml'))).toEqual([]);
    expect(findings('job-ttl-after-finished', peer('kube-linter/tests/checks/job-ttl-seconds-after-finished.yaml')).map((f) => f.split(':')[0]))
      .toEqual(['CronJob bad-cronjob', 'Job bad-job']);
  });
});

describe('pod-service-account-field', () => {
  test('a serviceAccount that differs from serviceAccountName is named as such', () => {
    expect(findings('pod-service-account-field', k(deployment((d) => { pod(d).serviceAccount = 'admin'; }))))
      .toEqual(['Deployment shop/web: the pod sets the deprecated serviceAccount "admin", which differs from serviceAccountName "web" (the one used)']);
  });

  peerTest('agrees with kube-linter deprecated-service-account-field', () => {
    expect(findings('pod-service-account-field', peer('kube-linter/tests/checks/deprecated-service-account-field.yml')))
      .toEqual(['Deployment app: the pod sets the deprecated serviceAccount "default"']);
  });
});

describe('deployment-rolling-update', () => {
  const recreate = (edit: (d: any) => void = () => undefined) => deployment((d) => { d.spec.strategy = { type: 'Recreate' }; edit(d); });

  test('Recreate passes without a Service, and with a claim mounted (the single-writer pattern)', () => {
    const withClaim = recreate((d) => {
      d.spec.replicas = 1;
      pod(d).volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'data' } });
    });
    expect(findings('deployment-rolling-update', k(recreate(), withClaim, service({ app: 'api' })))).toEqual([]);
    expect(findings('deployment-rolling-update', k(withClaim, service()))).toEqual([]);
  });

  peerTest('agrees with kube-score deployment-strategy', () => {
    expect(findings('deployment-rolling-update', peer('kube-score/score/testdata/service-target-deployment-not-rolling.yaml'))).toHaveLength(1);
    expect(findings('deployment-rolling-update', peer('kube-score/score/testdata/service-target-deployment-strategy-not-set.yaml'))).toEqual([]);
  });
});

describe('hpa-replicas', () => {
  test('minReplicas defaults to 1, and maxReplicas must be above minReplicas', () => {
    expect(findings('hpa-replicas', k(autoscaler(undefined), autoscaler(3, 3, 'api')))).toEqual([
      'HorizontalPodAutoscaler shop/api: maxReplicas 3 is not above minReplicas 3: the autoscaler cannot scale',
      'HorizontalPodAutoscaler shop/web: minReplicas is 1 (unset): one lost pod leaves no ready replica',
    ]);
  });

  peerTest('agrees with kube-score horizontalpodautoscaler-replicas and Polaris hpaMinAvailability / hpaMaxAvailability', () => {
    expect(findings('hpa-replicas', peer('kube-score/score/testdata/hpa-min-replicas-nok.yaml'))).toHaveLength(1);
    expect(findings('hpa-replicas', peer('kube-score/score/testdata/hpa-min-replicas-ok.yaml'))).toEqual([]);
    expect(findings('hpa-replicas', peer('polaris/test/checks/hpaMinAvailability/failure.yaml'))).toHaveLength(1);
    expect(findings('hpa-replicas', peer('polaris/test/checks/hpaMaxAvailability/failure.yaml'))).toHaveLength(1);
    expect(findings('hpa-replicas', peer('polaris/test/checks/hpaMaxAvailability/success.yaml'))).toEqual([]);
    // Polaris passes an HPA without minReplicas; the API defaults it to 1, so keelson does not.
    expect(findings('hpa-replicas', peer('polaris/test/checks/hpaMinAvailability/success.minReplicaAbsent.yaml'))).toHaveLength(1);
  });
});

describe('probes', () => {
  const probing = (probe: any, ports?: any[]) => deployment((d) => {
    ctr(d).ports = ports;
    ctr(d).livenessProbe = { ...probe, periodSeconds: 10 };
    delete ctr(d).readinessProbe;
  });

  test('a bare Pod that restarts Always is long-running: it needs probes', () => {
    const bare = workload('Pod', (d) => { delete podOf(d).containers[0].livenessProbe; d.spec.restartPolicy = 'Always'; });
    expect(findings('probe-liveness', k(bare))).toEqual(['Pod shop/web: container "web" has no liveness probe']);
  });

  test('numeric ports must be declared when the container declares ports; any number when it declares none', () => {
    expect(findings('probe-port-exists', k(probing({ httpGet: { path: '/healthz', port: 8080 } }, [{ name: 'http', containerPort: 8080 }]),
      probing({ tcpSocket: { port: 9000 } })))).toEqual([]);
    expect(findings('probe-port-exists', k(probing({ httpGet: { path: '/healthz', port: 8081 } }, [{ name: 'http', containerPort: 8080 }]))))
      .toEqual(['Deployment shop/web: container "web" livenessProbe uses port 8081, which it does not declare']);
  });

  test('a probe cannot check a UDP port, named or numbered', () => {
    const dns = [{ name: 'dns', containerPort: 53, protocol: 'UDP' }];
    expect(findings('probe-port-exists', k(probing({ tcpSocket: { port: 'dns' } }, dns)))).toEqual([
      'Deployment shop/web: container "web" livenessProbe uses port "dns", which is UDP (probes connect over TCP)',
    ]);
    expect(findings('probe-port-exists', k(probing({ tcpSocket: { port: 53 } }, dns)))).toEqual([
      'Deployment shop/web: container "web" livenessProbe uses port 53, which it declares as UDP only (probes connect over TCP)',
    ]);
    expect(findings('probe-port-exists', k(probing({ tcpSocket: { port: 53 } }, [...dns, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }])))).toEqual([]);
  });

  test('gRPC probes take a declared port number, never a name', () => {
    const grpc = [{ name: 'grpc', containerPort: 9090 }];
    expect(findings('probe-port-exists', k(probing({ grpc: { port: 9090 } }, grpc)))).toEqual([]);
    expect(findings('probe-port-exists', k(probing({ grpc: { port: 'grpc' } }, grpc), probing({ grpc: { port: 9091 } }, grpc)))).toEqual([
      'Deployment shop/web: container "web" livenessProbe uses gRPC port "grpc", which is not a number (grpc.port takes no port name)',
      'Deployment shop/web: container "web" livenessProbe uses port 9091, which it does not declare',
    ]);
  });

  peerTest('agrees with kube-linter liveness-port', () => {
    expect(findings('probe-port-exists', peer('kube-linter/tests/checks/liveness-port.yml')).map((f) => f.replace(/^[^:]*: /, ''))).toEqual([
      'container "fire-deployment-int" livenessProbe uses port 8080, which it does not declare',
      'container "fire-deployment-name" livenessProbe uses port "http", which it does not declare',
      'container "fire-deployment-udp" livenessProbe uses port "udp", which is UDP (probes connect over TCP)',
      'container "fire-stateful-name" livenessProbe uses port "healthcheck", which it does not declare',
    ]);
  });
});

describe('disruption budgets and single replicas', () => {
  const replicas = (n: number) => deployment((d) => { d.spec.replicas = n; });

  test('percentages are rounded up as the disruption controller does', () => {
    expect(findings('pdb-allows-disruption', k(replicas(5), pdb({ minAvailable: '80%' })))).toEqual([]);
    expect(findings('pdb-allows-disruption', k(replicas(5), pdb({ minAvailable: '90%' })))).toEqual([
      'PodDisruptionBudget shop/web: minAvailable 90% leaves no disruption for Deployment web (5 replicas)',
    ]);
    expect(findings('pdb-allows-disruption', k(replicas(5), pdb({ maxUnavailable: '10%' })))).toEqual([]);
    expect(findings('pdb-allows-disruption', k(replicas(5), pdb({ maxUnavailable: '0%' })))).toEqual(['PodDisruptionBudget shop/web: maxUnavailable is 0%']);
  });

  test('with an autoscaler, minAvailable must stay below its minReplicas', () => {
    const scaled = deployment((d) => { delete d.spec.replicas; });
    expect(findings('pdb-allows-disruption', k(scaled, autoscaler(3, 10), pdb({ minAvailable: 2 })))).toEqual([]);
    expect(findings('pdb-allows-disruption', k(scaled, autoscaler(2, 10), pdb({ minAvailable: 2 })))).toEqual([
      'PodDisruptionBudget shop/web: minAvailable 2 leaves no disruption for Deployment web (2 replicas at autoscaler web\'s minimum)',
    ]);
  });

  test('a budget over several workloads counts all their pods; a bare Pod counts one', () => {
    const api = obj('apps/v1', 'Deployment', 'api', 'shop', { spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: pod(deployment()) } } });
    expect(findings('pdb-allows-disruption', k(replicas(1), api, pdb({ minAvailable: 1 })))).toEqual([]);
    expect(findings('pdb-allows-disruption', k(workload('Pod'), pdb({ minAvailable: 1 })))).toEqual([
      'PodDisruptionBudget shop/web: minAvailable 1 leaves no disruption for Pod web (1 pod)',
    ]);
  });

  test('one replica: no budget or spreading is required, but a budget it has must allow the eviction', () => {
    expect(findings('workload-disruption-budget', k(replicas(1)))).toEqual([]);
    expect(findings('workload-spread', k(deployment((d) => { d.spec.replicas = 1; delete pod(d).topologySpreadConstraints; })))).toEqual([]);
    expect(findings('pdb-allows-disruption', k(replicas(1), pdb({ maxUnavailable: 1 })))).toEqual([]);
    expect(findings('pdb-allows-disruption', k(replicas(1), pdb({ minAvailable: 1 })))).toEqual([
      'PodDisruptionBudget shop/web: minAvailable 1 leaves no disruption for Deployment web (1 replicas)',
    ]);
    // One replica now, but an autoscaler may add more: then both are expected.
    const growing = deployment((d) => { delete d.spec.replicas; delete pod(d).topologySpreadConstraints; });
    expect(findings('workload-disruption-budget', k(growing, autoscaler(2, 4)))).toEqual(['Deployment shop/web: no PodDisruptionBudget selects the pods']);
    expect(findings('workload-spread', k(growing, autoscaler(2, 4)))).toEqual(['Deployment shop/web: the pods may all land on one node']);
  });

  peerTest('agrees with kube-linter pdb-min-available and Polaris pdbMinAvailableGreaterThanHPAMinReplicas', () => {
    // baz's Deployment foo has a selector but no pod template: its pods carry the selector's labels.
    expect(findings('pdb-allows-disruption', peer('kube-linter/tests/checks/pdb-min-available.yaml'))).toEqual([
      'PodDisruptionBudget bar/baz: minAvailable 1 leaves no disruption for Deployment foo (1 replicas)',
      'PodDisruptionBudget bar2/baz2: minAvailable 1 leaves no disruption for Deployment foo2 (1 replicas at autoscaler app2\'s minimum)',
      'PodDisruptionBudget bar3/baz3: minAvailable 1 leaves no disruption for Deployment foo3 (1 replicas)',
    ]);
    const dir = 'polaris/test/checks/pdbMinAvailableGreaterThanHPAMinReplicas';
    for (const f of ['failure-gt-percent.yaml', 'failure-gt-scalar.yaml', 'success.equals.yaml']) {
      // Polaris's newer check (…GreaterThanOrEqualTo…) fails the "equals" case too: a budget equal to the minimum blocks drains.
      expect(findings('pdb-allows-disruption', peer(`${dir}/${f}`))).toHaveLength(1);
    }
    for (const f of ['success-lt-percent.yaml', 'success-maxUnavailable.yaml', 'success.lt.yaml', 'success.no-pdb.yaml', 'success.pdb-no-match.yaml']) {
      expect(findings('pdb-allows-disruption', peer(`${dir}/${f}`))).toEqual([]);
    }
  });
});

describe('foreign YAML of any shape', () => {
  const MINE = ['read-only-root-filesystem', 'image-pull-policy', 'resources-ephemeral-storage', 'container-ssh-port', 'probe-port-exists',
    'probe-readiness', 'probe-liveness', 'probe-mutating-endpoint', 'env-secret-literal', 'env-duplicate', 'image-tag-pinned',
    'cronjob-starting-deadline', 'job-restart-policy', 'job-ttl-after-finished', 'pod-service-account-field', 'deployment-rolling-update',
    'hpa-replicas', 'pdb-allows-disruption', 'workload-disruption-budget', 'workload-spread', 'workload-selector-matches', 'pdb-unhealthy-eviction',
    ...BUILTIN_CHECKS.filter((c) => c.id.startsWith('pss-')).map((c) => c.id)];

  test('odd fields never make a check throw', () => {
    const odd: any[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'shop' }, spec: 'not a spec' },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'b', namespace: 'shop' }, spec: { replicas: 'two', strategy: 'Recreate', template: { spec: { containers: 'web' } } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'c', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: {
        volumes: { tmp: {} }, serviceAccount: 7, securityContext: { sysctls: 'x', seccompProfile: 'x' },
        containers: [null, 'web', 42, { name: 'y', securityContext: { capabilities: { add: 'NET_ADMIN', drop: 'ALL' } }, ports: [{ containerPort: '22' }] },
          { name: 'x', ports: 'http', env: 'A=1', volumeMounts: [null], securityContext: null, resources: 'lots',
          livenessProbe: { httpGet: { path: 5, port: null } }, readinessProbe: { grpc: null, tcpSocket: 'x' }, startupProbe: 'yes' }],
        initContainers: { name: 'init' },
      } } } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'd', namespace: 'shop' }, spec: { jobTemplate: 'x', startingDeadlineSeconds: null } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'e', namespace: 'shop', ownerReferences: 'x' }, spec: null },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'f', namespace: 'shop' }, spec: { minReplicas: '1', maxReplicas: null, scaleTargetRef: 'c' } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'g', namespace: 'shop' }, spec: { minAvailable: 'many', selector: 'app=web' } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'h', namespace: 'shop' }, spec: 'x' },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'i', namespace: 'shop', annotations: null }, spec: [] },
    ];
    const checks = BUILTIN_CHECKS.filter((c) => MINE.includes(c.id));
    expect(checks).toHaveLength(MINE.length);
    expect(() => runPolicy(odd.map((m) => kubernetesTarget(m)), { checks })).not.toThrow();
    // Each shape alone too, so one that throws is not hidden behind another.
    for (const m of odd) {
      expect(() => runPolicy([kubernetesTarget(m)], { checks })).not.toThrow();
    }
  });
});
