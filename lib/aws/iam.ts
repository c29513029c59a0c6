import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { PropsValidator } from '../core/validator';
import { IAM_POLICY_ARN } from './aws-formats';

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
  return `arn:aws:iam::aws:policy/${name}`;
}

/** Checks managed policy ARNs and inline statements. */
export function validatePolicies(v: PropsValidator, managed: readonly string[] | undefined, statements: readonly PolicyStatement[] | undefined): void {
  (managed ?? []).forEach((arn, i) => v.format(`managedPolicyArns[${i}]`, arn, IAM_POLICY_ARN, true));
  (statements ?? []).forEach((s, i) => {
    v.check(s.actions.length > 0 && s.actions.every((a) => /^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(a)), `statements[${i}].actions`, s.actions,
      'a non-empty list of actions such as "s3:GetObject"');
    v.check(s.resources.length > 0, `statements[${i}].resources`, s.resources, 'a non-empty list of resource ARNs');
  });
}

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
  const trust = new DataAwsIamPolicyDocument(scope, 'trust', {
    statement: [{ effect: 'Allow', actions: props.trustActions, principals: [{ type: 'Service', identifiers: [props.service] }] }],
  });
  const role = new IamRole(scope, 'role', { name: props.name, assumeRolePolicy: trust.json });
  const permissions: ITerraformDependable[] = [];
  for (const arn of props.managedPolicyArns ?? []) {
    permissions.push(new IamRolePolicyAttachment(scope, `policy-${arn.slice(arn.lastIndexOf('/') + 1)}`, { role: role.name, policyArn: arn }));
  }
  if (props.statements && props.statements.length > 0) {
    const doc = new DataAwsIamPolicyDocument(scope, 'permissions', {
      statement: props.statements.map((s) => ({ effect: s.effect ?? 'Allow', actions: s.actions, resources: s.resources })),
    });
    permissions.push(new IamRolePolicy(scope, 'inline-policy', { role: role.name, name: 'permissions', policy: doc.json }));
  }
  return { role, permissions };
}
