import { App } from 'cdk8s';
import { AppStack, CrdSchema, CustomResource, CustomResourceDefinition, SecureNamespace, ValidationError } from 'keelson';
import { synthApp } from 'keelson/testing';

// A company's own CRD: the spec of its objects is typed by the schema, from the installed package's declarations.
function backups(stack: AppStack) {
  return new CustomResourceDefinition(stack, 'backups', {
    group: 'ops.acme.example', kind: 'Backup', plural: 'backups',
    versions: { v1: { spec: CrdSchema.object({ schedule: CrdSchema.string(), retainDays: CrdSchema.integer({ minimum: 1 }) }, { required: ['schedule'] }) } },
  });
}

test('a typed custom resource synthesizes with its CRD, and a mistyped spec is refused', () => {
  const out = synthApp((app) => {
    const stack = new AppStack(app, 'ops');
    CustomResource.typed(new SecureNamespace(stack, 'ops'), 'nightly', { type: backups(stack), version: 'v1', spec: { schedule: '0 3 * * *', retainDays: 14 } });
  });
  expect(out.find('Backup', 'nightly').spec).toEqual({ schedule: '0 3 * * *', retainDays: 14 });
  out.expectPolicyClean();

  const stack = new AppStack(new App(), 'bad');
  const crd = backups(stack);
  // @ts-expect-error retainDays is an integer
  expect(() => CustomResource.typed(new SecureNamespace(stack, 'ops'), 'weekly', { type: crd, version: 'v1', spec: { schedule: '0 3 * * 0', retainDays: '7' } }))
    .toThrow(ValidationError);
});
