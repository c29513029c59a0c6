import { AppDefinition } from '../lib/output/synth-apps';
import { AppStack } from '../lib/core/app-stack';
import { IngressController } from '../lib/networking/ingress-controller';
import { IngressTls } from '../lib/networking/ingress-tls';
import { SecureNamespace } from '../lib/security/secure-namespace';
import { StatefulService } from '../lib/workloads/stateful-service';
import { WebService } from '../lib/workloads/web-service';

/**
 * A synthetic app with `n` web services, each with its own stateful backend, an Ingress with TLS and the network
 * policies between them, spread over namespaces of 50 services: about 15 objects per service.
 */
export function syntheticApp(n: number): AppDefinition {
  return {
    name: `synthetic-${n}`,
    description: `${n} web + stateful service pairs`,
    build: (app) => {
      const stack = new AppStack(app, `synthetic-${n}`);
      let ns: SecureNamespace | undefined;
      for (let i = 0; i < n; i++) {
        if (i % 50 === 0) {
          ns = new SecureNamespace(stack, `team-${i / 50}`);
        }
        const db = new StatefulService(ns!, `db-${i}`, {
          image: 'postgres:17.2',
          ports: [{ name: 'postgres', port: 5432 }],
          claims: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: '10Gi', storageClassName: 'gp3' }],
        });
        const web = new WebService(ns!, `web-${i}`, {
          image: 'ghcr.io/example/web:1.0.0',
          replicas: 3,
          ingress: { host: `web-${i}.example.com`, controller: IngressController.INGRESS_NGINX, tls: IngressTls.fromCertManager({ clusterIssuer: 'letsencrypt' }) },
        });
        ns!.allowFromIngress(web);
        ns!.allowTraffic({ from: web, to: db, ports: ['postgres'] });
      }
    },
  };
}
