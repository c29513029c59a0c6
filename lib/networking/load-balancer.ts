// How a LoadBalancer Service is published: its options, the annotations they become, and their checks. A module of
// functions that the Service construct uses (lib/networking/service.ts).
import { OPEN_LOAD_BALANCER_REASON_ANNOTATION } from '../core/annotations';
import { CIDR, INGRESS_HOST, LABEL_KEY } from '../core/formats';
import { propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, isObject } from '../core/validator';
import { SOURCE_RANGES_ANNOTATION, coversEveryAddress } from '../policy/checks/services';
import type { ServiceType } from './service';

/** The load balancer class of the AWS Load Balancer Controller: an NLB per Service. */
export const AWS_NLB_CLASS = 'service.k8s.aws/nlb';
/** AWS Load Balancer Controller: whether the NLB is "internal" or "internet-facing". */
export const AWS_LB_SCHEME_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
/** AWS Load Balancer Controller: "ip" sends traffic from the NLB straight to the pods' addresses (no node hop). */
export const AWS_NLB_TARGET_TYPE_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type';
/** external-dns: the DNS name it creates for the Service's load balancer. */
export const EXTERNAL_DNS_HOSTNAME_ANNOTATION = 'external-dns.alpha.kubernetes.io/hostname';

/** How a LoadBalancer {@link Service} is published. */
export interface LoadBalancerOptions {
  /**
   * Client address ranges (CIDRs) that may connect, e.g. ["10.0.0.0/8"]; at least one. A range of every address
   * ("0.0.0.0/0" or "::/0") needs `openToAll`.
   */
  readonly sourceRanges: string[];
  /**
   * Why every address may connect: required when `sourceRanges` holds 0.0.0.0/0 or ::/0. Recorded in the annotation
   * `keelson.dev/open-load-balancer-reason`.
   * @default none (no range may cover every address)
   */
  readonly openToAll?: AcceptedRisk;
  /**
   * Whether the AWS NLB has only private addresses ("internal") or public ones ("internet-facing"). AWS Load Balancer
   * Controller class only.
   * @default "internal"
   */
  readonly scheme?: 'internal' | 'internet-facing';
  /**
   * The controller that provisions the load balancer (`spec.loadBalancerClass`). The default is the AWS Load Balancer
   * Controller (an NLB sending to the pods' IPs); another class gets no AWS annotations (give its own in
   * `annotations`).
   * @default "service.k8s.aws/nlb"
   */
  readonly loadBalancerClass?: string;
  /**
   * DNS name that external-dns points at the load balancer, e.g. "api.example.com".
   * @default no DNS record
   */
  readonly hostname?: string;
}

/** What the load balancer options add to the Service: annotations, and the class and source ranges of its spec. */
export interface LoadBalancerSettings {
  readonly annotations: Record<string, string>;
  readonly loadBalancerClass?: string;
  readonly sourceRanges?: string[];
}

const LB_PROPS = propNames<LoadBalancerOptions>()({ sourceRanges: true, openToAll: true, scheme: true, loadBalancerClass: true, hostname: true });

/** Annotations the Service construct writes itself (from its load balancer options), with the option that sets each. */
export const LOAD_BALANCER_ANNOTATIONS: Readonly<Record<string, string>> = {
  [AWS_LB_SCHEME_ANNOTATION]: 'loadBalancer.scheme',
  [AWS_NLB_TARGET_TYPE_ANNOTATION]: 'the construct (target type "ip")',
  [EXTERNAL_DNS_HOSTNAME_ANNOTATION]: 'loadBalancer.hostname',
  [OPEN_LOAD_BALANCER_REASON_ANNOTATION]: 'loadBalancer.openToAll',
  [SOURCE_RANGES_ANNOTATION]: 'loadBalancer.sourceRanges',
};

/**
 * Checks the load balancer options of a Service of `type` (required for type LoadBalancer, refused for the others);
 * returns what they add to the Service. Problems are recorded on `v`.
 */
export function checkLoadBalancer(v: PropsValidator, lb: LoadBalancerOptions | undefined, type: ServiceType): LoadBalancerSettings {
  const none = { annotations: {} };
  if (type !== 'LoadBalancer') {
    v.check(lb === undefined, 'loadBalancer', lb, `no loadBalancer options: the Service is of type ${type} (set type "LoadBalancer" to publish it through a load balancer)`);
    return none;
  }
  if (!v.check(lb !== undefined, 'loadBalancer', lb, '{ sourceRanges: [...] }: the client ranges a LoadBalancer Service admits, e.g. { sourceRanges: ["10.0.0.0/8"] }')
    || !v.knownProps('loadBalancer', lb, LB_PROPS)) {
    return none;
  }
  const o = lb!;
  const ranges: unknown[] = Array.isArray(o.sourceRanges) ? o.sourceRanges : [];
  v.check(Array.isArray(o.sourceRanges) && ranges.length > 0, 'loadBalancer.sourceRanges', o.sourceRanges,
    'at least one client CIDR such as "10.0.0.0/8" (without ranges, every address that reaches the load balancer may connect)');
  ranges.forEach((r, i) => v.format(`loadBalancer.sourceRanges[${i}]`, r as string, CIDR, true));
  v.unique('loadBalancer.sourceRanges', ranges, (r) => String(r), 'a range');
  const open = ranges.filter((r) => typeof r === 'string' && coversEveryAddress(r));
  if (open.length > 0) {
    if (v.check(o.openToAll !== undefined, 'loadBalancer.openToAll', o.openToAll,
      `{ reason: "..." }: sourceRanges holds ${open.join(', ')}, which admits every address; say why, or list the clients' ranges`)) {
      v.risk('loadBalancer.openToAll', o.openToAll, 'every address may connect to the load balancer');
    }
  } else {
    v.check(o.openToAll === undefined, 'loadBalancer.openToAll', o.openToAll, 'no openToAll: no source range covers every address (0.0.0.0/0 or ::/0)');
  }
  const loadBalancerClass = o.loadBalancerClass ?? AWS_NLB_CLASS;
  v.format('loadBalancer.loadBalancerClass', loadBalancerClass, {
    test: LABEL_KEY.test, description: 'a load balancer class such as "service.k8s.aws/nlb" or "example.com/internal-vip" (a label-style name)',
  });
  const aws = loadBalancerClass === AWS_NLB_CLASS;
  if (aws) {
    v.check(o.scheme === undefined || o.scheme === 'internal' || o.scheme === 'internet-facing', 'loadBalancer.scheme', o.scheme, '"internal" or "internet-facing"');
  } else {
    v.check(o.scheme === undefined, 'loadBalancer.scheme', o.scheme,
      `no scheme: it is a setting of the AWS Load Balancer Controller (class ${AWS_NLB_CLASS}); give the settings of class "${loadBalancerClass}" in annotations`);
  }
  v.format('loadBalancer.hostname', o.hostname, INGRESS_HOST);
  const annotations: Record<string, string> = {
    ...(aws ? { [AWS_LB_SCHEME_ANNOTATION]: o.scheme ?? 'internal', [AWS_NLB_TARGET_TYPE_ANNOTATION]: 'ip' } : {}),
    ...(o.hostname !== undefined ? { [EXTERNAL_DNS_HOSTNAME_ANNOTATION]: o.hostname } : {}),
    ...(open.length > 0 && isObject(o.openToAll) ? { [OPEN_LOAD_BALANCER_REASON_ANNOTATION]: String(o.openToAll.reason) } : {}),
  };
  return { annotations, loadBalancerClass, sourceRanges: ranges.map(String) };
}
