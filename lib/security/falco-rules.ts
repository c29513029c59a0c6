import { dump } from 'js-yaml';
import { PropsValidator } from '../core/validator';
import { FalcoReference, falcoOutputFields, isFalcoIdentifier, parseFalcoCondition } from './falco-condition';

/**
 * Falco priorities. Falco reads them case-insensitively and also accepts "INFO" for "INFORMATIONAL"; rules files
 * are written with the upper-case names of the Falco documentation ("INFO" becomes "INFORMATIONAL").
 */
export type FalcoPriority = 'EMERGENCY' | 'ALERT' | 'CRITICAL' | 'ERROR' | 'WARNING' | 'NOTICE' | 'INFORMATIONAL' | 'INFO' | 'DEBUG';

/** The priorities, most severe first, as written to rules files. */
export const FALCO_PRIORITIES: readonly string[] = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG'];

/** The event source of a rule: "syscall" (the kernel driver) or the source of a plugin, e.g. "k8s_audit". */
export type FalcoSource = 'syscall' | 'k8s_audit' | (string & {});

/** A rule (`- rule:`): a condition on events, and the alert it raises. */
export interface FalcoRule {
  /** The rule's name, unique in the file, e.g. "Launch Privileged Container". */
  readonly rule: string;
  /** What the rule detects. */
  readonly desc: string;
  /** A Falco condition, e.g. `spawned_process and container and proc.name = bash`. */
  readonly condition: string;
  /** The alert text, with `%field` placeholders, e.g. `Shell in container (user=%user.name)`. */
  readonly output: string;
  /** Severity of the alert. */
  readonly priority: FalcoPriority;
  /**
   * Event source the rule applies to.
   * @default "syscall"
   */
  readonly source?: FalcoSource;
  /**
   * Tags, e.g. ["container", "mitre_privilege_escalation", "T1610"].
   * @default none
   */
  readonly tags?: string[];
  /**
   * Whether Falco loads the rule.
   * @default true (Falco's default; the key is left out)
   */
  readonly enabled?: boolean;
}

/** A macro (`- macro:`): a named condition, used by name in rules and other macros. */
export interface FalcoMacro {
  /** The macro's name: letters, digits and "_". */
  readonly macro: string;
  /** A Falco condition. */
  readonly condition: string;
}

/** A list (`- list:`): named values, used inside `in (...)`, `intersects (...)` and `pmatch (...)`. */
export interface FalcoList {
  /** The list's name: letters, digits and "_". */
  readonly list: string;
  /**
   * Values. An item that is the name of a list defined in the file or declared external includes that list;
   * any other item is a literal, written in double quotes when it is not a plain word or path.
   */
  readonly items: Array<string | number>;
}

/** One item of a rules file. */
export type FalcoItem = FalcoRule | FalcoMacro | FalcoList;

/**
 * Macros and lists a rules file uses without defining them, and where they come from (a rules file Falco loads
 * before this one). Declaring them is what lets the file be checked: any other unknown name is an error.
 */
export interface FalcoExternals {
  /** Where they are defined, e.g. "falco_rules.yaml (falcoctl artifact falco-rules:5)". */
  readonly from: string;
  /**
   * Macro names.
   * @default none
   */
  readonly macros?: string[];
  /**
   * List names.
   * @default none
   */
  readonly lists?: string[];
}

/** A Falco rules file: the rules, macros and lists it defines, and those it takes from other files. */
export interface FalcoRuleFile {
  /** File name, e.g. "my-rules.yaml" (a ConfigMap key: letters, digits, "-", "_", "."; ends in .yaml). */
  readonly name: string;
  /** Rules, macros and lists, written in this order. */
  readonly items: FalcoItem[];
  /**
   * Macros and lists of other rules files that the conditions use.
   * @default none
   */
  readonly externals?: FalcoExternals[];
}

/**
 * Macros and lists of Falco's stable ruleset, `falco_rules.yaml`, which the Falco chart installs by default
 * (falcoctl artifact `falco-rules:5`). Only long-standing names are listed; declare others yourself.
 */
export const FALCO_RULES_EXTERNALS: FalcoExternals = {
  from: 'falco_rules.yaml (falcoctl artifact falco-rules:5, installed by the Falco chart)',
  macros: ['container', 'container_entrypoint', 'never_true', 'open_read', 'open_write', 'outbound', 'proc_name_exists', 'sensitive_files', 'shell_procs', 'spawned_process'],
  lists: ['falco_privileged_images', 'package_mgmt_binaries', 'rfc_1918_addresses', 'sensitive_file_names', 'shell_binaries', 'trusted_images'],
};

/**
 * Macros and lists of `k8s_audit_rules.yaml`, the ruleset of the k8saudit plugins (falcoctl artifact
 * `k8saudit-rules:0.16`). Only long-standing names are listed; declare others yourself.
 */
export const K8S_AUDIT_RULES_EXTERNALS: FalcoExternals = {
  from: 'k8s_audit_rules.yaml (falcoctl artifact k8saudit-rules:0.16)',
  macros: [
    'allowed_k8s_containers', 'configmap', 'k8s_audit_always_true', 'k8s_audit_never_true', 'kcreate', 'kdelete', 'kevt', 'kevt_started', 'kget',
    'kmodify', 'namespace', 'non_system_user', 'pod', 'pod_subresource', 'response_successful', 'secret', 'service', 'serviceaccount',
  ],
  lists: ['allowed_k8s_users', 'allowed_namespaces', 'eks_allowed_k8s_users', 'k8s_audit_hostnetwork_images', 'k8s_audit_privileged_images', 'k8s_audit_sensitive_mount_images', 'k8s_audit_stages'],
};

/** Field classes of events of plugin sources that reuse the JSON plugin (k8s_audit). */
const SOURCE_FIELD_CLASSES: Record<string, readonly string[]> = {
  k8s_audit: ['ka', 'jevt', 'json', 'evt'],
};
/** Field classes that only plugin sources have, never syscall events. */
const PLUGIN_ONLY_CLASSES = ['ka', 'jevt', 'json', 'ct', 'okta', 'github', 'gcp'];

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/;
const SOURCE_NAME = /^[a-z][a-z0-9_]*$/;
const TAG = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const SAFE_ITEM = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*$/;

/** True when the item is a rule. */
export function isFalcoRule(item: FalcoItem): item is FalcoRule {
  return item !== null && typeof item === 'object' && typeof (item as FalcoRule).rule === 'string';
}

/** True when the item is a macro. */
export function isFalcoMacro(item: FalcoItem): item is FalcoMacro {
  return item !== null && typeof item === 'object' && typeof (item as FalcoMacro).macro === 'string';
}

/** True when the item is a list. */
export function isFalcoList(item: FalcoItem): item is FalcoList {
  return item !== null && typeof item === 'object' && typeof (item as FalcoList).list === 'string';
}

/** The canonical form of a priority (case-insensitive, "INFO" read as "INFORMATIONAL"), or undefined. */
export function normalizeFalcoPriority(priority: string): string | undefined {
  const upper = typeof priority === 'string' ? priority.trim().toUpperCase() : '';
  const canonical = upper === 'INFO' ? 'INFORMATIONAL' : upper;
  return FALCO_PRIORITIES.includes(canonical) ? canonical : undefined;
}

/** The event source of a rule. */
export function falcoRuleSource(rule: FalcoRule): string {
  return rule?.source ?? 'syscall';
}

/** The sources of a file's rules ("syscall" for a file without rules), sorted. */
export function falcoFileSources(file: FalcoRuleFile): string[] {
  const sources = new Set((Array.isArray(file?.items) ? file.items : []).filter(isFalcoRule).map(falcoRuleSource));
  return sources.size === 0 ? ['syscall'] : [...sources].sort();
}

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

/** A list item as Falco reads it: list names and plain words or paths as is, other literals in double quotes. */
function renderListItem(item: string | number, lists: ReadonlySet<string>): string | number {
  if (typeof item === 'number' || lists.has(item) || SAFE_ITEM.test(item)) {
    return item;
  }
  return `"${item}"`;
}

/**
 * Writes a valid rules file as YAML, items in the given order, each with its name key first (`- rule:`,
 * `- macro:`, `- list:`). Priorities are written in their canonical form; conditions keep their line breaks.
 * Call {@link validateFalcoRuleFile} first: this function does not check the file.
 */
export function renderFalcoRuleFile(file: FalcoRuleFile): string {
  const lists = new Set([...file.items.filter(isFalcoList).map((l) => l.list), ...(file.externals ?? []).flatMap((e) => e.lists ?? [])]);
  const docs = file.items.map((item) => {
    if (isFalcoRule(item)) {
      return {
        rule: item.rule,
        desc: item.desc.trim(),
        condition: item.condition.trim(),
        output: item.output.trim(),
        priority: normalizeFalcoPriority(item.priority),
        ...(item.source !== undefined ? { source: item.source } : {}),
        ...(item.enabled !== undefined ? { enabled: item.enabled } : {}),
        ...(item.tags && item.tags.length > 0 ? { tags: [...item.tags] } : {}),
      };
    }
    if (isFalcoMacro(item)) {
      return { macro: item.macro, condition: item.condition.trim() };
    }
    const list = item as FalcoList;
    return { list: list.list, items: list.items.map((it) => renderListItem(it, lists)) };
  });
  const sources = falcoFileSources(file).join(', ');
  const body = dump(docs, { lineWidth: -1, noRefs: true, quotingType: '"' });
  return `# Generated by keelson: Falco rules for the ${sources} source.\n${body}`;
}
