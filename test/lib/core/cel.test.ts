import { parse } from '@bufbuild/cel';
import { loadCelParser } from '../../../lib/core/cel';

describe('the CEL parser (lib/core/cel.ts)', () => {
  test('is the package\'s own parse, loaded without the package root (planner, standard library, protobuf runtime)', () => {
    expect(loadCelParser()).toBe(parse);
    let rootLoaded = false;
    let problem: string | undefined = 'not run';
    let bad: string | undefined;
    jest.isolateModules(() => {
      jest.doMock('@bufbuild/cel', () => {
        rootLoaded = true;
        return jest.requireActual('@bufbuild/cel');
      });
      const isolated = require('../../../lib/core/cel') as typeof import('../../../lib/core/cel');
      problem = isolated.celExpressionProblem('object.spec.replicas <= 5');
      bad = isolated.celExpressionProblem('object.spec.replicas <=');
    });
    jest.dontMock('@bufbuild/cel');
    expect(problem).toBeUndefined();
    expect(bad).toMatch(/\S/);
    expect(rootLoaded).toBe(false);
  });
});
