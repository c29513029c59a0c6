import { KubeServiceAccount } from '../core/k8s';
import { Construct } from 'constructs';
import { AUTOMOUNT_REASON_ANNOTATION } from '../core/annotations';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { isObject } from '../core/validator';

/** Props of a {@link ServiceAccount}. */
export interface ServiceAccountProps {
  /**
   * Name of the ServiceAccount.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * Labels.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * Mounts an API token into the pods by default, for controllers that call the API server; the reason is recorded.
   * @default no token is mounted
   */
  readonly automountToken?: { readonly reason: string };
}

const PROPS = propNames<ServiceAccountProps>()({ name: true, namespace: true, labels: true, automountToken: true });

/**
 * A ServiceAccount whose API token is not mounted into pods unless you say why they need it. Workloads get one
 * each, so none runs as `default`; AWS pod identities declare theirs here.
 */
export class ServiceAccount extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    if (!isObject(props)) {
      v.throwIfInvalid(); // "props: got ...; expected an object of props", recorded by Resource
    }
    v.risk('automountToken', props.automountToken, 'the pods need the API');
    v.throwIfInvalid();

    new KubeServiceAccount(this, RESOURCE_ID, {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: props.labels,
        annotations: props.automountToken ? { [AUTOMOUNT_REASON_ANNOTATION]: props.automountToken.reason } : undefined,
      },
      automountServiceAccountToken: props.automountToken !== undefined,
    });
  }
}
