import { DNS_LABEL, LABEL_KEY, LABEL_VALUE, OBJECT_NAME } from '../core/formats';
import { PropsValidator, isObject } from '../core/validator';

/** Props of an {@link IngressController}. */
export interface IngressControllerProps {
  /** The IngressClass name that routes to this controller, e.g. "nginx". */
  readonly className: string;
  /** Namespace the controller pods run in. */
  readonly namespace: string;
  /** Labels of the controller pods, used to let only them reach your workloads. */
  readonly podLabels: Record<string, string>;
}

/**
 * An in-cluster ingress controller: the IngressClass that Ingresses name, and the pods that NetworkPolicies
 * must let in. Use a preset or describe your own with {@link IngressController.of}.
 */
export class IngressController {
  /**
   * ingress-nginx as installed by its Helm chart or static manifests (namespace "ingress-nginx"), the controller
   * of The Kubernetes Workshop. Note: the project was retired upstream in March 2026.
   */
  public static readonly INGRESS_NGINX = new IngressController({
    className: 'nginx',
    namespace: 'ingress-nginx',
    podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
  });

  /** Traefik as installed by its Helm chart into the namespace "traefik". */
  public static readonly TRAEFIK = new IngressController({
    className: 'traefik',
    namespace: 'traefik',
    podLabels: { 'app.kubernetes.io/name': 'traefik' },
  });

  /** Describes another controller. */
  public static of(props: IngressControllerProps): IngressController {
    const v = new PropsValidator('IngressController');
    if (v.knownProps('', props, ['className', 'namespace', 'podLabels']) && v.check(props !== undefined, 'props', props, '{ className, namespace, podLabels }')) {
      // The IngressClass name is an object name; the controller pods' namespace a DNS label.
      v.format('className', props.className, OBJECT_NAME, true);
      v.format('namespace', props.namespace, DNS_LABEL, true);
      if (v.check(isObject(props.podLabels) && Object.keys(props.podLabels).length > 0, 'podLabels', props.podLabels, 'at least one label of the controller pods')) {
        v.map('podLabels', props.podLabels, LABEL_KEY, LABEL_VALUE);
      }
    }
    v.throwIfInvalid();
    return new IngressController(props);
  }

  /** The IngressClass name. */
  public readonly className: string;
  /** Namespace of the controller pods. */
  public readonly namespace: string;
  /** Labels of the controller pods. */
  public readonly podLabels: Readonly<Record<string, string>>;

  private constructor(props: IngressControllerProps) {
    this.className = props.className;
    this.namespace = props.namespace;
    this.podLabels = { ...props.podLabels };
  }
}
