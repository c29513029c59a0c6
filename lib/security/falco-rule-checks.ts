import { PropsValidator } from '../core/validator';
import { FalcoReference, falcoOutputFields, isFalcoIdentifier, parseFalcoCondition } from './falco-condition';
import {
  FALCO_PRIORITIES, FalcoItem, FalcoList, FalcoMacro, FalcoRule, FalcoRuleFile, falcoRuleSource, isFalcoList, isFalcoMacro, isFalcoRule, normalizeFalcoPriority,
} from './falco-rules';

// The checks of a Falco rules file, as Falco refuses it when it loads the file: names, priorities, sources, tags,
// the syntax of each condition, references to macros and lists (defined or declared external), cycles, and the
// fields each event source has.

/** Field classes of events of plugin sources that reuse the JSON plugin (k8s_audit). */
const SOURCE_FIELD_CLASSES: Record<string, readonly string[]> = {
  k8s_audit: ['ka', 'jevt', 'json', 'evt'],
};
/** Field classes that only plugin sources have, never syscall events. */
const PLUGIN_ONLY_CLASSES = ['ka', 'jevt', 'json', 'ct', 'okta', 'github', 'gcp'];

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/;
const SOURCE_NAME = /^[a-z][a-z0-9_]*$/;
const TAG = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** How an item is named in error fields: `rule["Launch Privileged Container"]`, `macro["container"]`... */
function itemField(prefix: string, item: FalcoItem, index: number): string {
  const kind = isFalcoRule(item) ? 'rule' : isFalcoMacro(item) ? 'macro' : isFalcoList(item) ? 'list' : undefined;
  const name = kind === 'rule' ? (item as FalcoRule).rule : kind === 'macro' ? (item as FalcoMacro).macro : kind === 'list' ? (item as FalcoList).list : undefined;
  return kind === undefined ? `${prefix}.items[${index}]` : `${prefix}.${kind}[${JSON.stringify(name)}]`;
}

/** The keys of each kind of item, as the renderer writes them. */
const ITEM_KEYS: Record<'rule' | 'macro' | 'list', readonly string[]> = {
  rule: ['rule', 'desc', 'condition', 'output', 'priority', 'source', 'tags', 'enabled'],
  macro: ['macro', 'condition'],
  list: ['list', 'items'],
};

const nonEmpty = (s: unknown) => typeof s === 'string' && s.trim().length > 0;
const nameList = (names: Iterable<string>) => {
  const sorted = [...names].sort();
  return sorted.length === 0 ? 'none' : sorted.join(', ');
};

/** The class of a field (`proc` for `proc.name`, `ka` for `ka.req.pod.host_network`). */
function fieldClass(field: string): string {
  return field.replace(/^[a-z0-9]+\((.*)\)$/, '$1').split('.')[0];
}

/** A problem with a field for a source, or undefined. */
function fieldSourceProblem(field: string, source: string): string | undefined {
  const cls = fieldClass(field);
  const allowed = Object.hasOwn(SOURCE_FIELD_CLASSES, source) ? SOURCE_FIELD_CLASSES[source] : undefined;
  if (allowed) {
    return allowed.includes(cls) ? undefined : `fields of the ${source} source (${allowed.map((c) => `${c}.*`).join(', ')})`;
  }
  if (source === 'syscall') {
    return PLUGIN_ONLY_CLASSES.includes(cls) ? `fields of syscall events (${cls}.* fields come from a plugin source; set the rule's source)` : undefined;
  }
  return undefined;
}

/**
 * Checks a rules file and records every problem in `v` under `field` (e.g. `ruleFiles["my-rules.yaml"]`): legal
 * priorities, non-empty descriptions, conditions and outputs, unique names, tag format, condition syntax, macros
 * and lists that are defined or declared external, no macro or list that includes itself, and fields that exist
 * for the rule's source. Returns true when the file is valid.
 */
export function validateFalcoRuleFile(v: PropsValidator, field: string, file: FalcoRuleFile): boolean {
  const before = v.issues.length;
  if (!v.check(file !== null && typeof file === 'object' && !Array.isArray(file), field, file, 'a rules file: { name, items, externals? }')) {
    return false;
  }
  v.check(typeof file.name === 'string' && FILE_NAME.test(file.name), `${field}.name`, file.name,
    'a file name of letters, digits, "-", "_" and "." that ends in ".yaml" or ".yml"');
  // A key the renderer does not know (a typo, or a Falco feature such as "exceptions" or "append" that is not modelled)
  // would be dropped from the file: refused instead.
  v.knownProps(field, file, ['name', 'items', 'externals']);
  const items = Array.isArray(file.items) ? file.items : [];
  v.check(items.length > 0, `${field}.items`, file.items, 'at least one rule, macro or list');

  const macros = new Map(items.filter(isFalcoMacro).map((m) => [m.macro, m]));
  const lists = new Map(items.filter(isFalcoList).map((l) => [l.list, l]));
  const externalMacros = new Set<string>();
  const externalLists = new Set<string>();
  const externals = file.externals ?? [];
  v.check(Array.isArray(externals), `${field}.externals`, externals, 'a list of { from, macros, lists }: the macros and lists this file uses from other files');
  (Array.isArray(externals) ? externals : []).forEach((ext, i) => {
    if (!v.check(ext !== null && typeof ext === 'object' && !Array.isArray(ext), `${field}.externals[${i}]`, ext, '{ from, macros, lists }: the macros and lists one other file defines')) {
      return;
    }
    v.knownProps(`${field}.externals[${i}]`, ext, ['from', 'macros', 'lists']);
    v.check(nonEmpty(ext.from), `${field}.externals[${i}].from`, ext.from, 'where the macros and lists are defined, e.g. "falco_rules.yaml (falco-rules:5)"');
    v.check(ext.macros === undefined || Array.isArray(ext.macros), `${field}.externals[${i}].macros`, ext.macros, 'a list of macro names');
    v.check(ext.lists === undefined || Array.isArray(ext.lists), `${field}.externals[${i}].lists`, ext.lists, 'a list of list names');
    (Array.isArray(ext.macros) ? ext.macros : []).forEach((m, j) => {
      v.check(isFalcoIdentifier(m), `${field}.externals[${i}].macros[${j}]`, m, 'a macro name: letters, digits and "_", not starting with a digit, and not a keyword such as "and" or "in"');
      externalMacros.add(m);
    });
    (Array.isArray(ext.lists) ? ext.lists : []).forEach((l, j) => {
      v.check(isFalcoIdentifier(l), `${field}.externals[${i}].lists[${j}]`, l, 'a list name: letters, digits and "_", not starting with a digit, and not a keyword such as "and" or "in"');
      externalLists.add(l);
    });
  });
  const knownMacros = new Set([...macros.keys(), ...externalMacros]);
  const knownLists = new Set([...lists.keys(), ...externalLists]);

  const seen = new Map<string, string>();
  const macroRefs = new Map<string, string[]>();
  const macroFields = new Map<string, string[]>();
  items.forEach((item, i) => {
    const f = itemField(field, item, i);
    if (!isFalcoRule(item) && !isFalcoMacro(item) && !isFalcoList(item)) {
      v.fail(f, item, 'a rule ({ rule, desc, condition, output, priority }), a macro ({ macro, condition }) or a list ({ list, items })');
      return;
    }
    const kind = isFalcoRule(item) ? 'rule' : isFalcoMacro(item) ? 'macro' : 'list';
    v.knownProps(f, item, ITEM_KEYS[kind]);
    const name = isFalcoRule(item) ? item.rule : isFalcoMacro(item) ? item.macro : (item as FalcoList).list;
    const key = kind === 'rule' ? `rule:${name}` : `name:${name}`;
    const earlier = seen.get(key);
    v.check(earlier === undefined, `${f}.${kind}`, name, `a name no other ${kind === 'rule' ? 'rule' : 'macro or list'} of the file has (${earlier} already has it)`);
    seen.set(key, `${kind} "${name}"`);

    if (isFalcoRule(item)) {
      v.check(nonEmpty(item.rule) && !/[\r\n]/.test(item.rule) && item.rule.trim() === item.rule && item.rule.length <= 200, `${f}.rule`, item.rule,
        'a rule name of 1-200 characters on one line, without leading or trailing spaces');
      v.check(nonEmpty(item.desc), `${f}.desc`, item.desc, 'a description of what the rule detects');
      v.check(normalizeFalcoPriority(item.priority) !== undefined, `${f}.priority`, item.priority,
        `a Falco priority: ${FALCO_PRIORITIES.join(', ')} (or INFO, written as INFORMATIONAL)`);
      const source = falcoRuleSource(item);
      v.check(typeof source === 'string' && SOURCE_NAME.test(source), `${f}.source`, item.source, 'an event source such as "syscall" or "k8s_audit"');
      v.check(item.enabled === undefined || typeof item.enabled === 'boolean', `${f}.enabled`, item.enabled, 'true or false');
      const tags = Array.isArray(item.tags) ? item.tags : [];
      v.check(item.tags === undefined || Array.isArray(item.tags), `${f}.tags`, item.tags, 'a list of tags, e.g. ["container", "mitre_execution"]');
      tags.forEach((tag, j) => v.check(typeof tag === 'string' && TAG.test(tag) && tag.length <= 63, `${f}.tags[${j}]`, tag,
        'a tag of 1-63 letters, digits, "_", "." or "-", starting with a letter or digit, e.g. "mitre_execution" or "T1610"'));
      v.unique(`${f}.tags`, tags, (t) => String(t), 'a tag');
      if (v.check(nonEmpty(item.output), `${f}.output`, item.output, 'the alert text, e.g. "Shell in container (user=%user.name)"')) {
        v.check(!item.output.includes('%container.info'), `${f}.output`, '%container.info',
          'explicit fields such as %container.name and %container.image.repository: %container.info is deprecated since Falco 0.41 and prints nothing');
        for (const outField of falcoOutputFields(item.output)) {
          const problem = fieldSourceProblem(outField, source);
          v.check(problem === undefined, `${f}.output`, `%${outField}`, problem ?? '');
        }
      }
      checkCondition(v, `${f}.condition`, item.condition, knownMacros, knownLists, externalMacros, externalLists);
    } else if (isFalcoMacro(item)) {
      v.check(isFalcoIdentifier(item.macro), `${f}.macro`, item.macro, 'a macro name: letters, digits and "_", not starting with a digit, and not a keyword such as "and" or "in"');
      const refs = checkCondition(v, `${f}.condition`, item.condition, knownMacros, knownLists, externalMacros, externalLists);
      macroRefs.set(item.macro, refs?.macros.map((r) => r.name) ?? []);
      macroFields.set(item.macro, [...(refs?.fields ?? [])]);
    } else {
      const list = item as FalcoList;
      v.check(isFalcoIdentifier(list.list), `${f}.list`, list.list, 'a list name: letters, digits and "_", not starting with a digit, and not a keyword such as "and" or "in"');
      if (v.check(Array.isArray(list.items), `${f}.items`, list.items, 'an array of values (may be empty)')) {
        list.items.forEach((it, j) => v.check((typeof it === 'string' && it.length > 0 && !/["\r\n]/.test(it)) || (typeof it === 'number' && Number.isFinite(it)),
          `${f}.items[${j}]`, it, 'a number, or a non-empty string without double quotes or line breaks'));
      }
    }
  });

  // Cycles: a macro that reaches itself through macros, a list that includes itself through lists.
  reportCycles(v, field, 'macro', macroRefs, 'macros that do not refer to themselves, directly or through other macros');
  const listRefs = new Map([...lists.values()].map((l) => [l.list, (Array.isArray(l.items) ? l.items : []).filter((it): it is string => typeof it === 'string' && lists.has(it))]));
  reportCycles(v, field, 'list', listRefs, 'lists that do not include themselves, directly or through other lists');

  // Fields against sources, through the file's own macros.
  items.forEach((item, i) => {
    if (!isFalcoRule(item) || typeof item.condition !== 'string') {
      return;
    }
    const parsed = parseFalcoCondition(item.condition);
    if (!parsed.ok) {
      return;
    }
    const source = falcoRuleSource(item);
    const fields = new Map<string, string>(parsed.refs.fields.map((fl) => [fl, '']));
    const visited = new Set<string>();
    const visit = (name: string) => {
      if (visited.has(name) || !macroRefs.has(name)) {
        return;
      }
      visited.add(name);
      (macroFields.get(name) ?? []).forEach((fl) => fields.has(fl) || fields.set(fl, ` (through macro ${name})`));
      (macroRefs.get(name) ?? []).forEach(visit);
    };
    parsed.refs.macros.forEach((r) => visit(r.name));
    for (const [fl, via] of fields) {
      const problem = fieldSourceProblem(fl, source);
      v.check(problem === undefined, `${itemField(field, item, i)}.condition`, `${fl}${via}`, problem ?? '');
    }
  });
  return v.issues.length === before;
}

/** Parses a condition and checks its references; returns them when the syntax is valid. */
function checkCondition(v: PropsValidator, field: string, condition: string, knownMacros: Set<string>, knownLists: Set<string>,
  externalMacros: Set<string>, externalLists: Set<string>): { macros: readonly FalcoReference[]; fields: readonly string[] } | undefined {
  if (!v.check(nonEmpty(condition), field, condition, 'a Falco condition, e.g. "spawned_process and container and proc.name = bash"')) {
    return undefined;
  }
  const parsed = parseFalcoCondition(condition);
  if (!parsed.ok) {
    const { message, offset } = parsed.error;
    v.fail(field, condition, `a valid Falco condition; at column ${offset + 1}: ${message}`);
    return undefined;
  }
  for (const ref of parsed.refs.macros) {
    if (knownLists.has(ref.name) && !knownMacros.has(ref.name)) {
      v.fail(field, ref.name, `a macro, but "${ref.name}" is a list: use it as "<field> in (${ref.name})"`);
    } else {
      v.check(knownMacros.has(ref.name), field, ref.name, `a macro defined in this file or declared in externals (defined: ${nameList([...knownMacros].filter((m) => !externalMacros.has(m)))}; external: ${nameList(externalMacros)})`);
    }
  }
  for (const ref of parsed.refs.lists) {
    v.check(knownLists.has(ref.name), field, ref.name, `a list defined in this file or declared in externals (defined: ${nameList([...knownLists].filter((l) => !externalLists.has(l)))}; external: ${nameList(externalLists)}); `
      + `inside "in (...)", "intersects (...)" and "pmatch (...)" a bare word names a list, so write a literal word in double quotes: "${ref.name}"`);
  }
  return parsed.refs;
}

/** Reports each cycle of a reference graph once, e.g. `a -> b -> a`. */
function reportCycles(v: PropsValidator, field: string, kind: 'macro' | 'list', refs: Map<string, string[]>, expected: string): void {
  const done = new Set<string>();
  const reported = new Set<string>();
  const stack: string[] = [];
  const walk = (name: string): void => {
    if (stack.includes(name)) {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      const key = [...cycle.slice(0, -1)].sort().join(',');
      if (!reported.has(key)) {
        reported.add(key);
        v.fail(`${field}.${kind}[${JSON.stringify(name)}].${kind === 'macro' ? 'condition' : 'items'}`, cycle.join(' -> '), expected);
      }
      return;
    }
    if (done.has(name) || !refs.has(name)) {
      return;
    }
    stack.push(name);
    (refs.get(name) ?? []).forEach(walk);
    stack.pop();
    done.add(name);
  };
  [...refs.keys()].forEach(walk);
}
