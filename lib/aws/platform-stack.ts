import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { Construct, IConstruct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { OBJECT_NAME } from '../core/formats';
import { PropsValidator, checkedScope } from '../core/validator';
import { MANAGED_BY } from '../core/labels';
import { propNames } from '../core/resource';
import { AWS_REGION, TERRAFORM_NAME } from './aws-formats';
import { checkTags, describedConstruct, readProps, stackOf } from './prop-checks';
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

/** The Terraform stack of `scope`, for a lookup made once per stack; a ValidationError when `scope` is in none. */
function lookupStack(scope: IConstruct, what: string): TerraformStack {
  const stack = Construct.isConstruct(scope) ? stackOf(scope) : undefined;
  const v = new PropsValidator(Construct.isConstruct(scope) ? scope.node.path || what : what);
  v.check(stack !== undefined, `${what}(scope)`, describedConstruct(scope), 'a construct inside a Terraform stack (a PlatformStack)');
  v.throwIfInvalid();
  return stack!;
}

/** The data source of `type` with id `id` in `stack`, made on first use. */
function lookup<T extends Construct>(stack: TerraformStack, id: string, type: new (scope: Construct, id: string) => T): T {
  const found = stack.node.tryFindChild(id);
  return found instanceof type ? found : new type(stack, id);
}

/**
 * The AWS partition of the stack that `scope` is in ("aws", "aws-cn", "aws-us-gov"...), as a Terraform reference to one
 * `data "aws_partition"` per stack: build ARNs with it, never with a literal `arn:aws:`, so that the same stack works in
 * the China and GovCloud partitions (as terraform-aws-eks does).
 */
export function awsPartition(scope: IConstruct): string {
  return lookup(lookupStack(scope, 'awsPartition'), 'partition', DataAwsPartition).partition;
}

/** The DNS suffix of the partition of the stack that `scope` is in ("amazonaws.com", "amazonaws.com.cn"), for service principals. */
export function awsDnsSuffix(scope: IConstruct): string {
  return lookup(lookupStack(scope, 'awsDnsSuffix'), 'partition', DataAwsPartition).dnsSuffix;
}

/** The account Terraform runs in, for the stack that `scope` is in (one `data "aws_caller_identity"` per stack). */
export function awsAccountId(scope: IConstruct): string {
  return lookup(lookupStack(scope, 'awsAccountId'), 'caller-identity', DataAwsCallerIdentity).accountId;
}

/**
 * A Terraform stack for AWS: the AWS provider for one region with default tags, a state backend without
 * absolute paths (an S3 backend locks with `use_lockfile`, so Terraform >= 1.10). Its id is the stack's folder name.
 */
export class PlatformStack extends TerraformStack {
  /** The region of the stack. */
  public readonly region: string;

  /** Where the stack keeps its state. */
  public readonly backend: StateBackend;

  /** The PlatformStack that `scope` is in (a ValidationError when it is in none). */
  public static of(scope: IConstruct): PlatformStack {
    const stack = Construct.isConstruct(scope) ? scope.node.scopes.find((s): s is PlatformStack => s instanceof PlatformStack) : undefined;
    const v = new PropsValidator(Construct.isConstruct(scope) ? scope.node.path || 'PlatformStack.of' : 'PlatformStack.of');
    v.check(stack !== undefined, 'PlatformStack.of(scope)', describedConstruct(scope), 'a construct inside a PlatformStack');
    v.throwIfInvalid();
    return stack!;
  }

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
    // No `terraform.required_version` here: Checkov's terraform_json parser expects every entry of the `terraform` block
    // to be an object and crashes on that string (bridgecrewio/checkov#7454), so the output could not be scanned. The
    // synth writes the version a stack needs into a `versions.tf` beside its JSON instead (see terraform-version.ts).
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

  /** The AWS partition of the stack's region (a reference to its `data "aws_partition"`); see {@link awsPartition}. */
  public get partition(): string {
    return awsPartition(this);
  }

  /** The account Terraform runs in (a reference to the stack's `data "aws_caller_identity"`). */
  public get accountId(): string {
    return awsAccountId(this);
  }

  /** An ARN of this stack's partition, region and account, e.g. `arn:<partition>:logs:<region>:<account>:log-group:x:*`. */
  public regionalArn(service: string, resource: string): string {
    const v = PropsValidator.of(this);
    v.check(typeof service === 'string' && /^[a-z0-9-]{1,64}$/.test(service), 'regionalArn(service)', service, 'an AWS service prefix such as "logs" or "eks"');
    // ARN resources are printable ASCII (the ARN format of IAM), at most 1024 characters here.
    v.check(typeof resource === 'string' && /^[\x21-\x7e]{1,1024}$/.test(resource), 'regionalArn(resource)', resource,
      'an ARN resource part of 1-1024 printable ASCII characters without spaces, such as "cluster/demo"');
    v.throwIfInvalid();
    return `arn:${this.partition}:${service}:${this.region}:${this.accountId}:${resource}`;
  }
}
