// The one seam to the Kubernetes types. Nothing else imports cdk8s-plus-27 (a test enforces it): constructs import
// `k8s` (the types and value helpers such as k8s.Quantity) and the object classes (KubeDeployment, ...) from here.
// cdk8s-plus-27 is archived upstream and its L1 classes describe Kubernetes 1.27; changing the plus line, or
// generating newer types, touches this file and k8s-json.ts (the keys those types rename) alone.
//
// Two things differ from the plain L1 classes:
// - JSON patches apply last. A plain L1 class applies `addJsonPatch` patches before it converts its props to JSON,
//   and the conversion drops every field it does not know, so patches could neither add a 1.32 field nor set a
//   quantity. Here they apply to the final JSON, so `ApiObject.of(construct.resource).addJsonPatch(...)` is a real
//   escape hatch, and the policy checks see its result.
// - Fields that Kubernetes 1.32 has and the 1.27 types lack are typed here and written after the conversion:
//   native sidecars (`restartPolicy: Always` on an init container), the `sleep` lifecycle handler, a Job's
//   `backoffLimitPerIndex`, and a Service's `trafficDistribution`.
import { ApiObject, ApiObjectMetadataDefinition, App, JsonPatch } from 'cdk8s';
// Deep: the L1 types alone. The package root also loads every L2 construct of cdk8s-plus (about 1 MB of code that
// keelson never runs), which each process and each test file would compile.
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { ValidationError, rejectedValue } from './errors';
import { NEEDS_RESOLUTION, metadataJson, propsJson } from './k8s-json';

export { k8s };

/** Kubernetes 1.29+: a lifecycle handler that pauses for a while (e.g. before SIGTERM, to drain connections). */
export interface SleepAction {
  /** Seconds to sleep. */
  readonly seconds: number;
}

/** A lifecycle handler of Kubernetes 1.32: exec, httpGet, tcpSocket or sleep. */
export interface LifecycleHandler extends k8s.LifecycleHandler {
  readonly sleep?: SleepAction;
}

/** The lifecycle hooks of a container, with the 1.32 handlers. */
export interface Lifecycle extends k8s.Lifecycle {
  readonly postStart?: LifecycleHandler;
  readonly preStop?: LifecycleHandler;
}

/** A container of Kubernetes 1.32: an init container with `restartPolicy: Always` is a native sidecar. */
export interface Container extends k8s.Container {
  readonly restartPolicy?: 'Always';
  readonly lifecycle?: Lifecycle;
}

/** A pod spec whose containers have the 1.32 fields. */
export interface PodSpec extends k8s.PodSpec {
  readonly containers: Container[];
  readonly initContainers?: Container[];
}

/** A pod template whose spec has the 1.32 fields. */
export interface PodTemplateSpec extends k8s.PodTemplateSpec {
  readonly spec?: PodSpec;
}

/** A class of Kubernetes objects: `new KubeX(scope, id, props)` gives the ApiObject. */
export type KubeClass<P> = new (scope: Construct, id: string, props: P) => ApiObject;
type L1<P> = KubeClass<P>;

/** cdk8s's own resolvers: an App given more (`new App({ resolvers })`) has its objects rendered the generic way. */
let defaultResolverCount: number | undefined;
const appsWithDefaultResolvers = new WeakMap<App, boolean>();

function hasDefaultResolvers(scope: Construct): boolean {
  const app = App.of(scope);
  let plain = appsWithDefaultResolvers.get(app);
  if (plain === undefined) {
    defaultResolverCount ??= new App().resolvers.length;
    plain = app.resolvers.length === defaultResolverCount;
    appsWithDefaultResolvers.set(app, plain);
  }
  return plain;
}

/** The first NaN or infinite number inside `value`, or undefined. */
function nonFinite(value: unknown, depth = 0): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : value;
  }
  if (value === null || typeof value !== 'object' || depth > 100) {
    return undefined;
  }
  for (const v of Object.values(value)) {
    const found = nonFinite(v, depth + 1);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

/**
 * An L1 class whose JSON patches apply to its final JSON (see the top of this file). It also renders faster than
 * the plain class: when the props and metadata hold only plain data (no nulls, Lazy values or tokens) and the App has
 * cdk8s's default resolvers, they are converted in one linear pass (k8s-json.ts) instead of cdk8s's generic
 * resolution and the L1's per-type conversion; the result is the same, which a test checks over every example app.
 */
function patchesLast<P>(Base: L1<P>) {
  const gvk = (Base as unknown as { GVK: { apiVersion: string; kind: string } }).GVK;
  return class extends Base {
    private readonly lastPatches: JsonPatch[] = [];
    private readonly rawProps: P;

    public constructor(scope: Construct, id: string, props: P) {
      super(scope, id, props);
      this.rawProps = props;
    }

    public addJsonPatch(...ops: JsonPatch[]): void {
      ops.forEach((op, i) => {
        // Applying a patch copies it through JSON, which writes NaN and Infinity as null without a word.
        const bad = nonFinite((op as unknown as { _toJson?: () => unknown })._toJson?.());
        if (bad !== undefined) {
          throw new ValidationError([{ constructPath: this.node.path, field: `addJsonPatch(ops[${i}])`,
            message: rejectedValue(bad, 'JSON values only (NaN and Infinity would be written as null)') }]);
        }
      });
      this.lastPatches.push(...ops);
    }

    public toJson(): any {
      const json = (hasDefaultResolvers(this) ? this.directJson() : undefined) ?? super.toJson();
      return this.lastPatches.length === 0 ? json : JsonPatch.apply(json, ...this.lastPatches);
    }

    /** The object's JSON without cdk8s's resolution pass, or undefined when its data needs that pass. */
    private directJson(): Record<string, unknown> | undefined {
      const fields = metadataFields(this.metadata);
      const metadata = fields === undefined ? NEEDS_RESOLUTION : metadataJson(fields);
      if (metadata === NEEDS_RESOLUTION) {
        return undefined;
      }
      const { metadata: _given, ...rest } = this.rawProps as Record<string, unknown>;
      const json = propsJson(rest, isUnion);
      return json === NEEDS_RESOLUTION ? undefined : { ...gvk, metadata, ...json };
    }
  };
}

/** The L1 union values, written as their `.value`. */
function isUnion(value: object): value is { readonly value: unknown } {
  return value instanceof k8s.IntOrString || value instanceof k8s.Quantity;
}

/**
 * The fields cdk8s renders an object's metadata from (ApiObjectMetadataDefinition.toJson), or undefined if this
 * version of cdk8s keeps them otherwise (then the object takes the generic path).
 */
function metadataFields(metadata: ApiObjectMetadataDefinition): Record<string, unknown> | undefined {
  const m = metadata as unknown as Record<string, unknown>;
  const extra = m._additionalAttributes;
  if (extra === null || typeof extra !== 'object' || !Array.isArray(m.finalizers) || !Array.isArray(m.ownerReferences)
    || typeof m.labels !== 'object' || typeof m.annotations !== 'object') {
    return undefined;
  }
  const fields: Record<string, unknown> = {
    name: metadata.name, namespace: metadata.namespace, annotations: m.annotations, finalizers: m.finalizers,
    ownerReferences: m.ownerReferences, labels: m.labels,
  };
  // The other attributes given to the metadata (cdk8s deletes a key from this object, so it is slow to spread).
  for (const key in extra) {
    if (!Object.prototype.hasOwnProperty.call(fields, key)) {
      fields[key] = (extra as Record<string, unknown>)[key];
    }
  }
  return fields;
}

/** JSON of a lifecycle handler, written by hand since the 1.27 conversion does not know `sleep`. */
function handlerJson(h: LifecycleHandler): Record<string, unknown> {
  const port = (p: k8s.IntOrString) => p.value;
  return {
    ...(h.exec ? { exec: { command: h.exec.command } } : {}),
    ...(h.httpGet ? { httpGet: { path: h.httpGet.path, port: port(h.httpGet.port), scheme: h.httpGet.scheme, host: h.httpGet.host } } : {}),
    ...(h.tcpSocket ? { tcpSocket: { port: port(h.tcpSocket.port), host: h.tcpSocket.host } } : {}),
    ...(h.sleep ? { sleep: { seconds: h.sleep.seconds } } : {}),
  };
}

/** The patches that write the 1.32 container fields of a pod spec found at `path`. */
function podSpecPatches(spec: PodSpec | undefined, path: string): JsonPatch[] {
  const patches: JsonPatch[] = [];
  const lists: Array<[string, readonly Container[] | undefined]> = [['containers', spec?.containers], ['initContainers', spec?.initContainers]];
  for (const [list, containers] of lists) {
    (containers ?? []).forEach((c, i) => {
      if (c.restartPolicy !== undefined) {
        patches.push(JsonPatch.add(`${path}/${list}/${i}/restartPolicy`, c.restartPolicy));
      }
      if (c.lifecycle !== undefined) {
        const hooks = Object.fromEntries((['postStart', 'preStop'] as const)
          .filter((hook) => c.lifecycle![hook] !== undefined).map((hook) => [hook, handlerJson(c.lifecycle![hook]!)]));
        patches.push(JsonPatch.add(`${path}/${list}/${i}/lifecycle`, JSON.parse(JSON.stringify(hooks))));
      }
    });
  }
  return patches;
}

/** An L1 class of a pod-bearing kind: its pod spec (at `path`) takes the 1.32 container fields. */
function withPods<P>(Base: L1<P>, path: (props: P) => string, spec: (props: P) => PodSpec | undefined) {
  return class extends patchesLast(Base) {
    public constructor(scope: Construct, id: string, props: P) {
      super(scope, id, props);
      this.addJsonPatch(...podSpecPatches(spec(props), path(props)));
    }
  };
}

// Pod-bearing kinds, with the pod spec of the 1.32 types.
export type KubePodProps = Omit<k8s.KubePodProps, 'spec'> & { readonly spec?: PodSpec };
export const KubePod: KubeClass<KubePodProps> = withPods(k8s.KubePod as L1<KubePodProps>, () => '/spec', (p) => p.spec);
export type KubeDeploymentProps = Omit<k8s.KubeDeploymentProps, 'spec'> & { readonly spec?: Omit<k8s.DeploymentSpec, 'template'> & { readonly template: PodTemplateSpec } };
export const KubeDeployment: KubeClass<KubeDeploymentProps> = withPods(k8s.KubeDeployment as L1<KubeDeploymentProps>, () => '/spec/template/spec', (p) => p.spec?.template.spec);
export type KubeStatefulSetProps = Omit<k8s.KubeStatefulSetProps, 'spec'> & { readonly spec?: Omit<k8s.StatefulSetSpec, 'template'> & { readonly template: PodTemplateSpec } };
export const KubeStatefulSet: KubeClass<KubeStatefulSetProps> = withPods(k8s.KubeStatefulSet as L1<KubeStatefulSetProps>, () => '/spec/template/spec', (p) => p.spec?.template.spec);
export type KubeDaemonSetProps = Omit<k8s.KubeDaemonSetProps, 'spec'> & { readonly spec?: Omit<k8s.DaemonSetSpec, 'template'> & { readonly template: PodTemplateSpec } };
export const KubeDaemonSet: KubeClass<KubeDaemonSetProps> = withPods(k8s.KubeDaemonSet as L1<KubeDaemonSetProps>, () => '/spec/template/spec', (p) => p.spec?.template.spec);
export type KubeReplicaSetProps = Omit<k8s.KubeReplicaSetProps, 'spec'> & { readonly spec?: Omit<k8s.ReplicaSetSpec, 'template'> & { readonly template?: PodTemplateSpec } };
export const KubeReplicaSet: KubeClass<KubeReplicaSetProps> = withPods(k8s.KubeReplicaSet as L1<KubeReplicaSetProps>, () => '/spec/template/spec', (p) => p.spec?.template?.spec);
/** The spec of a Job with the 1.32 pod template and `backoffLimitPerIndex` (Kubernetes 1.28+). */
export type JobSpec = Omit<k8s.JobSpec, 'template'> & { readonly template: PodTemplateSpec; readonly backoffLimitPerIndex?: number };
export type KubeJobProps = Omit<k8s.KubeJobProps, 'spec'> & { readonly spec?: JobSpec };

/** The patch that writes the 1.28+ Job field the 1.27 types lack, for a Job spec at `path`. */
function jobSpecPatches(spec: JobSpec | undefined, path: string): JsonPatch[] {
  return spec?.backoffLimitPerIndex === undefined ? [] : [JsonPatch.add(`${path}/backoffLimitPerIndex`, spec.backoffLimitPerIndex)];
}

export const KubeJob: KubeClass<KubeJobProps> = class extends withPods(k8s.KubeJob as L1<KubeJobProps>, () => '/spec/template/spec', (p) => p.spec?.template.spec) {
  public constructor(scope: Construct, id: string, props: KubeJobProps) {
    super(scope, id, props);
    this.addJsonPatch(...jobSpecPatches(props.spec, '/spec'));
  }
};
export type KubeCronJobProps = Omit<k8s.KubeCronJobProps, 'spec'> & {
  readonly spec?: Omit<k8s.CronJobSpec, 'jobTemplate'> & { readonly jobTemplate: Omit<k8s.JobTemplateSpec, 'spec'> & { readonly spec?: JobSpec } };
};
export const KubeCronJob: KubeClass<KubeCronJobProps> = class extends withPods(k8s.KubeCronJob as L1<KubeCronJobProps>, () => '/spec/jobTemplate/spec/template/spec', (p) => p.spec?.jobTemplate.spec?.template.spec) {
  public constructor(scope: Construct, id: string, props: KubeCronJobProps) {
    super(scope, id, props);
    this.addJsonPatch(...jobSpecPatches(props.spec?.jobTemplate.spec, '/spec/jobTemplate/spec'));
  }
};

/** A Service spec of Kubernetes 1.32: `trafficDistribution` ("PreferClose": keep traffic in the client's zone when possible). */
export type ServiceSpec = k8s.ServiceSpec & { readonly trafficDistribution?: 'PreferClose' };
export type KubeServiceProps = Omit<k8s.KubeServiceProps, 'spec'> & { readonly spec?: ServiceSpec };
export const KubeService: KubeClass<KubeServiceProps> = class extends patchesLast(k8s.KubeService as L1<KubeServiceProps>) {
  public constructor(scope: Construct, id: string, props: KubeServiceProps) {
    super(scope, id, props);
    if (props.spec?.trafficDistribution !== undefined) {
      this.addJsonPatch(JsonPatch.add('/spec/trafficDistribution', props.spec.trafficDistribution));
    }
  }
};

// Every other kind keelson writes, as it is in the 1.27 types (with patches applied last).
export const KubeClusterRole: KubeClass<k8s.KubeClusterRoleProps> = patchesLast(k8s.KubeClusterRole);
export const KubeClusterRoleBinding: KubeClass<k8s.KubeClusterRoleBindingProps> = patchesLast(k8s.KubeClusterRoleBinding);
export const KubeConfigMap: KubeClass<k8s.KubeConfigMapProps> = patchesLast(k8s.KubeConfigMap);
export const KubeCsiDriver: KubeClass<k8s.KubeCsiDriverProps> = patchesLast(k8s.KubeCsiDriver);
export const KubeEndpointSlice: KubeClass<k8s.KubeEndpointSliceProps> = patchesLast(k8s.KubeEndpointSlice);
export const KubeHorizontalPodAutoscalerV2: KubeClass<k8s.KubeHorizontalPodAutoscalerV2Props> = patchesLast(k8s.KubeHorizontalPodAutoscalerV2);
export const KubeIngress: KubeClass<k8s.KubeIngressProps> = patchesLast(k8s.KubeIngress);
export const KubeLimitRange: KubeClass<k8s.KubeLimitRangeProps> = patchesLast(k8s.KubeLimitRange);
export const KubeMutatingWebhookConfiguration: KubeClass<k8s.KubeMutatingWebhookConfigurationProps> = patchesLast(k8s.KubeMutatingWebhookConfiguration);
export const KubeNamespace: KubeClass<k8s.KubeNamespaceProps> = patchesLast(k8s.KubeNamespace);
export const KubeNetworkPolicy: KubeClass<k8s.KubeNetworkPolicyProps> = patchesLast(k8s.KubeNetworkPolicy);
export const KubePersistentVolume: KubeClass<k8s.KubePersistentVolumeProps> = patchesLast(k8s.KubePersistentVolume);
export const KubePersistentVolumeClaim: KubeClass<k8s.KubePersistentVolumeClaimProps> = patchesLast(k8s.KubePersistentVolumeClaim);
export const KubePodDisruptionBudget: KubeClass<k8s.KubePodDisruptionBudgetProps> = patchesLast(k8s.KubePodDisruptionBudget);
export const KubePriorityClass: KubeClass<k8s.KubePriorityClassProps> = patchesLast(k8s.KubePriorityClass);
export const KubeResourceQuota: KubeClass<k8s.KubeResourceQuotaProps> = patchesLast(k8s.KubeResourceQuota);
export const KubeRole: KubeClass<k8s.KubeRoleProps> = patchesLast(k8s.KubeRole);
export const KubeRoleBinding: KubeClass<k8s.KubeRoleBindingProps> = patchesLast(k8s.KubeRoleBinding);
export const KubeSecret: KubeClass<k8s.KubeSecretProps> = patchesLast(k8s.KubeSecret);
export const KubeServiceAccount: KubeClass<k8s.KubeServiceAccountProps> = patchesLast(k8s.KubeServiceAccount);
export const KubeStorageClass: KubeClass<k8s.KubeStorageClassProps> = patchesLast(k8s.KubeStorageClass);
export const KubeValidatingWebhookConfiguration: KubeClass<k8s.KubeValidatingWebhookConfigurationProps> = patchesLast(k8s.KubeValidatingWebhookConfiguration);

/** The JSON of one container, as it appears in a pod spec (for custom resources that embed containers). */
export function containerJson(container: Container): Record<string, any> {
  const json = k8s.toJson_Container(container) ?? {};
  const extra = podSpecPatches({ containers: [container] }, '');
  return JsonPatch.apply({ containers: [json] }, ...extra).containers[0];
}

/** The JSON of one pod volume (for custom resources that embed volumes). */
export function volumeJson(volume: k8s.Volume): Record<string, any> {
  return k8s.toJson_Volume(volume) ?? {};
}
