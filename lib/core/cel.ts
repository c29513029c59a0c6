// CEL checks for admission policies and webhook match conditions: syntax, and the limits the API server puts on an
// expression. The parser (@bufbuild/cel) is loaded on first use, so apps that declare no CEL never pay for it.
import * as path from 'node:path';
import { codePoints } from './limits';

type Parse = typeof import('@bufbuild/cel').parse;
let celParse: Parse | undefined;

/**
 * The CEL parser. Only its module is loaded when the package has it where version 0.6 keeps it (`dist/cjs/parse.js`,
 * required by file since the package exports only its root): the root also loads the planner, the standard library
 * and the protobuf runtime, about 80 ms of a synth for a parser of 5 ms. Any other layout loads the root.
 */
export function loadCelParser(): Parse {
  if (celParse === undefined) {
    let parse: unknown;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      parse = (require(path.join(path.dirname(require.resolve('@bufbuild/cel')), 'parse.js')) as { parse?: unknown }).parse;
    } catch {
      parse = undefined;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    celParse = typeof parse === 'function' ? (parse as Parse) : (require('@bufbuild/cel') as typeof import('@bufbuild/cel')).parse;
  }
  return celParse;
}

/**
 * The longest expression the API server parses: its CEL parser (cel-go, whose defaults Kubernetes keeps) refuses a
 * source of more than 100,000 Unicode code points ("expression code point size exceeds limit").
 */
export const MAX_CEL_EXPRESSION_CODE_POINTS = 100_000;

/**
 * The deepest nesting the API server's CEL parser accepts: cel-go stops at a recursion depth of 250 (its default
 * `maxRecursionDepth`, which Kubernetes keeps), and every nested bracket is at least one level.
 */
export const MAX_CEL_NESTING = 250;

/**
 * The most comprehensions (`all`, `exists`, `exists_one`, `map`, `filter`) an expression may nest inside one another.
 * The API server stops every evaluation of an admission policy or match condition at a cost of 1,000,000 (its
 * `PerCallLimit`; a binding's whole policy at 10,000,000, `RuntimeCELCostBudget`), and fails the request (or lets it
 * through, with failurePolicy "Ignore"). Nested comprehensions multiply: three levels over lists of 100 entries, which
 * an object under the 3 MiB request limit easily holds, already cost 1,000,000. The API server cannot bound the lists
 * of `object` (it is untyped when the policy is compiled), so two levels is the most that stays predictable.
 */
export const MAX_CEL_COMPREHENSION_NESTING = 2;

/** The deepest nesting of (), [] and {} in `expression`, outside string literals. */
function bracketDepth(expression: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | undefined;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (quote !== undefined) {
      if (c === '\\') {
        i++;
      } else if (c === quote) {
        quote = undefined;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '(' || c === '[' || c === '{') {
      max = Math.max(max, ++depth);
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
    }
  }
  return max;
}

/** The deepest nesting of comprehensions in a parsed expression: only the loop body multiplies, not the range. */
function comprehensionNesting(expr: any): number {
  let max = 0;
  const stack: Array<[any, number]> = [[expr, 0]];
  while (stack.length > 0) {
    const [e, depth] = stack.pop()!;
    const kind = e?.exprKind;
    if (kind === undefined || kind === null) {
      continue;
    }
    const v = kind.value;
    switch (kind.case) {
      case 'comprehensionExpr':
        max = Math.max(max, depth + 1);
        stack.push([v.iterRange, depth], [v.accuInit, depth], [v.loopCondition, depth + 1], [v.loopStep, depth + 1], [v.result, depth]);
        break;
      case 'callExpr':
        stack.push(...(v.target ? [[v.target, depth] as [any, number]] : []), ...v.args.map((a: any) => [a, depth] as [any, number]));
        break;
      case 'selectExpr':
        stack.push([v.operand, depth]);
        break;
      case 'listExpr':
        stack.push(...v.elements.map((a: any) => [a, depth] as [any, number]));
        break;
      case 'structExpr':
        stack.push(...v.entries.flatMap((en: any) => [[en.keyKind?.value, depth], [en.value, depth]] as Array<[any, number]>));
        break;
      default:
        break;
    }
  }
  return max;
}

/**
 * Why `expression` is not a CEL expression the API server accepts and can evaluate within its cost limit, or
 * undefined when it is: empty, longer or deeper than the parser allows, not valid syntax, or comprehensions nested
 * deeper than {@link MAX_CEL_COMPREHENSION_NESTING}. The variables an expression may use (`object`, `request`,
 * `params`...) depend on where it runs and are not checked here.
 */
export function celExpressionProblem(expression: unknown): string | undefined {
  if (typeof expression !== 'string' || expression.trim().length === 0) {
    return 'the expression is empty';
  }
  // Constructs such as PodSecurityProfile check the same expressions again and again: remember the last answers.
  if (checked.has(expression)) {
    return checked.get(expression);
  }
  const problem = findProblem(expression);
  if (checked.size >= CACHE_SIZE) {
    checked.delete(checked.keys().next().value as string);
  }
  checked.set(expression, problem);
  return problem;
}

const CACHE_SIZE = 500;
const checked = new Map<string, string | undefined>();

function findProblem(expression: string): string | undefined {
  const size = codePoints(expression);
  if (size > MAX_CEL_EXPRESSION_CODE_POINTS) {
    return `the expression has ${size} characters; the API server's CEL parser refuses more than ${MAX_CEL_EXPRESSION_CODE_POINTS}`;
  }
  const depth = bracketDepth(expression);
  if (depth > MAX_CEL_NESTING) {
    return `the expression nests ${depth} brackets deep; the API server's CEL parser refuses more than ${MAX_CEL_NESTING} levels`;
  }
  const parse = loadCelParser();
  let parsed: any;
  try {
    parsed = parse(expression);
  } catch (err) {
    // The parser lacks the optional-field syntax the API server accepts; say what to use instead.
    const hint = /\.\?|\[\?/.test(expression) ? ' (write has(a.b) checks instead of the optional syntax a.?b)' : '';
    return `${String((err as Error)?.message ?? err).split('\n')[0]}${hint}`;
  }
  const nesting = comprehensionNesting(parsed?.expr);
  if (nesting > MAX_CEL_COMPREHENSION_NESTING) {
    return `the expression nests ${nesting} comprehensions (all, exists, exists_one, map, filter) inside one another; at most `
      + `${MAX_CEL_COMPREHENSION_NESTING} stay within the API server's cost limit of 1,000,000 per evaluation, since each level multiplies `
      + 'the cost by the length of its list (compute the inner lists once, in a variable, or split the rule)';
  }
  return undefined;
}

/**
 * Why `expression` is not valid CEL, as the parser words it (or as {@link celExpressionProblem} finds it), or
 * undefined when it parses and fits the API server's limits.
 */
export function celSyntaxProblem(expression: string): string | undefined {
  return celExpressionProblem(expression);
}
