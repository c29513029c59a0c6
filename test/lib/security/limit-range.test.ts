import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { LimitRange, LimitRangeProps } from '../../../lib/security/limit-range';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';
import { find, findWithPath, synth, synthWithPaths } from '../../helpers/synth';

describe('LimitRange', () => {
  test('container defaults and bounds, pod bounds and claim sizes become the three items', () => {
    const out = synth((stack) => new LimitRange(new SecureNamespace(stack, 'team-a'), 'limits', {
      container: {
        default: { cpu: '500m', memory: '512Mi', ephemeralStorage: '1Gi' },
        defaultRequest: { cpu: '100m', memory: '256Mi', ephemeralStorage: '512Mi' },
        min: { cpu: '50m', memory: '64Mi' },
        max: { cpu: '2', memory: '2Gi', ephemeralStorage: '4Gi' },
        maxLimitRequestRatio: { cpu: 10, memory: 2.5 },
      },
      pod: { min: { memory: '64Mi' }, max: { cpu: '4', memory: '4Gi' }, maxLimitRequestRatio: { cpu: 10 } },
      persistentVolumeClaim: { min: '1Gi', max: '100Gi' },
    }));
    const lr = find(out, 'LimitRange', 'limits');
    expect(lr.metadata.namespace).toBe('team-a');
    expect(lr.spec.limits).toEqual([
      {
        type: 'Container',
        default: { 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
        defaultRequest: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
        min: { cpu: '50m', memory: '64Mi' },
        max: { 'cpu': '2', 'memory': '2Gi', 'ephemeral-storage': '4Gi' },
        maxLimitRequestRatio: { cpu: '10', memory: '2.5' },
      },
      { type: 'Pod', min: { memory: '64Mi' }, max: { cpu: '4', memory: '4Gi' }, maxLimitRequestRatio: { cpu: '10' } },
      { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '100Gi' } },
    ]);
  });

  test('writes what is given and leaves the implied defaults to the API server (a default limit from max, a request from it)', () => {
    const out = synthWithPaths((stack) => {
      const lr = new LimitRange(stack, 'caps', { namespace: 'tools', container: { max: { cpu: '1' }, min: { cpu: '100m' }, maxLimitRequestRatio: { cpu: 10 } } });
      expect(lr.limits).toEqual([{ type: 'Container', min: { cpu: '100m' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: 10 } }]);
    });
    const written = findWithPath(out, 'LimitRange');
    expect(written.constructPath).toBe('test/caps/Resource');
    expect(written.manifest.metadata).toMatchObject({ name: 'caps', namespace: 'tools' });
    expect(written.manifest.spec.limits).toEqual([{ type: 'Container', min: { cpu: '100m' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: '10' } }]);
  });

  test('claim sizes alone', () => {
    const out = synth((stack) => new LimitRange(new SecureNamespace(stack, 'data'), 'claims', { persistentVolumeClaim: { max: '50Gi' } }));
    expect(find(out, 'LimitRange', 'claims').spec).toEqual({ limits: [{ type: 'PersistentVolumeClaim', max: { storage: '50Gi' } }] });
  });
});

const ns = (s: Construct) => new SecureNamespace(new AppStack(s, 'bad'), 'shop');
// Bad values are passed as they would come from JavaScript: the cast lets the table hold what TypeScript refuses.
const limits = (s: Construct, p: object) => new LimitRange(ns(s), 'limits', p as LimitRangeProps);
const L = '[bad/shop/limits]';
const EPHEMERAL = 'keelson containers set no ephemeral-storage, and the API server refuses pods without one';

const CASES: BadInput[] = [
  { title: 'an empty LimitRange', build: (s) => limits(s, {}), where: `${L} props: got {}`,
    expected: 'at least one of container, pod and persistentVolumeClaim (an empty LimitRange limits nothing)' },
  { title: 'an empty container item', build: (s) => limits(s, { container: {} }), where: `${L} container: got {}`,
    expected: 'at least one of default, defaultRequest, min, max, maxLimitRequestRatio' },
  { title: 'an empty default', build: (s) => limits(s, { container: { default: {} } }), where: `${L} container.default: got {}`,
    expected: 'at least one of cpu, memory, ephemeralStorage (or leave default out)' },
  { title: 'a default CPU of 0', build: (s) => limits(s, { container: { default: { cpu: '0' } } }), where: `${L} container.default.cpu: got "0"`,
    expected: 'a CPU amount above 0 such as "500m", "1.5" or "2" (no finer than a millicore)' },
  { title: 'memory in "Gb"', build: (s) => limits(s, { container: { max: { memory: '1Gb' } } }), where: `${L} container.max.memory: got "1Gb"`,
    expected: 'an amount of bytes above 0 such as "512Mi", "4Gi" or "1G" (whole bytes: "500m" would be half a byte, and "Gb" is not a unit)' },
  { title: 'a default above max', build: (s) => limits(s, { container: { default: { cpu: '2' }, max: { cpu: '1' } } }), where: `${L} container.default.cpu: got "2"`,
    expected: 'at most container.max.cpu ("1")' },
  { title: 'a default below min', build: (s) => limits(s, { container: { default: { memory: '64Mi' }, min: { memory: '128Mi' } } }),
    where: `${L} container.default.memory: got "64Mi"`, expected: 'at least container.min.memory ("128Mi")' },
  { title: 'a default request above the default limit', build: (s) => limits(s, { container: { default: { cpu: '500m' }, defaultRequest: { cpu: '1' } } }),
    where: `${L} container.defaultRequest.cpu: got "1"`, expected: 'at most container.default.cpu ("500m"), the default limit' },
  { title: 'a default request above max (the default limit then being max)', build: (s) => limits(s, { container: { defaultRequest: { memory: '2Gi' }, max: { memory: '1Gi' } } }),
    where: `${L} container.defaultRequest.memory: got "2Gi"`, expected: 'at most container.max.memory ("1Gi")' },
  { title: 'a default request below min', build: (s) => limits(s, { container: { defaultRequest: { cpu: '10m' }, min: { cpu: '50m' } } }),
    where: `${L} container.defaultRequest.cpu: got "10m"`, expected: 'at least container.min.cpu ("50m")' },
  { title: 'min above max', build: (s) => limits(s, { container: { min: { memory: '2Gi' }, max: { memory: '1Gi' } } }), where: `${L} container.min.memory: got "2Gi"`,
    expected: 'at most container.max.memory ("1Gi")' },
  { title: 'a ratio below 1', build: (s) => limits(s, { container: { maxLimitRequestRatio: { cpu: 0.5 } } }), where: `${L} container.maxLimitRequestRatio.cpu: got 0.5`,
    expected: 'a number of at least 1 such as 2 or 1.5 (a limit is never below its request)' },
  { title: 'a ratio given as a string', build: (s) => limits(s, { container: { maxLimitRequestRatio: { cpu: '4' } } }), where: `${L} container.maxLimitRequestRatio.cpu: got "4"`,
    expected: 'a number of at least 1' },
  { title: 'a ratio above max/min', build: (s) => limits(s, { container: { min: { cpu: '100m' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: 20 } } }),
    where: `${L} container.maxLimitRequestRatio.cpu: got 20`, expected: 'at most 10, container.max.cpu divided by container.min.cpu' },
  { title: 'a ratio the defaults break', build: (s) => limits(s, { container: { default: { cpu: '1' }, defaultRequest: { cpu: '100m' }, maxLimitRequestRatio: { cpu: 4 } } }),
    where: `${L} container.maxLimitRequestRatio.cpu: got 4`,
    expected: 'at least 10, the default limit "1" over the default request "100m" (containers that take both defaults would be refused)' },
  { title: 'a default in a pod item', build: (s) => limits(s, { pod: { default: { cpu: '1' } } }), where: `${L} pod.default: got {"cpu":"1"}`,
    expected: 'a known prop; the props are max, maxLimitRequestRatio, min' },
  { title: 'a container default above the pod max', build: (s) => limits(s, { container: { default: { cpu: '1' } }, pod: { max: { cpu: '500m' } } }),
    where: `${L} container.default.cpu: got "1"`, expected: 'at most pod.max.cpu ("500m"): a pod whose one container takes the default limit would be refused' },
  { title: 'a container min above the pod max', build: (s) => limits(s, { container: { min: { memory: '1Gi' } }, pod: { max: { memory: '512Mi' } } }),
    where: `${L} container.min.memory: got "1Gi"`, expected: 'at most pod.max.memory ("512Mi"): no pod could hold a container of the least size' },
  { title: 'an empty claim item', build: (s) => limits(s, { persistentVolumeClaim: {} }), where: `${L} persistentVolumeClaim: got {}`,
    expected: 'a min or a max storage size, or both' },
  { title: 'a claim min above its max', build: (s) => limits(s, { persistentVolumeClaim: { min: '10Gi', max: '5Gi' } }), where: `${L} persistentVolumeClaim.min: got "10Gi"`,
    expected: 'at most persistentVolumeClaim.max ("5Gi")' },
  { title: 'a claim size in "GB"', build: (s) => limits(s, { persistentVolumeClaim: { max: '5GB' } }), where: `${L} persistentVolumeClaim.max: got "5GB"`,
    expected: 'an amount of bytes above 0' },
  { title: 'a claim "storage" key', build: (s) => limits(s, { persistentVolumeClaim: { max: { storage: '5Gi' } } }), where: `${L} persistentVolumeClaim.max: got {"storage":"5Gi"}`,
    expected: 'an amount of bytes above 0' },
  { title: 'an ephemeral-storage ratio without a default limit', build: (s) => limits(s, { container: { maxLimitRequestRatio: { ephemeralStorage: 2 } } }),
    where: `${L} container.maxLimitRequestRatio.ephemeralStorage: got 2`,
    expected: `a default limit for it too (container.default.ephemeralStorage or container.max.ephemeralStorage): ${EPHEMERAL}` },
  { title: 'a pod ephemeral-storage min without a container default request', build: (s) => limits(s, { pod: { min: { ephemeralStorage: '1Gi' } } }),
    where: `${L} pod.min.ephemeralStorage: got "1Gi"`,
    expected: `a default request for it too (container.defaultRequest.ephemeralStorage, or a default, max or min): ${EPHEMERAL}` },
  { title: 'a pod ephemeral-storage max without a container default limit', build: (s) => limits(s, { container: { defaultRequest: { ephemeralStorage: '1Gi' } }, pod: { max: { ephemeralStorage: '4Gi' } } }),
    where: `${L} pod.max.ephemeralStorage: got "4Gi"`, expected: 'a default limit for it too' },
  { title: 'the API field "type" in an item', build: (s) => limits(s, { container: { type: 'Container', max: { cpu: '1' } } }), where: `${L} container.type: got "Container"`,
    expected: 'a known prop; the props are default, defaultRequest, max, maxLimitRequestRatio, min' },
  { title: 'the API list "limits"', build: (s) => limits(s, withUnknownProps({ pod: { max: { cpu: '1' } } }, { limits: [{ type: 'Container' }] })),
    where: `${L} limits: got [{"type":"Container"}]`, expected: 'a known prop; the props are container, labels, name, namespace, persistentVolumeClaim, pod' },
  { title: 'the API name "ephemeral-storage"', build: (s) => limits(s, { container: { max: { 'ephemeral-storage': '1Gi' } } }),
    where: `${L} container.max.ephemeral-storage: got "1Gi"`, expected: 'a known prop (did you mean "ephemeralStorage"?)' },
  { title: 'a null item from JavaScript', build: (s) => limits(s, { container: null }), where: `${L} container: got null`, expected: 'an object of props' },
  { title: 'props null from JavaScript', build: (s) => limits(s, null as unknown as object), where: `${L} props: got null`, expected: 'an object of props' },
  { title: 'a null amount from JavaScript', build: (s) => limits(s, { container: { max: { cpu: null } } }), where: `${L} container.max.cpu: got null`, expected: 'a CPU amount above 0' },
];

const good: AppDefinition = {
  name: 'good',
  description: '',
  build: (app) => new LimitRange(new SecureNamespace(new AppStack(app, 'good'), 'shop'), 'limits', { container: { max: { cpu: '2' } } }),
};

describeBadInputs('bad LimitRange input is refused with a clear error and no output', good, CASES);
