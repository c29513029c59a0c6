import { PolicyTarget } from './types';
import { kindKey } from './kinds';
import { CustomResourceScope } from '../extension/custom-resource-type';
import { NetworkModel } from './network-reach';
import { WORKLOAD_KINDS, podLabels } from './pods';
import { ResourceScopes } from './resource-scope';
import { appendTo } from './multi-map';
import { LabelIndex, SelectorIndex } from './selector-index';
import { isMap, mapSelects, selectorMatches } from './selectors';

/**
 * The kinds that select pods, with where their selector is and whether it is a plain map (a Service's, which selects
 * nothing when empty) or a label selector (matchLabels and matchExpressions; empty or absent selects every pod).
 */
const POD_SELECTING = {
  Service: { selector: (t: PolicyTarget) => t.object?.spec?.selector, map: true },
  NetworkPolicy: { selector: (t: PolicyTarget) => t.object?.spec?.podSelector, map: false },
  PodDisruptionBudget: { selector: (t: PolicyTarget) => t.object?.spec?.selector, map: false },
} as const;

/** A kind whose objects select pods (see {@link ObjectIndex.selecting}). */
export type PodSelectingKind = keyof typeof POD_SELECTING;

const key = (kind: string, namespace: string | undefined, name: string) => `${kind}\u0000${namespace ?? ''}\u0000${name}`;

/**
 * All objects of one run, indexed once so that cross-reference checks (Service to pods, Ingress to Service, HPA to
 * workload, NetworkPolicy to pods) are lookups rather than scans.
 */
export class ObjectIndex {
  private readonly byKey = new Map<string, PolicyTarget>();
  private readonly byKindNs = new Map<string, PolicyTarget[]>();
  private readonly workloadsByNs = new Map<string, PolicyTarget[]>();
  private readonly terraformByType = new Map<string, PolicyTarget[]>();
  private readonly byKind = new Map<string, PolicyTarget[]>();
  private readonly helmByNs = new Map<string, PolicyTarget[]>();
  private networkModel?: NetworkModel;
  private resourceScopes?: ResourceScopes;
  private readonly derived = new Map<string, unknown>();

  public constructor(public readonly targets: readonly PolicyTarget[]) {
    for (const t of targets) {
      if (t.domain === 'terraform') {
        appendTo(this.terraformByType, t.kind, t);
        continue;
      }
      if (t.domain === 'helm') {
        // Helm releases are checked one at a time; reference checks only ask whether a namespace has any (whose
        // objects are then unknown).
        appendTo(this.helmByNs, typeof t.namespace === 'string' ? t.namespace : '', t);
        continue;
      }
      const kind = kindKey(t);
      this.byKey.set(key(kind, t.namespace, t.name), t);
      appendTo(this.byKindNs, `${kind}\u0000${t.namespace ?? ''}`, t);
      appendTo(this.byKind, kind, t);
      if ((WORKLOAD_KINDS as readonly string[]).includes(kind)) {
        appendTo(this.workloadsByNs, t.namespace ?? '', t);
      }
    }
  }

  /** The Kubernetes object of this kind ("Service", or "group/Kind" for custom resources), namespace and name. */
  public get(kind: string, namespace: string | undefined, name: string): PolicyTarget | undefined {
    return this.byKey.get(key(kind, namespace, name));
  }

  /** Kubernetes objects of a kind (as for {@link get}) in a namespace ("" for cluster-scoped). */
  public ofKind(kind: string, namespace: string | undefined): readonly PolicyTarget[] {
    return this.byKindNs.get(`${kind}\u0000${namespace ?? ''}`) ?? [];
  }

  /** Pod-bearing objects (Pods, Deployments, StatefulSets...) in a namespace. */
  public workloads(namespace: string | undefined): readonly PolicyTarget[] {
    return this.workloadsByNs.get(namespace ?? '') ?? [];
  }

  /**
   * The workloads of a namespace whose pods a Service's selector (a plain map: every entry must match; an empty one
   * selects nothing) selects, in the order of {@link workloads}. Looked up through the pods' labels, not by a scan.
   */
  public workloadsSelectedBy(namespace: string | undefined, selector: unknown): PolicyTarget[] {
    if (!isMap(selector)) {
      return [];
    }
    const labels = this.memo(`workload labels\u0000${namespace ?? ''}`, () => new LabelIndex(this.workloads(namespace), (w) => podLabels(w.object)));
    return labels.candidates(selector).filter((w) => mapSelects(selector, podLabels(w.object)));
  }

  /**
   * The Services, NetworkPolicies or PodDisruptionBudgets of a namespace that select pods with `labels`, in the order
   * of {@link ofKind}: a Service by its selector map, the others by their label selector (see selectorMatches).
   */
  public selecting(kind: PodSelectingKind, namespace: string | undefined, labels: Record<string, string> | undefined): PolicyTarget[] {
    const { selector, map } = POD_SELECTING[kind];
    const index = this.memo(`${kind} selectors\u0000${namespace ?? ''}`,
      () => new SelectorIndex(this.ofKind(kind, namespace), (t) => (map ? selector(t) : selector(t)?.matchLabels)));
    return index.candidates(labels).filter((t) => (map ? mapSelects(selector(t), labels) : selectorMatches(selector(t), labels)));
  }

  /**
   * A value derived from the objects, computed once per index under `key` (e.g. a label index of one namespace's pods
   * that several checks share).
   */
  public memo<T>(key: string, make: () => T): T {
    if (!this.derived.has(key)) {
      this.derived.set(key, make());
    }
    return this.derived.get(key) as T;
  }

  /** Kubernetes objects of a kind (as for {@link get}) in every namespace. */
  public allOfKind(kind: string): readonly PolicyTarget[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Helm releases installed into a namespace (whose objects the index does not hold). */
  public helmReleases(namespace: string | undefined): readonly PolicyTarget[] {
    return this.helmByNs.get(namespace ?? '') ?? [];
  }

  /**
   * Whether the objects of `namespace` are all here, as far as one can tell: its Namespace object is among the
   * checked objects and no Helm release installs more into it. Reference checks report a missing object of such a
   * namespace; elsewhere it may be defined by YAML that is not checked.
   */
  public ownsNamespace(namespace: string | undefined): boolean {
    return namespace !== undefined && this.get('Namespace', undefined, namespace) !== undefined && this.helmReleases(namespace).length === 0;
  }

  /** The NetworkPolicies and Namespaces of the objects, for reachability questions (built on first use). */
  public get network(): NetworkModel {
    this.networkModel ??= new NetworkModel(this.targets.filter((t) => t.domain === 'kubernetes').map((t) => t.object));
    return this.networkModel;
  }

  /**
   * "Cluster" or "Namespaced" when the scope of a Kubernetes object's kind is known: built in, or declared by a
   * CustomResourceDefinition among these objects (`spec.group`, `spec.names.kind`, `spec.scope`); undefined for a
   * custom kind no CRD here defines (see ResourceScopes).
   */
  public scopeOf(t: PolicyTarget): CustomResourceScope | undefined {
    this.resourceScopes ??= new ResourceScopes(this.targets);
    return this.resourceScopes.scopeOf(t);
  }

  /** Terraform resources of a type, across stacks. */
  public terraform(type: string): readonly PolicyTarget[] {
    return this.terraformByType.get(type) ?? [];
  }
}
