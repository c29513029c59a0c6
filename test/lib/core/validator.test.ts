import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { ValidationError } from '../../../lib/core/errors';
import { PropsValidator, checkedScope, reportUnder } from '../../../lib/core/validator';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebService } from '../../../lib/workloads/web-service';
import { validationMessage } from '../../helpers/bad-input';

const IMAGE = 'ghcr.io/acme/web:1.0.0';

/** The ValidationError `build` throws (failing the test if it throws anything else, or nothing). */
function validationError(build: () => unknown): ValidationError {
  let error: unknown;
  validationMessage(() => {
    try {
      build();
    } catch (err) {
      error = err;
      throw err;
    }
  });
  return error as ValidationError;
}

describe('checkedScope', () => {
  test('a second construct with the same id is a ValidationError naming the parent', () => {
    const ns = new SecureNamespace(new AppStack(new App(), 'shop'), 'shop');
    new WebService(ns, 'web', { image: IMAGE });
    const err = validationError(() => new WebService(ns, 'web', { image: IMAGE }));
    expect(err.message).toContain('[shop/shop] id: got "web"; expected an id that no other construct in "shop/shop" has');
  });

  test('the same id under other parents is fine', () => {
    const stack = new AppStack(new App(), 'shop');
    new WebService(new SecureNamespace(stack, 'a'), 'web', { image: IMAGE });
    expect(() => new WebService(new SecureNamespace(stack, 'b'), 'web', { image: IMAGE })).not.toThrow();
  });

  test.each([
    [undefined, 'undefined'],
    [null, 'null'],
    [{ image: IMAGE }, `{"image":"${IMAGE}"}`],
    ['shop', '"shop"'],
  ])('a scope that is not a construct (%p) is named as such', (scope, shown) => {
    const err = validationError(() => new WebService(scope as unknown as Construct, 'web', { image: IMAGE }));
    expect(err.message).toContain(`[web] scope: got ${shown}; expected the construct to define this one in`);
  });

  test.each([[''], [undefined], [42]])('an id that is not a non-empty string (%p) is refused', (id) => {
    const stack = new AppStack(new App(), 'shop');
    const err = validationError(() => checkedScope(stack, id as unknown as string));
    expect(err.issues[0]).toMatchObject({ constructPath: 'shop', field: 'id' });
    expect(err.message).toContain('expected a non-empty string that names the construct among its siblings');
  });

  test('two stacks with the same id in one app', () => {
    const app = new App();
    new AppStack(app, 'shop');
    const err = validationError(() => new AppStack(app, 'shop'));
    expect(err.message).toContain('[<app>] id: got "shop"; expected an id that no other construct in the app has');
  });
});

describe('reportUnder', () => {
  class Child extends Construct {
    public constructor(scope: Construct, id: string, host: unknown) {
      super(scope, id);
      const v = PropsValidator.of(this);
      v.check(typeof host === 'string', 'rules[0].host', host, 'a host name');
      v.throwIfInvalid();
    }
  }

  test("a child's problem is reported at the owner's path, under the prop the user wrote", () => {
    const owner = new Construct(new AppStack(new App(), 'shop'), 'web');
    const err = validationError(() => reportUnder(owner, 'ingress', (f) => (f === 'rules[0].host' ? 'ingress.host' : `ingress.${f}`),
      () => new Child(owner, 'ingress', 42)));
    expect(err.issues).toEqual([{ constructPath: 'shop/web', field: 'ingress.host', message: 'got 42; expected a host name' }]);
  });

  test('the child is returned when it is valid; other errors pass through unchanged', () => {
    const owner = new Construct(new AppStack(new App(), 'shop'), 'web');
    expect(reportUnder(owner, 'ingress', (f) => f, () => new Child(owner, 'ingress', 'a.example.com'))).toBeInstanceOf(Child);
    expect(() => reportUnder(owner, 'x', (f) => f, () => {
      throw new RangeError('boom');
    })).toThrow(RangeError);
  });
});

describe('knownProps', () => {
  test('a typo gets the likely prop', () => {
    const v = new PropsValidator('shop/web');
    v.knownProps('', { imagee: 'x' }, ['image', 'replicas']);
    expect(v.issues[0].message).toContain('expected a known prop (did you mean "image"?); the props are image, replicas');
  });

  test('thousands of stray keys are one problem (no typo search for each)', () => {
    const v = new PropsValidator('shop/web');
    const props = Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`k${i}`, i]));
    v.knownProps('', props, ['image']);
    expect(v.issues).toHaveLength(1);
    expect(v.issues[0]).toMatchObject({ field: 'props', message: 'got "300000 unknown props (k0, k1, k2, ...)"; expected only the known props: image' });
  });
});
