import { App } from 'cdk8s';
import { synthApp, synthStack } from 'keelson/testing';
import { ShopStack, apps } from '../src/shop';

test('the shop runs three replicas that pass policy and the strict schemas', () => {
  const shop = synthApp(apps[0]);
  expect(shop.find('Deployment', 'web').spec.replicas).toBe(3);
  expect(shop.terraform['shop-state'].resource.aws_s3_bucket).toBeDefined();
  shop.expectPolicyClean();
  shop.expectSchemaValid(process.env.KUBE_SCHEMAS ?? '../shared/schemas');
});

test('one stack, like cdk8s Testing.synth', () => {
  const stack = new ShopStack(new App(), 'shop');
  expect(synthStack(stack).findAll({ kind: 'NetworkPolicy' }).length).toBeGreaterThan(2);
});
