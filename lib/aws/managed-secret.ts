import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { PropsValidator } from '../core/validator';

/** Props of a {@link ManagedSecret}. */
export interface ManagedSecretProps {
  /** Name of the secret, e.g. "counter/mysql". */
  readonly secretName: string;
  /** What the secret holds and who sets it (shown in the console). */
  readonly description: string;
  /**
   * Days a deleted secret can still be restored.
   * @default 30
   */
  readonly recoveryWindowInDays?: number;
}

/**
 * A Secrets Manager secret whose value is set outside Terraform (by a person or a rotation job), so the value never
 * enters the Terraform state or the output. Terraform owns only its existence, name and encryption.
 */
export class ManagedSecret extends Construct {
  /** The secret's ARN (a Terraform reference). */
  public readonly arn: string;

  public constructor(scope: Construct, id: string, props: ManagedSecretProps) {
    super(scope, id);
    const v = PropsValidator.of(this);
    v.check(/^[\w/+=.@-]{1,512}$/.test(props.secretName), 'secretName', props.secretName, 'a Secrets Manager name of letters, digits and /_+=.@-');
    v.check(props.description.trim().length > 0, 'description', props.description, 'a description of the value and of who sets it');
    v.integer('recoveryWindowInDays', props.recoveryWindowInDays, 7, 30);
    v.throwIfInvalid();
    this.arn = new SecretsmanagerSecret(this, 'secret', {
      name: props.secretName,
      description: props.description,
      recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
    }).arn;
  }
}
