import { Construct } from 'constructs';
import {
  AppStack, ExternalEndpoints, ExternalNameService, Gateway, GatewayController, GatewayHttpRoute, IngressController, IngressTls,
  ListenerTls, NetworkPeer, PrivateCertificateAuthority, SecureNamespace, Service, WebIngress, Worker, suppressCheck,
} from '../../lib';
import { PLATFORM } from '../eks-platform/platform';
import { IMAGES, SMALL } from './images';

/** The container port of the nginx stand-in (the notes' nginx listens on 80; the unprivileged image on 8080). */
const HTTP = { name: 'http', port: 8080 };

/**
 * The CKA notes' networking examples (seed-003a N1–N17): every Service type, a Service for addresses outside the
 * cluster, Ingresses with wildcard hosts, fan-out and TLS, and the Gateway API routes that replace the notes'
 * ingress-nginx rewrite and app-root annotations. See README.md for each example's differences.
 */
export class CkaNetworkingStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const ns = new SecureNamespace(this, 'cka-networking');
    const nginx = (name: string, replicas = 1) => new Worker(ns, name, { image: IMAGES.nginx, replicas, ports: [HTTP], resources: SMALL });

    // N1: `kubectl expose deployment nginx-deploy --port=8080 --target-port=80`.
    const nginxDeploy = nginx('nginx-deploy', 2);
    new Service(ns, 'nginx-deploy-service', { name: 'nginx-deploy', target: nginxDeploy, ports: [{ name: 'http', port: 8080 }] });

    // N2: `kubectl create service nodeport nginx --tcp=80`: port 80, named "80", over app=nginx.
    const nginxPods = nginx('nginx');
    const nodePortN2 = new Service(ns, 'nginx-service', { name: 'nginx', type: 'NodePort', selector: { app: 'nginx' }, ports: [{ name: '80', port: 80, targetPort: HTTP.port }] });

    // N3: elasticsearch outside the cluster: a Service without selector and an EndpointSlice (Endpoints are deprecated).
    new ExternalEndpoints(ns, 'elasticsearch', { addresses: ['192.168.24.14', '192.168.24.15', '192.168.24.16'], ports: [9200] });

    // N4: hello-world on node port 30036, 8080 -> the pods.
    const helloWorld = nginx('hello-world', 2);
    const nodePortN4 = new Service(ns, 'hello-world-service', { name: 'hello-world', type: 'NodePort', target: helloWorld, ports: [{ name: 'http', port: 8080, nodePort: 30036 }] });

    // N5: a LoadBalancer: the AWS Load Balancer Controller's internal NLB, open to the VPC only.
    new Service(ns, 'hello-world-lb', { type: 'LoadBalancer', target: helloWorld, ports: ['http'], loadBalancer: { sourceRanges: [PLATFORM.vpcCidr] } });

    // Node ports and the NLB (IP targets) deliver traffic from inside the VPC; nothing else may reach these pods.
    for (const target of [nginxPods, helloWorld]) {
      ns.allowTraffic({ from: NetworkPeer.ipBlock(PLATFORM.vpcCidr), to: target, ports: ['http'] });
    }
    for (const service of [nodePortN2, nodePortN4]) {
      suppressCheck(service, 'service-node-port', { reason: 'the notes\' NodePort example; the pods admit traffic from the VPC only' });
    }

    // N6: the RDS database by its DNS name.
    new ExternalNameService(ns, 'db-service', { externalName: 'test.database.aws-cn-northeast1b.com', ports: [80] });

    // N7: a headless Service over app=nginx: DNS answers with the pods' addresses.
    new Service(ns, 'nginx-headless', { type: 'Headless', selector: { app: 'nginx' }, ports: [{ port: 80, targetPort: HTTP.port }] });

    // N11, N12, N16: Ingresses (ingress-nginx, as in the notes).
    this.ingresses(ns);
    // N13, N14, N17: what the notes did with ingress-nginx annotations, with the Gateway API.
    this.routes(ns);
  }

  /** N11 (wildcard host), N12 (fan-out) and N16 (TLS) as `networking.k8s.io/v1` Ingresses. */
  private ingresses(ns: SecureNamespace): void {
    const backend = (name: string, port: number) => {
      const pods = new Worker(ns, name, { image: IMAGES.nginx, replicas: 1, ports: [HTTP], resources: SMALL });
      new Service(ns, `${name}-service`, { name, target: pods, ports: [{ name: 'http', port }] });
      ns.allowTraffic({ from: NetworkPeer.ingressController(IngressController.INGRESS_NGINX), to: pods, ports: ['http'] });
    };
    backend('service1', 80);
    backend('service2', 80);
    backend('service3', 4200);
    backend('service4', 8080);
    backend('httpsvc', 80);

    // The notes' self-signed certificate for foo.bar.com, made by cert-manager instead of openssl.
    const ca = new PrivateCertificateAuthority(ns, 'cka-ca', { commonName: 'cka.example' });

    new WebIngress(ns, 'ingress-wildcard-host', {
      controller: IngressController.INGRESS_NGINX,
      rules: [
        { host: 'foo.bar.com', path: '/bar', serviceName: 'service1', servicePort: 80 },
        { host: '*.foo.com', path: '/foo', serviceName: 'service2', servicePort: 80 },
      ],
      tls: IngressTls.fromCertManager({ issuer: ca.name, hosts: ['foo.bar.com'] }),
    });
    new WebIngress(ns, 'simple-fanout-example', {
      controller: IngressController.INGRESS_NGINX,
      rules: [
        { host: 'fanout.foo.bar.com', path: '/foo', serviceName: 'service3', servicePort: 4200 },
        { host: 'fanout.foo.bar.com', path: '/bar', serviceName: 'service4', servicePort: 8080 },
      ],
      tls: IngressTls.fromCertManager({ issuer: ca.name }),
    });
    new WebIngress(ns, 'nginx-test', {
      controller: IngressController.INGRESS_NGINX,
      rules: [{ host: 'tls.foo.bar.com', serviceName: 'httpsvc', servicePort: 80 }],
      tls: IngressTls.fromCertManager({ issuer: ca.name, secretName: 'tls-secret' }),
    });
  }

  /**
   * N13 (rewrite-target), N14 (app-root) and N17 (sticky sessions) without ingress-nginx: a Gateway of the platform's
   * Envoy Gateway class, a URL rewrite, a redirect, and ClientIP affinity on the Service.
   */
  private routes(ns: SecureNamespace): void {
    const ca = new PrivateCertificateAuthority(ns, 'gateway-ca', { commonName: 'gateway.cka.example' });
    const gateway = new Gateway(ns, 'gateway', {
      controller: GatewayController.ENVOY_GATEWAY,
      listeners: [
        { name: 'http', protocol: 'HTTP', redirectToHttps: true },
        { name: 'https', protocol: 'HTTPS', hostname: '*.bar.com', tls: ListenerTls.fromCertManager({ issuer: ca.name, secretName: 'bar-com-tls' }) },
      ],
    });

    const httpSvc = new Worker(ns, 'http-svc', { image: IMAGES.nginx, replicas: 2, ports: [HTTP], resources: SMALL });
    // N17: the notes pin a client to one pod with an ingress-nginx cookie; the Service's ClientIP affinity is the
    // portable form (the Gateway API's sessionPersistence is still experimental), for at most a day (the API's limit).
    const service = new Service(ns, 'http-svc-service', {
      name: 'http-svc', target: httpSvc, ports: [{ name: 'http', port: 80 }], sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 86400,
    });
    ns.allowTraffic({ from: NetworkPeer.gateway(gateway), to: httpSvc, ports: ['http'] });
    const toHttpSvc = [{ serviceName: service.name, port: 80 }];

    // N13: `rewrite.bar.com/something/<rest>` is served as `/<rest>` (rewrite-target: /$2).
    new GatewayHttpRoute(ns, 'rewrite', {
      parents: [gateway],
      hostnames: ['rewrite.bar.com'],
      rules: [{ matches: [{ path: '/something' }], rewrite: { replacePrefixMatch: '/' }, backends: toHttpSvc }],
    });
    // N14: `approot.bar.com/` redirects to `/app1` (app-root: /app1); every other path goes to http-svc.
    new GatewayHttpRoute(ns, 'approot', {
      parents: [gateway],
      hostnames: ['approot.bar.com'],
      rules: [
        { matches: [{ path: '/', pathType: 'Exact' }], redirect: { replaceFullPath: '/app1', statusCode: 302 } },
        { matches: [{ path: '/' }], backends: toHttpSvc },
      ],
    });
  }
}
