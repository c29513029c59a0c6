/** Kinds that carry a pod template (or are a pod). */
export const WORKLOAD_KINDS = [
  'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'serving.knative.dev/Service',
  // An OpenFaaS function: the operator creates its pods (it has labels but no pod spec here).
  'openfaas.com/Function',
] as const;

/** The pod spec of a workload manifest, or undefined. */
export function podSpec(m: any): any {
  switch (m?.kind) {
    case 'Pod': return m.spec;
    case 'CronJob': return m.spec?.jobTemplate?.spec?.template?.spec;
    default: return m?.spec?.template?.spec;
  }
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

/** Every container of a pod spec, init and ephemeral ones included. */
export function containersOf(spec: any): ContainerRef[] {
  return [
    ...(spec?.containers ?? []).map((container: any) => ({ container, type: 'container' as const })),
    ...(spec?.initContainers ?? []).map((container: any) => ({ container, type: 'initContainer' as const })),
    ...(spec?.ephemeralContainers ?? []).map((container: any) => ({ container, type: 'ephemeralContainer' as const })),
  ];
}

/** The app containers (not init or ephemeral). */
export function appContainers(spec: any): any[] {
  return spec?.containers ?? [];
}

/** Replicas a workload asks for: its `replicas` (default 1), or undefined for kinds that do not scale. */
export function replicasOf(m: any): number | undefined {
  if (['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].includes(m?.kind)) {
    return m.spec?.replicas ?? 1;
  }
  return undefined;
}

/** A description of a container for messages. */
export function describeContainer(ref: ContainerRef): string {
  return `${ref.type === 'container' ? 'container' : ref.type} "${ref.container?.name}"`;
}
