import { Construct } from 'constructs';
import { AppStack, IngressController, IngressTls, Probe, SecureNamespace, WebService } from '../../lib';
import { mysqlStore } from './mysql';
import { redisStore } from './redis';

/** Which chapter's state store backs the counter. */
export type CounterVariant = 'redis' | 'mysql';

/** Props of a {@link CounterStack}. */
export interface CounterStackProps {
  /** The state store: Redis (ch. 12) or MySQL (ch. 14). */
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
   * Where the TLS certificate for the host comes from.
   * @default cert-manager with the ClusterIssuer "letsencrypt-prod", into the Secret "counter-com-tls"
   */
  readonly tls?: IngressTls;
  /**
   * AWS Secrets Manager secret with the MySQL credentials (mysql variant only).
   * @default "counter/mysql"
   */
  readonly mysqlRemoteSecret?: string;
}

/**
 * The counter app of The Kubernetes Workshop, ch. 12–14: a Go service that counts requests to `/get-number`,
 * three replicas behind `counter.com`, its count kept in Redis or MySQL, in a namespace where only the
 * ingress controller reaches the app and only the app reaches the store.
 */
export class CounterStack extends AppStack {
  public constructor(scope: Construct, id: string, props: CounterStackProps) {
    super(scope, id);

    // Ch. 13: the namespace starts locked down (Pod Security "restricted", default-deny, DNS allowed).
    const ns = new SecureNamespace(this, 'namespace', { name: props.namespace ?? `counter-${props.variant}` });

    // Ch. 12 / ch. 14: the state store.
    const store = props.variant === 'redis'
      ? redisStore(ns)
      : mysqlStore(ns, { remoteSecret: props.mysqlRemoteSecret ?? 'counter/mysql' });

    // Ch. 12: three stateless replicas; the state lives in the store, so any replica can answer.
    const app = new WebService(ns, 'app', {
      name: `kubernetes-test-ha-application-with-${props.variant}`,
      deploymentName: `kubernetes-test-ha-application-with-${props.variant}-deployment`,
      image: `packtworkshops/the-kubernetes-workshop:demo-app-with-${props.variant}`,
      replicas: 3,
      containerPort: 8080,
      servicePort: 80,
      env: store.appEnv,
      // The app has no health endpoint and GET /get-number increments the counter: probe the TCP port only.
      readiness: Probe.tcp('http'),
      liveness: Probe.tcp('http', { initialDelaySeconds: 5 }),
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
      ingress: {
        host: props.host ?? 'counter.com',
        controller: props.ingressController ?? IngressController.INGRESS_NGINX,
        tls: props.tls ?? IngressTls.fromCertManager({ clusterIssuer: 'letsencrypt-prod', secretName: 'counter-com-tls' }),
      },
    });

    // Ch. 13 (Activity 13.01, as intended rather than the committed allow-all): only the ingress controller
    // reaches the app, and only the app reaches the store.
    ns.allowFromIngress(app);
    ns.allowTraffic({ from: app, to: store.workload, ports: [store.portName] });
  }
}
