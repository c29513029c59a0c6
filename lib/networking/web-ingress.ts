import { k8s, KubeIngress } from '../core/k8s';
import { Construct } from 'constructs';
import { DNS_1035_LABEL, HTTP_PATH, INGRESS_HOST, LABEL_KEY } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { IngressController } from './ingress-controller';
import { IngressTls } from './ingress-tls';

/** One host and path routed to a Service port. */
export interface IngressHostRule {
  /** Host name the rule matches, e.g. "counter.com"; a leading "*." matches one subdomain level. */
  readonly host: string;
  /**
   * Path the rule matches.
   * @default "/"
   */
  readonly path?: string;
  /**
   * How the path matches.
   * @default "Prefix"
   */
  readonly pathType?: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  /** Name of the Service that receives the traffic, in the Ingress namespace. */
  readonly serviceName: string;
  /** Port of that Service, by number or name. */
  readonly servicePort: number | string;
}

/** Props of a {@link WebIngress}. */
export interface WebIngressProps {
  /**
   * Name of the Ingress.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the Ingress and of its backend Services.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /** The controller that serves this Ingress; gives the IngressClass name. */
  readonly controller: IngressController;
  /** Host rules; at least one. */
  readonly rules: IngressHostRule[];
  /**
   * TLS for the hosts. Without it the Ingress serves plain HTTP only.
   * @default no TLS
   */
  readonly tls?: IngressTls;
  /**
   * Extra annotations, e.g. controller-specific settings.
   * @default none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Labels of the Ingress object.
   * @default none
   */
  readonly labels?: Record<string, string>;
}

const PROPS = propNames<WebIngressProps>()({ name: true, namespace: true, controller: true, rules: true, tls: true, annotations: true, labels: true });
const RULE_PROPS = propNames<IngressHostRule>()({ host: true, path: true, pathType: true, serviceName: true, servicePort: true });

/**
 * A `networking.k8s.io/v1` Ingress with an explicit IngressClass, host rules and TLS. Invalid hosts and TLS hosts
 * that no rule serves are rejected when the construct is created.
 */
export class WebIngress extends NamespacedResource {
  /** The controller serving the Ingress. */
  public readonly controller: IngressController;

  public constructor(scope: Construct, id: string, props: WebIngressProps) {
    super(scope, id, props, { props: PROPS });
    this.controller = props.controller;
    const v = this.validator;
    v.check(props.controller instanceof IngressController, 'controller', props.controller,
      'an IngressController, e.g. IngressController.INGRESS_NGINX or IngressController.of({...})');
    v.check(props.rules.length > 0, 'rules', props.rules, 'at least one host rule');
    props.rules.forEach((r, i) => {
      v.knownProps(`rules[${i}]`, r, RULE_PROPS);
      v.format(`rules[${i}].host`, r.host, INGRESS_HOST, true);
      v.format(`rules[${i}].path`, r.path, HTTP_PATH);
      v.format(`rules[${i}].serviceName`, r.serviceName, DNS_1035_LABEL, true);
      v.portRef(`rules[${i}].servicePort`, r.servicePort, true);
    });
    v.unique('rules', props.rules, (r) => `${r.host} ${r.path ?? '/'}`, 'a host and path');
    v.map('annotations', props.annotations, LABEL_KEY);
    props.tls?._validate(v, props.rules.map((r) => r.host));
    v.throwIfInvalid();

    const backendPort = (p: number | string): k8s.ServiceBackendPort => (typeof p === 'number' ? { number: p } : { name: p });
    const tls = props.tls;
    const ruleHosts = props.rules.map((r) => r.host);
    const hosts = [...new Set(ruleHosts)];
    new KubeIngress(this, RESOURCE_ID, {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: props.labels,
        annotations: { ...props.annotations, ...tls?._annotations() },
      },
      spec: {
        ingressClassName: props.controller.className,
        rules: hosts.map((host) => ({
          host,
          http: {
            paths: props.rules.filter((r) => r.host === host).map((r) => ({
              path: r.path ?? '/',
              pathType: r.pathType ?? 'Prefix',
              backend: { service: { name: r.serviceName, port: backendPort(r.servicePort) } },
            })),
          },
        })),
        tls: tls ? [{ hosts: tls._hosts(ruleHosts), secretName: tls._secretName(this.name) }] : undefined,
      },
    });
  }
}
