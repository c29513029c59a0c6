import { k8s } from '../core/k8s';
import { ENV_NAME, OBJECT_NAME } from '../core/formats';
import { PropsValidator } from '../core/validator';
import { ISecretSource } from '../security/secret-source';
import type { IConfigMapSource } from './config-map';

// A container's `envFrom`: every key of ConfigMaps and Secrets as environment variables (ContainerSpec.envFrom and
// envFromSecrets), checked and rendered.

/** The ConfigMaps and Secrets of `envFrom`. */
export type EnvFromSources = ReadonlyArray<IConfigMapSource | ISecretSource>;

/** Whether an envFrom source is a ConfigMap (it has a `configMapName`) rather than a Secret. */
function isConfigMapSource(s: IConfigMapSource | ISecretSource): s is IConfigMapSource {
  return typeof (s as IConfigMapSource)?.configMapName === 'string';
}

/** Checks `envFrom`: each entry a ConfigMap or a Secret with a valid name, listed once, with known keys that are variable names. */
export function validateEnvFrom(v: PropsValidator, sources: EnvFromSources | undefined, f: (field: string) => string): void {
  if (!v.check(sources === undefined || Array.isArray(sources), f('envFrom'), sources, 'a list of ConfigMaps and Secrets')) {
    return;
  }
  (sources ?? []).forEach((s, i) => {
    const field = f(`envFrom[${i}]`);
    const cm = isConfigMapSource(s);
    const secret = typeof (s as ISecretSource)?.secretName === 'string';
    if (!v.check(cm !== secret, field, s, 'a ConfigMap (ConfigMap, ExistingConfigMap.named) or a Secret (ExternalSecret, ExistingSecret.named)')) {
      return;
    }
    const what = cm ? 'ConfigMap' : 'Secret';
    const name = cm ? (s as IConfigMapSource).configMapName : (s as ISecretSource).secretName;
    v.format(`${field}.${cm ? 'configMapName' : 'secretName'}`, name, OBJECT_NAME, true);
    if (!v.check(s.keys === undefined || (Array.isArray(s.keys) && s.keys.every((k) => typeof k === 'string')), `${field}.keys`, s.keys,
      'a list of the key names the source holds')) {
      return;
    }
    const bad = (s.keys ?? []).filter((k) => !ENV_NAME.test(k));
    v.check(bad.length === 0, field, name,
      `a ${what} whose keys are all environment variable names (${bad.map((k) => `"${k}"`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not; ` +
      'Kubernetes would skip them): read such keys with EnvValue.from' + what + ', or mount them as files');
  });
  v.unique(f('envFrom'), (sources ?? []).filter((s) => s !== null && typeof s === 'object'),
    (s) => (isConfigMapSource(s) ? `ConfigMap ${s.configMapName}` : `Secret ${s.secretName}`), 'a source');
}

/** A container's envFrom: `envFromSecrets`, then `envFrom` in order. */
export function renderEnvFrom(envFromSecrets: readonly ISecretSource[] | undefined, envFrom: EnvFromSources | undefined): k8s.EnvFromSource[] | undefined {
  if (envFromSecrets === undefined && envFrom === undefined) {
    return undefined;
  }
  return [
    ...(envFromSecrets ?? []).map((s) => ({ secretRef: { name: s.secretName, optional: false } })),
    ...(envFrom ?? []).map((s) => (isConfigMapSource(s)
      ? { configMapRef: { name: s.configMapName, optional: false } }
      : { secretRef: { name: s.secretName, optional: false } })),
  ];
}
