import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { LABEL_KEY, LABEL_VALUE, OBJECT_NAME } from '../core/formats';
import { resolveNamespace } from '../core/namespace-scope';
import { PropsValidator } from '../core/validator';

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
}

/**
 * A ServiceAccount whose API token is not mounted into pods by default (pods that call the API server opt in
 * on their own spec). Workloads get one each, so none runs as `default`; AWS pod identities declare theirs here.
 */
export class ServiceAccount extends Construct {
  /** Name of the ServiceAccount. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(scope, id);
    this.name = props.name ?? id;
    const v = PropsValidator.of(this);
    v.format('name', this.name, OBJECT_NAME, true);
    this.namespace = resolveNamespace(this, props.namespace, v);
    v.map('labels', props.labels, LABEL_KEY, LABEL_VALUE);
    v.throwIfInvalid();

    new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: props.labels },
      automountServiceAccountToken: false,
    });
  }
}
