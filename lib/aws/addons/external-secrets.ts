import { Construct } from 'constructs';
import { propNames } from '../../core/resource';
import { isObject } from '../../core/validator';
import { AwsSecretsManagerStore } from '../../security/aws-secret-store';
import { PlatformStack, awsDnsSuffix } from '../platform-stack';
import { checkList, stackOf, terraformString } from '../prop-checks';
import { KMS_KEY_ARN } from '../aws-formats';
import { CloudAddon, CloudAddonProps } from './cloud-addon';

/** Which namespaces may read through the ClusterSecretStore: by label or by name (one of the two). */
export interface ExternalSecretsStoreOptions {
  /**
   * Name of the ClusterSecretStore.
   * @default "aws-secrets-manager" (what ExternalSecret uses by default)
   */
  readonly name?: string;
  /**
   * Namespaces carrying all these labels may use the store.
   * @default none
   */
  readonly namespaceLabels?: Record<string, string>;
  /**
   * Namespaces that may use the store, by name.
   * @default none
   */
  readonly namespaces?: string[];
}

/** Props of an {@link ExternalSecretsOperator}. */
export interface ExternalSecretsOperatorProps extends CloudAddonProps {
  /**
   * Secrets Manager name prefixes the operator may read (e.g. "counter/"): its role gets GetSecretValue and
   * DescribeSecret on `<prefix>*` in the stack's region and account, nothing else.
   */
  readonly secretPrefixes: string[];
  /** The ClusterSecretStore the apps' ExternalSecrets name, limited to the namespaces given here. */
  readonly store: ExternalSecretsStoreOptions;
  /**
   * Customer managed KMS keys of the secrets it reads (a `ManagedSecret`'s or an `ElastiCacheRedis`'s `kmsKeyArn`):
   * the role may decrypt with them, only through Secrets Manager. Secrets under the AWS managed key need nothing.
   * @default none
   */
  readonly secretKeyArns?: string[];
}

const PROPS = propNames<ExternalSecretsOperatorProps>()({
  cluster: true, kubernetes: true, namespace: true, chartVersion: true, secretPrefixes: true, store: true, secretKeyArns: true,
});

/** `external-secrets` chart 1.0.0 (operator v1.0.0, which serves the external-secrets.io/v1 API the store uses). */
export const EXTERNAL_SECRETS_CHART_VERSION = '1.0.0';

/** A secret name prefix: Secrets Manager name characters, no wildcard (the "*" is appended). */
const SECRET_PREFIX = /^[\w/+=.@-]{1,500}$/;

/**
 * The External Secrets Operator, declared once: a pod identity that reads only secrets under the given name prefixes,
 * its ServiceAccount, the pinned chart, and the `ClusterSecretStore` (an {@link AwsSecretsManagerStore} in the stack's
 * region) that the apps' ExternalSecrets refer to, served only to the namespaces named or labelled in `store`.
 */
export class ExternalSecretsOperator extends CloudAddon {
  /** The ClusterSecretStore. */
  public readonly store: AwsSecretsManagerStore;

  public constructor(scope: Construct, id: string, props: ExternalSecretsOperatorProps) {
    super(scope, id, props, 'external-secrets', PROPS, { namespace: 'external-secrets', chartVersion: EXTERNAL_SECRETS_CHART_VERSION });
    props = props ?? {}; // undefined props: the base reported what is missing
    const v = this.validator;
    const prefixes = checkList(v, 'secretPrefixes', props.secretPrefixes, true, 'a list of Secrets Manager name prefixes such as ["counter/"]',
      (f, x) => v.check(typeof x === 'string' && SECRET_PREFIX.test(x), f, x,
        'a secret name prefix of 1-500 letters, digits and /_+=.@- (no wildcard: "*" is appended), such as "counter/"'));
    if (prefixes) {
      v.check(prefixes.length > 0 && prefixes.length <= 20, 'secretPrefixes', prefixes, '1-20 prefixes');
      v.unique('secretPrefixes', prefixes.filter((x): x is string => typeof x === 'string'), (x) => x, 'a prefix');
    }
    v.check(isObject(props.store), 'store', props.store, 'the ClusterSecretStore: { namespaceLabels } or { namespaces }, with an optional name');
    const keys = checkList(v, 'secretKeyArns', props.secretKeyArns, false, 'a list of KMS key ARNs (or Terraform references)',
      (f, x) => terraformString(v, f, x, KMS_KEY_ARN));
    if (keys) {
      v.unique('secretKeyArns', keys.filter((x): x is string => typeof x === 'string'), (x) => x, 'a key');
    }
    v.throwIfInvalid();
    const stack = stackOf(this) as PlatformStack;

    const objects = this.install({
      serviceAccount: 'external-secrets',
      statements: [{
        sid: 'ReadAppSecrets',
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: props.secretPrefixes.map((prefix) => stack.secretsManagerArn(`${prefix}*`)),
      }, ...(keys && keys.length > 0 ? [{
        // Secrets Manager decrypts a secret under a customer managed key with the caller's permission on the key;
        // kms:ViaService keeps the permission from being used for anything but reading secrets.
        sid: 'DecryptAppSecrets',
        actions: ['kms:Decrypt'],
        resources: keys as string[],
        conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.${this.region}.${awsDnsSuffix(this)}`] }],
      }] : [])],
      tokenReason: 'the External Secrets controller reads ExternalSecrets and writes Secrets through the API server',
      chart: {
        repository: { name: 'external-secrets', url: 'https://charts.external-secrets.io' },
        name: 'external-secrets',
        release: 'external-secrets',
        values: { installCRDs: true },
      },
    });
    this.store = new AwsSecretsManagerStore(objects, 'secret-store', { ...props.store, region: this.region });
  }
}
