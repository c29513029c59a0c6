import { Construct } from 'constructs';
import { AppStack, EnvoySidecar, PrivateCertificateAuthority, SecureNamespace, WebService } from '../../lib';
import { httpResponder } from './http-responder';

/**
 * Cloud Native with Kubernetes, ch. 14, "Envoy sidecar" (A8): the app talks to localhost, and an Envoy sidecar
 * routes `/service1` and `/service2` (HTTP on 8080) and `/service/1` and `/service/2` (HTTPS on 8443) to two
 * backend services.
 */
export class EnvoySidecarStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const ns = new SecureNamespace(this, 'namespace', { name: 'envoy-demo' });

    const service1 = new WebService(ns, 'service-1', { ...httpResponder('Service 1 Reached!'), containerPort: 5000, portName: 'http' });
    const service2 = new WebService(ns, 'service-2', { ...httpResponder('Service 2 Reached!'), containerPort: 5000, portName: 'http' });

    const ca = new PrivateCertificateAuthority(ns, 'envoy-ca', { commonName: 'my-service' });
    const certificate = ca.issueCertificate('listener', { name: 'my-service-envoy', dnsNames: ['my-service', 'localhost'], ipAddresses: ['127.0.0.1'] });

    const cluster = (name: string, service: WebService) => ({ name, endpoints: [{ address: service.name, port: service.servicePort }] });
    const envoy = new EnvoySidecar(ns, 'envoy-config', {
      tlsSecret: certificate.secretName,
      config: {
        listeners: [
          { name: 'ingress_http', port: 8080, portName: 'envoy-http', routes: [{ prefix: '/service1', cluster: 'service1' }, { prefix: '/service2', cluster: 'service2' }] },
          { name: 'ingress_https', port: 8443, portName: 'envoy-https', tls: true, routes: [{ prefix: '/service/1', cluster: 'service1' }, { prefix: '/service/2', cluster: 'service2' }] },
        ],
        clusters: [cluster('service1', service1), cluster('service2', service2)],
      },
    });

    const myService = new WebService(ns, 'my-service', {
      ...httpResponder('my-service'),
      containerPort: 5000,
      sidecars: [envoy.container],
      serviceTargetPort: 'envoy-http',
    });
    ns.allowTraffic({ from: myService, to: service1, ports: ['http'] });
    ns.allowTraffic({ from: myService, to: service2, ports: ['http'] });
  }
}
