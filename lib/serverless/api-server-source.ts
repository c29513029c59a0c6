import { ApiObject } from 'cdk8s';
import { KubeRole, KubeRoleBinding } from '../core/k8s';
import { Construct } from 'constructs';
import { API_VERSION, KIND, LABEL_KEY, LABEL_VALUE } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { ServiceAccount } from '../security/service-account';
import { EventTarget, toDestination, validateEventTarget } from './event-destination';

/** A kind of object whose changes are sent as events. */
export interface WatchedResource {
  /** API version, e.g. "v1" or "apps/v1". */
  readonly apiVersion: string;
  /** Kind, e.g. "Event" or "Deployment". */
  readonly kind: string;
  /**
   * Resource name for RBAC (the plural).
   * @default the kind in lower case plus "s"
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
    const mode = props.mode ?? 'Reference';
    const v = this.validator;
    const namespace = this.namespace;
    v.check(['Reference', 'Resource'].includes(mode), 'mode', mode, '"Reference" or "Resource"');
    v.check(props.resources.length > 0, 'resources', props.resources, 'at least one kind to watch');
    props.resources.forEach((r, i) => {
      v.knownProps(`resources[${i}]`, r, WATCHED_PROPS);
      v.format(`resources[${i}].apiVersion`, r.apiVersion, API_VERSION, true);
      v.format(`resources[${i}].kind`, r.kind, KIND, true);
      v.check(r.resource === undefined || /^[a-z][a-z0-9]*$/.test(r.resource), `resources[${i}].resource`, r.resource, 'a plural resource name such as "deployments"');
      v.map(`resources[${i}].selector`, r.selector, LABEL_KEY, LABEL_VALUE);
    });
    validateEventTarget(v, 'sink', props.sink, namespace);
    v.throwIfInvalid();

    const sa = new ServiceAccount(this, 'ServiceAccount', {
      name: this.name,
      namespace,
      automountToken: { reason: 'the ApiServerSource adapter watches the API server with this identity' },
    });
    const byGroup = new Map<string, Set<string>>();
    for (const r of props.resources) {
      const group = r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : '';
      byGroup.set(group, (byGroup.get(group) ?? new Set()).add(r.resource ?? `${r.kind.toLowerCase()}s`));
    }
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
