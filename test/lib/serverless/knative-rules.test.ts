import { builtinKind, builtinKindProblem } from '../../../lib/core/api-resources';
import { cronProblem } from '../../../lib/core/cron';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ApiServerSource } from '../../../lib/serverless/api-server-source';
import { EventDestination } from '../../../lib/serverless/event-destination';
import { KnativeService } from '../../../lib/serverless/knative-service';
import { PingSource } from '../../../lib/serverless/ping-source';
import { find, synth } from '../../helpers/synth';

// What Knative accepts, as the constructs model it: real resource names for ApiServerSource's Role, the days a
// schedule can fire on, the time zones and URLs Knative takes, and names that stay within Kubernetes' limits.

const IMAGE = 'ghcr.io/acme/hello:1.0.0';
const HOOK = EventDestination.uri('https://example.com/hook?source=ping#events');

describe('ApiServerSource', () => {
  const manifests = synth((s) => new ApiServerSource(new SecureNamespace(s, 'fn'), 'watch', {
    resources: [
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' }, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
      { apiVersion: 'v1', kind: 'Endpoints' }, { apiVersion: 'events.k8s.io/v1', kind: 'Event' }, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
      { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', resource: 'clusterpolicies' },
    ],
    sink: HOOK,
  }));

  test('its Role names the resources by their real plural names, never kind + "s"', () => {
    expect(find(manifests, 'Role', 'watch').rules.map((r: any) => [r.apiGroups[0], r.resources])).toEqual([
      ['', ['endpoints']], ['autoscaling', ['horizontalpodautoscalers']], ['events.k8s.io', ['events']], ['kyverno.io', ['clusterpolicies']],
      ['networking.k8s.io', ['ingresses', 'networkpolicies']],
    ]);
  });

  test('the table of built-in kinds knows plurals, groups and served versions', () => {
    expect(builtinKind('v1', 'Endpoints')?.resource).toBe('endpoints');
    expect(builtinKind('storage.k8s.io/v1', 'CSIStorageCapacity')?.resource).toBe('csistoragecapacities');
    expect(builtinKind('kyverno.io/v1', 'ClusterPolicy')).toBeUndefined();
    expect(builtinKindProblem('extensions/v1beta1', 'Ingress')).toBeUndefined(); // not a group this table knows
    expect(builtinKindProblem('batch/v1beta1', 'CronJob')).toBe('CronJob is served as "batch/v1"; version "v1beta1" is not served');
    expect(builtinKindProblem('v1', 'Widget')).toBe('the core API group ("v1") has no kind Widget');
  });
});

describe('schedules and time zones', () => {
  // "0 0 31 2 MON": both day fields are restricted, so any Monday in February fires. "4/2" is April, June, August...
  test.each(['0 0 29 2 *', '0 0 31 2 MON', '0 0 31 * *', '0 0 30,31 1-3 *', '0 0 */10 2 *', '0 0 31 */2 *', '0 0 31 4/2 *'])('%s fires on some day', (s) => {
    expect(cronProblem(s)).toBeUndefined();
  });

  test.each([['0 0 30 2 *', 'FEB'], ['0 0 31 4,6,9,11 *', 'APR, JUN, SEP, NOV'], ['0 0 30-31 FEB ?', 'FEB']])('%s never fires', (s, months) => {
    expect(cronProblem(s)).toBe(`day of month "${s.split(' ')[2]}" does not exist in ${months}, so the schedule never fires`);
  });

  test.each(['UTC', 'Etc/UTC', 'Asia/Kolkata', 'Europe/Kyiv', 'America/Argentina/Buenos_Aires', 'US/Pacific', 'EST5EDT', 'Etc/GMT-14'])('a PingSource takes the time zone %s', (timezone) => {
    const ping = find(synth((s) => new PingSource(new SecureNamespace(s, 'fn'), 'ping', { schedule: '@daily', timezone, sink: HOOK })), 'PingSource', 'ping');
    expect(ping.spec).toMatchObject({ schedule: '@daily', timezone, sink: { uri: 'https://example.com/hook?source=ping#events' } });
  });
});

describe('KnativeService names', () => {
  test('a long name keeps its NetworkPolicy name within 63 characters, distinct per service', () => {
    const long = `s${'a'.repeat(50)}`;
    const manifests = synth((s) => {
      const ns = new SecureNamespace(s, 'fn');
      new KnativeService(ns, long, { image: IMAGE });
      new KnativeService(ns, `${long}b`, { image: IMAGE });
    });
    const names = manifests.filter((m) => m.kind === 'NetworkPolicy' && m.metadata.name.endsWith('-ingress-from-knative')).map((m) => m.metadata.name);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    names.forEach((n) => expect(n.length).toBeLessThanOrEqual(63));
  });
});
