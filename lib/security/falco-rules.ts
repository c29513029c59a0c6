import { dump } from 'js-yaml';

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
