import { NO_PROBES_REASON_ANNOTATION } from '../core/annotations';
import { isMap } from './selectors';

export { isMap };

/** Kinds that carry a pod template (or are a pod). */
export const WORKLOAD_KINDS = [
  'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'serving.knative.dev/Service',
  // An OpenFaaS function: the operator creates its pods (it has labels but no pod spec here).
  'openfaas.com/Function',
] as const;

/** Kinds whose pods run to completion (batch): no probes, disruption budget or spreading are expected of them. */
export const RUN_TO_COMPLETION_KINDS: readonly string[] = ['Job', 'CronJob'];

/**
 * Kinds whose pods run until stopped: a bare Pod among them unless its restartPolicy is OnFailure or Never (see
 * {@link runsToCompletion}).
 */
export const LONG_RUNNING_KINDS: readonly string[] = WORKLOAD_KINDS.filter((k) => !RUN_TO_COMPLETION_KINDS.includes(k));

/** Kinds that keep a number of identical pods (`spec.replicas`); a DaemonSet runs one per node instead. */
export const REPLICATED_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/**
 * The reason recorded on a pod template (annotation {@link NO_PROBES_REASON_ANNOTATION}) why its long-running
 * containers have no probes, or undefined.
 */
export function noProbesReason(m: any): string | undefined {
  const reason = String(podAnnotations(m)[NO_PROBES_REASON_ANNOTATION] ?? '').trim();
  return reason === '' ? undefined : reason;
}

/** Whether a workload's pods run to completion: a Job, a CronJob, or a bare Pod with restartPolicy OnFailure or Never. */
export function runsToCompletion(m: any): boolean {
  return RUN_TO_COMPLETION_KINDS.includes(m?.kind) || (m?.kind === 'Pod' && ['OnFailure', 'Never'].includes(m.spec?.restartPolicy));
}

/** The pod spec of a workload manifest, or undefined. */
export function podSpec(m: any): any {
  let spec: unknown;
  switch (m?.kind) {
    case 'Pod': spec = m.spec; break;
    case 'CronJob': spec = m.spec?.jobTemplate?.spec?.template?.spec; break;
    default: spec = m?.spec?.template?.spec;
  }
  // Foreign YAML may hold anything here; a pod spec that is not a map is no pod spec.
  return isMap(spec) ? spec : undefined;
}

/** The labels of a workload's pods (for a Knative Service, including the label Knative adds). */
export function podLabels(m: any): Record<string, string> {
  switch (m?.kind) {
    case 'Pod': return m.metadata?.labels ?? {};
    case 'CronJob': return m.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
    default: {
      if (String(m?.apiVersion).startsWith('openfaas.com/')) {
        // faas-netes labels a function's pods with its labels and faas_function: <name>.
        return { ...m.spec?.labels, faas_function: m.spec?.name ?? m.metadata?.name };
      }
      const labels = m?.spec?.template?.metadata?.labels ?? {};
      return String(m?.apiVersion).startsWith('serving.knative.dev/') ? { ...labels, 'serving.knative.dev/service': m.metadata?.name } : labels;
    }
  }
}

/** The annotations of a workload's pods. */
export function podAnnotations(m: any): Record<string, string> {
  switch (m?.kind) {
    case 'Pod': return m.metadata?.annotations ?? {};
    case 'CronJob': return m.spec?.jobTemplate?.spec?.template?.metadata?.annotations ?? {};
    default: return m?.spec?.template?.metadata?.annotations ?? {};
  }
}

/** A container with what kind of container it is. */
export interface ContainerRef {
  readonly container: any;
  readonly type: 'container' | 'initContainer' | 'ephemeralContainer';
}

/** A list field of foreign YAML: the array, or [] for anything else (missing, null, a string, a map). */
export function listOf(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** The maps among the entries of a list field (entries of another shape are skipped). */
export function mapsOf(value: unknown): Array<Record<string, any>> {
  return listOf(value).filter(isMap);
}

/** Every container of a pod spec, init and ephemeral ones included (entries that are not maps are skipped). */
export function containersOf(spec: any): ContainerRef[] {
  return [
    ...mapsOf(spec?.containers).map((container) => ({ container, type: 'container' as const })),
    ...mapsOf(spec?.initContainers).map((container) => ({ container, type: 'initContainer' as const })),
    ...mapsOf(spec?.ephemeralContainers).map((container) => ({ container, type: 'ephemeralContainer' as const })),
  ];
}

/** The app containers (not init or ephemeral). */
export function appContainers(spec: any): any[] {
  return mapsOf(spec?.containers);
}

/** Whether a container is a native sidecar: an init container with `restartPolicy: Always`, which runs as long as the pod. */
export function isNativeSidecar(ref: ContainerRef): boolean {
  return ref.type === 'initContainer' && ref.container?.restartPolicy === 'Always';
}

/**
 * The containers that run as long as the pod and may have probes: the app containers and the native sidecars.
 * Kubernetes rejects probes on other init containers (they run to completion) and on ephemeral containers.
 */
export function probedContainers(spec: any): ContainerRef[] {
  return containersOf(spec).filter((r) => r.type === 'container' || isNativeSidecar(r));
}

/** Replicas a workload asks for: its `replicas` (default 1), or undefined for kinds that do not scale. */
export function replicasOf(m: any): number | undefined {
  if (REPLICATED_KINDS.includes(m?.kind)) {
    const replicas = m.spec?.replicas;
    return typeof replicas === 'number' && Number.isFinite(replicas) ? replicas : 1;
  }
  return undefined;
}

/** A description of a container for messages. */
export function describeContainer(ref: ContainerRef): string {
  const type = isNativeSidecar(ref) ? 'native sidecar' : ref.type === 'container' ? 'container' : ref.type;
  return `${type} "${ref.container?.name}"`;
}
