// CEL syntax checks for admission policies and webhook match conditions. The parser (@bufbuild/cel) is loaded on
// first use, so apps that declare no CEL never pay for it.

type CelModule = typeof import('@bufbuild/cel');
let cel: CelModule | undefined;

/**
 * Why `expression` is not valid CEL, as the parser words it, or undefined when it parses. Only the syntax is
 * checked: the variables an expression may use (`object`, `request`, `params`...) depend on where it runs.
 */
export function celSyntaxProblem(expression: string): string | undefined {
  if (typeof expression !== 'string' || expression.trim().length === 0) {
    return 'the expression is empty';
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cel ??= require('@bufbuild/cel') as CelModule;
  try {
    cel.parse(expression);
    return undefined;
  } catch (err) {
    // The parser lacks the optional-field syntax the API server accepts; say what to use instead.
    const hint = /\.\?|\[\?/.test(expression) ? ' (write has(a.b) checks instead of the optional syntax a.?b)' : '';
    return `${(err as Error).message.split('\n')[0]}${hint}`;
  }
}
