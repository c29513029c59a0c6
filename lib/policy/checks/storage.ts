import { DELETION_REASON_ANNOTATION, HOST_ACCESS_REASON_ANNOTATION } from '../../core/annotations';
import { editDistance } from '../../core/validator';
import { defineCheck, definePodCheck } from '../define';
import { ObjectIndex } from '../object-index';
import { REPLICATED_KINDS, WORKLOAD_KINDS, containersOf, listOf, podSpec, replicasOf } from '../pods';
import { PolicyCheck, PolicyTarget } from '../types';
import { autoscalerOf } from './availability';

/** The recorded reason of an annotation, or undefined when it is missing or blank. */
function reasonOf(m: any, annotation: string): string | undefined {
  const reason = String(m?.metadata?.annotations?.[annotation] ?? '').trim();
  return reason === '' ? undefined : reason;
}

/** The access modes of a claim. */
function modesOf(claim: any): string[] {
  return listOf(claim?.spec?.accessModes);
}

/** Whether pods on several nodes may use a claim with these modes, read-only or not. */
function shared(modes: readonly string[], readOnly: boolean): boolean {
  return modes.includes('ReadWriteMany') || (readOnly && modes.includes('ReadOnlyMany'));
}

/** The claims that a StatefulSet's templates give its pods: `<template>-<statefulset>-<ordinal>`. */
function templateClaims(index: ObjectIndex, namespace: string | undefined): Set<string> {
  // Asked once per pod that mounts a claim: computed once per namespace.
  const cache = claimCache.get(index) ?? new Map<string, Set<string>>();
  claimCache.set(index, cache);
  const key = namespace ?? '';
  let claims = cache.get(key);
  if (claims === undefined) {
    claims = computeTemplateClaims(index, namespace);
    cache.set(key, claims);
  }
  return claims;
}

const claimCache = new WeakMap<ObjectIndex, Map<string, Set<string>>>();

function computeTemplateClaims(index: ObjectIndex, namespace: string | undefined): Set<string> {
  return new Set(index.ofKind('StatefulSet', namespace).flatMap((s) => listOf(s.object.spec?.volumeClaimTemplates).flatMap((t: any) =>
    Array.from({ length: Math.max(replicasOf(s.object) ?? 1, 1) }, (_, i) => `${t?.metadata?.name}-${s.name}-${i}`))));
}

/** The names among `defined` that look like a typo of `name` (another case, or at most two edits away). */
function nearNames(name: string, defined: readonly string[]): string[] {
  return defined.filter((d) => d !== name && (d.toLowerCase() === name.toLowerCase() || editDistance(d.toLowerCase(), name.toLowerCase()) <= 2));
}

/** Every object of a kind, in any namespace. */
function everywhere(index: ObjectIndex, kind: string): readonly PolicyTarget[] {
  return index.allOfKind(kind);
}

/**
 * A problem with a reference to an object of `kind` named `name` (in `namespace`, or cluster-wide when undefined):
 * none when the output defines it (or `alsoDefined` has it), or when it defines nothing of the kind that looks
 * meant; else that it lives in another namespace, or the names it probably meant.
 */
function referenceProblem(index: ObjectIndex, what: string, kind: string, name: unknown, namespace: string | undefined, alsoDefined: ReadonlySet<string> = new Set()): string[] {
  if (typeof name !== 'string' || name === '' || index.get(kind, namespace, name) || alsoDefined.has(name)) {
    return [];
  }
  const all = everywhere(index, kind);
  const elsewhere = namespace === undefined ? [] : all.filter((t) => t.name === name && t.namespace !== namespace).map((t) => t.namespace);
  if (elsewhere.length > 0) {
    return [`${what} "${name}" is defined in namespace ${elsewhere.join(', ')}, not in ${namespace}, where it is looked up`];
  }
  const near = nearNames(name, [...new Set([...all.filter((t) => t.namespace === namespace).map((t) => t.name), ...alsoDefined])]);
  return near.length > 0 ? [`${what} "${name}" is not defined here; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`] : [];
}

/** Whether a pod volume is used read-only: declared so, or mounted read-only by every container that mounts it. */
function readOnlyVolume(spec: any, volume: any): boolean {
  if (volume.persistentVolumeClaim?.readOnly === true) {
    return true;
  }
  const mounts = containersOf(spec).flatMap((r) => listOf(r.container?.volumeMounts).filter((m: any) => m?.name === volume.name));
  return mounts.length > 0 && mounts.every((m: any) => m.readOnly === true);
}

export const STORAGE_CHECKS: PolicyCheck[] = [
  definePodCheck({
    id: 'claim-single-writer',
    kinds: REPLICATED_KINDS,
    description: 'A workload whose pods share a ReadWriteOnce or ReadWriteOncePod claim runs one pod, and a Deployment replaces it with the Recreate strategy.',
    remediation: 'Set replicas to 1, remove the autoscaler and use strategy Recreate (the single-instance pattern); or use a ReadWriteMany claim, or per-pod claims (StatefulSet volumeClaimTemplates).',
    severity: 'error',
    check: (spec, t, index) => listOf(spec.volumes).filter((vol: any) => vol?.persistentVolumeClaim?.claimName).flatMap((vol: any) => {
      const claim = index.get('PersistentVolumeClaim', t.namespace, vol.persistentVolumeClaim.claimName)?.object;
      const modes = modesOf(claim);
      if (!claim || shared(modes, readOnlyVolume(spec, vol))) {
        return [];
      }
      const what = `claim "${claim.metadata?.name}" (${modes.join(', ')})`;
      const hpa = autoscalerOf(t, index);
      const replicas = replicasOf(t.object) ?? 1;
      return [
        ...(replicas > 1 ? [`${what} is mounted by ${replicas} replicas; only ${modes.includes('ReadWriteOncePod') ? 'one pod' : 'the pods of one node'} can use it`] : []),
        ...((hpa?.object.spec?.maxReplicas ?? 0) > 1 ? [`${what} is mounted by pods that ${hpa!.kind} ${hpa!.name} scales to ${hpa!.object.spec.maxReplicas}`] : []),
        ...(t.kind === 'Deployment' && (t.object.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate'
          ? [`${what} is mounted with the RollingUpdate strategy: the new pod waits for the old one to release it, on another node forever`] : []),
      ];
    }),
  }),
  defineCheck({
    id: 'persistent-volume-host-path',
    domain: 'kubernetes',
    kinds: ['PersistentVolume'],
    description: 'A hostPath PersistentVolume records why a node\'s file system is acceptable (every pod bound to it reads and writes the node\'s path).',
    remediation: 'Use a local volume (pinned to its node), NFS or a CSI volume; or record the reason in the annotation keelson.dev/host-access-reason (PersistentVolume hostPath: { reason }).',
    severity: 'error',
    references: ['kube-linter: sensitive-host-mounts (its pod-level counterpart)', 'Pod Security Standards: HostPath Volumes (pss-host-path, for pods)'],
    check: (t) => (t.object.spec?.hostPath && !reasonOf(t.object, HOST_ACCESS_REASON_ANNOTATION)
      ? [`the volume is host path ${t.object.spec.hostPath.path} of a node, and no reason is recorded (annotation ${HOST_ACCESS_REASON_ANNOTATION})`] : []),
  }),
  defineCheck({
    id: 'storage-deletes-data',
    domain: 'kubernetes',
    kinds: ['StorageClass', 'PersistentVolume', 'VolumeSnapshotClass'],
    description: 'A StorageClass, PersistentVolume or VolumeSnapshotClass that deletes data with its claim or snapshot records why; no volume is recycled.',
    remediation: 'Use reclaimPolicy (deletionPolicy) Retain, or record why deleting is acceptable in the annotation keelson.dev/deletion-reason '
      + '(deleteVolumes / deleteVolume / deleteSnapshots: { reason }); replace Recycle with Retain.',
    severity: 'warning',
    check: (t) => {
      const o = t.object;
      const [field, policy, defaulted] = t.kind === 'StorageClass' ? ['reclaimPolicy', o.reclaimPolicy ?? 'Delete', o.reclaimPolicy === undefined]
        : t.kind === 'PersistentVolume' ? ['persistentVolumeReclaimPolicy', o.spec?.persistentVolumeReclaimPolicy ?? 'Retain', false]
          : ['deletionPolicy', o.deletionPolicy, false];
      if (policy === 'Recycle') {
        return [`${field} Recycle is deprecated: it scrubs the volume ("rm -rf") and hands it to the next claim`];
      }
      return policy === 'Delete' && !reasonOf(o, DELETION_REASON_ANNOTATION)
        ? [`${field} is Delete${defaulted ? ' (the default when unset)' : ''}, so the data is deleted with ${t.kind === 'VolumeSnapshotClass' ? 'the VolumeSnapshot' : 'the claim'}, `
          + `and no reason is recorded (annotation ${DELETION_REASON_ANNOTATION})`]
        : [];
    },
  }),
  defineCheck({
    id: 'storage-reference-mismatch',
    domain: 'kubernetes',
    kinds: ['PersistentVolumeClaim', 'PersistentVolume', 'StatefulSet', 'VolumeSnapshot', ...WORKLOAD_KINDS.filter((k) => k !== 'StatefulSet')],
    description: 'A storage reference (StorageClass, VolumeSnapshot, VolumeSnapshotClass, PersistentVolume or claim) that this output does not define looks like a typo of one it does, or names one of another namespace.',
    remediation: 'Correct the name, or define the object in the namespace where it is looked up (claims and snapshots are namespaced).',
    severity: 'warning',
    check: (t, index) => {
      const o = t.object;
      const ns = t.namespace;
      switch (t.kind) {
        case 'PersistentVolumeClaim': {
          const source = o.spec?.dataSource ?? o.spec?.dataSourceRef;
          return [
            ...referenceProblem(index, 'storageClassName', 'StorageClass', o.spec?.storageClassName, undefined),
            ...referenceProblem(index, 'volumeName', 'PersistentVolume', o.spec?.volumeName, undefined),
            ...(source?.kind === 'VolumeSnapshot' ? referenceProblem(index, 'dataSource VolumeSnapshot', 'VolumeSnapshot', source.name, ns) : []),
          ];
        }
        case 'PersistentVolume':
          return referenceProblem(index, 'storageClassName', 'StorageClass', o.spec?.storageClassName, undefined);
        case 'VolumeSnapshot':
          return referenceProblem(index, 'volumeSnapshotClassName', 'VolumeSnapshotClass', o.spec?.volumeSnapshotClassName, undefined);
        default: {
          const fromTemplates = t.kind === 'StatefulSet'
            ? listOf(o.spec?.volumeClaimTemplates).flatMap((c: any) => referenceProblem(index, `claim template "${c?.metadata?.name}" storageClassName`, 'StorageClass',
              c?.spec?.storageClassName, undefined))
            : [];
          const claims = templateClaims(index, ns);
          const fromVolumes = listOf(podSpec(o)?.volumes).filter((vol: any) => vol?.persistentVolumeClaim?.claimName)
            .flatMap((vol: any) => referenceProblem(index, `volume "${vol.name}" claim`, 'PersistentVolumeClaim', vol.persistentVolumeClaim.claimName, ns, claims));
          return [...fromTemplates, ...fromVolumes];
        }
      }
    },
  }),
  defineCheck({
    id: 'volume-snapshot-claim-exists',
    domain: 'kubernetes',
    kinds: ['VolumeSnapshot'],
    description: 'A VolumeSnapshot is taken of a claim that this output defines in its namespace (a PersistentVolumeClaim, or the claim of a StatefulSet pod).',
    remediation: 'Name a claim of the snapshot\'s namespace in spec.source.persistentVolumeClaimName, or suppress the finding for a claim created elsewhere.',
    severity: 'warning',
    check: (t, index) => {
      const name = t.object.spec?.source?.persistentVolumeClaimName;
      const claims = templateClaims(index, t.namespace);
      if (name === undefined || index.get('PersistentVolumeClaim', t.namespace, name) || claims.has(name)) {
        return [];
      }
      const near = nearNames(String(name), [...index.ofKind('PersistentVolumeClaim', t.namespace).map((c) => c.name), ...claims]);
      return [`source claim "${name}" is not a claim of namespace ${t.namespace} in this output${near.length > 0 ? `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : ''}`];
    },
  }),
];
