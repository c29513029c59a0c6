import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { OBJECT_NAME } from '../core/formats';
import { PropsValidator, checkedScope } from '../core/validator';
import { MANAGED_BY } from '../core/labels';
import { propNames } from '../core/resource';
import { AWS_REGION, TERRAFORM_NAME } from './aws-formats';
import { checkTags, describedConstruct, readProps } from './prop-checks';
import { StateBackend } from './state-backend';

/** Props of a {@link PlatformStack}. */
export interface PlatformStackProps {
  /** AWS region of every resource in the stack. */
  readonly region: string;
  /** Where the stack's state is kept. */
  readonly backend: StateBackend;
  /**
   * Tags on every resource (through the provider's default tags).
   * @default `ManagedBy: keelson` and `Stack: <stack name>`
   */
  readonly tags?: Record<string, string>;
}

const PROPS = propNames<PlatformStackProps>()({ region: true, backend: true, tags: true });

/** Names Terraform reserves for module arguments, which a variable cannot have. */
const RESERVED_VARIABLES = ['source', 'version', 'providers', 'count', 'for_each', 'lifecycle', 'depends_on', 'locals'];

/**
 * `scope`, once it is known to be a place for a stack: in the cdktf App of terraformApp(app), not inside another stack,
 * with an id that can name the stack's folder and its S3 state key (cdktf itself would throw a bare Error).
 */
function stackScope(scope: Construct, id: string): Construct {
  checkedScope(scope, id);
  const v = new PropsValidator(scope.node.path === '' ? String(id) : `${scope.node.path}/${id}`);
  v.format('id', id, OBJECT_NAME, true);
  v.check(App.isApp(scope.node.root) && scope.node.scopes.every((s) => !TerraformStack.isStack(s)), 'scope', describedConstruct(scope),
    'the App of terraformApp(app), or a construct in it outside any stack (a stack cannot be defined in a Kubernetes chart or in another stack)');
  v.throwIfInvalid();
  return scope;
}

/**
 * A Terraform stack for AWS: the AWS provider for one region with default tags, a state backend without
 * absolute paths, and the Terraform version the backend needs. Its id is the stack's folder name.
 */
export class PlatformStack extends TerraformStack {
  /** The region of the stack. */
  public readonly region: string;

  /** Where the stack keeps its state. */
  public readonly backend: StateBackend;

  public constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(stackScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    v.format('region', p.region, AWS_REGION, true);
    v.check(p.backend instanceof StateBackend, 'backend', p.backend, 'StateBackend.s3({...}) or StateBackend.local(path)');
    // AWS allows 50 tags per resource; the provider's default tags add ManagedBy and Stack.
    checkTags(v, 'tags', p.tags, 48);
    v.throwIfInvalid();
    this.region = p.region!;
    this.backend = p.backend!;

    new AwsProvider(this, 'aws', {
      region: this.region,
      defaultTags: [{ tags: { ManagedBy: MANAGED_BY, Stack: id, ...p.tags } }],
    });
    this.backend._apply(this, id, this.region);
    this.addOverride('terraform.required_version', '>= 1.10');
  }

  /**
   * Declares a string input variable of the stack (`terraform plan -var name=...`), for values such as account
   * specific ARNs that do not belong in the synthesized output. Returns its reference.
   */
  public stringVariable(name: string, description: string): string {
    const v = PropsValidator.of(this);
    if (v.format('stringVariable(name)', name, TERRAFORM_NAME, true)) {
      // Terraform reserves these names for module arguments.
      v.check(!RESERVED_VARIABLES.includes(name), 'stringVariable(name)', name, `a name other than ${RESERVED_VARIABLES.join(', ')} (reserved by Terraform)`);
      v.check(this.node.tryFindChild(name) === undefined, 'stringVariable(name)', name, 'a name not already used in this stack (each variable is declared once)');
    }
    v.check(typeof description === 'string' && description.trim().length > 0 && description.length <= 1024, 'stringVariable(description)', description,
      'a description of at most 1024 characters of what the variable holds');
    v.throwIfInvalid();
    return new TerraformVariable(this, name, { type: 'string', description, nullable: false }).stringValue;
  }

  /** The ARN of Secrets Manager secrets whose names match `pattern` (e.g. "counter/*") in this stack's region and account. */
  public secretsManagerArn(pattern: string): string {
    const v = PropsValidator.of(this);
    // Secret names are ASCII letters, digits and /_+=.@-; IAM resource patterns add the wildcards * and ?.
    v.check(typeof pattern === 'string' && /^[\w/+=.@*?-]{1,512}$/.test(pattern), 'secretsManagerArn(pattern)', pattern,
      'a secret name or pattern of 1-512 letters, digits, /_+=.@- and the wildcards * and ?, such as "counter/*"');
    v.throwIfInvalid();
    return this.regionalArn('secretsmanager', `secret:${pattern}`);
  }

  /** The ARN of a CloudWatch Logs log group and its streams (e.g. "/aws/eks/demo/cluster") in this stack's region and account. */
  public logGroupArn(logGroup: string): string {
    const v = PropsValidator.of(this);
    // CloudWatch Logs group names: 1-512 letters, digits and _-./#; IAM patterns add * and ?.
    v.check(typeof logGroup === 'string' && /^[\w\-./#*?]{1,512}$/.test(logGroup), 'logGroupArn(logGroup)', logGroup,
      'a log group name of 1-512 letters, digits and _-./#, such as "/aws/eks/demo/cluster"');
    v.throwIfInvalid();
    return this.regionalArn('logs', `log-group:${logGroup}:*`);
  }

  private regionalArn(service: string, resource: string): string {
    const identity = (this.node.tryFindChild('caller-identity') as DataAwsCallerIdentity | undefined)
      ?? new DataAwsCallerIdentity(this, 'caller-identity');
    return `arn:aws:${service}:${this.region}:${identity.accountId}:${resource}`;
  }
}
