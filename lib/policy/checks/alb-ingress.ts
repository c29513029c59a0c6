// How the AWS Load Balancer Controller serves an Ingress: which Ingresses are its, and the listeners their ALB opens.
// The controller reads neither spec.tls Secrets nor cert-manager: its listeners come from the listen-ports annotation,
// which defaults to HTTP on 80, or HTTPS on 443 when a certificate ARN is named (annotation or IngressClassParams).
import { ALB_INGRESS_CONTROLLER } from '../../networking/ingress-controller';
import { ALB_CERTIFICATE_ARN_ANNOTATION as CERTIFICATE_ARN, ALB_LISTEN_PORTS_ANNOTATION as LISTEN_PORTS } from '../../networking/ingress-tls';
import { ObjectIndex } from '../object-index';
import { isMap } from '../selectors';
import { ingressClassOf } from './reachability';

const SSL_REDIRECT = 'alb.ingress.kubernetes.io/ssl-redirect';

/** An ALB listener: its protocol and port. */
export interface AlbListener {
  readonly protocol: string;
  readonly port: unknown;
}

/** The ALB of an Ingress: its class and listeners (undefined when the listen-ports annotation cannot be read). */
export interface AlbIngress {
  readonly className: string;
  readonly listeners?: readonly AlbListener[];
}

/**
 * The ALB that serves an Ingress, when the AWS Load Balancer Controller does: its IngressClass (an object of the
 * output) names the controller, or, with no such object, the class is "alb" (the controller's default name).
 */
export function albOf(ingress: any, index: ObjectIndex): AlbIngress | undefined {
  const of = ingressClassOf(ingress, index);
  if (of === undefined || (of.ingressClass ? of.ingressClass.spec?.controller !== ALB_INGRESS_CONTROLLER : of.className !== 'alb')) {
    return undefined;
  }
  const { className, ingressClass } = of;
  const annotations = isMap(ingress?.metadata?.annotations) ? ingress.metadata.annotations : {};
  const listenPorts = annotations[LISTEN_PORTS];
  if (listenPorts === undefined) {
    const params = ingressClass?.spec?.parameters;
    const classCertificates = params?.kind === 'IngressClassParams' && typeof params.name === 'string'
      ? index.get('elbv2.k8s.aws/IngressClassParams', undefined, params.name)?.object?.spec?.certificateArn : undefined;
    const certificate = typeof annotations[CERTIFICATE_ARN] === 'string' || (Array.isArray(classCertificates) && classCertificates.length > 0);
    return { className, listeners: [certificate ? { protocol: 'HTTPS', port: 443 } : { protocol: 'HTTP', port: 80 }] };
  }
  return { className, listeners: parseListenPorts(listenPorts) };
}

/** `[{"HTTP": 80}, {"HTTPS": 443}]` as listeners; undefined unless it is such a list. */
function parseListenPorts(text: unknown): AlbListener[] | undefined {
  let parsed: unknown;
  try {
    parsed = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(isMap)) {
    return undefined;
  }
  const listeners = parsed.flatMap((entry) => Object.entries(entry).map(([protocol, port]) => ({ protocol, port })));
  return listeners.every((l) => l.protocol === 'HTTP' || l.protocol === 'HTTPS') ? listeners : undefined;
}

/** What keeps an ALB from serving only TLS: no HTTPS listener, or an HTTP one that does not redirect. */
export function albTlsProblems(ingress: any, alb: AlbIngress, served: string): string[] {
  const where = `the ALB of IngressClass "${alb.className}"`;
  if (alb.listeners === undefined) {
    return [`${where} cannot be read: the annotation ${LISTEN_PORTS} is not a JSON list such as [{"HTTPS":443}], which the controller refuses`];
  }
  const https = alb.listeners.filter((l) => l.protocol === 'HTTPS');
  if (https.length === 0) {
    return [`${where} listens on plain HTTP only (port ${alb.listeners.map((l) => String(l.port)).join(', ')}) for ${served}: `
      + `spec.tls does not make it listen on HTTPS; set ${LISTEN_PORTS}: '[{"HTTPS":443}]' (keelson: IngressTls.fromAcm())`];
  }
  const redirects = typeof ingress?.metadata?.annotations?.[SSL_REDIRECT] === 'string';
  return alb.listeners.filter((l) => l.protocol === 'HTTP' && !redirects)
    .map((l) => `${where} also serves ${served} over plain HTTP on port ${String(l.port)}: redirect it with ${SSL_REDIRECT}, or drop the HTTP listener`);
}
