import { Construct } from 'constructs';
import {
  AppStack, AuthorizationPolicy, IstioGateway, IstioInstall, IstioSidecarInjection, MeshService, PeerAuthentication, SecureNamespace,
  VirtualService, serviceAccountPrincipal,
} from '../../lib';
import { httpResponder } from './http-responder';

/**
 * Cloud Native with Kubernetes, ch. 14, "Istio" (A9): three services in the mesh, an ingress gateway on port 80
 * for any host, `/app` and `/frontend` routed to the frontend, and the frontend calling the two backends, each
 * through a DestinationRule subset, all over mutual TLS.
 */
export class IstioMeshStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);

    // The mesh itself, as pinned charts (istio-base, istio-cni, istiod, the ingress gateway).
    const istio = new IstioInstall(this, 'istio');

    // A restricted namespace with sidecars; Istio CNI makes that possible without NET_ADMIN.
    const ns = new SecureNamespace(this, 'namespace', { name: 'myapplication' });
    new IstioSidecarInjection(ns, 'sidecars');

    // The three services, each with the one version the book deploys.
    const frontend = new MeshService(ns, 'service-frontend', { containerPort: 5000 });
    frontend.addVersion('v2', httpResponder('service-frontend v2'));
    const backendA = new MeshService(ns, 'service-backend-a', { containerPort: 5000 });
    backendA.addVersion('v1', httpResponder('service-backend-a v1'));
    const backendB = new MeshService(ns, 'service-backend-b', { containerPort: 5000 });
    backendB.addVersion('v3', httpResponder('service-backend-b v3'));

    // The entry point: port 80, any host; /app and /frontend go to the frontend.
    const gateway = new IstioGateway(ns, 'myapplication-gateway', {
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
    });
    new VirtualService(ns, 'myapplication', {
      hosts: ['*'],
      gateways: [gateway.name],
      http: [{ name: 'frontend', match: [{ uri: { prefix: '/app' } }, { uri: { prefix: '/frontend' } }], route: [frontend.subset('v2')], timeout: '10s' }],
    });
    // Inside the mesh, the frontend's calls reach each backend's subset.
    new VirtualService(ns, 'myapplication-a', { hosts: [backendA.name], http: [{ name: 'backend-a', route: [backendA.subset('v1')], timeout: '5s' }] });
    new VirtualService(ns, 'myapplication-b', { hosts: [backendB.name], http: [{ name: 'backend-b', route: [backendB.subset('v3')], timeout: '5s' }] });

    // Mutual TLS for everything in the namespace, and only the expected callers by identity.
    new PeerAuthentication(ns, 'mtls', { mode: 'STRICT' });
    new AuthorizationPolicy(ns, 'frontend-from-gateway', {
      workloadLabels: { ...frontend.selector },
      rules: [{ from: [{ principals: [serviceAccountPrincipal('istio-ingress', 'istio-ingressgateway')] }] }],
    });
    for (const backend of [backendA, backendB]) {
      new AuthorizationPolicy(ns, `${backend.name}-from-frontend`, {
        workloadLabels: { ...backend.selector },
        rules: [{ from: [{ principals: [serviceAccountPrincipal(ns.namespaceName, frontend.name)] }] }],
      });
    }

    // The same flows at the network level.
    ns.allowTraffic({ from: istio.ingressGatewayPeer, to: frontend, ports: ['http'] });
    ns.allowTraffic({ from: frontend, to: backendA, ports: ['http'] });
    ns.allowTraffic({ from: frontend, to: backendB, ports: ['http'] });
  }
}
