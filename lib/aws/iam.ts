import { ITerraformDependable, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { PropsValidator, checkUnique, isObject } from '../core/validator';
import { ARN, IAM_POLICY_ARN } from './aws-formats';
import { awsPartition } from './platform-stack';
import { checkList, describedConstruct, stackOf, terraformString } from './prop-checks';

/** One statement of an inline IAM policy. */
export interface PolicyStatement {
  /** Actions, e.g. ["secretsmanager:GetSecretValue"]. */
  readonly actions: string[];
  /** Resource ARNs (or patterns). Never "*" for write actions in your own policies. */
  readonly resources: string[];
  /**
   * Allow or deny.
   * @default "Allow"
   */
  readonly effect?: 'Allow' | 'Deny';
}

/** The name of an AWS managed policy, with its path if it has one. */
const MANAGED_POLICY_NAME = /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;
const MANAGED_POLICY_EXPECTED = 'the name of an AWS managed policy, with its path if it has one, such as "AmazonEKSClusterPolicy" or "service-role/AmazonEBSCSIDriverPolicy"';

/** An AWS managed policy ARN of the commercial partition, as awsManagedPolicy writes it: `arn:aws:iam::aws:policy/<name>`. */
const COMMERCIAL_MANAGED_POLICY = /^arn:aws:iam::aws:policy\/(.+)$/;

/**
 * The ARN of an AWS managed policy in the commercial partition, e.g. `awsManagedPolicy('AmazonEKSClusterPolicy')`.
 * The roles keelson makes (serviceRole, PodIdentity, ManagedNodeGroup, EksCluster) write every such ARN with their
 * stack's partition (`arn:<partition>:iam::aws:policy/...`), so it works in China and GovCloud too; elsewhere use
 * {@link managedPolicyArn}, which takes the scope.
 */
export function awsManagedPolicy(name: string): string {
  const v = new PropsValidator('awsManagedPolicy');
  v.check(typeof name === 'string' && MANAGED_POLICY_NAME.test(name), 'name', name, MANAGED_POLICY_EXPECTED);
  v.throwIfInvalid();
  return `arn:aws:iam::aws:policy/${name}`;
}

/** The ARN of an AWS managed policy in the partition of the stack `scope` is in: `arn:<partition>:iam::aws:policy/<name>`. */
export function managedPolicyArn(scope: IConstruct, name: string): string {
  const v = new PropsValidator(Construct.isConstruct(scope) ? scope.node.path || 'managedPolicyArn' : 'managedPolicyArn');
  v.check(typeof name === 'string' && MANAGED_POLICY_NAME.test(name), 'managedPolicyArn(name)', name, MANAGED_POLICY_EXPECTED);
  v.throwIfInvalid();
  return `arn:${awsPartition(scope)}:iam::aws:policy/${name}`;
}

/** An IAM action such as "s3:GetObject" or "s3:Get*" (service prefix, ":", action name with wildcards). */
const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;

const STATEMENT_PROPS = ['actions', 'resources', 'effect'];

/** Checks managed policy ARNs and inline statements (arrays of strings and objects, checked before use). */
export function validatePolicies(v: PropsValidator, managed: readonly string[] | undefined, statements: readonly PolicyStatement[] | undefined): void {
  const arns = checkList(v, 'managedPolicyArns', managed, false, 'a list of IAM policy ARNs', (f, arn) => terraformString(v, f, arn, IAM_POLICY_ARN));
  if (arns) {
    // IAM attaches a policy to a role once; 20 managed policies per role is the default quota.
    checkUnique(v, 'managedPolicyArns', arns, (a) => (typeof a === 'string' ? a : undefined), 'a policy ARN');
    v.check(arns.length <= 20, 'managedPolicyArns', arns, 'at most 20 managed policies (the IAM quota per role)');
  }
  checkList(v, 'statements', statements, false, 'a list of policy statements { actions, resources, effect? }', (f, s) => {
    if (!v.knownProps(f, s, STATEMENT_PROPS) || !v.check(isObject(s), f, s, 'a policy statement { actions, resources, effect? }')) {
      return;
    }
    const st = s as PolicyStatement;
    const actions = checkList(v, `${f}.actions`, st.actions, true, 'a non-empty list of actions such as "s3:GetObject"',
      (af, a) => v.check(typeof a === 'string' && ACTION.test(a), af, a, 'an action such as "s3:GetObject" or "s3:Get*"'));
    v.check(actions === undefined || actions.length > 0, `${f}.actions`, st.actions, 'a non-empty list of actions such as "s3:GetObject"');
    const resources = checkList(v, `${f}.resources`, st.resources, true, 'a non-empty list of resource ARNs',
      (rf, r) => r === '*' || terraformString(v, rf, r, RESOURCE_ARN));
    v.check(resources === undefined || resources.length > 0, `${f}.resources`, st.resources, 'a non-empty list of resource ARNs');
    v.check(st.effect === undefined || st.effect === 'Allow' || st.effect === 'Deny', `${f}.effect`, st.effect, '"Allow" or "Deny"');
  });
}

/** A resource of a policy statement: an ARN, possibly with wildcards. */
const RESOURCE_ARN = { ...ARN, description: `"*" or ${ARN.description}` };

/** Props of {@link serviceRole}. */
export interface ServiceRoleProps {
  /** Role name. */
  readonly name: string;
  /** The AWS service principal that assumes the role, e.g. "eks.amazonaws.com" (or a Terraform value, e.g. with the partition's DNS suffix). */
  readonly service: string;
  /** Trusted actions. */
  readonly trustActions: string[];
  /** Managed policies to attach. */
  readonly managedPolicyArns?: readonly string[];
  /** Inline policy statements. */
  readonly statements?: readonly PolicyStatement[];
  /**
   * Conditions of the trust statement, e.g. `aws:SourceAccount` against the confused deputy problem.
   * @default none
   */
  readonly trustConditions?: readonly TrustCondition[];
}

/** A condition of a role's trust statement: `{ "<test>": { "<variable>": [values] } }`. */
export interface TrustCondition {
  /** The condition operator, e.g. "StringEquals" or "ArnEquals". */
  readonly test: string;
  /** The condition key, e.g. "aws:SourceAccount". */
  readonly variable: string;
  /** The values (Terraform references allowed). */
  readonly values: readonly string[];
}

/** A condition operator of IAM: StringEquals, ArnLike, ForAnyValue:StringLike, ...IfExists. */
const CONDITION_TEST = /^((ForAllValues|ForAnyValue):)?(String(Not)?Equals(IgnoreCase)?|String(Not)?Like|Arn(Not)?(Equals|Like)|Bool|Null|Numeric\w+|Date\w+|IpAddress|NotIpAddress)(IfExists)?$/;
/** A condition key: "aws:SourceAccount", "aws:RequestTag/kubernetes-namespace", "s3:prefix". */
const CONDITION_KEY = /^[a-zA-Z0-9-]+:[\w/.:*+=@-]{1,128}$/;

/** An AWS service principal such as "eks.amazonaws.com" ("amazonaws.com.cn" in China). */
const SERVICE_PRINCIPAL = {
  test: (v: unknown) => typeof v === 'string' && /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(v),
  description: 'an AWS service principal such as "eks.amazonaws.com"',
};

/** A role and the resources that give it its permissions (to depend on before the role is used). */
export interface ServiceRole {
  readonly role: IamRole;
  readonly permissions: ITerraformDependable[];
}

/** An IAM role that an AWS service assumes, with managed policies attached and an optional inline policy. */
export function serviceRole(scope: Construct, props: ServiceRoleProps): ServiceRole {
  const v = new PropsValidator(Construct.isConstruct(scope) ? scope.node.path : 'serviceRole');
  v.check(Construct.isConstruct(scope) && stackOf(scope) !== undefined, 'serviceRole(scope)', describedConstruct(scope), 'a construct inside a Terraform stack');
  if (v.knownProps('serviceRole(props)', props, ['name', 'service', 'trustActions', 'managedPolicyArns', 'statements', 'trustConditions'])
    && v.check(isObject(props), 'serviceRole(props)', props, '{ name, service, trustActions, ... }')) {
    // IAM role names: 1-64 letters, digits and +=,.@_-.
    v.check(typeof props.name === 'string' && /^[\w+=,.@-]{1,64}$/.test(props.name), 'serviceRole(props).name', props.name, 'an IAM role name of 1-64 letters, digits or +=,.@_-');
    terraformString(v, 'serviceRole(props).service', props.service, SERVICE_PRINCIPAL);
    checkList(v, 'serviceRole(props).trustActions', props.trustActions, true, 'a list of actions such as ["sts:AssumeRole"]',
      (f, a) => v.check(typeof a === 'string' && ACTION.test(a), f, a, 'an action such as "sts:AssumeRole"'));
    validatePolicies(v, props.managedPolicyArns, props.statements);
    checkList(v, 'serviceRole(props).trustConditions', props.trustConditions, false, 'a list of conditions { test, variable, values }', (f, c) => {
      if (v.knownProps(f, c, ['test', 'variable', 'values']) && v.check(isObject(c), f, c, 'a condition { test, variable, values }')) {
        const cond = c as TrustCondition;
        v.check(typeof cond.test === 'string' && CONDITION_TEST.test(cond.test), `${f}.test`, cond.test, 'an IAM condition operator such as "StringEquals" or "ArnEquals"');
        v.check(typeof cond.variable === 'string' && CONDITION_KEY.test(cond.variable), `${f}.variable`, cond.variable, 'a condition key such as "aws:SourceAccount"');
        const values = checkList(v, `${f}.values`, cond.values, true, 'a non-empty list of strings',
          (vf, x) => v.check(typeof x === 'string' && x.length > 0 && x.length <= 2048, vf, x, 'a condition value of 1-2048 characters'));
        v.check(values === undefined || values.length > 0, `${f}.values`, cond.values, 'a non-empty list of strings');
      }
    });
  }
  v.throwIfInvalid();
  // The trust policy is written into the role as JSON (not a data source), so the policy checks can read its
  // conditions; Terraform fills in the references inside it.
  const role = new IamRole(scope, 'role', { name: props.name, assumeRolePolicy: trustPolicy(props) });
  const permissions: ITerraformDependable[] = [];
  (props.managedPolicyArns ?? []).forEach((given, i) => {
    // An AWS managed policy of the commercial partition is written with the stack's partition (China, GovCloud).
    const managed = typeof given === 'string' && !Token.isUnresolved(given) ? COMMERCIAL_MANAGED_POLICY.exec(given) : null;
    const arn = managed ? `arn:${awsPartition(scope)}:iam::aws:policy/${managed[1]}` : given;
    // A Terraform value cannot name a construct; its position can.
    const id = Token.isUnresolved(given) ? `policy-${i}` : `policy-${given.slice(given.lastIndexOf('/') + 1)}`;
    permissions.push(new IamRolePolicyAttachment(scope, id, { role: role.name, policyArn: arn }));
  });
  if (props.statements && props.statements.length > 0) {
    const doc = new DataAwsIamPolicyDocument(scope, 'permissions', {
      statement: props.statements.map((s) => ({ effect: s.effect ?? 'Allow', actions: s.actions, resources: s.resources })),
    });
    permissions.push(new IamRolePolicy(scope, 'inline-policy', { role: role.name, name: 'permissions', policy: doc.json }));
  }
  return { role, permissions };
}

/** The trust policy of a service role as JSON: one statement for the service principal, with the conditions. */
function trustPolicy(props: ServiceRoleProps): string {
  const condition: Record<string, Record<string, string[]>> = {};
  for (const c of props.trustConditions ?? []) {
    condition[c.test] = { ...condition[c.test], [c.variable]: c.values.map(escapePolicyVariables) };
  }
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: props.service },
      Action: [...props.trustActions],
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    }],
  });
}

/**
 * A condition value with its IAM policy variables (`${aws:username}`, `${*}`) escaped as `$${...}`, so that Terraform
 * passes them to IAM instead of reading them as its own interpolations; Terraform references stay as they are.
 */
function escapePolicyVariables(value: string): string {
  return value.replace(/\$\{(?=[\w-]+:[^}]*\}|[*?$]\})/g, '$$${');
}
