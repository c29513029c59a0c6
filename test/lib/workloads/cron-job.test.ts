import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { CronJob, CronJobProps } from '../../../lib/workloads/cron-job';
import { all, find, synth, synthError } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/backup:3.1.0';

function cronJob(props: Partial<CronJobProps> = {}) {
  return synth((s) => new CronJob(new SecureNamespace(s, 'ops'), 'backup', { image: IMAGE, schedule: '0 3 * * *', ...props }));
}

describe('CronJob defaults', () => {
  const out = cronJob();
  const manifest = find(out, 'CronJob', 'backup');
  const jobTemplate = manifest.spec.jobTemplate;
  const pod = jobTemplate.spec.template.spec;

  test('a batch/v1 CronJob on the schedule, in the namespace, with its own ServiceAccount and nothing else', () => {
    expect(manifest.apiVersion).toBe('batch/v1');
    expect(manifest.metadata.namespace).toBe('ops');
    expect(manifest.spec.schedule).toBe('0 3 * * *');
    expect(manifest.spec).not.toHaveProperty('timeZone');
    expect(pod.serviceAccountName).toBe('backup');
    expect(find(out, 'ServiceAccount', 'backup').automountServiceAccountToken).toBe(false);
    for (const kind of ['Job', 'Service', 'PodDisruptionBudget', 'Deployment']) {
      expect(all(out, kind)).toEqual([]);
    }
  });

  test('runs never overlap, a run more than an hour late is skipped, and the last 3 successful and 1 failed Jobs are kept', () => {
    expect(manifest.spec.concurrencyPolicy).toBe('Forbid');
    expect(manifest.spec.successfulJobsHistoryLimit).toBe(3);
    expect(manifest.spec.failedJobsHistoryLimit).toBe(1);
    expect(manifest.spec).not.toHaveProperty('suspend');
    expect(manifest.spec.startingDeadlineSeconds).toBe(3600);
  });

  test('the Jobs carry the workload labels, and the history limits prune them (no ttl)', () => {
    expect(jobTemplate.metadata.labels).toEqual({ 'app': 'backup', 'app.kubernetes.io/name': 'backup' });
    expect(jobTemplate.spec.template.metadata.labels).toEqual({ 'app': 'backup', 'app.kubernetes.io/name': 'backup' });
    expect(jobTemplate.spec).not.toHaveProperty('ttlSecondsAfterFinished');
  });

  test('the pods run to completion: restartPolicy Never, no probes', () => {
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers[0]).not.toHaveProperty('livenessProbe');
    expect(pod.containers[0]).not.toHaveProperty('readinessProbe');
    expect(pod).not.toHaveProperty('topologySpreadConstraints');
  });
});

describe('CronJob options', () => {
  test('time zone, concurrency policy, deadline, history limits and suspension', () => {
    const spec = find(cronJob({
      schedule: '30 2 * * MON-FRI', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Replace', startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 5, failedJobsHistoryLimit: 0, suspend: true,
    }), 'CronJob', 'backup').spec;
    expect(spec).toMatchObject({
      schedule: '30 2 * * MON-FRI', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Replace', startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 5, failedJobsHistoryLimit: 0, suspend: true,
    });
  });

  test('concurrencyPolicy Allow lets runs overlap', () => {
    expect(find(cronJob({ concurrencyPolicy: 'Allow' }), 'CronJob', 'backup').spec.concurrencyPolicy).toBe('Allow');
  });

  test.each(['@daily', '@hourly', '*/15 * * * *', '0 0 1,15 * *', '0 22 * JAN-MAR SUN'])('schedule %s is accepted', (schedule) => {
    expect(find(cronJob({ schedule }), 'CronJob', 'backup').spec.schedule).toBe(schedule);
  });

  test('the Job options go on the jobTemplate, the deadline on the Job, not its pods', () => {
    const spec = find(cronJob({ completions: 2, parallelism: 2, backoffLimit: 1, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 120 }),
      'CronJob', 'backup').spec.jobTemplate.spec;
    expect(spec).toMatchObject({ completions: 2, parallelism: 2, backoffLimit: 1, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 120 });
    expect(spec.template.spec).not.toHaveProperty('activeDeadlineSeconds');
  });

  test('restartPolicy OnFailure and a per-index backoff limit reach the Jobs', () => {
    const spec = find(cronJob({ restartPolicy: 'OnFailure', completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1 }), 'CronJob', 'backup')
      .spec.jobTemplate.spec;
    expect(spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(spec).toMatchObject({ completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1 });
  });

  test('sidecars of its pods are native sidecars', () => {
    const pod = find(cronJob({ sidecars: [{ name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', ports: [{ name: 'proxy', port: 15000 }] }] }),
      'CronJob', 'backup').spec.jobTemplate.spec.template.spec;
    expect(pod.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['proxy', 'Always']]);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['backup']);
  });

  test('a name of 52 characters fits the names of its Jobs; 53 does not', () => {
    const name = `b${'x'.repeat(51)}`;
    expect(find(cronJob({ name }), 'CronJob', name).metadata.name).toHaveLength(52);
    const error = synthError((s) => new CronJob(new SecureNamespace(s, 'ops'), 'backup', { image: IMAGE, schedule: '@daily', name: `${name}x` }));
    expect(error.message).toContain('name: got');
    expect(error.message).toContain('at most 52 characters');
  });

  test('an unknown schedule says which field is wrong', () => {
    const error = synthError((s) => new CronJob(new SecureNamespace(s, 'ops'), 'backup', { image: IMAGE, schedule: '0 25 * * *' }));
    expect(error.message).toContain('schedule: got "0 25 * * *"; expected a cron schedule such as "0 3 * * *" or "@daily" (hour "25" is not a value or range within 0-23)');
  });
});
