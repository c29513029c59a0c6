import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { OpenFaasInstall } from '../../../lib/serverless/openfaas-install';
import { Service, ServiceProps } from '../../../lib/networking/service';
import { ServiceTarget } from '../../../lib/networking/service-target';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { mapSelects } from '../../../lib/policy/selectors';
import { kubernetesTarget } from '../../../lib/policy/targets';
import { Manifest } from '../../../lib/output/manifest';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { synthApp } from '../../../lib/testing/synthesized-app';
import { ContainerPortSpec } from '../../../lib/workloads/container-spec';
import { StatefulService } from '../../../lib/workloads/stateful-service';
import { WebService } from '../../../lib/workloads/web-service';
import { Worker } from '../../../lib/workloads/worker';
import { all, find, findWithPath, synth, synthError, synthWithPaths } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/app:1.0.0';

/** A Deployment "name" (construct id "<name>-workload") with these ports and extra pod labels. */
function worker(scope: Construct, name: string, ports: ContainerPortSpec[] = [{ name: 'http', port: 80 }], labels?: Record<string, string>): Worker {
  return new Worker(scope, `${name}-workload`, { name, image: IMAGE, ports, labels });
}

/** The messages of these checks over the manifests. */
function findings(out: readonly Manifest[], ...ids: string[]): string[] {
  const checks = BUILTIN_CHECKS.filter((c) => ids.includes(c.id));
  expect(checks.map((c) => c.id).sort()).toEqual([...ids].sort());
  return runPolicy(out.map((m) => kubernetesTarget(m)), { checks }).findings.map((f) => `${f.checkId} ${f.object}: ${f.message}`);
}

describe('Service over a workload, by its named ports (N1)', () => {
  const out = synth((s) => {
    const ns = new SecureNamespace(s, 'web');
    new Service(ns, 'nginx-deploy', { target: worker(ns, 'nginx-deploy'), ports: [{ name: 'http', port: 8080 }] });
  });
  const svc = find(out, 'Service', 'nginx-deploy');

  test('a ClusterIP Service whose port forwards to the container port number, selecting the workload\'s pods', () => {
    expect(svc.metadata.namespace).toBe('web');
    expect(svc.spec).toEqual({
      type: 'ClusterIP',
      selector: { app: 'nginx-deploy' },
      ports: [{ name: 'http', port: 8080, targetPort: 80, protocol: 'TCP' }],
    });
  });

  test('selects exactly the workload\'s pods (service-selects-pods passes)', () => {
    expect(all(out, 'Deployment').filter((d) => mapSelects(svc.spec.selector, d.spec.template.metadata.labels)).map((d) => d.metadata.name)).toEqual(['nginx-deploy']);
    expect(findings(out, 'service-selects-pods', 'service-node-port', 'service-source-ranges', 'service-admin-exposed')).toEqual([]);
  });
});

describe('ports', () => {
  test('by default every port of the target, each forwarding to its number with its protocol', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'dns');
      new Service(ns, 'resolver', { target: worker(ns, 'resolver', [{ name: 'dns', port: 5353, protocol: 'UDP' }, { name: 'dns-tcp', port: 5353 }, { name: 'metrics', port: 9153 }]) });
    });
    expect(find(out, 'Service', 'resolver').spec.ports).toEqual([
      { name: 'dns', port: 5353, targetPort: 5353, protocol: 'UDP' },
      { name: 'dns-tcp', port: 5353, targetPort: 5353, protocol: 'TCP' },
      { name: 'metrics', port: 9153, targetPort: 9153, protocol: 'TCP' },
    ]);
  });

  test('names of the target\'s ports, and an appProtocol', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'api');
      new Service(ns, 'api', { target: worker(ns, 'api', [{ name: 'grpc', port: 9090 }, { name: 'metrics', port: 9100 }]), ports: [{ name: 'grpc', port: 443, appProtocol: 'kubernetes.io/h2c' }] });
    });
    expect(find(out, 'Service', 'api').spec.ports).toEqual([{ name: 'grpc', port: 443, targetPort: 9090, protocol: 'TCP', appProtocol: 'kubernetes.io/h2c' }]);
  });

  test('with a selector, ports are given in full; targetPort defaults to port', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'legacy');
      worker(ns, 'nginx');
      new Service(ns, 'nginx', { selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }, { name: 'alt', port: 8080 }] });
    });
    expect(find(out, 'Service', 'nginx').spec.ports).toEqual([
      { name: 'web', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'alt', port: 8080, targetPort: 8080, protocol: 'TCP' },
    ]);
  });
});

describe('every type', () => {
  test('Headless, for a Deployment too (N7): clusterIP None and no type', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'web');
      new Service(ns, 'nginx-headless', { target: worker(ns, 'nginx'), type: 'Headless' });
    });
    expect(find(out, 'Service', 'nginx-headless').spec).toEqual({
      clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
    });
  });

  test('NodePort from a selector with the port named "80" (N2), and with a fixed node port (N4)', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'web');
      worker(ns, 'nginx');
      new Service(ns, 'nginx', { type: 'NodePort', selector: { app: 'nginx' }, ports: [{ name: '80', port: 80, targetPort: 80 }] });
      new Service(ns, 'hello-world', { type: 'NodePort', target: worker(ns, 'hello-world'), ports: [{ name: 'http', port: 8080, nodePort: 30036 }] });
    });
    expect(find(out, 'Service', 'nginx').spec).toEqual({
      type: 'NodePort', selector: { app: 'nginx' }, ports: [{ name: '80', port: 80, targetPort: 80, protocol: 'TCP' }],
    });
    expect(find(out, 'Service', 'hello-world').spec).toEqual({
      type: 'NodePort', selector: { app: 'hello-world' }, ports: [{ name: 'http', port: 8080, targetPort: 80, protocol: 'TCP', nodePort: 30036 }],
    });
    expect(findings(out, 'service-node-port')).toEqual([
      'service-node-port Service web/hello-world: the NodePort Service opens node port(s) 30036 on every node',
      'service-node-port Service web/nginx: the NodePort Service opens node port(s) (port 80, any free) on every node',
    ]);
  });

  test('LoadBalancer (N5): an internal AWS NLB with IP targets, admitting only the listed ranges', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'web');
      new Service(ns, 'web', { type: 'LoadBalancer', target: worker(ns, 'web'), ports: ['http'], loadBalancer: { sourceRanges: ['10.0.0.0/8'] } });
    });
    const svc = find(out, 'Service', 'web');
    expect(svc.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
    });
    expect(svc.spec).toEqual({
      type: 'LoadBalancer',
      loadBalancerClass: 'service.k8s.aws/nlb',
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
    });
    expect(findings(out, 'service-source-ranges', 'service-admin-exposed')).toEqual([]);
  });

  test('an internet-facing NLB open to every address records the reason, and external-dns gets the host name', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'web');
      new Service(ns, 'web', {
        type: 'LoadBalancer', target: worker(ns, 'web'), ports: ['http'],
        loadBalancer: { sourceRanges: ['0.0.0.0/0', '::/0'], openToAll: { reason: 'the public API, authenticated by the app' }, scheme: 'internet-facing', hostname: 'api.example.com' },
      });
    });
    const svc = find(out, 'Service', 'web');
    expect(svc.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'external-dns.alpha.kubernetes.io/hostname': 'api.example.com',
      'keelson.dev/open-load-balancer-reason': 'the public API, authenticated by the app',
    });
    expect(svc.spec.loadBalancerSourceRanges).toEqual(['0.0.0.0/0', '::/0']);
    expect(findings(out, 'service-source-ranges')).toEqual([]);
  });

  test('another load balancer class gets no AWS annotations, and keeps the caller\'s', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'web');
      new Service(ns, 'web', {
        type: 'LoadBalancer', target: worker(ns, 'web'), ports: [{ name: 'http', nodePort: 31080 }],
        loadBalancer: { sourceRanges: ['192.168.0.0/16'], loadBalancerClass: 'metallb.io/l2' },
        annotations: { 'metallb.universe.tf/address-pool': 'lan' },
      });
    });
    const svc = find(out, 'Service', 'web');
    expect(svc.metadata.annotations).toEqual({ 'metallb.universe.tf/address-pool': 'lan' });
    expect(svc.spec.loadBalancerClass).toBe('metallb.io/l2');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP', nodePort: 31080 }]);
  });
});

describe('traffic settings', () => {
  test('session affinity, traffic policies, IP families, not-ready addresses and traffic distribution are written as given', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'web');
      const target = worker(ns, 'web');
      new Service(ns, 'sticky', {
        target, type: 'NodePort', ports: ['http'], sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 600, externalTrafficPolicy: 'Local',
        internalTrafficPolicy: 'Local', ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv6', 'IPv4'], publishNotReadyAddresses: true, trafficDistribution: 'PreferClose',
      });
      new Service(ns, 'plain', { target, selector: { app: 'web' }, sessionAffinity: 'None' });
    });
    expect(find(out, 'Service', 'sticky').spec).toEqual({
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
      externalTrafficPolicy: 'Local',
      internalTrafficPolicy: 'Local',
      ipFamilyPolicy: 'PreferDualStack',
      ipFamilies: ['IPv6', 'IPv4'],
      publishNotReadyAddresses: true,
      trafficDistribution: 'PreferClose',
    });
    expect(find(out, 'Service', 'plain').spec.sessionAffinity).toBe('None');
  });
});

describe('one Service over several Deployments (the canary of W3)', () => {
  const build = (s: Construct, extra?: (ns: SecureNamespace) => void) => {
    const ns = new SecureNamespace(s, 'shop');
    const stable = new Worker(ns, 'my-app-v1', { image: 'containersol/k8s-deployment-strategies:1.0.0', replicas: 10, ports: [{ name: 'http', port: 8080 }],
      labels: { ...Service.memberLabels('my-app'), version: 'v1.0.0' } });
    const canary = new Worker(ns, 'my-app-v2', { image: 'containersol/k8s-deployment-strategies:2.0.0', replicas: 1, ports: [{ name: 'http', port: 8080 }],
      labels: { ...Service.memberLabels('my-app'), version: 'v2.0.0' } });
    worker(ns, 'other', [{ name: 'http', port: 8080 }], { version: 'v1.0.0' });
    const svc = new Service(ns, 'my-app', { target: [stable, canary], ports: [{ name: 'http', port: 80 }] });
    extra?.(ns);
    return svc;
  };

  test('selects the label both carry, and exactly their pods; service-selects-pods passes', () => {
    let svc: Service | undefined;
    const out = synth((s) => { svc = build(s); });
    const spec = find(out, 'Service', 'my-app').spec;
    expect(spec.selector).toEqual({ 'keelson.dev/service': 'my-app' });
    expect(svc!.selector).toEqual(spec.selector);
    expect(spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    const selected = all(out, 'Deployment').filter((d) => mapSelects(spec.selector, d.spec.template.metadata.labels));
    expect(selected.map((d) => [d.metadata.name, d.spec.replicas, d.spec.template.metadata.labels.version])).toEqual([
      ['my-app-v1', 10, 'v1.0.0'], ['my-app-v2', 1, 'v2.0.0'],
    ]);
    expect(findings(out, 'service-selects-pods')).toEqual([]);
  });

  test('a target whose pods lack the label is refused, naming the labels to add', () => {
    const err = synthError((s) => {
      const ns = new SecureNamespace(s, 'shop');
      new Service(ns, 'my-app', { target: [worker(ns, 'my-app-v1', undefined, Service.memberLabels('my-app')), worker(ns, 'my-app-v2')], ports: ['http'] });
    });
    expect(err.message).toContain('[test/shop/my-app] target[1]: got "my-app-v2"; expected a workload whose pods carry the Service\'s selector (keelson.dev/service=my-app): '
      + 'the pods of Deployment my-app-v2 lack keelson.dev/service=my-app; give the workload labels: {"keelson.dev/service":"my-app"}');
  });

  test('a selector that also selects another workload\'s pods is refused', () => {
    const err = synthError((s) => build(s, (ns) => worker(ns, 'intruder', undefined, Service.memberLabels('my-app'))));
    expect(err.message).toContain('[test/shop/my-app] selector: got {"keelson.dev/service":"my-app"}; expected labels that only the targets\' pods carry; '
      + 'it also selects the pods of Deployment shop/intruder (test/shop/intruder-workload/Resource): add that workload to target, or choose a label it does not carry');
  });

  test('a label of your own works the same', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'shop');
      const a = worker(ns, 'a', undefined, { release: 'my-app' });
      const b = worker(ns, 'b', undefined, { release: 'my-app' });
      new Service(ns, 'my-app', { target: [a, b], selector: { release: 'my-app' } });
    });
    expect(find(out, 'Service', 'my-app').spec.selector).toEqual({ release: 'my-app' });
    expect(findings(out, 'service-selects-pods')).toEqual([]);
  });

  test('the ports must exist, with one number, on every target', () => {
    const missing = synthError((s) => {
      const ns = new SecureNamespace(s, 'shop');
      new Service(ns, 'my-app', { target: [worker(ns, 'a'), worker(ns, 'b', [{ name: 'web', port: 80 }])], ports: ['http'] });
    });
    expect(missing.message).toContain('[test/shop/my-app] ports[0].name: got "http"; expected the name of a port of b: web');
    const numbers = synthError((s) => {
      const ns = new SecureNamespace(s, 'shop');
      new Service(ns, 'my-app', { target: [worker(ns, 'a'), worker(ns, 'b', [{ name: 'http', port: 8080 }])], ports: ['http'] });
    });
    expect(numbers.message).toContain('[test/shop/my-app] ports[0].name: got "http"; expected a port with one number on every target, which the Service forwards to (a: 80, b: 8080)');
  });
});

describe('targets keelson did not build, and admin gateways', () => {
  test('pods of a chart, by labels and named ports', () => {
    const out = synth((s) => new Service(s, 'grafana-internal', {
      target: ServiceTarget.pods({ name: 'grafana', namespace: 'monitoring', selector: { 'app.kubernetes.io/name': 'grafana' }, ports: [{ name: 'grafana', port: 3000 }] }),
    }));
    expect(find(out, 'Service', 'grafana-internal')).toMatchObject({
      metadata: { namespace: 'monitoring' },
      spec: { type: 'ClusterIP', selector: { 'app.kubernetes.io/name': 'grafana' }, ports: [{ name: 'grafana', port: 3000, targetPort: 3000, protocol: 'TCP' }] },
    });
  });

  test('the policy, which cannot see pods installed by a chart, records why service-selects-pods does not apply', () => {
    const app = synthApp((a) => new Service(new AppStack(a, 'monitoring'), 'grafana-internal', {
      target: ServiceTarget.pods({ name: 'grafana', namespace: 'monitoring', selector: { 'app.kubernetes.io/name': 'grafana' }, ports: [{ name: 'grafana', port: 3000 }] }),
    }));
    expect(app.findings().filter((f) => f.checkId === 'service-selects-pods')).toEqual([]);
    expect(app.policy.suppressed.map((s) => [s.finding.checkId, s.reason])).toEqual([['service-selects-pods',
      'the pods of grafana (app.kubernetes.io/name=grafana) are installed outside this app, by a chart or an operator, so the check cannot see them']]);
    expect(app.find('Service', 'grafana-internal').metadata.annotations).toEqual({
      'suppress.policy.keelson.dev/service-selects-pods': 'the pods of grafana (app.kubernetes.io/name=grafana) are installed outside this app, by a chart or an operator, so the check cannot see them',
    });
  });

  test('the OpenFaaS gateway gets a ClusterIP Service, never a NodePort or LoadBalancer', () => {
    const out = synth((s) => new Service(s, 'gateway-internal', { target: ServiceTarget.openFaasGateway(new OpenFaasInstall(s, 'openfaas')), ports: [{ name: 'http', port: 80 }] }));
    expect(find(out, 'Service', 'gateway-internal').spec).toEqual({
      type: 'ClusterIP', selector: { app: 'gateway' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    });
    const err = synthError((s) => new Service(s, 'gateway-lb', {
      type: 'NodePort', target: ServiceTarget.openFaasGateway(new OpenFaasInstall(s, 'openfaas')), ports: ['http'],
    }));
    expect(err.message).toContain('[test/gateway-lb] type: got "NodePort"; expected "ClusterIP" or "Headless": gateway serves the OpenFaaS gateway (it deploys and invokes functions), '
      + 'which must not be published on node ports or a load balancer; reach it through an Ingress with TLS and authentication, or kubectl port-forward');
  });

  test('a workload marked as an admin gateway, and a selector of a well-known admin UI, are refused too', () => {
    const marked = synthError((s) => {
      const ns = new SecureNamespace(s, 'ops');
      const ui = worker(ns, 'console');
      new Service(ns, 'console', {
        type: 'LoadBalancer', target: Object.assign(Object.create(ui), { adminGateway: 'the ops console (cluster-admin)' }), ports: ['http'], loadBalancer: { sourceRanges: ['10.0.0.0/8'] },
      });
    });
    expect(marked.message).toContain('[test/ops/console] type: got "LoadBalancer"; expected "ClusterIP" or "Headless": console serves the ops console (cluster-admin)');
    const known = synthError((s) => new Service(s, 'argocd', {
      namespace: 'argocd', type: 'NodePort', selector: { 'app.kubernetes.io/name': 'argocd-server' }, ports: [{ name: 'https', port: 443, targetPort: 8080 }],
    }));
    expect(known.message).toContain('[test/argocd] type: got "NodePort"; expected "ClusterIP" or "Headless": the selector selects the Argo CD API server and UI '
      + '(pods labelled app.kubernetes.io/name=argocd-server are taken for it)');
  });
});

describe('the Services of WebService and StatefulService are Service constructs, with the objects they always wrote', () => {
  test('WebService: a ClusterIP Service at child "service", its object the construct\'s Resource', () => {
    const out = synthWithPaths((s) => new WebService(new SecureNamespace(s, 'shop'), 'web', { image: IMAGE, containerPort: 8080, servicePort: 80 }));
    const { constructPath, manifest } = findWithPath(out, 'Service');
    expect(constructPath).toBe('test/shop/web/service/Resource');
    expect(manifest.spec).toEqual({ type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] });
    expect(manifest.metadata.labels).toEqual({
      'app': 'web', 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'test', 'app.kubernetes.io/managed-by': 'keelson',
    });
  });

  test('StatefulService: the headless (publishing not-ready peers) and client Services', () => {
    const out = synthWithPaths((s) => new StatefulService(new SecureNamespace(s, 'db'), 'mysql', {
      image: 'mysql:8.4.7', runAsUser: 999, ports: [{ name: 'mysql', port: 3306 }, { name: 'mysqlx', port: 33060 }],
    }));
    const services = out.filter((m) => m.manifest.kind === 'Service').map((m) => [m.constructPath, m.manifest.metadata.name, m.manifest.spec]);
    const ports = [{ name: 'mysql', port: 3306, targetPort: 3306, protocol: 'TCP' }, { name: 'mysqlx', port: 33060, targetPort: 33060, protocol: 'TCP' }];
    expect(services).toEqual([
      ['test/db/mysql/headless-service/Resource', 'mysql-headless', { clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'mysql' }, ports }],
      ['test/db/mysql/client-service/Resource', 'mysql', { type: 'ClusterIP', selector: { app: 'mysql' }, ports }],
    ]);
  });
});

test('host and address name the Service inside the cluster; the namespace is the target\'s', () => {
  let svc: Service | undefined;
  synth((s) => {
    const ns = new SecureNamespace(s, 'shop');
    svc = new Service(s, 'web', { target: worker(ns, 'web', [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9100 }]), ports: [{ name: 'http', port: 80 }, 'metrics'] } as ServiceProps);
  });
  expect(svc!.namespace).toBe('shop');
  expect(svc!.host).toBe('web.shop.svc');
  expect(svc!.address('metrics')).toBe('web.shop.svc:9100');
  expect(() => svc!.address('grpc')).toThrow('[test/web] address(portName): got "grpc"; expected one of the port names: http, metrics');
});
