import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { ResourceQuota, ResourceQuotaProps } from '../../../lib/security/resource-quota';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { PriorityClass } from '../../../lib/workloads/priority-class';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';
import { find, findWithPath, synth, synthError, synthWithPaths } from '../../helpers/synth';

describe('ResourceQuota', () => {
  test('compute, storage (also per StorageClass) and object counts become the hard limits the API names', () => {
    const out = synth((stack) => new ResourceQuota(new SecureNamespace(stack, 'team-a'), 'compute', {
      compute: { requests: { cpu: '4', memory: '8Gi', ephemeralStorage: '20Gi' }, limits: { cpu: '8', memory: '16Gi' } },
      storage: { requests: '1Ti', persistentVolumeClaims: 20, storageClasses: { 'gp3': { requests: '500Gi', persistentVolumeClaims: 10 }, 'io2': { requests: '0' } } },
      objects: {
        pods: 50, services: 10, servicesLoadBalancers: 0, servicesNodePorts: 0, secrets: 40, configMaps: 40, replicationControllers: 0,
        resourceQuotas: 1, count: { 'deployments.apps': 20, 'jobs.batch': 30, 'widgets.example.com': 5, 'pods': 60 },
      },
      otherResources: { 'requests.nvidia.com/gpu': '4', 'requests.hugepages-2Mi': '1Gi' },
    }));
    const quota = find(out, 'ResourceQuota', 'compute');
    expect(quota.metadata.namespace).toBe('team-a');
    expect(quota.spec).toEqual({
      hard: {
        'requests.cpu': '4', 'requests.memory': '8Gi', 'requests.ephemeral-storage': '20Gi', 'limits.cpu': '8', 'limits.memory': '16Gi',
        'requests.storage': '1Ti', 'persistentvolumeclaims': '20',
        'gp3.storageclass.storage.k8s.io/requests.storage': '500Gi', 'gp3.storageclass.storage.k8s.io/persistentvolumeclaims': '10',
        'io2.storageclass.storage.k8s.io/requests.storage': '0',
        'pods': '50', 'services': '10', 'services.loadbalancers': '0', 'services.nodeports': '0', 'secrets': '40', 'configmaps': '40',
        'replicationcontrollers': '0', 'resourcequotas': '1',
        'count/deployments.apps': '20', 'count/jobs.batch': '30', 'count/widgets.example.com': '5', 'count/pods': '60',
        'requests.nvidia.com/gpu': '4', 'requests.hugepages-2Mi': '1Gi',
      },
    });
  });

  test('scopes and a PriorityClass scope selector (a PriorityClass or its name)', () => {
    const out = synth((stack) => {
      const high = new PriorityClass(stack, 'high', { value: 1000, description: 'Customer-facing services.' });
      const ns = new SecureNamespace(stack, 'team-a');
      new ResourceQuota(ns, 'long-running', { scopes: ['NotTerminating', 'NotBestEffort'], compute: { requests: { cpu: '2' } }, objects: { pods: 10 } });
      new ResourceQuota(ns, 'high-priority', {
        compute: { limits: { memory: '4Gi' } },
        scopeSelector: [{ scope: 'PriorityClass', operator: 'In', values: [high, 'critical'] }, { scope: 'CrossNamespacePodAffinity', operator: 'Exists' }],
      });
      new ResourceQuota(ns, 'best-effort', { scopes: ['BestEffort'], objects: { pods: 5 } });
    });
    expect(find(out, 'ResourceQuota', 'long-running').spec).toEqual({ hard: { 'requests.cpu': '2', 'pods': '10' }, scopes: ['NotTerminating', 'NotBestEffort'] });
    expect(find(out, 'ResourceQuota', 'high-priority').spec).toEqual({
      hard: { 'limits.memory': '4Gi' },
      scopeSelector: { matchExpressions: [
        { scopeName: 'PriorityClass', operator: 'In', values: ['high', 'critical'] },
        { scopeName: 'CrossNamespacePodAffinity', operator: 'Exists' },
      ] },
    });
    expect(find(out, 'ResourceQuota', 'best-effort').spec).toEqual({ hard: { pods: '5' }, scopes: ['BestEffort'] });
  });

  test('named after the construct id, in the enclosing namespace or the one given; labels; the main object is child "Resource"', () => {
    const out = synthWithPaths((stack) => {
      const q = new ResourceQuota(stack, 'objects', { namespace: 'tools', labels: { team: 'a' }, objects: { secrets: 5 } });
      ApiObject.of(q.resource).addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'team-a' }));
      expect(q.hard).toEqual({ secrets: '5' });
    });
    const written = findWithPath(out, 'ResourceQuota');
    expect(written.constructPath).toBe('test/objects/Resource');
    expect(written.manifest.metadata).toMatchObject({ name: 'objects', namespace: 'tools', annotations: { 'example.com/owner': 'team-a' } });
    expect(written.manifest.metadata.labels).toMatchObject({ team: 'a' });
  });

  test('without a namespace it is an error', () => {
    expect(synthError((stack) => new ResourceQuota(stack, 'q', { objects: { pods: 1 } })).message)
      .toContain('[test/q] namespace: got undefined; expected a namespace: set `namespace` or define the construct inside a SecureNamespace');
  });
});

const ns = (s: Construct) => new SecureNamespace(new AppStack(s, 'bad'), 'shop');
// Bad values are passed as they would come from JavaScript: the cast lets the table hold what TypeScript refuses.
const quota = (s: Construct, p: object) => new ResourceQuota(ns(s), 'quota', p as ResourceQuotaProps);
const Q = '[bad/shop/quota]';
const SCOPED = 'can limit only "pods", cpu and memory';

const CASES: BadInput[] = [
  { title: 'an empty quota', build: (s) => quota(s, {}), where: `${Q} props: got {}`,
    expected: 'at least one hard limit: compute, storage, objects or otherResources (an empty quota limits nothing)' },
  { title: 'a CPU amount in words', build: (s) => quota(s, { compute: { requests: { cpu: 'two' } } }), where: `${Q} compute.requests.cpu: got "two"`,
    expected: 'a CPU amount such as "2", "1.5" or "500m" (0 or more, no finer than a millicore)' },
  { title: 'a CPU amount finer than a millicore', build: (s) => quota(s, { compute: { limits: { cpu: '0.0005' } } }), where: `${Q} compute.limits.cpu: got "0.0005"`,
    expected: 'a CPU amount such as "2", "1.5" or "500m"' },
  { title: 'a negative CPU amount', build: (s) => quota(s, { compute: { limits: { cpu: '-1' } } }), where: `${Q} compute.limits.cpu: got "-1"`, expected: 'a CPU amount' },
  { title: 'memory in "Gb"', build: (s) => quota(s, { compute: { requests: { memory: '8Gb' } } }), where: `${Q} compute.requests.memory: got "8Gb"`,
    expected: 'an amount of bytes such as "4Gi", "512Mi" or "1G" (0 or more whole bytes: "500m" would be half a byte, and "Gb" is not a unit)' },
  { title: 'memory in millibytes', build: (s) => quota(s, { compute: { limits: { memory: '500m' } } }), where: `${Q} compute.limits.memory: got "500m"`,
    expected: 'an amount of bytes such as "4Gi"' },
  { title: 'a compute amount given as a number', build: (s) => quota(s, { compute: { requests: { cpu: 2 } } }), where: `${Q} compute.requests.cpu: got 2`,
    expected: 'a CPU amount such as "2"' },
  { title: 'compute "request" for "requests"', build: (s) => quota(s, { compute: { request: { cpu: '1' } } }), where: `${Q} compute.request: got {"cpu":"1"}`,
    expected: 'a known prop (did you mean "requests"?); the props are limits, requests' },
  { title: 'the API name "ephemeral-storage" as a prop', build: (s) => quota(s, { compute: { requests: { 'ephemeral-storage': '1Gi' } } }),
    where: `${Q} compute.requests.ephemeral-storage: got "1Gi"`, expected: 'a known prop (did you mean "ephemeralStorage"?); the props are cpu, ephemeralStorage, memory' },
  { title: 'a fractional pod count', build: (s) => quota(s, { objects: { pods: 2.5 } }), where: `${Q} objects.pods: got 2.5`, expected: 'an integer >= 0' },
  { title: 'a negative Service count', build: (s) => quota(s, { objects: { services: -1 } }), where: `${Q} objects.services: got -1`, expected: 'an integer >= 0' },
  { title: 'a count given as a string', build: (s) => quota(s, { objects: { secrets: '10' } }), where: `${Q} objects.secrets: got "10"`, expected: 'an integer >= 0' },
  { title: 'the API name "services.loadbalancers" as a prop', build: (s) => quota(s, { objects: { 'services.loadbalancers': 0 } }),
    where: `${Q} objects.services.loadbalancers: got 0`, expected: 'a known prop' },
  { title: 'count of Deployments under the core group', build: (s) => quota(s, { objects: { count: { deployments: 5 } } }),
    where: `${Q} objects.count key: got "deployments"`,
    expected: 'a resource named under its own API group: "deployments" is in API group "apps", not "" (core), so "count/deployments" counts nothing; write "count/deployments.apps"' },
  { title: 'count of pods under "apps"', build: (s) => quota(s, { objects: { count: { 'pods.apps': 5 } } }), where: `${Q} objects.count key: got "pods.apps"`,
    expected: 'a resource named under its own API group: "pods" is in API group "" (core), not "apps", so "count/pods.apps" counts nothing; write "count/pods"' },
  { title: 'count with the "count/" prefix written out', build: (s) => quota(s, { objects: { count: { 'count/jobs.batch': 5 } } }),
    where: `${Q} objects.count key: got "count/jobs.batch"`, expected: 'a "<resource>.<group>" such as "deployments.apps"' },
  { title: 'a fractional count', build: (s) => quota(s, { objects: { count: { 'jobs.batch': 1.5 } } }), where: `${Q} objects.count["jobs.batch"]: got 1.5`, expected: 'an integer >= 0' },
  { title: 'storage in "GB"', build: (s) => quota(s, { storage: { requests: '100GB' } }), where: `${Q} storage.requests: got "100GB"`, expected: 'an amount of bytes' },
  { title: 'a StorageClass name with capitals', build: (s) => quota(s, { storage: { storageClasses: { GP3: { requests: '1Gi' } } } }),
    where: `${Q} storage.storageClasses key: got "GP3"`, expected: 'an object name' },
  { title: 'an empty StorageClass quota', build: (s) => quota(s, { storage: { storageClasses: { gp3: {} } } }), where: `${Q} storage.storageClasses["gp3"]: got {}`,
    expected: 'a quota for the class: { requests } (storage), { persistentVolumeClaims } (claims) or both' },
  { title: 'StorageClass quotas as a list', build: (s) => quota(s, { storage: { storageClasses: [{ requests: '1Gi' }] } }),
    where: `${Q} storage.storageClasses: got [{"requests":"1Gi"}]`, expected: 'an object of quotas by StorageClass name' },
  { title: 'a typed resource in otherResources', build: (s) => quota(s, { otherResources: { 'limits.cpu': '4' } }), where: `${Q} otherResources key: got "limits.cpu"`,
    expected: 'a resource without a typed prop (set compute.limits.cpu instead)' },
  { title: 'an unknown unqualified resource', build: (s) => quota(s, { otherResources: { gpus: '4' } }), where: `${Q} otherResources key: got "gpus"`,
    expected: 'a quota resource name: a standard one such as "requests.cpu"' },
  { title: 'a fractional extended resource', build: (s) => quota(s, { otherResources: { 'example.com/dongle': '1.5' } }),
    where: `${Q} otherResources["example.com/dongle"]: got "1.5"`, expected: 'a whole number (the API server counts example.com/dongle in whole units)' },
  { title: 'an unknown scope', build: (s) => quota(s, { objects: { pods: 1 }, scopes: ['Finished'] }), where: `${Q} scopes[0]: got "Finished"`,
    expected: 'one of "Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity"' },
  { title: 'a scope with a Service count', build: (s) => quota(s, { objects: { pods: 5, services: 2 }, scopes: ['NotTerminating'] }), where: `${Q} scopes[0]: got "NotTerminating"`,
    expected: `a scope that applies to every hard limit of the quota: NotTerminating ${SCOPED}, and the quota also limits "services" (put those in a quota without scopes)` },
  { title: 'BestEffort with CPU', build: (s) => quota(s, { compute: { requests: { cpu: '1' } }, scopes: ['BestEffort'] }), where: `${Q} scopes[0]: got "BestEffort"`,
    expected: 'a scope that applies to every hard limit of the quota: BestEffort can limit only "pods", and the quota also limits "requests.cpu"' },
  { title: 'a scope with ephemeral storage', build: (s) => quota(s, { compute: { requests: { ephemeralStorage: '1Gi' } }, scopes: ['Terminating'] }),
    where: `${Q} scopes[0]: got "Terminating"`,
    expected: `a scope that applies to every hard limit of the quota: Terminating ${SCOPED}, and the quota also limits "requests.ephemeral-storage"` },
  { title: 'Terminating and NotTerminating', build: (s) => quota(s, { objects: { pods: 1 }, scopes: ['Terminating', 'NotTerminating'] }),
    where: `${Q} scopes[1]: got "NotTerminating"`, expected: 'not both Terminating and NotTerminating: no pod is both, so the quota would apply to nothing' },
  { title: 'a scope twice', build: (s) => quota(s, { objects: { pods: 1 }, scopes: ['BestEffort', 'BestEffort'] }), where: `${Q} scopes[1]: got "BestEffort"`,
    expected: 'a scope that is not already used in scopes' },
  { title: 'PriorityClass In without values', build: (s) => quota(s, { objects: { pods: 1 }, scopeSelector: [{ scope: 'PriorityClass', operator: 'In' }] }),
    where: `${Q} scopeSelector[0].values: got undefined`, expected: 'at least one value with operator "In"' },
  { title: 'Exists with values', build: (s) => quota(s, { objects: { pods: 1 }, scopeSelector: [{ scope: 'PriorityClass', operator: 'Exists', values: ['high'] }] }),
    where: `${Q} scopeSelector[0].values: got ["high"]`, expected: 'no values with operator "Exists"' },
  { title: 'a Terminating selector with In', build: (s) => quota(s, { objects: { pods: 1 }, scopeSelector: [{ scope: 'Terminating', operator: 'In', values: ['x'] }] }),
    where: `${Q} scopeSelector[0].operator: got "In"`, expected: '"Exists" (the only operator for scope Terminating; only PriorityClass takes values)' },
  { title: 'an unknown operator', build: (s) => quota(s, { objects: { pods: 1 }, scopeSelector: [{ scope: 'PriorityClass', operator: 'Equals', values: ['x'] }] }),
    where: `${Q} scopeSelector[0].operator: got "Equals"`, expected: '"In", "NotIn", "Exists" or "DoesNotExist"' },
  { title: 'a selector with the API field "scopeName"', build: (s) => quota(s, { objects: { pods: 1 }, scopeSelector: [{ scopeName: 'PriorityClass', operator: 'Exists' }] }),
    where: `${Q} scopeSelector[0].scopeName: got "PriorityClass"`, expected: 'a known prop; the props are operator, scope, values' },
  { title: 'a PriorityClass name with capitals', build: (s) => quota(s, { objects: { pods: 1 }, scopeSelector: [{ scope: 'PriorityClass', operator: 'In', values: ['High'] }] }),
    where: `${Q} scopeSelector[0].values[0]: got "High"`, expected: 'an object name' },
  { title: 'scopes as a string', build: (s) => quota(s, { objects: { pods: 1 }, scopes: 'BestEffort' }), where: `${Q} scopes: got "BestEffort"`, expected: 'a list of scopes' },
  { title: 'the API field "hard"', build: (s) => quota(s, withUnknownProps({ objects: { pods: 1 } }, { hard: { pods: '1' } })), where: `${Q} hard: got {"pods":"1"}`,
    expected: 'a known prop; the props are compute, labels, name, namespace, objects, otherResources, scopeSelector, scopes, storage' },
  { title: 'null props from JavaScript', build: (s) => quota(s, { compute: null }), where: `${Q} compute: got null`, expected: 'an object of props' },
  { title: 'props null from JavaScript', build: (s) => quota(s, null as unknown as object), where: `${Q} props: got null`, expected: 'an object of props' },
  { title: 'null amount from JavaScript', build: (s) => quota(s, { compute: { requests: { cpu: null } } }), where: `${Q} compute.requests.cpu: got null`, expected: 'a CPU amount' },
];

const good: AppDefinition = {
  name: 'good',
  description: '',
  build: (app) => new ResourceQuota(new SecureNamespace(new AppStack(app, 'good'), 'shop'), 'quota', { compute: { requests: { cpu: '4' } }, objects: { pods: 10 } }),
};

describeBadInputs('bad ResourceQuota input is refused with a clear error and no output', good, CASES);
