import { appDescription } from '../catalogue';
import {
  AppDefinition, AppStack, Gateway, GatewayController, GatewayHttpRoute, ListenerTls, NetworkPeer, SecureNamespace, Service, WebService,
} from '../../lib';
import { PLATFORM } from '../eks-platform/platform';

/** The book's host name (use one in the platform's public zone). */
const HOST = 'myapp.mydomain.com';

/**
 * Cloud Native with Kubernetes ch. 13, "extending Kubernetes with the cloud", on the eks-platform: the Service whose
 * DNS name external-dns publishes (C04), the host route that replaces the removed v1beta1 Ingress (C05), and an app
 * that grows onto nodes Karpenter adds when its pods no longer fit (C07). The add-ons themselves (AWS Load Balancer
 * Controller, external-dns, Karpenter, metrics-server) are declared once in eks-platform.
 */
export const cloudIntegrationApp: AppDefinition = {
  name: 'cloud-integration',
  description: appDescription('cloud-integration'),
  build: (app) => {
    const stack = new AppStack(app, 'cloud-integration');
    const ns = new SecureNamespace(stack, 'my-app');

    // The book's my-app, on an unprivileged NGINX listening on 8080; two replicas, scaled on CPU up to ten, on the
    // nodes of Karpenter's pool: when the pods no longer fit, Karpenter launches t3.medium nodes for them (C07).
    const myApp = new WebService(ns, 'my-app', {
      image: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
      containerPort: 8080,
      servicePort: 80,
      name: 'my-app-service',
      autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 },
      nodeSelector: { 'karpenter.sh/nodepool': PLATFORM.autoscaledNodePool },
      resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
    });

    // C04: Service my-service-with-dns, type LoadBalancer, port 80 "http"; the AWS Load Balancer Controller makes an
    // internet-facing NLB (loadBalancerClass service.k8s.aws/nlb, IP targets) and external-dns publishes the host.
    new Service(ns, 'my-service-with-dns', {
      type: 'LoadBalancer',
      target: myApp,
      ports: [{ name: 'http', port: 80 }],
      loadBalancer: {
        scheme: 'internet-facing', sourceRanges: ['0.0.0.0/0'], openToAll: { reason: 'the book\'s public web app' }, hostname: HOST,
      },
    });
    // The internet-facing NLB sends to the pods' IPs from its addresses in the public subnets, where no pod runs.
    ns.allowTraffic({ from: NetworkPeer.ipBlocks('public-subnets', [...PLATFORM.publicSubnetCidrs]), to: myApp, ports: ['http'] });

    // C05: the Ingress my-domain-ingress (networking.k8s.io/v1beta1, removed in 1.22; ingress-nginx retired) as a
    // Gateway API route on the platform's Envoy Gateway; external-dns reads HTTPRoutes (gateway-httproute source).
    const gateway = new Gateway(ns, 'gateway', {
      controller: GatewayController.ENVOY_GATEWAY,
      listeners: [
        { name: 'http', protocol: 'HTTP', redirectToHttps: true },
        { name: 'https', protocol: 'HTTPS', hostname: HOST, tls: ListenerTls.fromCertManager({ clusterIssuer: 'letsencrypt', secretName: 'myapp-tls' }) },
      ],
    });
    ns.allowTraffic({ from: NetworkPeer.gateway(gateway), to: myApp, ports: ['http'] });
    new GatewayHttpRoute(ns, 'my-domain-ingress', { parents: [gateway], hostnames: [HOST], rules: [{ backends: [{ serviceName: myApp.name, port: 80 }] }] });
  },
};
