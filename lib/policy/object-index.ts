import { PolicyTarget } from './types';
import { kindKey } from './kinds';
import { WORKLOAD_KINDS } from './pods';

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

  public constructor(public readonly targets: readonly PolicyTarget[]) {
    for (const t of targets) {
      if (t.domain === 'terraform') {
        push(this.terraformByType, t.kind, t);
        continue;
      }
      if (t.domain === 'helm') {
        // Helm releases are checked one at a time; nothing looks them up.
        continue;
      }
      const kind = kindKey(t);
      this.byKey.set(key(kind, t.namespace, t.name), t);
      push(this.byKindNs, `${kind}\u0000${t.namespace ?? ''}`, t);
      if ((WORKLOAD_KINDS as readonly string[]).includes(kind)) {
        push(this.workloadsByNs, t.namespace ?? '', t);
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

  /** Terraform resources of a type, across stacks. */
  public terraform(type: string): readonly PolicyTarget[] {
    return this.terraformByType.get(type) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) {
    list.push(v);
  } else {
    map.set(k, [v]);
  }
}
