import { Construct } from 'constructs';
import {
  AppStack, ConfigMap, LifecycleAction, MountSource, NetworkPeer, Pod, Probe, SecureNamespace, Volume, WebService,
} from '../../lib';
import { IMAGES, SMALL } from './images';

/** The notes' git repository, cloned by the init-container (P4) and sidecar (P9) examples. */
const SITE_REPO = 'https://github.com/mdn/beginner-html-site-scripted';

/**
 * The CKA notes' pods (seed-003a P1–P13): a bare pod, lifecycle hooks, probes, an init container filling a shared
 * volume, command and args, the sidecar, ambassador and adapter patterns, node affinity and resources.
 */
export class CkaPodsStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const ns = new SecureNamespace(this, 'cka-pods');

    // P1: `kubectl run nginx --image=nginx` (label run=nginx, restartPolicy Always).
    new Pod(ns, 'nginx', { image: IMAGES.nginx, labels: { run: 'nginx' }, ports: [{ name: 'http', port: 8080 }], resources: SMALL });

    // P2: lifecycle hooks. postStart writes a message (to the writable /tmp: the root file system is read-only);
    // preStop asks nginx to quit gracefully.
    new Pod(ns, 'lifecycle-demo', {
      image: IMAGES.nginx,
      ports: [{ name: 'http', port: 8080 }],
      resources: SMALL,
      lifecycle: {
        postStart: LifecycleAction.exec(['/bin/sh', '-c', 'echo Hello from the postStart handler > /tmp/message']),
        preStop: LifecycleAction.exec(['/usr/sbin/nginx', '-s', 'quit']),
      },
    });

    // P3: readiness and liveness over tcpSocket 8080 with the notes' timings.
    new Pod(ns, 'goproxy', {
      image: IMAGES.goproxy,
      labels: { app: 'goproxy' },
      ports: [{ name: 'proxy', port: 8080 }],
      resources: SMALL,
      readiness: Probe.tcp(8080, { initialDelaySeconds: 5, periodSeconds: 10 }),
      liveness: Probe.tcp(8080, { initialDelaySeconds: 15, periodSeconds: 20 }),
    });

    // P4: an init container clones the site into a shared emptyDir; the web server serves it.
    const www = new Pod(ns, 'www', {
      image: IMAGES.nginx,
      containerName: 'run',
      ports: [{ name: 'http', port: 8080 }],
      resources: SMALL,
      volumes: { source: Volume.emptyDir() },
      volumeMounts: [{ volume: 'source', path: '/usr/share/nginx/html' }],
      initContainers: [{
        name: 'download', image: IMAGES.git, command: ['git', 'clone', SITE_REPO, '/var/lib/data'], resources: SMALL,
        volumeMounts: [{ volume: 'source', path: '/var/lib/data' }],
      }],
      activeDeadlineSeconds: 86400,
    });

    // P8: command and args; runs once (restartPolicy OnFailure).
    new Pod(ns, 'command-demo', {
      image: IMAGES.debian, labels: { purpose: 'demonstrate-command' }, command: ['printenv'], args: ['HOSTNAME', 'KUBERNETES_PORT'],
      restartPolicy: 'OnFailure', resources: SMALL,
    });

    // P9: a sidecar keeps the served content in step with the repository.
    const webApp = new Pod(ns, 'web-app', {
      image: IMAGES.nginx,
      containerName: 'app',
      ports: [{ name: 'http', port: 8080 }],
      resources: SMALL,
      volumes: { git: Volume.emptyDir() },
      volumeMounts: [{ volume: 'git', path: '/usr/share/nginx/html' }],
      sidecars: [{
        name: 'poll', image: IMAGES.git, ports: [], workingDir: '/var/lib/data', resources: SMALL,
        env: { GIT_REPO: SITE_REPO },
        command: ['sh', '-c', 'git clone $(GIT_REPO) . && watch -n 600 git pull'],
        volumeMounts: [{ volume: 'git', path: '/var/lib/data' }],
        liveness: Probe.exec(['git', '-C', '/var/lib/data', 'rev-parse', 'HEAD'], { initialDelaySeconds: 60 }),
      }],
    });
    // Both need to reach the Git host; everything else stays denied.
    for (const pod of [www, webApp]) {
      ns.allowEgress({ from: pod, to: NetworkPeer.ipBlock('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']), ports: [{ port: 443 }] });
    }

    // P10: ambassador: the app logs to localhost:9009, where the ambassador listens.
    new Pod(ns, 'random-generator', {
      image: IMAGES.randomGenerator,
      containerName: 'main',
      labels: { app: 'random-generator' },
      ports: [{ name: 'http', port: 8080 }],
      env: { LOG_URL: 'http://localhost:9009' },
      resources: SMALL,
      sidecars: [{ name: 'ambassador', image: IMAGES.logAmbassador, ports: [{ name: 'log', port: 9009 }], resources: SMALL }],
    });

    // P12: node affinity: only nodes labelled disktype=ssd.
    new Pod(ns, 'nginx-ssd', {
      image: IMAGES.nginx, ports: [{ name: 'http', port: 8080 }], resources: SMALL,
      nodeAffinity: { required: [[{ key: 'disktype', operator: 'In', values: ['ssd'] }]] },
    });

    // P13: kubia with the notes' resources (requests cpu 100m; limits cpu 200m, memory 512Mi).
    new Pod(ns, 'kubia', {
      image: IMAGES.kubia, ports: [{ name: 'http', port: 8080 }],
      resources: { requests: { cpu: '100m' }, limits: { cpu: '200m', memory: '512Mi' } },
    });

    // P11: the adapter pattern, as a Deployment in its own namespace: nginx exposes stub_status to the exporter
    // next to it, which publishes Prometheus metrics on 9113.
    const adapter = new SecureNamespace(this, 'adapter');
    const conf = new ConfigMap(adapter, 'nginx-default-conf', {
      data: {
        'default.conf': [
          'server {',
          '  listen 8080;',
          '  location / { root /usr/share/nginx/html; index index.html; }',
          '  location = /nginx_status { stub_status; allow 127.0.0.1; deny all; }',
          '}',
          '',
        ].join('\n'),
      },
    });
    new WebService(adapter, 'adapter-pattern', {
      image: IMAGES.nginx,
      containerName: 'nginx',
      replicas: 1,
      resources: SMALL,
      mounts: [{ path: '/etc/nginx/conf.d', source: MountSource.configMap(conf) }],
      sidecars: [{
        name: 'adapter', image: IMAGES.nginxExporter, args: ['-nginx.scrape-uri', 'http://localhost:8080/nginx_status'],
        ports: [{ name: 'metrics', port: 9113 }], resources: SMALL,
      }],
    });
  }
}
