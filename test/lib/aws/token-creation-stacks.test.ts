import { App as K8sApp } from 'cdk8s';
import { terraformApp } from '../../../lib/aws';
import { CREATION_STACKS_ENV, switchOffTokenCreationStacks } from '../../../lib/aws/token-creation-stacks';

describe('cdktf token creation stacks', () => {
  const realCapture = (): string[] => ['at somewhere (file.ts:1:1)'];

  test('are switched off, so that no token records a stack trace', () => {
    const module = { captureStackTrace: realCapture };
    switchOffTokenCreationStacks({}, module);
    expect(module.captureStackTrace).not.toBe(realCapture);
    expect(module.captureStackTrace()).toEqual([]);
  });

  test(`stay on with ${CREATION_STACKS_ENV}=1 (to find where a token that cannot be resolved was made)`, () => {
    const module = { captureStackTrace: realCapture };
    switchOffTokenCreationStacks({ [CREATION_STACKS_ENV]: '1' }, module);
    expect(module.captureStackTrace).toBe(realCapture);
    switchOffTokenCreationStacks({ [CREATION_STACKS_ENV]: 'yes' }, module);
    expect(module.captureStackTrace()).toEqual([]);
  });

  test('a module of another shape, or one that cannot be changed, is left as it is', () => {
    const frozen = Object.freeze({ captureStackTrace: realCapture });
    expect(() => switchOffTokenCreationStacks({}, frozen)).not.toThrow();
    expect(frozen.captureStackTrace).toBe(realCapture);
    const other: { captureStackTrace?: unknown } = {};
    switchOffTokenCreationStacks({}, other);
    expect(other).toEqual({});
  });

  test('terraformApp switches them off in the cdktf module every token uses', () => {
    // The module as cdktf's own modules require it (under jest, the test setup's stand-in for it).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
    stackTrace.captureStackTrace = realCapture;
    terraformApp(new K8sApp());
    expect(stackTrace.captureStackTrace()).toEqual([]);
  });
});
