import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_LABEL, LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { Resource, RESOURCE_ID, propNames } from '../core/resource';
import { isObject, requireProps } from '../core/validator';
import { checkStringList, checkStringMap } from './checks';
import { DEFAULT_SECRET_STORE } from './external-secret';

/** Props of an {@link AwsSecretsManagerStore}. */
export interface AwsSecretsManagerStoreProps {
  /**
   * Name of the ClusterSecretStore that ExternalSecrets refer to.
   * @default "aws-secrets-manager" (what ExternalSecret uses by default)
   */
  readonly name?: string;
  /** AWS region of the secrets. */
  readonly region: string;
  /**
   * Namespaces that may use the store, by label: only namespaces carrying all these labels can read through it.
   * Give either this or `namespaces`.
   * @default none
   */
  readonly namespaceLabels?: Record<string, string>;
  /**
   * Namespaces that may use the store, by name.
   * @default none
   */
  readonly namespaces?: string[];
}

const PROPS = propNames<AwsSecretsManagerStoreProps>()({ name: true, region: true, namespaceLabels: true, namespaces: true });

/**
 * An External Secrets `ClusterSecretStore` for AWS Secrets Manager. The operator authenticates with its own
 * credentials (give its ServiceAccount an EKS pod identity); the store is limited to the namespaces you name or
 * label, so one app cannot read another's secrets through it.
 */
export class AwsSecretsManagerStore extends Resource {
  public constructor(scope: Construct, id: string, props: AwsSecretsManagerStoreProps) {
    // Named as ExternalSecret's default store, not after the construct id.
    super(scope, id, isObject(props) ? { ...props, name: props.name ?? DEFAULT_SECRET_STORE.name } : props, { props: PROPS });
    const v = this.validator;
    requireProps(v, props);
    // Region codes: "us-west-2", "eu-central-1", "us-gov-west-1", "ap-southeast-5", "cn-north-1".
    v.check(typeof props.region === 'string' && /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/.test(props.region), 'region', props.region,
      'an AWS region code such as "us-west-2" or "eu-central-1"');
    const before = v.issues.length;
    const labelsOk = checkStringMap(v, 'namespaceLabels', props.namespaceLabels, LABEL_KEY, LABEL_VALUE);
    const namespaces = props.namespaces === undefined ? [] : checkStringList(v, 'namespaces', props.namespaces, DNS_LABEL);
    v.unique('namespaces', namespaces, (n) => n, 'a namespace');
    const byLabel = labelsOk && Object.keys(props.namespaceLabels ?? {}).length > 0;
    const byName = namespaces.length > 0;
    v.check(byLabel !== byName || v.issues.length > before, 'namespaceLabels', props.namespaceLabels,
      'either namespaceLabels or namespaces (not both), to limit which namespaces may read secrets through the store');
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: this.name },
      spec: {
        provider: { aws: { service: 'SecretsManager', region: props.region } },
        conditions: [byLabel ? { namespaceSelector: { matchLabels: { ...props.namespaceLabels } } } : { namespaces: [...props.namespaces!] }],
      },
    });
  }
}
