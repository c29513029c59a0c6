import * as fs from 'node:fs';
import { YAMLException, loadAll } from 'js-yaml';
import type { LoadProblem } from './targets';

/**
 * Safe reading of foreign YAML and JSON for `keelson check`: bounded file size, nesting depth and alias expansion,
 * with the line of each document, so that no input (a "billion laughs", a cycle of aliases, a Helm template, a syntax
 * error) can exhaust memory, hang the check or end in a stack trace.
 */

/** Limits of {@link parseDocuments}. */
export const INPUT_LIMITS = {
  /** Largest file read, in bytes. */
  maxFileBytes: 10 * 1024 * 1024,
  /** Deepest nesting of a document, counting the levels its aliases add. */
  maxDepth: 500,
  /** Most nodes that aliases may add to a document (its expanded size minus the nodes written out). */
  maxAliasNodes: 100_000,
} as const;

/** A document of a file, with its 1-based line and 0-based index. */
export interface ParsedDocument {
  readonly value: unknown;
  readonly index: number;
  readonly line: number;
}

/** Bad input: the message names the problem; `line` (1-based) and `document` (0-based) locate it when known. */
export class InputError extends Error {
  public constructor(message: string, public readonly line?: number, public readonly document?: number) {
    super(message);
    this.name = 'InputError';
  }
}

/** Where `{{ ... }}` (a Go template action, as in a Helm chart) first occurs, 1-based; undefined when nowhere. */
export function templateLine(text: string): number | undefined {
  const m = /\{\{-?\s*[-.$a-zA-Z/"(]/.exec(text);
  return m ? lineAt(text, m.index) : undefined;
}

/** Hint for a Helm template, rendered as the message of the file's one problem. */
export const HELM_HINT = 'looks like a Helm template ({{ ... }}): render it first and check the output (helm template RELEASE CHART | keelson check -)';

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
  }
  return line;
}

/**
 * The documents of a YAML (or, with `json`, JSON) text. Throws an {@link InputError} (never anything else) for a
 * syntax error (with its line), for nesting deeper than {@link INPUT_LIMITS}.maxDepth, for aliases that would expand
 * the document by more than {@link INPUT_LIMITS}.maxAliasNodes nodes, and for an alias inside the node it names.
 */
export function parseDocuments(text: string, json = false): ParsedDocument[] {
  if (json) {
    if (text.trim() === '') {
      return [];
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const at = /at position (\d+)/.exec(message);
      throw new InputError(`JSON syntax error: ${message.replace(/ in JSON at position \d+.*$/, '')}`, at ? lineAt(text, Number(at[1])) : undefined);
    }
    const docs = [{ value, index: 0, line: 1 }];
    docs.forEach(checkSize);
    return docs;
  }

  const lines: number[] = [];
  let values: unknown[];
  try {
    values = loadAll(text, undefined, {
      maxDepth: INPUT_LIMITS.maxDepth,
      listener: (event: string, state: { depth: number; line: number }) => {
        if (event === 'open' && state.depth === 1) {
          lines.push(state.line + 1);
        }
      },
    } as any) as unknown[];
  } catch (err) {
    if (err instanceof YAMLException) {
      // js-yaml reads the text with a newline appended: an error at its end is on the last line of the file.
      const lastLine = lineAt(text, text.length) - (text.endsWith('\n') ? 1 : 0);
      const line = err.mark ? Math.max(1, Math.min(err.mark.line + 1, lastLine)) : undefined;
      const duplicateTopKey = err.reason === 'duplicated mapping key' && err.mark?.column === 0;
      if (/maxDepth/.test(err.reason)) {
        throw new InputError(`nests deeper than ${INPUT_LIMITS.maxDepth} levels`, line);
      }
      throw new InputError(`YAML syntax error: ${err.reason}${duplicateTopKey ? ' (is a --- missing between two objects?)' : ''}`, line);
    }
    throw new InputError(`not readable as YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const docs = values.map((value, index) => ({ value, index, line: lines[index] ?? 1 }));
  docs.forEach(checkSize);
  return docs;
}

/**
 * Walks a document once per distinct node (aliases in js-yaml are shared references), computing how many nodes
 * and how deep it would be with every alias expanded; throws when over the limits or when an alias is a cycle.
 */
function checkSize(doc: ParsedDocument): void {
  const root = doc.value;
  if (root === null || typeof root !== 'object') {
    return;
  }
  const memo = new Map<object, { nodes: number; depth: number }>();
  const where = `document ${doc.index + 1}`;
  let written = 0;
  const visit = (node: object, depth: number): { nodes: number; depth: number } => {
    const known = memo.get(node);
    if (known) {
      if (known.nodes < 0) {
        throw new InputError(`${where} has an alias inside the node it refers to (a cycle)`, doc.line, doc.index);
      }
      if (depth + known.depth > INPUT_LIMITS.maxDepth) {
        throw new InputError(`${where} nests deeper than ${INPUT_LIMITS.maxDepth} levels (through its aliases)`, doc.line, doc.index);
      }
      return known;
    }
    if (depth >= INPUT_LIMITS.maxDepth) {
      throw new InputError(`${where} nests deeper than ${INPUT_LIMITS.maxDepth} levels`, doc.line, doc.index);
    }
    const result = { nodes: -1, depth: 0 }; // nodes < 0: being visited
    memo.set(node, result);
    let nodes = 1;
    let deepest = 0;
    const children = Array.isArray(node) ? node : Object.values(node);
    written += 1;
    for (const child of children) {
      if (child === null || typeof child !== 'object') {
        written++;
        nodes++;
        deepest = deepest > 1 ? deepest : 1;
      } else {
        const r = visit(child, depth + 1);
        nodes += r.nodes;
        deepest = Math.max(deepest, r.depth + 1);
      }
    }
    result.nodes = nodes;
    result.depth = deepest;
    return result;
  };
  // Each distinct object and each scalar child of one is written out once; the rest of the expanded size is aliases.
  const { nodes } = visit(root, 0);
  if (nodes - written > INPUT_LIMITS.maxAliasNodes) {
    throw new InputError(`${where}: its YAML aliases expand it to ${nodes > 1e15 ? 'more than 10^15' : nodes} nodes (aliases may add at most ${INPUT_LIMITS.maxAliasNodes}; a "billion laughs"?)`, doc.line, doc.index);
  }
}

/** `fs.statSync` that returns undefined for a path that cannot be stat'ed (missing, ENOTDIR, no permission). */
export function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

const at = (p: LoadProblem) => `${p.file}${p.line !== undefined ? `:${p.line}` : ''}`;

/** The report lines of the input problems (UNREADABLE) and of the files skipped as another tool's (SKIPPED). */
export function inputProblemLines(problems: readonly LoadProblem[], skipped: readonly LoadProblem[] = []): string[] {
  return [
    ...(problems.length > 0 ? [`  ${problems.length} input problem(s): each fails the check`] : []),
    ...problems.map((p) => `  UNREADABLE ${at(p)}: ${p.message}`),
    ...skipped.map((p) => `  SKIPPED ${p.file}: ${p.message}`),
  ];
}

/** Rule id of the input problems in SARIF. */
export const INPUT_PROBLEM_RULE = 'input-unreadable';

/** A SARIF log (of {@link reportToSarif}) with the input problems added as error results of their own rule. */
export function sarifWithInputProblems(sarif: any, problems: readonly LoadProblem[]): object {
  if (problems.length === 0) {
    return sarif;
  }
  const run = sarif.runs[0];
  return {
    ...sarif,
    runs: [{
      ...run,
      tool: {
        ...run.tool,
        driver: {
          ...run.tool.driver,
          rules: [...run.tool.driver.rules, {
            id: INPUT_PROBLEM_RULE,
            shortDescription: { text: 'Every input file is readable YAML or JSON and every object in it has apiVersion, kind and metadata.name.' },
            help: { text: 'Fix the file at the line reported; render Helm charts (helm template) and kustomizations (kubectl kustomize) before checking them.' },
            defaultConfiguration: { level: 'error' },
            properties: { tags: ['input'] },
          }],
        },
      },
      results: [...run.results, ...problems.map((p) => ({
        ruleId: INPUT_PROBLEM_RULE,
        level: 'error',
        message: { text: p.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: p.file }, ...(p.line !== undefined ? { region: { startLine: p.line } } : {}) } }],
      }))],
    }],
  };
}
