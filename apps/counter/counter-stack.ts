import { Construct } from 'constructs';
import {
  AppStack, Gateway, GatewayController, IngressController, IngressTls, ListenerTls, Probe, SecureNamespace, WebService, WebServiceIngressOptions,
  WebServiceRouteOptions,
} from '../../lib';
import { PLATFORM } from '../eks-platform/platform';
import { elasticacheStore } from './elasticache';
import { mysqlStore } from './mysql';
import { redisStore } from './redis';
import { StateStore } from './state-store';

/** Which chapter's state store backs the counter: Redis in the cluster or in ElastiCache (ch. 12), or MySQL (ch. 14). */
export type CounterVariant = 'redis' | 'elasticache' | 'mysql';

const STORES: Record<CounterVariant, (scope: Construct) => StateStore> = {
  redis: redisStore,
  elasticache: elasticacheStore,
  mysql: mysqlStore,
};

/** Props of a {@link CounterStack}. */
export interface CounterStackProps {
  /** The state store. */
  readonly variant: CounterVariant;
  /**
   * Namespace of the whole app.
   * @default "counter-<variant>"
   */
  readonly namespace?: string;
  /**
   * Public host of the app.
   * @default "counter.com"
   */
  readonly host?: string;
  /**
   * The ingress controller in front of the app.
   * @default ingress-nginx, as in the book
   */
  readonly ingressController?: IngressController;
  /**
   * Where the TLS certificate for the host comes from (with an ingress controller).
   * @default cert-manager with the ClusterIssuer "letsencrypt-prod", into the Secret "counter-com-tls"
   */
  readonly tls?: IngressTls;
  /**
   * Publishes the app through a Gateway API Gateway of this implementation instead of an Ingress: an HTTPS listener
   * for the host (certificate from cert-manager's "letsencrypt-prod", Secret "counter-com-tls") and an HTTP listener
   * that only redirects to HTTPS. ingress-nginx, the book's controller, was retired upstream in March 2026.
   * @default an Ingress for `ingressController`
   */
  readonly gateway?: GatewayController;
}

/**
 * The counter app of The Kubernetes Workshop, ch. 12–14: a Go service that counts requests to `/get-number`,
 * three replicas behind `counter.com`, its count kept in Redis or MySQL, in a namespace where only the
 * ingress controller reaches the app and only the app reaches the store.
 */
export class CounterStack extends AppStack {
  public constructor(scope: Construct, id: string, props: CounterStackProps) {
    super(scope, id);

    // Ch. 13: the namespace starts locked down (Pod Security "restricted", default-deny, DNS allowed). The variant
    // with secrets in AWS (MySQL's credentials) carries the label that lets it use the platform's secret store.
    const ns = new SecureNamespace(this, 'namespace', {
      name: props.namespace ?? `counter-${props.variant}`,
      labels: props.variant === 'mysql' ? { ...PLATFORM.secretStoreAccessLabel } : undefined,
    });

    // Ch. 12 / ch. 14: the state store.
    const store = STORES[props.variant](ns);

    // Ch. 12: three stateless replicas; the state lives in the store, so any replica can answer.
    const flavour = props.variant === 'mysql' ? 'mysql' : 'redis'; // the ElastiCache step runs the Redis build
    const host = props.host ?? 'counter.com';
    const app = counterApp(ns, flavour, store, props.gateway ? { route: counterRoute(ns, props.gateway, host) } : {
      ingress: {
        host,
        controller: props.ingressController ?? IngressController.INGRESS_NGINX,
        tls: props.tls ?? IngressTls.fromCertManager({ clusterIssuer: 'letsencrypt-prod', secretName: 'counter-com-tls' }),
      },
    });

    // Ch. 13 (Activity 13.01, as intended rather than the committed allow-all): only the ingress controller (or
    // the Gateway's proxies) reaches the app, and only the app reaches the store.
    ns.allowFromIngress(app);
    store.connect(ns, app);
  }
}

/**
 * The Workshop's counter app (`packtworkshops/the-kubernetes-workshop:demo-app-with-<flavour>`): three replicas on
 * 8080 behind a Service on 80, reading the store's address from its env, optionally published by an Ingress.
 */
export function counterApp(ns: SecureNamespace, flavour: 'redis' | 'mysql', store: StateStore,
  publish: { readonly ingress?: WebServiceIngressOptions; readonly route?: WebServiceRouteOptions } = {}): WebService {
  return new WebService(ns, 'app', {
    name: `kubernetes-test-ha-application-with-${flavour}`,
    deploymentName: `kubernetes-test-ha-application-with-${flavour}-deployment`,
    image: `packtworkshops/the-kubernetes-workshop:demo-app-with-${flavour}`,
    replicas: 3,
    containerPort: 8080,
    servicePort: 80,
    env: store.appEnv,
    // The app has no health endpoint and GET /get-number increments the counter: probe the TCP port only.
    mutatingPaths: ['/get-number'],
    readiness: Probe.tcp('http'),
    liveness: Probe.tcp('http', { initialDelaySeconds: 5 }),
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
    ...store.placement,
    ...publish,
  });
}

/**
 * The Gateway API in place of the book's Ingress: a Gateway `counter` in the app's namespace with an HTTPS listener
 * for the host and an HTTP listener that only redirects to HTTPS; the app's route attaches to the HTTPS listener.
 */
function counterRoute(ns: SecureNamespace, controller: GatewayController, host: string): WebServiceRouteOptions {
  const gateway = new Gateway(ns, 'gateway', {
    name: 'counter',
    controller,
    listeners: [
      { name: 'http', protocol: 'HTTP', redirectToHttps: true },
      { name: 'https', protocol: 'HTTPS', hostname: host, tls: ListenerTls.fromCertManager({ clusterIssuer: 'letsencrypt-prod', secretName: 'counter-com-tls' }) },
    ],
  });
  return { gateway, hostnames: [host] };
}
