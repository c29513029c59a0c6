import { ApiObject } from 'cdk8s';
import { KubeRole, KubeRoleBinding } from '../core/k8s';
import { Construct } from 'constructs';
import { builtinKind, builtinKindProblem, splitApiVersion } from '../core/api-resources';
import { API_VERSION, DNS_1035_LABEL, Format, KIND, LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, requireProps } from '../core/validator';
import { ServiceAccount } from '../security/service-account';
import { arrayProp, objectProp, stringMap } from './checks';
import { EventTarget, toDestination, validateEventTarget } from './event-destination';

/** A kind of object whose changes are sent as events. */
export interface WatchedResource {
  /** API version, e.g. "v1" or "apps/v1". */
  readonly apiVersion: string;
  /** Kind, e.g. "Event" or "Deployment". */
  readonly kind: string;
  /**
   * Resource name (the plural) for the Role that lets the source watch the kind, as `kubectl api-resources` lists
   * it, e.g. "clusterpolicies". Required for a kind outside the built-in API groups (only its CRD knows the name);
   * for a built-in kind it must be the real one ("ingresses", "endpoints", "networkpolicies").
   * @default the built-in kind's resource name
   */
  readonly resource?: string;
  /**
   * Only objects with these labels.
   * @default every object of the kind
   */
  readonly selector?: Record<string, string>;
}

/** Props of an {@link ApiServerSource}. */
export interface ApiServerSourceProps {
  /**
   * Name of the source and of its ServiceAccount and Role.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace watched (and of the source).
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /** The kinds watched. */
  readonly resources: WatchedResource[];
  /**
   * "Reference" sends only kind, name and namespace; "Resource" sends the whole object, which may carry data
   * that the sink should not see.
   * @default "Reference"
   */
  readonly mode?: 'Reference' | 'Resource';
  /** Where the events go. */
  readonly sink: EventTarget;
}

const PROPS = propNames<ApiServerSourceProps>()({ name: true, namespace: true, resources: true, mode: true, sink: true });
const WATCHED_PROPS = propNames<WatchedResource>()({ apiVersion: true, kind: true, resource: true, selector: true });

/**
 * A `sources.knative.dev/v1` ApiServerSource: turns changes of Kubernetes objects in one namespace into
 * CloudEvents. Comes with its own ServiceAccount and a Role that may only get, list and watch the watched kinds.
 *
 * Its main object (child `Resource`) is the ApiServerSource; the others keep their children `ServiceAccount`,
 * `Role` and `RoleBinding`.
 */
export class ApiServerSource extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: ApiServerSourceProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    requireProps(v, props);
    const mode = props.mode ?? 'Reference';
    const namespace = this.namespace;
    v.check(['Reference', 'Resource'].includes(mode), 'mode', mode, '"Reference" or "Resource"');
    const resourceNames: string[] = [];
    if (arrayProp(v, 'resources', props.resources, 'a list of the kinds to watch', true)
      && v.check(props.resources.length > 0, 'resources', props.resources, 'at least one kind to watch')) {
      props.resources.forEach((r, i) => resourceNames.push(validateWatched(v, `resources[${i}]`, r)));
    }
    validateEventTarget(v, 'sink', props.sink, namespace);
    v.throwIfInvalid();

    const sa = new ServiceAccount(this, 'ServiceAccount', {
      name: this.name,
      namespace,
      automountToken: { reason: 'the ApiServerSource adapter watches the API server with this identity' },
    });
    const byGroup = new Map<string, Set<string>>();
    props.resources.forEach((r, i) => {
      const [group] = splitApiVersion(r.apiVersion);
      byGroup.set(group, (byGroup.get(group) ?? new Set()).add(resourceNames[i]));
    });
    new KubeRole(this, 'Role', {
      metadata: { name: this.name, namespace },
      rules: [...byGroup].sort(([a], [b]) => a.localeCompare(b)).map(([group, resources]) => ({
        apiGroups: [group],
        resources: [...resources].sort(),
        verbs: ['get', 'list', 'watch'],
      })),
    });
    new KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: this.name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.name },
      subjects: [{ kind: 'ServiceAccount', name: sa.name, namespace }],
    });
    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'sources.knative.dev/v1',
      kind: 'ApiServerSource',
      metadata: { name: this.name, namespace },
      spec: {
        mode,
        serviceAccountName: sa.name,
        resources: props.resources.map((r) => ({
          apiVersion: r.apiVersion,
          kind: r.kind,
          selector: r.selector ? { matchLabels: { ...r.selector } } : undefined,
        })),
        sink: toDestination(props.sink)._render(),
      },
    });
  }
}

/**
 * Checks one watched kind and returns the resource name its Role rule lists: the built-in kind's real plural (a
 * Role that names "ingresss" grants nothing, and the source cannot watch), or the name given for a custom kind.
 */
function validateWatched(v: PropsValidator, field: string, r: WatchedResource): string {
  if (!objectProp(v, field, r, 'an object: { apiVersion, kind, resource?, selector? }', true) || !v.knownProps(field, r, WATCHED_PROPS)) {
    return '';
  }
  const versionOk = v.format(`${field}.apiVersion`, r.apiVersion, API_VERSION, true);
  const kindOk = v.format(`${field}.kind`, r.kind, KIND, true);
  // A CRD's plural is a DNS-1035 label; built-in resource names are of that form too.
  const resourceOk = r.resource === undefined || v.format(`${field}.resource`, r.resource, PLURAL);
  stringMap(v, `${field}.selector`, r.selector, LABEL_KEY, LABEL_VALUE);
  if (!versionOk || !kindOk || !resourceOk) {
    return '';
  }
  const problem = builtinKindProblem(r.apiVersion, r.kind);
  if (!v.check(problem === undefined, `${field}.kind`, r.kind, `a kind served at "${r.apiVersion}" (${problem})`)) {
    return '';
  }
  const builtin = builtinKind(r.apiVersion, r.kind);
  if (builtin) {
    v.check(r.resource === undefined || r.resource === builtin.resource, `${field}.resource`, r.resource,
      `"${builtin.resource}", the resource name of ${r.kind} (or leave resource out)`);
    return builtin.resource;
  }
  v.check(r.resource !== undefined, `${field}.resource`, r.resource,
    `the resource name of ${r.kind} as its CRD declares it (spec.names.plural, e.g. "clusterpolicies"): keelson does not guess plurals of custom kinds`);
  return r.resource ?? '';
}

const PLURAL: Format = {
  test: DNS_1035_LABEL.test,
  description: 'a resource name such as "deployments" or "clusterpolicies": lowercase letters, digits or "-", starting with a letter',
};
