import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DATA_KEY, OBJECT_NAME, GO_DURATION } from '../core/formats';
import { MAX_CONFIG_BYTES } from '../core/limits';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { isObject, requireProps } from '../core/validator';
import { SECRET_TYPE, checkText } from './checks';
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

/** The keys that Kubernetes requires in a Secret of each built-in type. */
const REQUIRED_KEYS: Readonly<Record<string, readonly string[]>> = {
  [DOCKER_CONFIG_JSON]: ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

/** A reference to a value in a template, `{{ .name }}`; a key with "-" or "." is referenced as `{{ index . "my-key" }}`. */
const TEMPLATE_VAR = /\{\{-?\s*\.([A-Za-z0-9_]+)\s*-?\}\}/g;
const TEMPLATE_INDEX = /\{\{-?\s*index\s+\.\s+"([^"]*)"\s*-?\}\}/g;
/** Whether `o` has its own property `key` (never one inherited from Object.prototype, such as "constructor"). */
const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

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
    const v = this.validator;
    requireProps(v, props);
    const storeOk = v.knownProps('store', props.store, STORE_PROPS)
      && v.check(props.store === undefined || isObject(props.store), 'store', props.store, '{ name, kind? }: the SecretStore or ClusterSecretStore to read from');
    const store = { ...DEFAULT_SECRET_STORE, ...(storeOk ? props.store : {}) };
    if (storeOk) {
      v.format('store.name', store.name, OBJECT_NAME, true);
      v.check(store.kind === 'ClusterSecretStore' || store.kind === 'SecretStore', 'store.kind', store.kind, '"ClusterSecretStore" or "SecretStore"');
    }
    v.format('refreshInterval', props.refreshInterval, GO_DURATION);

    const dataOk = v.check(isObject(props.data) && Object.getPrototypeOf(props.data) === Object.prototype && Object.keys(props.data).length > 0, 'data',
      props.data, 'an object of at least one value to fetch, by Secret key: { PASSWORD: { key: "app/db", property: "password" } }');
    const data: Record<string, RemoteValue> = dataOk ? props.data : {};
    for (const [key, remote] of Object.entries(data)) {
      v.format('data key', key, DATA_KEY);
      const field = `data.${key}`;
      if (!v.knownProps(field, remote, REMOTE_PROPS) || !v.check(isObject(remote), field, remote, '{ key, property?, version? }: a value in the secret manager')) {
        continue;
      }
      checkText(v, `${field}.key`, remote.key, 'the name or ARN of the secret in the manager', true, 2048);
      checkText(v, `${field}.property`, remote.property, 'a key inside the JSON secret', false, 1024);
      checkText(v, `${field}.version`, remote.version, 'a version of the secret, such as "AWSCURRENT" or a version id', false, 256);
    }

    const template = props.template;
    const templateOk = template === undefined || v.check(isObject(template) && Object.getPrototypeOf(template) === Object.prototype
      && Object.keys(template).length > 0, 'template', template, 'an object of at least one key and its template text, or no template');
    let templateBytes = 0;
    const fetched = Object.keys(data).map((k) => (/^[A-Za-z0-9_]+$/.test(k) ? `{{ .${k} }}` : `{{ index . "${k}" }}`)).join(', ');
    for (const [key, text] of Object.entries(templateOk ? template ?? {} : {})) {
      v.format('template key', key, DATA_KEY);
      if (!v.check(typeof text === 'string', `template.${key}`, text, 'the template text of the key, a string')) {
        continue;
      }
      templateBytes += Buffer.byteLength(text, 'utf8');
      // Only the values fetched into `data` exist: an own-property check, so "{{ .constructor }}" is not a key.
      for (const m of [...text.matchAll(TEMPLATE_VAR), ...text.matchAll(TEMPLATE_INDEX)]) {
        v.check(hasOwn(data, m[1]), `template.${key}`, m[0], `a reference to a fetched value: ${fetched}`);
      }
    }
    v.check(templateBytes <= MAX_CONFIG_BYTES, 'template', `${templateBytes} bytes`, 'at most 1 MiB of template text, the most a Secret holds');
    if (v.check(props.type === undefined || (typeof props.type === 'string' && props.type.length <= 253 && SECRET_TYPE.test(props.type)), 'type', props.type,
      'a Secret type such as "Opaque", "kubernetes.io/dockerconfigjson" or "kubernetes.io/tls"') && templateOk && dataOk) {
      const held = Object.keys(template ?? data);
      const required = hasOwn(REQUIRED_KEYS, props.type ?? '') ? REQUIRED_KEYS[props.type!] : [];
      const missing = required.filter((k) => !held.includes(k));
      const example = template ? `template: { '${missing[0]}': '{{ .${Object.keys(data)[0] ?? 'value'} }}' }` : `data: { '${missing[0]}': { key: '<secret in the manager>' } }`;
      v.check(missing.length === 0, template ? 'template' : 'data', held,
        `the key${missing.length === 1 ? '' : 's'} ${missing.map((k) => `"${k}"`).join(' and ')}, which a Secret of type ${props.type} must hold, e.g. ${example}`);
    }
    v.throwIfInvalid();
    this.secretType = props.type ?? 'Opaque';

    this.keys = Object.keys(template ?? data).sort();
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
