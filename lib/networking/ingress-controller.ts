import { parseIpv4Cidr } from '../core/cidr';
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

/** The `spec.controller` of IngressClasses served by the AWS Load Balancer Controller (its ALBs). */
export const ALB_INGRESS_CONTROLLER = 'ingress.k8s.aws/alb';

/** Props of {@link IngressController.awsLoadBalancer}. */
export interface AwsLoadBalancerIngressProps {
  /**
   * The IPv4 CIDRs of the subnets the ALBs run in, e.g. ["10.0.0.0/24", "10.0.1.0/24"]: an ALB sends to the pods' IPs
   * (IP targets) from its addresses there, so NetworkPolicies let these blocks in. Internet-facing ALBs run in the
   * public subnets, which hold no pods; internal ALBs in the private ones, where the pods are too (with the VPC CNI a
   * pod's address is a VPC address, so such a block admits the pods of those subnets as well). The VPC's CIDR
   * covers both.
   */
  readonly sourceCidrs: string[];
  /**
   * The IngressClass name.
   * @default "alb"
   */
  readonly className?: string;
}

/**
 * An ingress controller: the IngressClass that Ingresses name, and where its traffic comes from, which
 * NetworkPolicies must let in: the controller's pods (in-cluster controllers such as ingress-nginx or Traefik), or
 * the addresses of a load balancer that sends to the pods' IPs (the AWS Load Balancer Controller's ALBs). Use a
 * preset, describe an in-cluster controller with {@link IngressController.of}, or an ALB class with
 * {@link IngressController.awsLoadBalancer}.
 */
export class IngressController {
  /**
   * ingress-nginx as installed by its Helm chart or static manifests (namespace "ingress-nginx"), the controller
   * of The Kubernetes Workshop. Note: the project was retired upstream in March 2026.
   */
  public static readonly INGRESS_NGINX = new IngressController('nginx', {
    namespace: 'ingress-nginx',
    podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
  });

  /** Traefik as installed by its Helm chart into the namespace "traefik". */
  public static readonly TRAEFIK = new IngressController('traefik', {
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
    return new IngressController(props.className, { namespace: props.namespace, podLabels: { ...props.podLabels } });
  }

  /**
   * The ALBs of the AWS Load Balancer Controller (IngressClass "alb" by default; `AwsLoadBalancerController` of
   * keelson/aws gives its own as `ingressController`, with the subnets of its scheme). Traffic reaches the pods from
   * the ALBs' addresses in their subnets, not from pods, so NetworkPolicies admit those blocks on the served port.
   */
  public static awsLoadBalancer(props: AwsLoadBalancerIngressProps): IngressController {
    const v = new PropsValidator('IngressController.awsLoadBalancer');
    if (v.check(isObject(props), 'props', props, '{ sourceCidrs, className? }') && v.knownProps('', props, ['sourceCidrs', 'className'])) {
      v.format('className', props.className, OBJECT_NAME);
      const cidrs: unknown = props.sourceCidrs;
      if (v.check(Array.isArray(cidrs) && cidrs.length > 0 && cidrs.length <= 16, 'sourceCidrs', cidrs,
        'a list of 1 to 16 subnet CIDRs (the subnets the ALBs run in), or the VPC\'s CIDR')) {
        (cidrs as unknown[]).forEach((c, i) => {
          const block = typeof c === 'string' ? parseIpv4Cidr(c) : undefined;
          v.check(block !== undefined && block.prefix >= 16 && block.prefix <= 28, `sourceCidrs[${i}]`, c,
            'an IPv4 CIDR by its network address, such as "10.0.0.0/24": a subnet or VPC block (AWS allows /16 to /28)');
        });
        v.unique('sourceCidrs', cidrs as unknown[], (c) => String(c), 'a block');
      }
    }
    v.throwIfInvalid();
    return new IngressController(props.className ?? 'alb', { sourceCidrs: [...props.sourceCidrs] });
  }

  /** The IngressClass name. */
  public readonly className: string;
  /**
   * Namespace of the controller pods.
   * @default undefined for a load balancer outside the cluster (see `sourceCidrs`)
   */
  public readonly namespace?: string;
  /**
   * Labels of the controller pods.
   * @default undefined for a load balancer outside the cluster (see `sourceCidrs`)
   */
  public readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * The address blocks the controller's traffic comes from, for a load balancer that sends to the pods' IPs.
   * @default undefined for an in-cluster controller (see `namespace` and `podLabels`)
   */
  public readonly sourceCidrs?: readonly string[];

  private constructor(className: string, source: { namespace: string; podLabels: Record<string, string> } | { sourceCidrs: string[] }) {
    this.className = className;
    if ('sourceCidrs' in source) {
      this.sourceCidrs = source.sourceCidrs;
    } else {
      this.namespace = source.namespace;
      this.podLabels = source.podLabels;
    }
  }
}
