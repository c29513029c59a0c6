import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { PropsValidator, checkUnique, isObject } from '../core/validator';
import { ARN, IAM_POLICY_ARN } from './aws-formats';
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

/** The ARN of an AWS managed policy, e.g. `awsManagedPolicy('AmazonEKSClusterPolicy')`. */
export function awsManagedPolicy(name: string): string {
  const v = new PropsValidator('awsManagedPolicy');
  v.check(typeof name === 'string' && /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/.test(name), 'name', name,
    'the name of an AWS managed policy, with its path if it has one, such as "AmazonEKSClusterPolicy" or "service-role/AmazonEBSCSIDriverPolicy"');
  v.throwIfInvalid();
  return `arn:aws:iam::aws:policy/${name}`;
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
  /** The AWS service principal that assumes the role, e.g. "eks.amazonaws.com". */
  readonly service: string;
  /** Trusted actions. */
  readonly trustActions: string[];
  /** Managed policies to attach. */
  readonly managedPolicyArns?: readonly string[];
  /** Inline policy statements. */
  readonly statements?: readonly PolicyStatement[];
}

/** A role and the resources that give it its permissions (to depend on before the role is used). */
export interface ServiceRole {
  readonly role: IamRole;
  readonly permissions: ITerraformDependable[];
}

/** An IAM role that an AWS service assumes, with managed policies attached and an optional inline policy. */
export function serviceRole(scope: Construct, props: ServiceRoleProps): ServiceRole {
  const v = new PropsValidator(Construct.isConstruct(scope) ? scope.node.path : 'serviceRole');
  v.check(Construct.isConstruct(scope) && stackOf(scope) !== undefined, 'serviceRole(scope)', describedConstruct(scope), 'a construct inside a Terraform stack');
  if (v.knownProps('serviceRole(props)', props, ['name', 'service', 'trustActions', 'managedPolicyArns', 'statements'])
    && v.check(isObject(props), 'serviceRole(props)', props, '{ name, service, trustActions, ... }')) {
    // IAM role names: 1-64 letters, digits and +=,.@_-.
    v.check(typeof props.name === 'string' && /^[\w+=,.@-]{1,64}$/.test(props.name), 'serviceRole(props).name', props.name, 'an IAM role name of 1-64 letters, digits or +=,.@_-');
    v.check(typeof props.service === 'string' && /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(props.service), 'serviceRole(props).service', props.service,
      'an AWS service principal such as "eks.amazonaws.com"');
    checkList(v, 'serviceRole(props).trustActions', props.trustActions, true, 'a list of actions such as ["sts:AssumeRole"]',
      (f, a) => v.check(typeof a === 'string' && ACTION.test(a), f, a, 'an action such as "sts:AssumeRole"'));
    validatePolicies(v, props.managedPolicyArns, props.statements);
  }
  v.throwIfInvalid();
  const trust = new DataAwsIamPolicyDocument(scope, 'trust', {
    statement: [{ effect: 'Allow', actions: props.trustActions, principals: [{ type: 'Service', identifiers: [props.service] }] }],
  });
  const role = new IamRole(scope, 'role', { name: props.name, assumeRolePolicy: trust.json });
  const permissions: ITerraformDependable[] = [];
  (props.managedPolicyArns ?? []).forEach((arn, i) => {
    // A Terraform value cannot name a construct; its position can.
    const id = Token.isUnresolved(arn) ? `policy-${i}` : `policy-${arn.slice(arn.lastIndexOf('/') + 1)}`;
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
