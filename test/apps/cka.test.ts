import { ckaApps } from '../../apps/cka';
import { synthApp } from '../../lib/testing';
import { SCHEMA_ROOT } from '../helpers/schemas';

/** Each CKA app synthesized once, schema-validated and policy-clean (errors and warnings). */
const [pods, controllers, config, scheduling] = ['cka-pods', 'cka-controllers', 'cka-config', 'cka-scheduling'].map((name) => ckaApps.find((a) => a.name === name)!).map((def) => {
  const out = synthApp(def);
  out.expectSchemaValid(SCHEMA_ROOT);
  out.expectPolicyClean(true);
  return out;
});
const podSpec = (o: any) => (o.kind === 'Pod' ? o.spec : o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec);

describe('apps/cka: pods (seed-003a P1–P13)', () => {
  test('P2 lifecycle hooks, P3 the notes\' probe timings, P8 command and args', () => {
    expect(podSpec(pods.find('Pod', 'lifecycle-demo')).containers[0].lifecycle).toEqual({
      postStart: { exec: { command: ['/bin/sh', '-c', 'echo Hello from the postStart handler > /tmp/message'] } },
      preStop: { exec: { command: ['/usr/sbin/nginx', '-s', 'quit'] } },
    });
    const goproxy = podSpec(pods.find('Pod', 'goproxy')).containers[0];
    expect([goproxy.readinessProbe.tcpSocket.port, goproxy.readinessProbe.initialDelaySeconds, goproxy.readinessProbe.periodSeconds]).toEqual([8080, 5, 10]);
    expect([goproxy.livenessProbe.initialDelaySeconds, goproxy.livenessProbe.periodSeconds]).toEqual([15, 20]);
    const demo = pods.find('Pod', 'command-demo');
    expect([demo.spec.restartPolicy, demo.spec.containers[0].command, demo.spec.containers[0].args]).toEqual(['OnFailure', ['printenv'], ['HOSTNAME', 'KUBERNETES_PORT']]);
    expect(demo.metadata.labels?.purpose).toBe('demonstrate-command');
  });

  test('P4 the init container and the server share the emptyDir "source"; P9 the poller shares "git"', () => {
    const www = pods.find('Pod', 'www').spec;
    expect(www.initContainers.map((c: any) => [c.name, c.command[0], c.volumeMounts.find((m: any) => m.name === 'source').mountPath]))
      .toEqual([['download', 'git', '/var/lib/data']]);
    expect(www.containers[0].volumeMounts).toContainEqual({ name: 'source', mountPath: '/usr/share/nginx/html', readOnly: false });
    expect(www.volumes).toContainEqual({ name: 'source', emptyDir: { sizeLimit: '256Mi' } });
    const poll = pods.find('Pod', 'web-app').spec.containers.find((c: any) => c.name === 'poll');
    expect([poll.workingDir, poll.env, poll.livenessProbe.exec.command[0]]).toEqual(['/var/lib/data', [{ name: 'GIT_REPO', value: 'https://github.com/mdn/beginner-html-site-scripted' }], 'git']);
  });

  test('P10 ambassador on 9009, P11 adapter with the exporter on 9113 and the ConfigMap the notes leave out, P12 node affinity', () => {
    const rg = pods.find('Pod', 'random-generator').spec.containers;
    expect(rg.map((c: any) => [c.name, c.ports[0].containerPort])).toEqual([['main', 8080], ['ambassador', 9009]]);
    const adapter = pods.find('Deployment', 'adapter-pattern', { namespace: 'adapter' }).spec.template.spec;
    expect(adapter.containers.map((c: any) => c.name)).toEqual(['nginx', 'adapter']);
    expect(adapter.containers[1].args).toEqual(['-nginx.scrape-uri', 'http://localhost:8080/nginx_status']);
    expect(pods.find('ConfigMap', 'nginx-default-conf').data['default.conf']).toContain('stub_status');
    expect(pods.find('Pod', 'nginx-ssd').spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] }]);
  });
});

describe('apps/cka: controllers (seed-003a W1–W10)', () => {
  test('W3 the canary: 10 pods of v1.0.0 and 1 of v2.0.0, both selected by one Service through the shared member label', () => {
    const svc = controllers.find('Service', 'my-app');
    const selector = svc.spec.selector;
    const versions = ['my-app-v1', 'my-app-v2'].map((name) => controllers.find('Deployment', name)).map((d) => {
      for (const [k, v] of Object.entries(selector)) expect(d.spec.template.metadata.labels[k]).toBe(v);
      return [d.spec.replicas, d.spec.template.metadata.labels.version];
    });
    expect(versions).toEqual([[10, 'v1.0.0'], [1, 'v2.0.0']]);
    expect(Object.keys(selector)).not.toContain('version');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }]);
  });

  test('W6 the pi Job: completions 10, parallelism 5, backoffLimit 4, activeDeadlineSeconds 100, restartPolicy Never', () => {
    const job = controllers.find('Job', 'pi');
    expect(job.spec).toMatchObject({ completions: 10, parallelism: 5, backoffLimit: 4, activeDeadlineSeconds: 100 });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.template.spec.containers[0].command).toEqual(['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)']);
    expect(controllers.findAll({ kind: 'PodDisruptionBudget' }).map((p) => p.metadata.name)).not.toContain('pi');
  });

  test('W7 the CronJob runs every minute in UTC, two completions one at a time, OnFailure', () => {
    const cron = controllers.find('CronJob', 'pi-cron').spec;
    expect([cron.schedule, cron.timeZone, cron.concurrencyPolicy]).toEqual(['*/1 * * * *', 'Etc/UTC', 'Allow']);
    expect([cron.jobTemplate.spec.completions, cron.jobTemplate.spec.parallelism, cron.jobTemplate.spec.template.spec.restartPolicy]).toEqual([2, 1, 'OnFailure']);
  });

  test('W1/W2 rollout knobs, W4 the ReplicaSet, W5 the HPA, W8/W9 the StatefulSet and its headless Service', () => {
    expect(controllers.find('Deployment', 'nginx-deployment').spec).toMatchObject({
      replicas: 3, revisionHistoryLimit: 10, minReadySeconds: 5, progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    });
    expect(controllers.find('ReplicaSet', 'frontend').spec.replicas).toBe(3);
    expect(controllers.find('HorizontalPodAutoscaler', 'kubia').spec).toMatchObject({ minReplicas: 2, maxReplicas: 5 });
    const web = controllers.find('StatefulSet', 'web').spec;
    expect([web.replicas, web.serviceName, web.template.spec.terminationGracePeriodSeconds, web.volumeClaimTemplates[0].spec.resources.requests.storage])
      .toEqual([3, 'nginx', 10, '1Gi']);
    expect(controllers.find('Service', 'nginx').spec.clusterIP).toBe('None');
  });

  test('W10 the DaemonSet tolerates the control-plane taint, reads /var/log read-only, in a namespace that admits it for a reason', () => {
    const ds = podSpec(controllers.find('DaemonSet', 'fluentd-elasticsearch'));
    expect(ds.tolerations).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(ds.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(ds.volumes).toContainEqual({ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } });
    expect(ds.containers[0].volumeMounts).toContainEqual({ name: 'varlog', mountPath: '/var/log', readOnly: true });
    expect(controllers.find('Namespace', 'logging').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(new Set(controllers.policy.suppressed.map((s) => s.reason)))
      .toEqual(new Set(['namespace logging enforces Pod Security privileged: fluentd reads every container log under the node\'s /var/log, as root']));
  });
});

describe('apps/cka: configuration (seed-003a C1–C5)', () => {
  test('C1–C3 special-config as a variable, as all variables, and as files', () => {
    expect(config.find('ConfigMap', 'special-config').data).toEqual({ 'special.how': 'very', 'special.type': 'charm' });
    const env = config.find('Pod', 'test-container').spec.containers[0];
    expect(env.env).toEqual([{ name: 'SPECIAL_LEVEL_KEY', valueFrom: { configMapKeyRef: { name: 'special-config', key: 'special.how', optional: false } } }]);
    expect(env.envFrom).toEqual([{ configMapRef: { name: 'special-config', optional: false } }]);
    expect(config.find('Pod', 'dapi-test-pod').spec.containers[0].volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/etc/config', readOnly: true }));
  });

  test('C4/C5 the Secrets come from Secrets Manager; the registry credentials are pulled with', () => {
    expect(config.findAll({ kind: 'Secret' })).toEqual([]);
    expect(config.find('ExternalSecret', 'regcred').spec.target.template.type).toBe('kubernetes.io/dockerconfigjson');
    expect(config.find('Pod', 'private-reg').spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });
});

describe('apps/cka: scheduling (seed-003b C1–C12)', () => {
  test('C3 node affinity terms, C4 pod affinity and anti-affinity, C9 tolerations, C12 the second scheduler', () => {
    const na = scheduling.find('Pod', 'with-node-affinity').spec.affinity.nodeAffinity;
    expect(na.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(['e2e-az1', 'e2e-az2']);
    expect(na.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(1);
    const pa = scheduling.find('Pod', 'with-pod-affinity').spec.affinity;
    expect(pa.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]).toEqual({ labelSelector: { matchLabels: { security: 'S1' } }, topologyKey: 'topology.kubernetes.io/zone' });
    expect(pa.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(100);
    expect(scheduling.find('Pod', 'nginx-tolerant').spec.tolerations).toContainEqual({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 6000 });
    expect(scheduling.find('Pod', 'annotation-second-scheduler').spec.schedulerName).toBe('my-scheduler');
    expect(scheduling.find('Pod', 'nginx').spec.nodeSelector).toEqual({ disktype: 'ssd' });
  });

  test('C5/C6 two containers with requests below limits (Burstable), the password from a Secret', () => {
    const containers = scheduling.find('Pod', 'frontend').spec.containers;
    expect(containers.map((c: any) => [c.name, c.resources.requests.cpu, c.resources.limits.memory])).toEqual([['app', '250m', '128Mi'], ['log-aggregator', '250m', '128Mi']]);
    expect(containers[0].env[0].valueFrom.secretKeyRef).toEqual({ name: 'frontend-mysql', key: 'MYSQL_ROOT_PASSWORD', optional: false });
  });
});
