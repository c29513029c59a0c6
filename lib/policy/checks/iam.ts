import { defineCheck } from '../define';
import { ObjectIndex } from '../object-index';
import { isMap } from '../selectors';
import { PolicyCheck, PolicyTarget } from '../types';

/** A value that IAM reads as "one or many": a string or a list of strings. */
const oneOrMany = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Rewrites the HCL object expression inside cdktf's `${jsonencode(...)}` as JSON: `=` becomes `:`, and bare
 * expressions (references such as aws_s3_bucket.b.arn) become strings. Strings are copied as they are.
 */
function hclToJson(hcl: string): string {
  let out = '';
  for (let i = 0; i < hcl.length;) {
    const c = hcl[i];
    if (c === '"') {
      let j = i + 1;
      while (j < hcl.length && hcl[j] !== '"') {
        j += hcl[j] === '\\' ? 2 : 1;
      }
      out += hcl.slice(i, j + 1);
      i = j + 1;
    } else if (c === '=' && hcl[i + 1] !== '=' && hcl[i + 1] !== '>') {
      out += ':';
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][\w.\-[\]*]*/.exec(hcl.slice(i))![0];
      out += ['true', 'false', 'null'].includes(word) ? word : JSON.stringify(word);
      i += word.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** An IAM policy document from Terraform JSON: an object, a JSON string, or cdktf's `${jsonencode({...})}`; undefined if unreadable. */
export function policyDocument(policy: unknown): any | undefined {
  if (isMap(policy)) {
    return policy;
  }
  if (typeof policy !== 'string') {
    return undefined;
  }
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(policy.trim());
  try {
    const doc = JSON.parse(m ? hclToJson(m[1]) : policy);
    return isMap(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** The statements of a document that allow administrator-like access, as messages. */
function adminStatements(doc: any): string[] {
  const statements = Array.isArray(doc?.Statement) ? doc.Statement : [doc?.Statement];
  return statements.filter(isMap).flatMap((s: any, i: number) => {
    if (String(s.Effect ?? '').toLowerCase() !== 'allow') {
      return [];
    }
    const name = typeof s.Sid === 'string' && s.Sid ? `statement ${i} (${s.Sid})` : `statement ${i}`;
    const actions = oneOrMany(s.Action);
    const everyResource = oneOrMany(s.Resource).includes('*');
    if (actions.some((a) => a === '*' || a === '*:*')) {
      return [`${name} allows every action ("*")`];
    }
    const services = actions.filter((a) => /^[a-z0-9-]+:\*$/i.test(a));
    return everyResource && services.length > 0 ? [`${name} allows every action of ${services.join(', ')} on every resource ("*")`] : [];
  });
}

/** The Terraform name of the aws_iam_role a reference or literal points at ("${aws_iam_role.web.name}" → web), else the literal. */
function roleOf(v: unknown): { ref?: string; label: string } | undefined {
  if (typeof v !== 'string' || v === '') {
    return undefined;
  }
  const m = /\$\{aws_iam_role\.([\w-]+)\.(?:name|id|arn)\}/.exec(v);
  return m ? { ref: m[1], label: m[1] } : { label: v };
}

/** ", a pod identity role (pods of ns/sa get it)" when an EKS pod identity association of the stack uses the role. */
function podIdentityNote(t: PolicyTarget, role: { ref?: string } | undefined, index: ObjectIndex): string {
  if (!role?.ref) {
    return '';
  }
  const assoc = index.terraform('aws_eks_pod_identity_association')
    .find((a) => a.stack === t.stack && typeof a.object?.role_arn === 'string' && a.object.role_arn.includes(`aws_iam_role.${role.ref}.`));
  return assoc ? ` (a pod identity role: pods of ServiceAccount ${assoc.object.namespace}/${assoc.object.service_account} get it)` : '';
}

const ADMIN_MANAGED_POLICY = /^arn:aws[\w-]*:iam::aws:policy\/AdministratorAccess$/;

/** Resource types that attach a managed policy (policy_arn) to a role, user or group. */
const ATTACHMENTS = ['aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment'];
/** Resource types that hold a policy document (policy). */
const DOCUMENTS = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];

export const IAM_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'iam-admin-policy',
    domain: 'terraform',
    kinds: [...ATTACHMENTS, ...DOCUMENTS, 'aws_iam_role'],
    description: 'IAM policies grant no administrator access: no "*" action, no "service:*" on every resource, no AdministratorAccess managed policy '
      + '(a pod identity role with it gives every pod of its ServiceAccount the whole AWS account).',
    remediation: 'List the actions and resource ARNs the role needs; attach a narrower managed policy than AdministratorAccess.',
    severity: 'error',
    references: ['CIS AWS Foundations: no IAM policies with full "*:*" administrative privileges', 'AWS: EKS Pod Identity least privilege'],
    check: (t, index) => {
      const o = isMap(t.object) ? t.object : {};
      if (t.kind === 'aws_iam_role') {
        const inline = (Array.isArray(o.inline_policy) ? o.inline_policy : [o.inline_policy]).filter(isMap);
        const note = podIdentityNote(t, { ref: t.name }, index);
        return [
          ...oneOrMany(o.managed_policy_arns).filter((a) => ADMIN_MANAGED_POLICY.test(a)).map(() => `managed_policy_arns attaches AdministratorAccess${note}`),
          ...inline.flatMap((p: any) => adminStatements(policyDocument(p.policy)).map((s) => `inline_policy${typeof p.name === 'string' ? ` ${p.name}` : ''}: ${s}${note}`)),
        ];
      }
      const role = roleOf(o.role);
      const note = podIdentityNote(t, role, index);
      const to = role ? ` to role ${role.label}` : '';
      if (ATTACHMENTS.includes(t.kind)) {
        return typeof o.policy_arn === 'string' && ADMIN_MANAGED_POLICY.test(o.policy_arn) ? [`policy_arn attaches AdministratorAccess${to}${note}`] : [];
      }
      return adminStatements(policyDocument(o.policy)).map((s) => `${s}${to}${note}`);
    },
  }),
];
