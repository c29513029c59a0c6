import { extensionApps } from '../../apps/extension';
import { PLATFORM } from '../../apps/eks-platform/platform';
import { synthYaml } from '../helpers/app-output';
import { podSpecOf, restrictedViolations } from '../helpers/pod-security';
import { all, find } from '../helpers/synth';

describe('extension (Cloud Native with Kubernetes ch. 13: A5, E01–E05)', () => {
  // Policy-clean and valid against the strict schemas (the DelayedJob against its CRD among the objects).
  const out = synthYaml(extensionApps[0]);
  const crd = find(out, 'CustomResourceDefinition', 'delayedjobs.delayedresources.mydomain.com');

  test('E01: the CRD is named <plural>.<group>, with status, CEL, required fields, printer columns and a selectable field', () => {
    expect(crd.spec.names).toEqual({ kind: 'DelayedJob', listKind: 'DelayedJobList', plural: 'delayedjobs', singular: 'delayedjob', shortNames: ['dj'] });
    expect(crd.spec.scope).toBe('Namespaced');
    for (const v of crd.spec.versions) {
      const spec = v.schema.openAPIV3Schema.properties.spec;
      expect(spec.required).toEqual(['delaySeconds', 'image']);
      expect(spec['x-kubernetes-validations']).toEqual([{ rule: 'self.delaySeconds >= 0', message: 'delaySeconds must be zero or more' }]);
      expect(v.subresources).toEqual({ status: {} });
      expect(v.additionalPrinterColumns.map((c: any) => c.jsonPath)).toEqual(['.spec.delaySeconds', '.spec.image', '.status.jobName', '.metadata.creationTimestamp']);
      expect(v.selectableFields).toEqual([{ jsonPath: '.spec.image' }]);
    }
  });

  test('E02/E03: v1 deprecated with the book\'s warning, v2 stored, converted by the operator\'s webhook with conversionReviewVersions', () => {
    expect(crd.spec.versions.map((v: any) => [v.name, v.served, v.storage, v.deprecated ?? false])).toEqual([['v1', true, false, true], ['v2', true, true, false]]);
    expect(crd.spec.versions[0].deprecationWarning).toBe('DelayedJob v1 is deprecated!');
    expect(crd.spec.conversion.webhook.conversionReviewVersions).toEqual(['v1']);
    expect(crd.spec.conversion.webhook.clientConfig.service).toEqual({ name: 'delayed-job-webhook-service', namespace: 'delayed-job-system', path: '/convert', port: 443 });
    expect(crd.metadata.annotations['cert-manager.io/inject-ca-from']).toBe('delayed-job-system/delayed-job-serving-cert');
    expect(find(out, 'Certificate', 'delayed-job-serving-cert').metadata.namespace).toBe('delayed-job-system');
    expect(find(out, 'Service', 'delayed-job-webhook-service').metadata.namespace).toBe('delayed-job-system');
  });

  test('E04: my-instance-of-delayed-job is a v2 DelayedJob with a pinned image, in its own namespace', () => {
    const dj = find(out, 'DelayedJob', 'my-instance-of-delayed-job');
    expect(dj.apiVersion).toBe('delayedresources.mydomain.com/v2');
    expect(dj.metadata.namespace).toBe('delayed-jobs');
    expect(dj.spec).toEqual({ delaySeconds: 6000, image: 'busybox:1.37.0', command: ['sh', '-c', 'echo "the delayed work runs now"'] });
  });

  test('E05: the controller runs as an operator with exactly the access its kinds need, and reaches the API server only', () => {
    const deployment = find(out, 'Deployment', 'delayed-job-controller-manager');
    expect(deployment.metadata.namespace).toBe('delayed-job-system');
    expect(restrictedViolations(podSpecOf(deployment))).toEqual([]);
    const role = all(out, 'ClusterRole')[0];
    expect(role.rules).toEqual([
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: ['delayedresources.mydomain.com'], resources: ['delayedjobs'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: ['delayedresources.mydomain.com'], resources: ['delayedjobs/finalizers'], verbs: ['update'] },
      { apiGroups: ['delayedresources.mydomain.com'], resources: ['delayedjobs/status'], verbs: ['get', 'update', 'patch'] },
    ]);
    const egress = find(out, 'NetworkPolicy', 'delayed-job-controller-manager-egress-to-api-server');
    expect(egress.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: PLATFORM.vpcCidr } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
  });
});

describe('cka-extension (CKA notes R1–R6)', () => {
  const out = synthYaml(extensionApps[1]);

  test('R1/R2: the CronTab CRD and my-new-cron-object', () => {
    expect(find(out, 'CustomResourceDefinition', 'crontabs.stable.example.com').spec.names.shortNames).toEqual(['ct']);
    expect(find(out, 'CronTab', 'my-new-cron-object').spec).toEqual({ cronSpec: '* * * * */5', image: 'registry.example.com/my-awesome-cron-image:1.0.0', replicas: 5 });
  });

  test('R3: the Elasticsearch quickstart, checked against the vendor CRD file, which is not emitted', () => {
    expect(find(out, 'Elasticsearch', 'quickstart').spec.nodeSets).toEqual([{ name: 'default', count: 3, config: { 'node.store.allow_mmap': false } }]);
    expect(all(out, 'CustomResourceDefinition').map((c) => c.metadata.name)).not.toContain('elasticsearches.elasticsearch.k8s.elastic.co');
    // The output records what it was checked against, so that `keelson check` does not call the kind schemaless.
    expect(find(out, 'Elasticsearch', 'quickstart').metadata.annotations['keelson.dev/schema-source'])
      .toBe('CustomResourceDefinition elasticsearches.elasticsearch.k8s.elastic.co (version v1), imported');
  });

  test('R4–R6: the monkey-operator in monkey-operator-system may create pods, with the reason recorded', () => {
    expect(find(out, 'Deployment', 'monkey-operator-controller-manager').metadata.namespace).toBe('monkey-operator-system');
    const role = all(out, 'ClusterRole')[0];
    expect(role.rules).toContainEqual({ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] });
    expect(role.metadata.annotations['suppress.policy.keelson.dev/rbac-create-pods']).toContain('R6');
    expect(find(out, 'MonkeyPod', 'nginx').metadata.labels).toEqual(expect.objectContaining({ run: 'nginx' }));
  });
});

describe('the DelayedJob spec is typed by its CRD', () => {
  test('a misspelt or mistyped field does not compile, and fails the synth for JavaScript callers', () => {
    const { App } = require('cdk8s') as typeof import('cdk8s');
    const { AppStack, CrdSchema, CustomResource, CustomResourceDefinition, SecureNamespace, ValidationError } = require('../../lib') as typeof import('../../lib');
    const stack = new AppStack(new App(), 'typed');
    const crd = new CustomResourceDefinition(stack, 'crd', {
      group: 'delayedresources.mydomain.com', kind: 'DelayedJob', plural: 'delayedjobs',
      versions: { v1: { spec: CrdSchema.object({ delaySeconds: CrdSchema.integer(), image: CrdSchema.string() }, { required: ['delaySeconds', 'image'] }) } },
    });
    const ns = new SecureNamespace(stack, 'ns');
    CustomResource.typed(ns, 'ok', { type: crd, version: 'v1', spec: { delaySeconds: 10, image: 'busybox:1.37.0' } });
    // @ts-expect-error delaySeconds is an integer
    expect(() => CustomResource.typed(ns, 'mistyped', { type: crd, version: 'v1', spec: { delaySeconds: '10', image: 'busybox:1.37.0' } }))
      .toThrow(ValidationError);
    // @ts-expect-error delaySecond is not a field
    expect(() => CustomResource.typed(ns, 'misspelt', { type: crd, version: 'v1', spec: { delaySecond: 10, image: 'busybox:1.37.0' } }))
      .toThrow(/\[typed\/ns\/misspelt\] spec\.delaySecond/);
  });
});
