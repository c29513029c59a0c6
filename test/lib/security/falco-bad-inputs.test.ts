import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { falcoApp } from '../../../apps/security/falco-stack';
import { AppStack } from '../../../lib/core/app-stack';
import { PinnedHelmRelease } from '../../../lib/extension/pinned-helm-release';
import { FALCO_CHART_REPOSITORY, FalcoInstall, FalcoInstallProps } from '../../../lib/security/falco-install';
import { FALCO_RULES_EXTERNALS, FalcoItem, FalcoRuleFile, K8S_AUDIT_RULES_EXTERNALS } from '../../../lib/security/falco-rules';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

const R = 'ruleFiles["r.yaml"].rule["R"]';
const rule = (over: Record<string, unknown> = {}): FalcoItem => ({
  rule: 'R', desc: 'A shell ran in a container.', condition: 'spawned_process and container', output: 'Shell (user=%user.name)', priority: 'WARNING', ...over,
} as FalcoItem);
const file = (items: FalcoItem[], over: Partial<FalcoRuleFile> = {}): FalcoRuleFile => ({ name: 'r.yaml', items, externals: [FALCO_RULES_EXTERNALS], ...over });
const falco = (s: Construct, props: FalcoInstallProps) => new FalcoInstall(s, 'falco', props);
const withRules = (...items: FalcoItem[]) => (s: Construct) => falco(s, { ruleFiles: [file(items)] });
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));
const EKS = { plugin: 'k8saudit-eks', clusterName: 'demo', region: 'us-west-2' } as const;

const CASES: BadInput[] = ([
  // Rules.
  { title: 'priority "SEVERE"', build: withRules(rule({ priority: 'SEVERE' })),
    where: `[bad/falco] ${R}.priority: got "SEVERE"`, expected: 'a Falco priority: EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG (or INFO, written as INFORMATIONAL)' },
  { title: 'an undefined macro', build: withRules(rule({ condition: 'spawned_process and contaner' })),
    where: `[bad/falco] ${R}.condition: got "contaner"`, expected: 'a macro defined in this file or declared in externals (defined: none; external: container, container_entrypoint' },
  { title: 'an undefined list in a value list (a literal word left unquoted)', build: withRules(rule({ condition: 'spawned_process and proc.name in (bash, "zsh")' })),
    where: `[bad/falco] ${R}.condition: got "bash"`,
    expected: 'a list defined in this file or declared in externals (defined: none; external: falco_privileged_images, package_mgmt_binaries, rfc_1918_addresses, sensitive_file_names, shell_binaries, trusted_images); inside "in (...)", "intersects (...)" and "pmatch (...)" a bare word names a list, so write a literal word in double quotes: "bash"' },
  { title: 'an empty output', build: withRules(rule({ output: ' ' })),
    where: `[bad/falco] ${R}.output: got " "`, expected: 'the alert text, e.g. "Shell in container (user=%user.name)"' },
  { title: 'an empty description', build: withRules(rule({ desc: '' })),
    where: `[bad/falco] ${R}.desc: got ""`, expected: 'a description of what the rule detects' },
  { title: 'an empty condition', build: withRules(rule({ condition: '' })),
    where: `[bad/falco] ${R}.condition: got ""`, expected: 'a Falco condition, e.g. "spawned_process and container and proc.name = bash"' },
  { title: 'a duplicate rule name', build: withRules(rule(), rule({ priority: 'NOTICE' })),
    where: `[bad/falco] ${R}.rule: got "R"`, expected: 'a name no other rule of the file has (rule "R" already has it)' },
  { title: 'a macro and a list with the same name', build: withRules(rule({ condition: 'x' }), { macro: 'x', condition: 'container' }, { list: 'x', items: [] }),
    where: '[bad/falco] ruleFiles["r.yaml"].list["x"].list: got "x"', expected: 'a name no other macro or list of the file has (macro "x" already has it)' },
  { title: 'a syntax error', build: withRules(rule({ condition: 'spawned_process and (container' })),
    where: `[bad/falco] ${R}.condition: got "spawned_process and (container"`, expected: 'a valid Falco condition; at column 31: expected ")" to close the "(" at column 21' },
  { title: 'a macro cycle', build: withRules(rule({ condition: 'a' }), { macro: 'a', condition: 'container and b' }, { macro: 'b', condition: 'not a' }),
    where: '[bad/falco] ruleFiles["r.yaml"].macro["a"].condition: got "a -> b -> a"', expected: 'macros that do not refer to themselves, directly or through other macros' },
  { title: 'a list that includes itself', build: withRules(rule({ condition: 'proc.name in (l)' }), { list: 'l', items: ['bash', 'l'] }),
    where: '[bad/falco] ruleFiles["r.yaml"].list["l"].items: got "l -> l"', expected: 'lists that do not include themselves, directly or through other lists' },
  { title: 'a list used as a macro', build: withRules(rule({ condition: 'spawned_process and shell_binaries' })),
    where: `[bad/falco] ${R}.condition: got "shell_binaries"`, expected: 'a macro, but "shell_binaries" is a list: use it as "<field> in (shell_binaries)"' },
  { title: 'a tag with a space', build: withRules(rule({ tags: ['mitre execution'] })),
    where: `[bad/falco] ${R}.tags[0]: got "mitre execution"`, expected: 'a tag of 1-63 letters, digits, "_", "." or "-"' },
  { title: 'the deprecated %container.info', build: withRules(rule({ output: 'Shell (user=%user.name %container.info)' })),
    where: `[bad/falco] ${R}.output: got "%container.info"`, expected: 'explicit fields such as %container.name and %container.image.repository' },
  { title: 'a syscall field in a k8s_audit rule (through a macro)',
    build: (s) => falco(s, { k8sAudit: EKS, ruleFiles: [file([rule({ source: 'k8s_audit', condition: 'kevt and priv', output: 'Pod (user=%ka.user.name)' }), { macro: 'priv', condition: 'container.privileged=true' }], { externals: [K8S_AUDIT_RULES_EXTERNALS] })] }),
    where: `[bad/falco] ${R}.condition: got "container.privileged (through macro priv)"`, expected: 'fields of the k8s_audit source (ka.*, jevt.*, json.*, evt.*)' },
  { title: 'a macro name with a dash', build: withRules(rule(), { macro: 'my-macro', condition: 'container' }),
    where: '[bad/falco] ruleFiles["r.yaml"].macro["my-macro"].macro: got "my-macro"', expected: 'a macro name: letters, digits and "_", not starting with a digit' },
  { title: 'externals without their origin', build: (s) => falco(s, { ruleFiles: [file([rule()], { externals: [{ ...FALCO_RULES_EXTERNALS, from: '' }] })] }),
    where: '[bad/falco] ruleFiles["r.yaml"].externals[0].from: got ""', expected: 'where the macros and lists are defined, e.g. "falco_rules.yaml (falco-rules:5)"' },
  // Files and sources.
  { title: 'a k8s_audit rule without an audit plugin',
    build: (s) => falco(s, { ruleFiles: [file([rule({ source: 'k8s_audit', condition: 'kevt and pod', output: 'Pod (user=%ka.user.name)' })], { externals: [K8S_AUDIT_RULES_EXTERNALS] })] }),
    where: `[bad/falco] ${R}.source: got "k8s_audit"`, expected: '"syscall", since no audit plugin is enabled: set k8sAudit' },
  { title: 'a source no plugin of the install reads', build: withRules(rule({ source: 'aws_cloudtrail', condition: 'ct.name = ConsoleLogin', output: 'Login (user=%ct.user)' })),
    where: `[bad/falco] ${R}.source: got "aws_cloudtrail"`, expected: '"syscall" or "k8s_audit" (this install loads no plugin for the "aws_cloudtrail" source)' },
  { title: 'syscall and k8s_audit rules in one file',
    build: (s) => falco(s, { k8sAudit: EKS, ruleFiles: [file([rule(), rule({ rule: 'P', source: 'k8s_audit', condition: 'kevt', output: 'x %ka.verb' })], { externals: [FALCO_RULES_EXTERNALS, K8S_AUDIT_RULES_EXTERNALS] })] }),
    where: '[bad/falco] ruleFiles["r.yaml"]: got "k8s_audit, syscall"', expected: 'rules of one source per file: syscall and k8s_audit rules run in different Falco instances' },
  { title: 'a file name that is not .yaml', build: (s) => falco(s, { ruleFiles: [file([rule()], { name: 'rules.txt' })] }),
    where: '[bad/falco] ruleFiles["rules.txt"].name: got "rules.txt"', expected: 'a file name of letters, digits, "-", "_" and "." that ends in ".yaml" or ".yml"' },
  { title: 'two files with one name', build: (s) => falco(s, { ruleFiles: [file([rule()]), file([rule({ rule: 'Q' })])] }),
    where: '[bad/falco] ruleFiles[1]: got "r.yaml"', expected: 'a file name that is not already used in ruleFiles' },
  // The install.
  { title: 'the kernel module without a reason to run privileged', build: (s) => falco(s, { driver: 'kmod' }),
    where: '[bad/falco] privileged: got undefined', expected: 'a reason ({ reason }) to run Falco privileged, since the "kmod" driver loads a kernel module' },
  { title: 'k8saudit-eks without a cluster name', build: (s) => falco(s, { k8sAudit: { plugin: 'k8saudit-eks', region: 'us-west-2' } }),
    where: '[bad/falco] k8sAudit.clusterName: got undefined', expected: 'the EKS cluster name' },
  { title: 'k8saudit-eks with a bad region', build: (s) => falco(s, { k8sAudit: { ...EKS, region: 'Oregon' } }),
    where: '[bad/falco] k8sAudit.region: got "Oregon"', expected: 'an AWS region such as "us-west-2"' },
  { title: 'a plain-HTTP audit webhook without a reason', build: (s) => falco(s, { k8sAudit: { plugin: 'k8saudit' } }),
    where: '[bad/falco] k8sAudit.plaintextWebhook: got undefined', expected: 'a reason why audit events (request bodies included) may reach the webhook over plain HTTP (plaintextWebhook: { reason })' },
  { title: 'a chart version range', build: (s) => falco(s, { chartVersion: '^9.1.0' }),
    where: '[bad/falco] chartVersion: got "^9.1.0"', expected: 'an exact chart version such as "9.1.0"' },
  { title: 'a namespace with capitals', build: (s) => falco(s, { namespace: 'Falco' }),
    where: '[bad/falco] namespace: got "Falco"', expected: 'a DNS-1123 label' },
  { title: 'two Falco installs in one app', build: (s) => { falco(s, {}); new FalcoInstall(s, 'again', {}); },
    where: '[bad/again] FalcoInstall: got "bad/again"', expected: 'one Falco install per app (there is already bad/falco)' },
  // Wrong types from JavaScript, and the chart release the install builds.
  { title: 'ruleFiles that is one file name', build: (s) => falco(s, { ruleFiles: 'r.yaml' as any }),
    where: '[bad/falco] ruleFiles: got "r.yaml"', expected: 'a list of FalcoRuleFiles ({ name, items, externals })' },
  { title: 'a rule file that is null', build: (s) => falco(s, { ruleFiles: [null as any] }),
    where: '[bad/falco] ruleFiles[0]: got null', expected: 'a FalcoRuleFile ({ name, items, externals })' },
  { title: 'tags that are one string', build: withRules(rule({ tags: 'shell' })),
    where: `[bad/falco] ${R}.tags: got "shell"`, expected: 'a list of tags, e.g. ["container", "mitre_execution"]' },
  { title: 'externals that are not a list', build: (s) => falco(s, { ruleFiles: [file([rule()], { externals: { from: 'falco_rules.yaml', macros: [] } as any })] }),
    where: '[bad/falco] ruleFiles["r.yaml"].externals: got {"from":"falco_rules.yaml","macros":[]}', expected: 'a list of { from, macros, lists }' },
  { title: 'a privileged reason that is a number', build: (s) => falco(s, { driver: 'kmod', privileged: { reason: 42 as any } }),
    where: '[bad/falco] privileged.reason: got 42', expected: 'a reason why Falco cannot run with capabilities only, given as { reason: "..." }' },
  { title: 'a privileged reason of 3000 characters', build: (s) => falco(s, { driver: 'kmod', privileged: { reason: 'x'.repeat(3000) } }),
    where: `[bad/falco] privileged.reason: got "${'x'.repeat(116)}... (3000 characters)`, expected: 'a reason of at most 2000 characters (it is recorded in an annotation)' },
  { title: 'a chart version with a leading zero', build: (s) => falco(s, { chartVersion: '9.01.0' }),
    where: '[bad/falco] chartVersion: got "9.01.0"', expected: 'an exact chart version such as "9.1.0" (SemVer 2, no ranges or "latest")' },
  { title: 'a release "falco" already declared in the namespace', build: (s) => {
    new PinnedHelmRelease(s, 'mine', { release: 'falco', namespace: 'falco', repository: FALCO_CHART_REPOSITORY, chart: 'falco', version: '9.0.0' });
    falco(s, {});
  }, where: '[bad/falco] namespace: got "falco"', expected: 'a release name not yet used in namespace falco' },
  { title: 'a namespace another construct defines', build: (s) => { new SecureNamespace(s, 'monitoring'); falco(s, { namespace: 'monitoring' }); },
    where: '[bad/falco] namespace: got "monitoring"', expected: 'a namespace no other construct of the app defines (bad/monitoring/Resource does)' },
  // Unknown props (a typo, or a field of another construct) are refused, never silently dropped.
  { title: 'a FalcoInstall with "rulesFiles" for "ruleFiles"', build: (s) => falco(s, withUnknownProps({}, { rulesFiles: [] })),
    where: '[bad/falco] rulesFiles: got []', expected: 'a known prop (did you mean "ruleFiles"?); the props are chartVersion, driver, k8sAudit, namespace, privileged, ruleFiles' },
  { title: 'a rule with "exceptions", which the renderer would drop', build: withRules(rule({ exceptions: [{ name: 'x', fields: ['proc.name'] }] })),
    where: `[bad/falco] ${R}.exceptions: got [{"name":"x","fields":["proc.name"]}]`, expected: 'a known prop; the props are condition, desc, enabled, output, priority, rule, source, tags' },
  { title: 'k8saudit-eks with "cluster" for "clusterName"', build: (s) => falco(s, { k8sAudit: withUnknownProps({ ...EKS }, { cluster: 'demo' }) }),
    where: '[bad/falco] k8sAudit.cluster: got "demo"', expected: 'a known prop; the props are clusterName, plaintextWebhook, plugin, region' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

describeBadInputs('bad Falco input is rejected at synth time with a clear error and no output', falcoApp, CASES);
