import { k8s, KubeIngress } from '../core/k8s';
import { Construct } from 'constructs';
import { ANNOTATION_KEY, DNS_1035_LABEL, Format, HTTP_PATH, INGRESS_HOST } from '../core/formats';
import { PropsValidator, isObject } from '../core/validator';
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
const PATH_TYPES: readonly string[] = ['Prefix', 'Exact', 'ImplementationSpecific'];
/** An annotation value: any string (numbers and booleans must be quoted). */
const ANNOTATION_VALUE: Format = { test: (v) => typeof v === 'string', description: 'a string (write numbers and booleans in quotes, e.g. "true")' };

/**
 * Checks a path for its pathType as the API server does (Exact and Prefix paths: no "//", "/./", "/../", "%2f", and no
 * trailing "/." or "/.."), and as ingress-nginx's admission webhook does by default since 1.12 (Exact and Prefix paths
 * of letters, digits, "/", "_" and "-" only; regular expressions need ImplementationSpecific).
 */
function checkPath(v: PropsValidator, field: string, path: string, pathType: string, nginx: boolean): void {
  if (pathType === 'ImplementationSpecific') {
    return;
  }
  const bad = ['//', '/./', '/../', '%2f', '%2F'].find((x) => path.includes(x)) ?? ['/..', '/.'].find((x) => path.endsWith(x));
  if (!v.check(bad === undefined, field, path, `a ${pathType} path without "${bad}" (the API server refuses it)`)) {
    return;
  }
  v.check(!nginx || /^\/[A-Za-z0-9/_-]*$/.test(path), field, path, `a ${pathType} path of letters, digits, "/", "_" and "-" only: ingress-nginx refuses other `
    + 'characters (such as regular expressions) unless pathType is "ImplementationSpecific"');
}

/**
 * A `networking.k8s.io/v1` Ingress with an explicit IngressClass, host rules and TLS. Invalid hosts and TLS hosts
 * that no rule serves are rejected when the construct is created.
 */
export class WebIngress extends NamespacedResource {
  /** The controller serving the Ingress. */
  public readonly controller: IngressController;

  public constructor(scope: Construct, id: string, props: WebIngressProps) {
    super(scope, id, props, { props: PROPS });
    const p: Partial<WebIngressProps> = isObject(props) ? props : {};
    this.controller = p.controller!;
    const v = this.validator;
    const controllerOk = v.check(p.controller instanceof IngressController, 'controller', p.controller,
      'an IngressController, e.g. IngressController.INGRESS_NGINX or IngressController.of({...})');
    const rules: unknown[] = Array.isArray(p.rules) ? p.rules : [];
    v.check(Array.isArray(p.rules) && rules.length > 0, 'rules', p.rules, 'a list of at least one host rule: [{ host, path?, pathType?, serviceName, servicePort }]');
    const valid = rules.filter((r, i) => {
      if (!v.check(isObject(r), `rules[${i}]`, r, 'a host rule: { host, path?, pathType?, serviceName, servicePort }') || !v.knownProps(`rules[${i}]`, r, RULE_PROPS)) {
        return false;
      }
      const rule = r as IngressHostRule;
      const hostOk = v.format(`rules[${i}].host`, rule.host, INGRESS_HOST, true);
      const typeOk = v.check(rule.pathType === undefined || PATH_TYPES.includes(rule.pathType), `rules[${i}].pathType`, rule.pathType,
        '"Prefix", "Exact" or "ImplementationSpecific"');
      if (v.format(`rules[${i}].path`, rule.path, HTTP_PATH) && typeOk && typeof rule.path === 'string') {
        checkPath(v, `rules[${i}].path`, rule.path, rule.pathType ?? 'Prefix', controllerOk && p.controller === IngressController.INGRESS_NGINX);
      }
      v.format(`rules[${i}].serviceName`, rule.serviceName, DNS_1035_LABEL, true);
      if (typeof rule.servicePort === 'number' || typeof rule.servicePort === 'string') {
        v.portRef(`rules[${i}].servicePort`, rule.servicePort, true);
      } else {
        v.fail(`rules[${i}].servicePort`, rule.servicePort, 'the Service port: a number from 1 to 65535, or the port\'s name');
      }
      return hostOk;
    }) as IngressHostRule[];
    v.unique('rules', valid, (r) => `${r.host} ${r.path ?? '/'}`, 'a host and path');
    if (v.check(p.annotations === undefined || isObject(p.annotations), 'annotations', p.annotations, 'a map of annotation keys to string values')) {
      v.map('annotations', p.annotations, ANNOTATION_KEY, ANNOTATION_VALUE);
    }
    if (p.tls !== undefined && v.check(p.tls instanceof IngressTls, 'tls', p.tls, 'an IngressTls, e.g. IngressTls.fromSecret("web-tls"), IngressTls.fromCertManager({ clusterIssuer }) or IngressTls.fromAcm()')) {
      p.tls._validate(v, valid.map((r) => r.host), controllerOk ? p.controller : undefined);
      // The annotations the TLS source writes (cert-manager's issuer, the ALB's listeners) would silently replace the same keys given here.
      if (v.issues.length === 0 && isObject(p.annotations)) {
        for (const key of Object.keys(p.tls._annotations()).filter((k) => Object.hasOwn(p.annotations!, k))) {
          v.fail(`annotations.${key}`, p.annotations[key], `no ${key}: the TLS source (tls) writes it`);
        }
      }
    }
    v.throwIfInvalid();
    props = p as WebIngressProps;

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
