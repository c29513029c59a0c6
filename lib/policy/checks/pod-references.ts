import { editDistance } from '../../core/validator';
import { definePodCheck } from '../define';
import { ObjectIndex } from '../object-index';
import { ContainerRef, containersOf, describeContainer } from '../pods';
import { isMap } from '../selectors';
import { PolicyCheck } from '../types';

/**
 * References of a pod to objects of its namespace: its ServiceAccount, and the ConfigMaps and Secrets its env and
 * volumes read. The output may legitimately lack such an object (created by hand, by another tool, or declared in
 * keelson with `ExistingSecret.named` / `ExistingConfigMap.named`), so a missing one is reported only when the
 * output clearly should hold it: a ServiceAccount of a namespace whose ServiceAccounts it defines, or a name that
 * looks like a typo of one it holds. A key is checked whenever the object is in the output.
 */

const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const EXTERNAL_SECRET = 'external-secrets.io/ExternalSecret';

/** The names among `defined` that look like a typo of `name` (another case, or at most two edits away). */
function nearNames(name: string, defined: readonly string[]): string[] {
  return defined.filter((d) => d !== name && (d.toLowerCase() === name.toLowerCase() || editDistance(d.toLowerCase(), name.toLowerCase()) <= 2));
}

const didYouMean = (near: string[]) => (near.length > 0 ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : '');

/** A ConfigMap or Secret of the output: its keys, or undefined when they cannot be known (an ExternalSecret with dataFrom...). */
interface Source {
  readonly keys?: ReadonlySet<string>;
}

/** The keys an ExternalSecret writes into its Secret, when they can be told from the object. */
function externalSecretKeys(spec: any): Set<string> | undefined {
  if (list(spec?.dataFrom).length > 0 || spec?.target?.template?.templateFrom !== undefined) {
    return undefined;
  }
  const dataKeys = list(spec?.data).filter(isMap).map((d) => d.secretKey).filter((k) => typeof k === 'string');
  const template = spec?.target?.template;
  if (isMap(template?.data)) {
    const merged = template.mergePolicy === 'Merge' ? dataKeys : [];
    return new Set([...Object.keys(template.data), ...merged]);
  }
  return new Set(dataKeys);
}

/** The ConfigMaps or Secrets (Secrets and the Secrets that ExternalSecrets create) of a namespace, by name. */
function sources(index: ObjectIndex, namespace: string | undefined, kind: 'ConfigMap' | 'Secret'): Map<string, Source> {
  return index.memo(`${kind} sources\u0000${namespace ?? ''}`, () => findSources(index, namespace, kind));
}

function findSources(index: ObjectIndex, namespace: string | undefined, kind: 'ConfigMap' | 'Secret'): Map<string, Source> {
  const byName = new Map<string, Source>();
  for (const o of index.ofKind(kind, namespace)) {
    const keys = [...Object.keys(isMap(o.object.data) ? o.object.data : {}),
      ...Object.keys(isMap(kind === 'ConfigMap' ? o.object.binaryData : o.object.stringData) ? (kind === 'ConfigMap' ? o.object.binaryData : o.object.stringData) : {})];
    byName.set(o.name, { keys: new Set(keys) });
  }
  if (kind === 'Secret') {
    for (const o of index.ofKind(EXTERNAL_SECRET, namespace)) {
      const target = o.object.spec?.target?.name;
      const name = typeof target === 'string' && target !== '' ? target : o.name;
      if (!byName.has(name)) {
        byName.set(name, { keys: externalSecretKeys(o.object.spec) });
      }
    }
  }
  return byName;
}

/** One reference of a pod to a key (or all keys) of a ConfigMap or Secret. */
interface ConfigReference {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: unknown;
  readonly key?: unknown;
  readonly optional: boolean;
  readonly where: string;
}

function containerReferences(ref: ContainerRef): ConfigReference[] {
  const c = describeContainer(ref);
  return [
    ...list(ref.container?.env).filter(isMap).flatMap((e): ConfigReference[] => {
      const from = e.valueFrom;
      const where = `${c} env ${e.name}`;
      if (isMap(from?.configMapKeyRef)) {
        return [{ kind: 'ConfigMap', name: from.configMapKeyRef.name, key: from.configMapKeyRef.key, optional: from.configMapKeyRef.optional === true, where }];
      }
      if (isMap(from?.secretKeyRef)) {
        return [{ kind: 'Secret', name: from.secretKeyRef.name, key: from.secretKeyRef.key, optional: from.secretKeyRef.optional === true, where }];
      }
      return [];
    }),
    ...list(ref.container?.envFrom).filter(isMap).flatMap((e, i): ConfigReference[] => [
      ...(isMap(e.configMapRef) ? [{ kind: 'ConfigMap' as const, name: e.configMapRef.name, optional: e.configMapRef.optional === true, where: `${c} envFrom[${i}]` }] : []),
      ...(isMap(e.secretRef) ? [{ kind: 'Secret' as const, name: e.secretRef.name, optional: e.secretRef.optional === true, where: `${c} envFrom[${i}]` }] : []),
    ]),
  ];
}

function volumeReferences(spec: any): ConfigReference[] {
  const fromSource = (kind: 'ConfigMap' | 'Secret', name: unknown, source: any, where: string): ConfigReference[] => {
    const items = list(source?.items).filter(isMap);
    const optional = source?.optional === true;
    return items.length === 0 ? [{ kind, name, optional, where }] : items.map((item) => ({ kind, name, key: item.key, optional, where }));
  };
  return list(spec?.volumes).filter(isMap).flatMap((v) => {
    const where = `volume "${v.name}"`;
    return [
      ...(isMap(v.configMap) ? fromSource('ConfigMap', v.configMap.name, v.configMap, where) : []),
      ...(isMap(v.secret) ? fromSource('Secret', v.secret.secretName, v.secret, where) : []),
      ...list(v.projected?.sources).filter(isMap).flatMap((s) => [
        ...(isMap(s.configMap) ? fromSource('ConfigMap', s.configMap.name, s.configMap, where) : []),
        ...(isMap(s.secret) ? fromSource('Secret', s.secret.name, s.secret, where) : []),
      ]),
    ];
  });
}

export const POD_REFERENCE_CHECKS: PolicyCheck[] = [
  definePodCheck({
    id: 'pod-service-account-exists',
    description: 'The ServiceAccount a pod runs as exists in its namespace, when the output defines the ServiceAccounts of that namespace (it has some there, and no Helm release installs into it) or one of a similar name.',
    remediation: 'Create the ServiceAccount with the workload (keelson workloads do), or correct serviceAccountName.',
    severity: 'error',
    references: ['kube-linter: non-existent-service-account'],
    check: (spec, t, index) => {
      const name = spec.serviceAccountName ?? spec.serviceAccount;
      if (typeof name !== 'string' || name === '' || name === 'default' || index.get('ServiceAccount', t.namespace, name)) {
        return [];
      }
      const accounts = index.ofKind('ServiceAccount', t.namespace).map((s) => s.name);
      const near = nearNames(name, accounts);
      return (accounts.length > 0 && index.helmReleases(t.namespace).length === 0) || near.length > 0
        ? [`ServiceAccount "${name}" does not exist in namespace ${t.namespace ?? '(none)'}${didYouMean(near)}`] : [];
    },
  }),
  definePodCheck({
    id: 'pod-config-references',
    description: 'The ConfigMaps and Secrets (an ExternalSecret\'s target counts as its Secret) that env, envFrom and volumes read have the keys named, and a name the output lacks is no typo of one it has.',
    remediation: 'Correct the name or key, add the key to the ConfigMap or ExternalSecret, or mark the reference optional: true.',
    severity: 'error',
    references: ['kube-linter: env-var-value-from'],
    check: (spec, t, index) => {
      const known = { ConfigMap: sources(index, t.namespace, 'ConfigMap'), Secret: sources(index, t.namespace, 'Secret') };
      const refs = [...containersOf(spec).flatMap(containerReferences), ...volumeReferences(spec)];
      return [...new Set(refs.filter((r) => !r.optional && typeof r.name === 'string').flatMap((r) => {
        const name = r.name as string;
        const source = known[r.kind].get(name);
        if (!source) {
          const near = nearNames(name, [...known[r.kind].keys()]);
          return near.length > 0 ? [`${r.where}: ${r.kind} "${name}" does not exist${didYouMean(near)}`] : [];
        }
        if (typeof r.key !== 'string' || source.keys === undefined || source.keys.has(r.key)) {
          return [];
        }
        return [`${r.where}: ${r.kind} "${name}" has no key "${r.key}"${didYouMean(nearNames(r.key, [...source.keys]))}`];
      }))];
    },
  }),
];
