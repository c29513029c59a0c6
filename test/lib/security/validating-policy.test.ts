import * as path from 'node:path';
import { Construct } from 'constructs';
import { ValidatingPolicy, ValidatingPolicyProps, referencedVariables } from '../../../lib/security/validating-policy';
import { admitBy } from '../../helpers/cel';
import { find, synth, synthError } from '../../helpers/synth';

/** The book's deny-by-name webhook (Cloud Native with Kubernetes S02) as a policy, with deployments in their real group. */
const DENY_BY_NAME: ValidatingPolicyProps = {
  name: 'deny-by-name',
  matchRules: [
    { apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'configmaps'], operations: ['CREATE'] },
    { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], operations: ['CREATE'] },
  ],
  validations: [{ expression: "!object.metadata.name.contains('deny-me')", message: 'names containing "deny-me" are not allowed', reason: 'Forbidden' }],
};
const policy = (props: Partial<ValidatingPolicyProps> = {}) => (s: Construct) => new ValidatingPolicy(s, 'vp', { ...DENY_BY_NAME, ...props });
const pod = (name: string, spec: Record<string, unknown> = { containers: [{ name: 'c', image: 'x:1' }] }) =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop' }, spec });

describe('ValidatingPolicy', () => {
  const out = synth(policy());

  test('emits a GA ValidatingAdmissionPolicy that fails closed and a binding that denies, both cluster-scoped', () => {
    const vap = find(out, 'ValidatingAdmissionPolicy', 'deny-by-name');
    expect(vap.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(vap.metadata.namespace).toBeUndefined();
    expect(vap.spec).toEqual({
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods', 'configmaps'] },
          { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] },
        ],
      },
      validations: [{ expression: "!object.metadata.name.contains('deny-me')", message: 'names containing "deny-me" are not allowed', reason: 'Forbidden' }],
    });
    const binding = find(out, 'ValidatingAdmissionPolicyBinding', 'deny-by-name');
    expect(binding.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.spec).toEqual({ policyName: 'deny-by-name', validationActions: ['Deny'] });
  });

  test('the API server would deny a pod and a Deployment named deny-me, and admit others', () => {
    const denied = { matched: true, allowed: false, denied: ['names containing "deny-me" are not allowed'], errors: [] };
    expect(admitBy(out, 'deny-by-name', { object: pod('my-deny-me-pod') })).toEqual(denied);
    expect(admitBy(out, 'deny-by-name', { object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'deny-me', namespace: 'shop' }, spec: {} } }))
      .toEqual(denied);
    expect(admitBy(out, 'deny-by-name', { object: pod('web') })).toEqual({ matched: true, allowed: true, denied: [], errors: [] });
    // Only CREATE is intercepted; Secrets are not matched at all.
    expect(admitBy(out, 'deny-by-name', { object: pod('deny-me'), operation: 'UPDATE', oldObject: pod('deny-me') }).matched).toBe(false);
    expect(admitBy(out, 'deny-by-name', { object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'deny-me', namespace: 'shop' } } }).matched).toBe(false);
  });

  test('variables are evaluated in order and shared by the validations; a binding selects namespaces by label', () => {
    const out2 = synth(policy({
      variables: [
        { name: 'containers', expression: 'object.spec.containers + (has(object.spec.initContainers) ? object.spec.initContainers : [])' },
        { name: 'images', expression: 'variables.containers.map(c, c.image)' },
      ],
      validations: [{ expression: "variables.images.all(i, i.startsWith('ghcr.io/acme/'))", message: 'images must come from ghcr.io/acme' }],
      namespaceSelector: { team: 'shop' },
    }));
    const vap = find(out2, 'ValidatingAdmissionPolicy', 'deny-by-name');
    expect(vap.spec.variables.map((x: any) => x.name)).toEqual(['containers', 'images']);
    expect(find(out2, 'ValidatingAdmissionPolicyBinding', 'deny-by-name').spec.matchResources).toEqual({ namespaceSelector: { matchLabels: { team: 'shop' } } });
    const spec = (init: string) => ({ containers: [{ name: 'c', image: 'ghcr.io/acme/app:1' }], initContainers: [{ name: 'i', image: init }] });
    expect(admitBy(out2, 'deny-by-name', { object: pod('a', spec('ghcr.io/acme/init:1')), namespaceLabels: { team: 'shop' } }).allowed).toBe(true);
    expect(admitBy(out2, 'deny-by-name', { object: pod('a', spec('docker.io/evil:1')), namespaceLabels: { team: 'shop' } }))
      .toEqual({ matched: true, allowed: false, denied: ['images must come from ghcr.io/acme'], errors: [] });
    expect(admitBy(out2, 'deny-by-name', { object: pod('a', spec('docker.io/evil:1')), namespaceLabels: { team: 'other' } }).matched).toBe(false);
  });

  test('an expression that cannot be evaluated denies when failing closed, and admits with failurePolicy Ignore', () => {
    const validations = [{ expression: 'object.spec.replicas > 1', message: 'at least two replicas' }];
    const closed = synth(policy({ validations }));
    expect(admitBy(closed, 'deny-by-name', { object: pod('a') })).toEqual({ matched: true, allowed: false, denied: [], errors: ['validations[0]: field not found: replicas'] });
    const open = synth(policy({ validations, failurePolicy: 'Ignore', reason: 'advisory only while teams migrate' }));
    expect(admitBy(open, 'deny-by-name', { object: pod('a') }).allowed).toBe(true);
    expect(find(open, 'ValidatingAdmissionPolicy', 'deny-by-name').metadata.annotations)
      .toEqual({ 'keelson.dev/admission-policy-reason': 'advisory only while teams migrate' });
  });

  test('a dry run (Warn and Audit) needs a reason, which is recorded, and then admits what it would deny', () => {
    const dry = synth(policy({ validationActions: ['Warn', 'Audit'], reason: 'dry run before enforcing' }));
    expect(find(dry, 'ValidatingAdmissionPolicyBinding', 'deny-by-name').spec.validationActions).toEqual(['Warn', 'Audit']);
    expect(find(dry, 'ValidatingAdmissionPolicy', 'deny-by-name').metadata.annotations).toEqual({ 'keelson.dev/admission-policy-reason': 'dry run before enforcing' });
    expect(admitBy(dry, 'deny-by-name', { object: pod('deny-me') })).toEqual({ matched: true, allowed: true, denied: ['names containing "deny-me" are not allowed'], errors: [] });
  });

  test('CEL syntax errors name the field and quote the parser', () => {
    const err = synthError(policy({ validations: [{ expression: 'object.metadata.name ==', message: 'm' }] }));
    expect(err.message).toContain('[test/vp] validations[0].expression: got "object.metadata.name =="; expected a valid CEL expression the API server accepts; <input>:1:');
    const optional = synthError(policy({ validations: [{ expression: 'object.spec.?replicas.orValue(1) > 0', message: 'm' }] }));
    expect(optional.message).toContain('(write has(a.b) checks instead of the optional syntax a.?b)');
  });

  test('variables must be declared before they are used', () => {
    const err = synthError(policy({
      variables: [{ name: 'first', expression: 'variables.second + 1' }, { name: 'second', expression: '1' }],
      validations: [{ expression: 'variables.third > 0', message: 'm' }],
    }));
    expect(err.message).toContain('variables[0].expression: got "variables.second + 1"; expected an expression that uses only declared variables (none); variables.second is not declared before it');
    expect(err.message).toContain('validations[0].expression: got "variables.third > 0"; expected an expression that uses only declared variables (first, second); variables.third is not declared');
  });

  test('a resource listed under the wrong API group is an error, since the rule would never match it', () => {
    const err = synthError(policy({ matchRules: [{ apiGroups: [''], resources: ['pods', 'deployments'], operations: ['CREATE'] }] }));
    expect(err.message).toContain('[test/vp] matchRules[0].resources[1]: got "deployments"; expected a resource of the rule\'s API groups ("deployments" is in API group "apps", not "" (core); list it in a rule with apiGroups ["apps"])');
  });
});

describe('ValidatingPolicy helpers', () => {
  test('referencedVariables ignores string literals', () => {
    expect(referencedVariables("variables.a + variables.b_2 == 'variables.c' && variables.a")).toEqual(['a', 'b_2']);
  });

  test('the CEL library is loaded only when a policy is built', () => {
    let loaded = false;
    // The parser's own module (lib/core/cel.ts loads it alone, see loadCelParser).
    const parserFile = path.join(path.dirname(require.resolve('@bufbuild/cel')), 'parse.js');
    jest.isolateModules(() => {
      jest.doMock(parserFile, () => {
        loaded = true;
        return jest.requireActual(parserFile);
      });
      const { App } = require('cdk8s');
      const { AppStack } = require('../../../lib/core/app-stack');
      const { ValidatingPolicy: IsolatedPolicy } = require('../../../lib/security/validating-policy');
      expect(loaded).toBe(false);
      new IsolatedPolicy(new AppStack(new App(), 'test'), 'vp', DENY_BY_NAME);
      expect(loaded).toBe(true);
    });
  });
});
