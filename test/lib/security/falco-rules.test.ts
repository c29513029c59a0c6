import { parse } from 'yaml';
import { HOSTILE_VALUES } from '../../helpers/javascript-values';
import { BOOK_K8S_AUDIT_RULES, BOOK_SYSCALL_RULES } from '../../../apps/security/falco-stack';
import { describeIssue } from '../../../lib/core/errors';
import { PropsValidator } from '../../../lib/core/validator';
import { falcoOutputFields, parseFalcoCondition } from '../../../lib/security/falco-condition';
import { validateFalcoRuleFile } from '../../../lib/security/falco-rule-checks';
import {
  FALCO_RULES_EXTERNALS, FalcoItem, FalcoRuleFile, K8S_AUDIT_RULES_EXTERNALS, normalizeFalcoPriority, renderFalcoRuleFile,
} from '../../../lib/security/falco-rules';

/** The problems of a file, as `field: got ...; expected ...`. */
function problems(file: FalcoRuleFile): string[] {
  const v = new PropsValidator('test');
  validateFalcoRuleFile(v, 'f', file);
  return v.issues.map(describeIssue);
}

const rule = (over: Partial<Record<string, unknown>> = {}): FalcoItem => ({
  rule: 'Shell in container', desc: 'A shell ran in a container.', condition: 'spawned_process and container and shell_procs',
  output: 'Shell (user=%user.name container=%container.name)', priority: 'WARNING', ...over,
} as FalcoItem);
const file = (items: FalcoItem[], externals = [FALCO_RULES_EXTERNALS]): FalcoRuleFile => ({ name: 'rules.yaml', items, externals });

describe('parseFalcoCondition', () => {
  const refs = (text: string) => {
    const r = parseFalcoCondition(text);
    if (!r.ok) {
      throw new Error(r.error.message);
    }
    return { macros: r.refs.macros.map((m) => m.name), lists: r.refs.lists.map((l) => l.name), fields: r.refs.fields };
  };

  test('bare names in boolean position are macros; fields have a dot and may take an argument', () => {
    expect(refs('container_started and container and container.privileged=true and not falco_privileged_containers')).toEqual({
      macros: ['container_started', 'container', 'falco_privileged_containers'], lists: [], fields: ['container.privileged'],
    });
    expect(refs('(proc.aname[2]=sshd or jevt.value[/stage] in (k8s_audit_stages)) and evt.dir=< and proc.pname exists')).toEqual({
      macros: [], lists: ['k8s_audit_stages'], fields: ['proc.aname', 'jevt.value', 'evt.dir', 'proc.pname'],
    });
  });

  test('in a value list, bare names are lists; quoted words, numbers, true/false and paths are literals', () => {
    expect(refs('proc.name in (shell_binaries, "bash", \'zsh\', 12, true, /usr/bin/sh, runc:[0:PARENT], quay.io/x) and ka.req.pod.host_network intersects (true)').lists)
      .toEqual(['shell_binaries']);
    expect(refs('fd.name pmatch (sensitive_dirs) and proc.name in ()').lists).toEqual(['sensitive_dirs']);
  });

  test('every comparison operator, transformers and field-to-field comparison parse', () => {
    const ops = ['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex'];
    for (const op of ops) {
      expect(parseFalcoCondition(`proc.name ${op} "x"`).ok).toBe(true);
    }
    expect(refs('tolower(proc.name) = bash and proc.pname = val(proc.name) and len(proc.args) > 3').fields).toEqual(['proc.name', 'proc.pname', 'proc.args']);
    expect(refs('proc.cmdline contains "sh -c \\"x\\""').fields).toEqual(['proc.cmdline']);
  });

  test.each([
    ['', 0, 'the condition is empty'],
    ['container and', 13, 'expected a field comparison, a macro name, "not" or "(", but found the end of the condition'],
    ['(container and spawned_process', 30, 'expected ")" to close the "(" at column 1, but found the end of the condition'],
    ['container)', 9, 'found ")" without a matching "("'],
    ['container spawned_process', 10, 'expected "and", "or" or the end, but found "spawned_process"'],
    ['proc.name', 9, 'expected an operator after field proc.name'],
    ['proc.name like bash', 10, 'expected an operator after field proc.name (one of ==, !=, <=, >=, =, <, >, contains'],
    ['proc.name = ', 12, 'expected a value after "proc.name =", but found the end of the condition'],
    ['proc.name = (bash)', 12, '"=" compares proc.name with one value; use "in"'],
    ['proc.name in bash', 13, '"in" takes a list in parentheses'],
    ['proc.name in (bash sh)', 19, 'expected "," or ")" in the list opened at column 14, but found "sh)"'],
    ['proc.name in (bash,)', 19, 'expected a value or a list name in the list after "in"'],
    ['proc.name = "bash', 12, 'the string starting with " is not closed'],
    ['name = bash', 0, '"name" is compared like a field, but fields have a class prefix such as "proc.name"'],
    ['proc.aname[2 = sshd', 10, '"[" after field proc.aname is not closed with "]"'],
    ['and container', 0, 'but found "and"'],
  ])('syntax error in %j at offset %d', (text, offset, message) => {
    const r = parseFalcoCondition(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.offset).toBe(offset);
      expect(r.error.message).toContain(message);
    }
  });

  test('output placeholders are the %fields', () => {
    expect(falcoOutputFields('x (user=%user.name cmd=%proc.aname[2] img=%container.image.repository:%container.image.tag 100%)'))
      .toEqual(['user.name', 'proc.aname', 'container.image.repository', 'container.image.tag']);
  });
});

describe('validateFalcoRuleFile', () => {
  test('the book\'s files pass', () => {
    expect(problems(BOOK_SYSCALL_RULES)).toEqual([]);
    expect(problems(BOOK_K8S_AUDIT_RULES)).toEqual([]);
  });

  test('priorities are Falco\'s, case-insensitive, with INFO read as INFORMATIONAL', () => {
    expect(['warning', 'Info', 'INFORMATIONAL', 'debug', 'EMERGENCY'].map(normalizeFalcoPriority)).toEqual(['WARNING', 'INFORMATIONAL', 'INFORMATIONAL', 'DEBUG', 'EMERGENCY']);
    expect(normalizeFalcoPriority('SEVERE')).toBeUndefined();
    expect(problems(file([rule({ priority: 'SEVERE' })]))).toEqual([
      'f.rule["Shell in container"].priority: got "SEVERE"; expected a Falco priority: EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG (or INFO, written as INFORMATIONAL)',
    ]);
  });

  test('macros and lists must be defined or declared external; literal words in value lists must be quoted', () => {
    expect(problems(file([rule({ condition: 'spawned_process and contaner' })]))[0])
      .toMatch(/^f\.rule\["Shell in container"\]\.condition: got "contaner"; expected a macro defined in this file or declared in externals \(defined: none; external: container, container_entrypoint/);
    expect(problems(file([rule({ condition: 'spawned_process and proc.name in (bash)' })]))[0]).toContain(
      'condition: got "bash"; expected a list defined in this file or declared in externals (defined: none; external: falco_privileged_images, package_mgmt_binaries');
    expect(problems(file([rule({ condition: 'spawned_process and proc.name in (bash)' })]))[0]).toContain(
      'inside "in (...)", "intersects (...)" and "pmatch (...)" a bare word names a list, so write a literal word in double quotes: "bash"');
    expect(problems(file([rule({ condition: 'spawned_process and proc.name in ("bash", my_shells)' }), { list: 'my_shells', items: ['zsh'] }]))).toEqual([]);
    expect(problems(file([rule({ condition: 'shell_binaries' })]))).toEqual([
      'f.rule["Shell in container"].condition: got "shell_binaries"; expected a macro, but "shell_binaries" is a list: use it as "<field> in (shell_binaries)"',
    ]);
  });

  test('empty fields, names and tags', () => {
    expect(problems(file([rule({ desc: ' ', output: '', condition: '' })]))).toEqual([
      'f.rule["Shell in container"].desc: got " "; expected a description of what the rule detects',
      'f.rule["Shell in container"].output: got ""; expected the alert text, e.g. "Shell in container (user=%user.name)"',
      'f.rule["Shell in container"].condition: got ""; expected a Falco condition, e.g. "spawned_process and container and proc.name = bash"',
    ]);
    expect(problems(file([rule({ tags: ['mitre execution', 'k8s', 'k8s'] })]))).toEqual([
      'f.rule["Shell in container"].tags[0]: got "mitre execution"; expected a tag of 1-63 letters, digits, "_", "." or "-", starting with a letter or digit, e.g. "mitre_execution" or "T1610"',
      'f.rule["Shell in container"].tags[2]: got "k8s"; expected a tag that is not already used in f.rule["Shell in container"].tags',
    ]);
    expect(problems({ name: 'rules.json', items: [] })).toEqual([
      'f.name: got "rules.json"; expected a file name of letters, digits, "-", "_" and "." that ends in ".yaml" or ".yml"',
      'f.items: got []; expected at least one rule, macro or list',
    ]);
    expect(problems(file([rule({ condition: 'container and in' }), { macro: 'in', condition: 'container' }]))).toContain(
      'f.macro["in"].macro: got "in"; expected a macro name: letters, digits and "_", not starting with a digit, and not a keyword such as "and" or "in"');
    expect(problems(file([{ macro: 'my-macro', condition: 'container' }, { list: 'l', items: ['a "b"', ''] }])).slice(0, 3)).toEqual([
      'f.macro["my-macro"].macro: got "my-macro"; expected a macro name: letters, digits and "_", not starting with a digit, and not a keyword such as "and" or "in"',
      'f.list["l"].items[0]: got "a \\"b\\""; expected a number, or a non-empty string without double quotes or line breaks',
      'f.list["l"].items[1]: got ""; expected a number, or a non-empty string without double quotes or line breaks',
    ]);
  });

  test('names are unique: rules among rules, macros and lists among each other', () => {
    expect(problems(file([rule(), rule(), { macro: 'x', condition: 'container' }, { list: 'x', items: [] }]))).toEqual([
      'f.rule["Shell in container"].rule: got "Shell in container"; expected a name no other rule of the file has (rule "Shell in container" already has it)',
      'f.list["x"].list: got "x"; expected a name no other macro or list of the file has (macro "x" already has it)',
    ]);
  });

  test('a macro or list that reaches itself is a cycle, reported once', () => {
    expect(problems(file([
      { macro: 'a', condition: 'b and container' }, { macro: 'b', condition: 'not a' }, { macro: 'self', condition: 'self' },
      { list: 'l1', items: ['l2'] }, { list: 'l2', items: ['x', 'l1'] },
    ]))).toEqual([
      'f.macro["a"].condition: got "a -> b -> a"; expected macros that do not refer to themselves, directly or through other macros',
      'f.macro["self"].condition: got "self -> self"; expected macros that do not refer to themselves, directly or through other macros',
      'f.list["l1"].items: got "l1 -> l2 -> l1"; expected lists that do not include themselves, directly or through other lists',
    ]);
  });

  test('a syntax error names the column', () => {
    expect(problems(file([rule({ condition: 'spawned_process and and container' })]))).toEqual([
      'f.rule["Shell in container"].condition: got "spawned_process and and container"; expected a valid Falco condition; at column 21: expected a field comparison, a macro name, "not" or "(", but found "and"',
    ]);
  });

  test('fields fit the rule\'s source, through the file\'s macros and in the output', () => {
    expect(problems(file([rule({ source: 'k8s_audit', condition: 'kevt and privileged', output: 'Pod (user=%user.name)' }), { macro: 'privileged', condition: 'container.privileged=true' }],
      [K8S_AUDIT_RULES_EXTERNALS]))).toEqual([
      'f.rule["Shell in container"].output: got "%user.name"; expected fields of the k8s_audit source (ka.*, jevt.*, json.*, evt.*)',
      'f.rule["Shell in container"].condition: got "container.privileged (through macro privileged)"; expected fields of the k8s_audit source (ka.*, jevt.*, json.*, evt.*)',
    ]);
    expect(problems(file([rule({ condition: 'spawned_process and ka.verb=create' })]))).toEqual([
      'f.rule["Shell in container"].condition: got "ka.verb"; expected fields of syscall events (ka.* fields come from a plugin source; set the rule\'s source)',
    ]);
  });

  test('%container.info is refused: it prints nothing since Falco 0.41', () => {
    expect(problems(file([rule({ output: 'Shell (user=%user.name %container.info)' })]))).toEqual([
      'f.rule["Shell in container"].output: got "%container.info"; expected explicit fields such as %container.name and %container.image.repository: %container.info is deprecated since Falco 0.41 and prints nothing',
    ]);
  });
});

describe('renderFalcoRuleFile', () => {
  test('the book\'s syscall file reads back item by item, INFO written as INFORMATIONAL, container taken from the stable ruleset', () => {
    const text = renderFalcoRuleFile(BOOK_SYSCALL_RULES);
    expect(text.startsWith('# Generated by keelson: Falco rules for the syscall source.\n- rule: Launch Privileged Container\n')).toBe(true);
    const items = parse(text);
    expect(items).toHaveLength(5);
    expect(items[0]).toEqual({
      rule: 'Launch Privileged Container',
      desc: 'Detect the initial process started in a privileged container. Exceptions are made for known trusted images.',
      condition: 'container_started and container\nand container.privileged=true\nand not falco_privileged_containers\nand not user_privileged_containers',
      output: 'Privileged container started (user=%user.name command=%proc.cmdline container=%container.name image=%container.image.repository:%container.image.tag)',
      priority: 'INFORMATIONAL',
      tags: ['container', 'cis', 'mitre_privilege_escalation', 'mitre_lateral_movement'],
    });
    expect(Object.keys(items[0])[0]).toBe('rule');
    expect(items[1]).toEqual({ macro: 'container_started', condition: '(spawned_process and proc.vpid=1)' });
    expect(items[2].macro).toBe('falco_privileged_containers');
    expect(items[2].condition).not.toMatch(/openshift_image|user_trusted_containers/);
    expect(items[2].condition).toContain('startswith quay.io/sysdig/)');
    expect(items[3]).toEqual({ macro: 'user_privileged_containers', condition: '(container.image.repository = docker.io/sysdig/agent)' });
    expect(items[4]).toEqual({ list: 'trusted_images', items: [] });
    expect(items.map((i: any) => i.macro)).not.toContain('container');
  });

  test('the book\'s k8s_audit file reads back with its source, the renamed list and the allow-list', () => {
    const items = parse(renderFalcoRuleFile(BOOK_K8S_AUDIT_RULES));
    expect(items.map((i: any) => i.rule ?? i.macro ?? i.list)).toEqual(['Create Disallowed Pod', 'Create HostNetwork Pod', 'allowed_k8s_containers', 'allowed_image_repositories']);
    expect(items[0]).toEqual({
      rule: 'Create Disallowed Pod',
      desc: 'Detect an attempt to start a pod with a container image outside of a list of allowed images.',
      condition: 'kevt and pod and kcreate and not allowed_k8s_containers',
      output: 'Pod started with container not in allowed list (user=%ka.user.name pod=%ka.resp.name ns=%ka.target.namespace images=%ka.req.pod.containers.image)',
      priority: 'WARNING',
      source: 'k8s_audit',
      tags: ['k8s'],
    });
    expect(items[1].condition).toBe('kevt and pod and kcreate and ka.req.pod.host_network intersects (true) and not ka.req.pod.containers.image.repository in (k8s_audit_hostnetwork_images)');
    expect(items[1]).toMatchObject({ priority: 'WARNING', source: 'k8s_audit', tags: ['k8s'] });
    expect(items[3].items).toContain('docker.io/falcosecurity/falco');
  });

  test('source and enabled are written only when given; list literals are quoted when they are not plain words or paths', () => {
    const items = parse(renderFalcoRuleFile(file([
      rule({ source: 'syscall', enabled: false, priority: 'notice', tags: [] }),
      { list: 'cmds', items: ['sh -c uname', 'runc:[0:PARENT]', 'bash', 'my_shells', 443, '/usr/bin/'] },
      { list: 'my_shells', items: ['zsh'] },
    ])));
    expect(items[0]).toEqual({
      rule: 'Shell in container', desc: 'A shell ran in a container.', condition: 'spawned_process and container and shell_procs',
      output: 'Shell (user=%user.name container=%container.name)', priority: 'NOTICE', source: 'syscall', enabled: false,
    });
    expect(items[1].items).toEqual(['"sh -c uname"', '"runc:[0:PARENT]"', 'bash', 'my_shells', 443, '/usr/bin/']);
  });
});

describe('validateFalcoRuleFile given any JavaScript value', () => {
  const sample = (): any => file([
    rule({ tags: ['container'], source: 'syscall', enabled: true }),
    { macro: 'my_shell', condition: 'proc.name in (my_shells)' } as FalcoItem,
    { list: 'my_shells', items: ['bash', 'sh'] } as FalcoItem,
  ]);
  const paths = ['name', 'items', 'items.0', 'items.0.rule', 'items.0.desc', 'items.0.condition', 'items.0.output', 'items.0.priority', 'items.0.tags',
    'items.0.tags.0', 'items.0.source', 'items.0.enabled', 'items.1', 'items.1.condition', 'items.2.items', 'items.2.items.0', 'externals', 'externals.0',
    'externals.0.macros'];
  const set = (o: any, path: string, value: unknown) => {
    const keys = path.split('.');
    let at = o;
    keys.slice(0, -1).forEach((k) => { at = at[k]; });
    at[keys[keys.length - 1]] = value;
    return o;
  };

  test('the sample is valid', () => expect(problems(sample())).toEqual([]));

  test.each(paths)('at %s: problems are recorded, never thrown, and a file found valid renders', (path) => {
    for (const value of HOSTILE_VALUES) {
      const f = set(sample(), path, value);
      const v = new PropsValidator('test');
      expect(() => validateFalcoRuleFile(v, 'f', f)).not.toThrow();
      if (v.issues.length === 0) {
        expect(() => parse(renderFalcoRuleFile(f))).not.toThrow();
      }
    }
  });

  test('the whole file may be any value', () => {
    for (const value of HOSTILE_VALUES) {
      expect(() => validateFalcoRuleFile(new PropsValidator('test'), 'f', value as FalcoRuleFile)).not.toThrow();
    }
  });
});
