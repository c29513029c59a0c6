import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { podSecurityApp } from '../../../apps/security/pod-security-stack';
import { AppStack } from '../../../lib/core/app-stack';
import { PodSecurityProfile, PodSecurityProfileProps } from '../../../lib/security/pod-security-profile';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ValidatingPolicy, ValidatingPolicyProps } from '../../../lib/security/validating-policy';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

const RULE = { apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE' as const] };
const VALIDATION = { expression: 'object.spec.containers.size() < 10', message: 'at most 9 containers' };
const vp = (s: Construct, props: Partial<ValidatingPolicyProps>) => new ValidatingPolicy(s, 'vp', { matchRules: [RULE], validations: [VALIDATION], ...props });
const profile = (s: Construct, props: PodSecurityProfileProps) => new PodSecurityProfile(s, 'profile', props);
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));

const CASES: BadInput[] = ([
  // ValidatingPolicy: CEL.
  { title: 'a CEL syntax error in a validation', build: (s) => vp(s, { validations: [{ expression: 'object.spec.containers.all(c, c.image != "")) ', message: 'm' }] }),
    where: '[bad/vp] validations[0].expression: got "object.spec.containers.all(c, c.image != \\"\\")) "', expected: 'a valid CEL expression the API server accepts; <input>:1:' },
  { title: 'a CEL syntax error in a variable', build: (s) => vp(s, { variables: [{ name: 'containers', expression: 'object.spec.containers +' }] }),
    where: '[bad/vp] variables[0].expression: got "object.spec.containers +"', expected: 'a valid CEL expression the API server accepts;' },
  { title: 'a CEL syntax error in a match condition', build: (s) => vp(s, { matchConditions: [{ name: 'not-system', expression: "object.metadata.namespace != 'kube-system" }] }),
    where: '[bad/vp] matchConditions[0].expression: got "object.metadata.namespace != \'kube-system"', expected: 'a valid CEL expression the API server accepts;' },
  { title: 'a validation that uses an undeclared variable', build: (s) => vp(s, { validations: [{ expression: 'variables.containers.size() < 10', message: 'm' }] }),
    where: '[bad/vp] validations[0].expression: got "variables.containers.size() < 10"', expected: 'an expression that uses only declared variables (none); variables.containers is not declared' },
  { title: 'a variable name that is not a CEL identifier', build: (s) => vp(s, { variables: [{ name: 'all-containers', expression: 'object.spec.containers' }] }),
    where: '[bad/vp] variables[0].name: got "all-containers"', expected: 'a CEL identifier' },
  { title: 'a validation message on two lines', build: (s) => vp(s, { validations: [{ expression: 'true', message: 'too many\ncontainers' }] }),
    where: '[bad/vp] validations[0].message: got "too many\\ncontainers"', expected: 'a one-line message telling the user what to fix' },
  // ValidatingPolicy: match rules and actions.
  { title: 'a resource under the wrong API group (the book\'s deployments under "")', build: (s) => vp(s, { matchRules: [{ ...RULE, resources: ['pods', 'deployments'] }] }),
    where: '[bad/vp] matchRules[0].resources[1]: got "deployments"', expected: 'a resource of the rule\'s API groups ("deployments" is in API group "apps", not "" (core); list it in a rule with apiGroups ["apps"])' },
  { title: 'a singular resource name', build: (s) => vp(s, { matchRules: [{ ...RULE, resources: ['pod'] }] }),
    where: '[bad/vp] matchRules[0].resources[0]: got "pod"', expected: 'a resource of the rule\'s API groups (API group "" (core) has no resource "pod"' },
  { title: 'a lowercase operation', build: (s) => vp(s, { matchRules: [{ ...RULE, operations: ['create' as any] }] }),
    where: '[bad/vp] matchRules[0].operations[0]: got "create"', expected: '"CREATE", "UPDATE", "DELETE", "CONNECT" or "*"' },
  { title: 'Deny together with Warn', build: (s) => vp(s, { validationActions: ['Deny', 'Warn'] }),
    where: '[bad/vp] validationActions: got ["Deny","Warn"]', expected: 'Deny or Warn, not both' },
  { title: 'a dry run without a reason', build: (s) => vp(s, { validationActions: ['Audit'] }),
    where: '[bad/vp] reason: got undefined', expected: 'a reason why failing requests may be admitted' },
  { title: 'failing open without a reason', build: (s) => vp(s, { failurePolicy: 'Ignore' }),
    where: '[bad/vp] reason: got undefined', expected: 'a reason why failing requests may be admitted' },
  // PodSecurityProfile: ranges.
  { title: 'an empty fsGroup range list', build: (s) => profile(s, { fsGroup: { rule: 'MustRunAs', ranges: [] } }),
    where: '[bad/profile] fsGroup.ranges: got []', expected: 'at least one range of GIDs' },
  { title: 'a UID range whose min is above its max', build: (s) => profile(s, { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 3000, max: 1 }] } }),
    where: '[bad/profile] runAsUser.ranges[0]: got {"min":3000,"max":1}', expected: 'a range whose min is at most its max (3000 > 1)' },
  { title: 'a UID range including root under MustRunAs, which implies non-root', build: (s) => profile(s, { runAsUser: { rule: 'MustRunAs', ranges: [{ min: 0, max: 3000 }] } }),
    where: '[bad/profile] runAsUser.ranges[0].min: got 0', expected: 'a UID of at least 1: "MustRunAs" also requires running as non-root' },
  { title: 'a UID range given to MustRunAsNonRoot', build: (s) => profile(s, { runAsUser: { rule: 'MustRunAsNonRoot', ranges: [{ min: 0, max: 3000 }] } }),
    where: '[bad/profile] runAsUser.ranges: got [{"min":0,"max":3000}]', expected: 'no ranges (only rule "MustRunAs" takes ranges; the rule is "MustRunAsNonRoot")' },
  { title: 'a GID beyond the API server\'s limit', build: (s) => profile(s, { supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1, max: 4294967295 }] } }),
    where: '[bad/profile] supplementalGroups.ranges[0].max: got 4294967295', expected: 'an integer from 0 to 2147483647' },
  { title: 'a host port range beyond 65535', build: (s) => profile(s, { hostPorts: [{ min: 8000, max: 70000 }], reason: 'r' }),
    where: '[bad/profile] hostPorts[0].max: got 70000', expected: 'an integer from 1 to 65535' },
  // PodSecurityProfile: loosening, names.
  { title: 'the host network without a reason', build: (s) => profile(s, { hostNetwork: true, allowPrivilegeEscalation: true }),
    where: '[bad/profile] reason: got undefined', expected: 'a reason why pods need more than Pod Security "restricted" allows (allowPrivilegeEscalation needs "baseline", hostNetwork needs "privileged")' },
  { title: 'an unknown volume type', build: (s) => profile(s, { volumes: ['secret', 'hostpath'] }),
    where: '[bad/profile] volumes[1]: got "hostpath"', expected: 'a PodSpec volume type (awsElasticBlockStore, ' },
  { title: '"*" beside other volume types', build: (s) => profile(s, { volumes: ['*', 'secret'], reason: 'r' }),
    where: '[bad/profile] volumes[0]: got "*"', expected: 'a PodSpec volume type' },
  { title: 'a capability in lowercase', build: (s) => profile(s, { allowedCapabilities: ['net_bind_service'] }),
    where: '[bad/profile] allowedCapabilities[0]: got "net_bind_service"', expected: 'a capability name in UPPER_CASE without the "CAP_" prefix' },
  { title: 'a capability with the CAP_ prefix', build: (s) => profile(s, { requiredDropCapabilities: ['CAP_NET_RAW'], reason: 'r' }),
    where: '[bad/profile] requiredDropCapabilities[0]: got "CAP_NET_RAW"', expected: 'a capability name in UPPER_CASE without the "CAP_" prefix, such as "NET_BIND_SERVICE", or "ALL"' },
  { title: 'a capability both allowed and required to be dropped', build: (s) => profile(s, { allowedCapabilities: ['CHOWN'], requiredDropCapabilities: ['CHOWN'], reason: 'r' }),
    where: '[bad/profile] allowedCapabilities[0]: got "CHOWN"', expected: 'a capability that requiredDropCapabilities does not list' },
  { title: 'privileged containers that may not escalate', build: (s) => profile(s, { privileged: true, reason: 'r' }),
    where: '[bad/profile] allowPrivilegeEscalation: got undefined', expected: 'true when privileged is true' },
  { title: 'a PSP-era seccomp profile name', build: (s) => profile(s, { allowedSeccompProfiles: ['runtime/default' as any] }),
    where: '[bad/profile] allowedSeccompProfiles[0]: got "runtime/default"', expected: '"RuntimeDefault", "Localhost" or "Unconfined"' },
  // SecureNamespace with a profile.
  { title: 'a namespace level that contradicts its profile', build: (s) => new SecureNamespace(s, 'ns', {
    podSecurityProfile: profile(s, { allowPrivilegeEscalation: true, reason: 'setuid tools' }), podSecurityLevel: 'restricted' }),
  where: '[bad/ns] podSecurityLevel: got "restricted"', expected: '"baseline", the level of podSecurityProfile "profile" (or leave it unset)' },
  // Unknown props (a typo, or a field of another construct) are refused, never silently dropped.
  { title: 'a profile with "hostPid" for "hostPID"', build: (s) => profile(s, withUnknownProps({}, { hostPid: true })),
    where: '[bad/profile] hostPid: got true', expected: 'a known prop (did you mean "hostPID"?)' },
  { title: 'a runAsUser strategy with "range" for "ranges"', build: (s) => profile(s, { runAsUser: withUnknownProps({ rule: 'MustRunAs' as const, ranges: [{ min: 1000, max: 2000 }] }, { range: [] }) }),
    where: '[bad/profile] runAsUser.range: got []', expected: 'a known prop (did you mean "ranges"?); the props are ranges, rule' },
  { title: 'a ValidatingPolicy with "validationAction" for "validationActions"', build: (s) => vp(s, withUnknownProps({}, { validationAction: ['Warn'] })),
    where: '[bad/vp] validationAction: got ["Warn"]', expected: 'a known prop (did you mean "validationActions"?)' },
  { title: 'a validation with "messages" for "message"', build: (s) => vp(s, { validations: [withUnknownProps({ ...VALIDATION }, { messages: 'm' })] }),
    where: '[bad/vp] validations[0].messages: got "m"', expected: 'a known prop (did you mean "message"?); the props are expression, message, reason' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

describeBadInputs('bad pod security input is rejected at synth time with a clear error and no output', podSecurityApp, CASES);
