import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { propNames } from '../core/resource';
import { PropsValidator } from '../core/validator';
import { checkSecretName, claimSecretName, readProps, terraformScope } from './prop-checks';

const PROPS = propNames<ManagedSecretProps>()({ secretName: true, description: true, recoveryWindowInDays: true });

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
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    checkSecretName(this, v, 'secretName', p.secretName);
    // Secrets Manager descriptions have at most 2048 characters.
    v.check(typeof p.description === 'string' && p.description.trim().length > 0 && p.description.length <= 2048, 'description', p.description,
      'a description (at most 2048 characters) of the value and of who sets it');
    v.integer('recoveryWindowInDays', p.recoveryWindowInDays, 7, 30);
    v.throwIfInvalid();
    claimSecretName(this, p.secretName!);
    this.arn = new SecretsmanagerSecret(this, 'secret', {
      name: p.secretName,
      description: p.description,
      recoveryWindowInDays: p.recoveryWindowInDays ?? 30,
    }).arn;
  }
}
