import { Construct } from 'constructs';
import { AppStack, NetworkPeer, NetworkPolicy, Probe, SecureNamespace, WebService } from '../../lib';
import { counterApp } from '../counter/counter-stack';
import { redisStore } from '../counter/redis';

/**
 * The books show the policies but not the pods behind `app: server`, `app: frontend`, `role: db`...; each stands
 * in as a pinned echo server on the port its policy names, so every policy selects real pods.
 */
function echo(ns: SecureNamespace, name: string, port: number): WebService {
  return new WebService(ns, name, {
    image: 'hashicorp/http-echo:1.0.0',
    args: [`-listen=:${port}`, `-text=${name}`],
    containerPort: port,
    servicePort: port,
    replicas: 2,
    readiness: Probe.http('/', 'http'),
    liveness: Probe.tcp('http'),
    resources: { requests: { cpu: '20m', memory: '32Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
  });
}

/**
 * Cloud Native with Kubernetes ch. 12 and The Kubernetes Workshop ch. 13: namespaces segmented with NetworkPolicies.
 * Every namespace starts at default deny with DNS allowed (the books' `full-restriction-policy` and `default-deny`,
 * with the DNS egress they forgot); each flow the books allow is then opened on its own.
 */
export class NetworkSegmentationStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);

    // Cloud Native: `development` is locked down (full-restriction-policy), then `override-restriction-policy`
    // lets the frontend reach the server on HTTPS and the server reach the database on 6379.
    const development = new SecureNamespace(this, 'development');
    const server = echo(development, 'server', 8443);
    const frontend = echo(development, 'frontend', 8080);
    const database = echo(development, 'database', 6379);
    development.allowTraffic({ from: frontend, to: server, ports: ['http'] });
    development.allowTraffic({ from: server, to: database, ports: ['http'] });

    // Cloud Native `specific-ip-policy`: the worker talks with 157.10.0.0/16, minus 157.10.1.0/24, both ways.
    const partners = NetworkPeer.ipBlock('157.10.0.0/16', ['157.10.1.0/24']);
    const worker = echo(development, 'worker', 8080);
    development.allowTraffic({ from: partners, to: worker, ports: ['http'] });
    development.allowEgress({ from: worker, to: partners, ports: [{ port: 443 }] });

    // Cloud Native `frontend-network-policy` (the `default` namespace in the book): app=frontend may reach
    // app=server on port 80... here 8080, since unprivileged pods cannot listen below 1024.
    const web = new SecureNamespace(this, 'web');
    web.allowTraffic({ from: echo(web, 'frontend', 8080), to: echo(web, 'server', 8080), ports: ['http'] });

    // The Workshop's `sample-network-policy`: one ingress rule with three peers (an IP block with a hole, every
    // namespace labelled project=sample-project, the frontend pods) on TCP 3257, and egress to 10.0.0.0/24 on 5832.
    const mine = new SecureNamespace(this, 'my-namespace');
    const db = echo(mine, 'db', 3257);
    const dbFrontend = echo(mine, 'frontend', 8080);
    new NetworkPolicy(mine, 'sample-network-policy', {
      podSelector: { ...db.selector },
      ingress: [{
        peers: [
          NetworkPeer.ipBlock('192.18.0.0/16', ['192.18.1.0/24']),
          NetworkPeer.namespacesLabelled('sample-project', { project: 'sample-project' }),
          NetworkPeer.workload(dbFrontend),
        ],
        ports: [{ port: 3257 }],
      }],
      egress: [{ peers: [NetworkPeer.ipBlock('10.0.0.0/24')], ports: [{ port: 5832 }] }],
    });
    // The frontend's side of the flow: without it, default deny drops its connections to the database.
    mine.allowEgress({ from: dbFrontend, to: NetworkPeer.workload(db), ports: [{ port: 3257 }] });

    // The Workshop's Activity 13.01 as its draft meant it: the app takes traffic from the node network on 8080 and
    // only talks to Redis; Redis only takes the app. DNS comes with the namespace.
    const workshop = new SecureNamespace(this, 'workshop');
    const store = redisStore(workshop);
    const app = counterApp(workshop, 'redis', store);
    store.connect(workshop, app);
    workshop.allowTraffic({ from: NetworkPeer.ipBlock('10.0.0.0/16'), to: app, ports: ['http'] });
  }
}
