import { Construct } from 'constructs';
import { AppStack, NetworkPeer, NginxTlsSidecar, PrivateCertificateAuthority, SecureNamespace, WebService } from '../../lib';
import { PLATFORM } from '../eks-platform/platform';
import { httpResponder } from './http-responder';

/**
 * Cloud Native with Kubernetes, ch. 14, "NGINX sidecar" (A7): an app that speaks plain HTTP on 5000, and an NGINX
 * sidecar that terminates TLS in front of it, so the app gets HTTPS without changing.
 */
export class NginxSidecarStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const ns = new SecureNamespace(this, 'namespace', { name: 'myapp' });

    // The book made its certificates with cfssl by hand; cert-manager runs the CA and renews the server certificate.
    const ca = new PrivateCertificateAuthority(ns, 'myapp-ca', { commonName: 'mydomain.com' });
    const certificate = ca.issueCertificate('server', {
      name: 'myapp-server',
      secretName: 'nginx-certificates',
      dnsNames: ['myapp', 'myapp.myapp.svc', 'mydomain.com', 'www.mydomain.com'],
      ipAddresses: ['127.0.0.1'],
    });

    const tls = new NginxTlsSidecar(ns, 'nginx-configuration', { upstreamPort: 5000, certificateSecret: certificate.secretName });
    const app = new WebService(ns, 'myapp', {
      ...httpResponder('Hello from myapp, over TLS'),
      containerPort: 5000,
      sidecars: [tls.container],
      servicePort: 443,
      serviceTargetPort: tls.portName,
    });

    // Only the TLS port is reachable, from inside the VPC; the app's plain port stays inside the pod.
    ns.allowTraffic({ from: NetworkPeer.ipBlock(PLATFORM.vpcCidr), to: app, ports: [tls.portName] });
  }
}
