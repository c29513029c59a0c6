import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_LABEL, LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { Resource, RESOURCE_ID, propNames } from '../core/resource';
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
    super(scope, id, { ...props, name: props.name ?? DEFAULT_SECRET_STORE.name }, { props: PROPS });
    const v = this.validator;
    v.check(/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(props.region), 'region', props.region, 'an AWS region code such as "us-west-2"');
    const byLabel = Object.keys(props.namespaceLabels ?? {}).length > 0;
    const byName = (props.namespaces ?? []).length > 0;
    v.check(byLabel !== byName, 'namespaceLabels', props.namespaceLabels,
      'either namespaceLabels or namespaces (not both), to limit which namespaces may read secrets through the store');
    v.map('namespaceLabels', props.namespaceLabels, LABEL_KEY, LABEL_VALUE);
    (props.namespaces ?? []).forEach((n, i) => v.format(`namespaces[${i}]`, n, DNS_LABEL, true));
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
