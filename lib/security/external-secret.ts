import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DATA_KEY, OBJECT_NAME, GO_DURATION } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { DOCKER_CONFIG_JSON, ISecretSource } from './secret-source';

/** The SecretStore or ClusterSecretStore that connects External Secrets to the secret manager. */
export interface SecretStoreRef {
  /** Name of the store. */
  readonly name: string;
  /**
   * Kind of the store.
   * @default "ClusterSecretStore"
   */
  readonly kind?: 'ClusterSecretStore' | 'SecretStore';
}

/** One value in the secret manager. */
export interface RemoteValue {
  /** Name (or ARN) of the secret in the manager, e.g. "counter/mysql" in AWS Secrets Manager. */
  readonly key: string;
  /**
   * Key inside a JSON secret.
   * @default the whole secret string
   */
  readonly property?: string;
  /**
   * Version of the secret, e.g. "AWSCURRENT" or a version id.
   * @default the current version
   */
  readonly version?: string;
}

/** Props of an {@link ExternalSecret}. */
export interface ExternalSecretProps {
  /**
   * Name of the ExternalSecret and of the Secret it creates.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of both.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * The store to read from.
   * @default the ClusterSecretStore "aws-secrets-manager"
   */
  readonly store?: SecretStoreRef;
  /** Values to fetch, by key. Without `template` these keys are the keys of the Secret. */
  readonly data: Record<string, RemoteValue>;
  /**
   * Keys of the Secret computed from the fetched values with External Secrets templates, e.g.
   * `{ CONN_STRING: '{{ .user }}:{{ .password }}@tcp(db:3306)/app' }`. When set, the Secret holds exactly these keys.
   * @default the fetched values as they are
   */
  readonly template?: Record<string, string>;
  /**
   * Type of the Secret, e.g. "kubernetes.io/dockerconfigjson" for registry credentials that `imagePullSecrets`
   * accept. The Secret must hold the keys its type requires: `.dockerconfigjson` for dockerconfigjson,
   * `tls.crt` and `tls.key` for kubernetes.io/tls...
   * @default "Opaque"
   */
  readonly type?: string;
  /**
   * How often the values are read again (rotation delay).
   * @default "1h"
   */
  readonly refreshInterval?: string;
  /**
   * Labels of the ExternalSecret.
   * @default none
   */
  readonly labels?: Record<string, string>;
}

/** The store that platform teams usually provide for AWS Secrets Manager. */
export const DEFAULT_SECRET_STORE: SecretStoreRef = { name: 'aws-secrets-manager', kind: 'ClusterSecretStore' };

const PROPS = propNames<ExternalSecretProps>()({
  name: true, namespace: true, store: true, data: true, template: true, refreshInterval: true, labels: true, type: true,
});
const STORE_PROPS = propNames<SecretStoreRef>()({ name: true, kind: true });
const REMOTE_PROPS = propNames<RemoteValue>()({ key: true, property: true, version: true });

/** Secret types: "Opaque", "kubernetes.io/tls", "example.com/custom"... */
const SECRET_TYPE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?(\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
/** The keys that Kubernetes requires in a Secret of each built-in type. */
const REQUIRED_KEYS: Readonly<Record<string, readonly string[]>> = {
  [DOCKER_CONFIG_JSON]: ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

const TEMPLATE_VAR = /\{\{\s*\.([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * An External Secrets Operator `ExternalSecret` (external-secrets.io/v1): the operator copies values from a
 * secret manager such as AWS Secrets Manager into a Kubernetes Secret, so Git holds only the reference, never the
 * value. Usable wherever a Secret is expected ({@link ISecretSource}).
 */
export class ExternalSecret extends NamespacedResource implements ISecretSource {
  /** Name of the Secret the operator creates. */
  public readonly secretName: string;
  /** The keys the Secret will hold. */
  public readonly keys: readonly string[];
  /** Type of the Secret (`type`, by default "Opaque"). */
  public readonly secretType: string;

  public constructor(scope: Construct, id: string, props: ExternalSecretProps) {
    super(scope, id, props, { props: PROPS });
    this.secretName = this.name;
    const store = { ...DEFAULT_SECRET_STORE, ...props.store };
    const data = props.data ?? {};

    const v = this.validator;
    v.knownProps('store', props.store, STORE_PROPS);
    v.format('store.name', store.name, OBJECT_NAME, true);
    v.check(store.kind === 'ClusterSecretStore' || store.kind === 'SecretStore', 'store.kind', store.kind, '"ClusterSecretStore" or "SecretStore"');
    v.format('refreshInterval', props.refreshInterval, GO_DURATION);
    v.check(Object.keys(data).length > 0, 'data', data, 'at least one value to fetch');
    for (const [key, remote] of Object.entries(data)) {
      v.format('data key', key, DATA_KEY);
      v.knownProps(`data.${key}`, remote, REMOTE_PROPS);
      v.check(typeof remote?.key === 'string' && remote.key.trim().length > 0, `data.${key}.key`, remote?.key, 'the name or ARN of the secret in the manager');
    }
    for (const [key, text] of Object.entries(props.template ?? {})) {
      v.format('template key', key, DATA_KEY);
      for (const m of text.matchAll(TEMPLATE_VAR)) {
        v.check(m[1] in data, `template.${key}`, m[0], `a reference to a fetched value: ${Object.keys(data).map((k) => `{{ .${k} }}`).join(', ')}`);
      }
    }
    v.check(props.template === undefined || Object.keys(props.template).length > 0, 'template', props.template, 'at least one key, or no template');
    if (v.check(props.type === undefined || (typeof props.type === 'string' && props.type.length <= 253 && SECRET_TYPE.test(props.type)), 'type', props.type,
      'a Secret type such as "Opaque", "kubernetes.io/dockerconfigjson" or "kubernetes.io/tls"')) {
      const held = Object.keys(props.template ?? data);
      const missing = (REQUIRED_KEYS[props.type ?? ''] ?? []).filter((k) => !held.includes(k));
      const example = props.template ? `template: { '${missing[0]}': '{{ .${Object.keys(data)[0] ?? 'value'} }}' }` : `data: { '${missing[0]}': { key: '<secret in the manager>' } }`;
      v.check(missing.length === 0, props.template ? 'template' : 'data', held,
        `the key${missing.length === 1 ? '' : 's'} ${missing.map((k) => `"${k}"`).join(' and ')}, which a Secret of type ${props.type} must hold, e.g. ${example}`);
    }
    v.throwIfInvalid();
    this.secretType = props.type ?? 'Opaque';

    this.keys = Object.keys(props.template ?? data).sort();
    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: this.secretName, namespace: this.namespace, labels: props.labels },
      spec: {
        refreshInterval: props.refreshInterval ?? '1h',
        secretStoreRef: { name: store.name, kind: store.kind },
        target: {
          name: this.secretName,
          creationPolicy: 'Owner',
          deletionPolicy: 'Retain',
          // Without template data, the operator writes the fetched values as they are, with the template's type.
          template: props.template || props.type
            ? { engineVersion: 'v2', type: this.secretType, data: props.template ? { ...props.template } : undefined } : undefined,
        },
        data: Object.keys(data).sort().map((secretKey) => ({
          secretKey,
          remoteRef: { key: data[secretKey].key, property: data[secretKey].property, version: data[secretKey].version },
        })),
      },
    });
  }
}
