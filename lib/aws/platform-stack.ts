import { TerraformStack, TerraformVariable } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { OBJECT_NAME } from '../core/formats';
import { PropsValidator } from '../core/validator';
import { MANAGED_BY } from '../core/labels';
import { AWS_REGION } from './aws-formats';
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

/**
 * A Terraform stack for AWS: the AWS provider for one region with default tags, a state backend without
 * absolute paths, and the Terraform version the backend needs. Its id is the stack's folder name.
 */
export class PlatformStack extends TerraformStack {
  /** The region of the stack. */
  public readonly region: string;

  public constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const v = PropsValidator.of(this);
    // The id names the stack's folder and its S3 state key.
    v.format('id', id, OBJECT_NAME, true);
    v.format('region', props.region, AWS_REGION, true);
    v.check(props.backend instanceof StateBackend, 'backend', props.backend, 'StateBackend.s3({...}) or StateBackend.local(path)');
    props.backend?._validate?.(v);
    for (const [k, value] of Object.entries(props.tags ?? {})) {
      v.check(k.length > 0 && k.length <= 128 && !k.startsWith('aws:'), 'tags key', k, 'a tag key of 1-128 characters not starting with "aws:"');
      v.check(value.length <= 256, `tags.${k}`, value, 'a tag value of at most 256 characters');
    }
    v.throwIfInvalid();
    this.region = props.region;

    new AwsProvider(this, 'aws', {
      region: props.region,
      defaultTags: [{ tags: { ManagedBy: MANAGED_BY, Stack: id, ...props.tags } }],
    });
    props.backend._apply(this, id, props.region);
    this.addOverride('terraform.required_version', '>= 1.10');
  }

  /**
   * Declares a string input variable of the stack (`terraform plan -var name=...`), for values such as account
   * specific ARNs that do not belong in the synthesized output. Returns its reference.
   */
  public stringVariable(name: string, description: string): string {
    const v = PropsValidator.of(this);
    v.check(/^[a-z][a-z0-9_]*$/.test(name), 'stringVariable(name)', name, 'a variable name of lowercase letters, digits and "_"');
    v.throwIfInvalid();
    return new TerraformVariable(this, name, { type: 'string', description, nullable: false }).stringValue;
  }

  /** The ARN of Secrets Manager secrets whose names match `pattern` (e.g. "counter/*") in this stack's region and account. */
  public secretsManagerArn(pattern: string): string {
    return this.regionalArn('secretsmanager', `secret:${pattern}`);
  }

  /** The ARN of a CloudWatch Logs log group and its streams (e.g. "/aws/eks/demo/cluster") in this stack's region and account. */
  public logGroupArn(logGroup: string): string {
    return this.regionalArn('logs', `log-group:${logGroup}:*`);
  }

  private regionalArn(service: string, resource: string): string {
    const identity = (this.node.tryFindChild('caller-identity') as DataAwsCallerIdentity | undefined)
      ?? new DataAwsCallerIdentity(this, 'caller-identity');
    return `arn:aws:${service}:${this.region}:${identity.accountId}:${resource}`;
  }
}
