import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAll } from 'js-yaml';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { annotationSuppressions } from '../../../lib/policy/suppressions';
import { PolicyTarget } from '../../../lib/policy/types';
import { ctr, deployment, k, namespace, obj, pod, service, serviceAccount } from './fixtures';
import { configMap, labelledService, policy, readsConfig, serviceMonitor, webIngress } from './reference-cases';

const PEER_FIXTURES = process.env.PEER_FIXTURES ?? path.join(__dirname, '../../../../shared/peer-policy-fixtures');
const peerFixture = (file: string): PolicyTarget[] => k(...(loadAll(fs.readFileSync(path.join(PEER_FIXTURES, file), 'utf8')) as any[]).filter(Boolean));

/** The messages of one check over the targets. */
function messages(id: string, targets: PolicyTarget[]): string[] {
  const check = BUILTIN_CHECKS.find((c) => c.id === id);
  if (!check) {
    throw new Error(`no check ${id}`);
  }
  return runPolicy(targets, { checks: [check] }).findings.map((f) => f.message);
}

describe('ingress-tls and ingress-tls-hosts', () => {
  test('a TLS host served by a catch-all rule (no host) or by the default backend is accepted', () => {
    const catchAll = webIngress((spec) => { delete spec.rules[0].host; spec.tls[0].hosts = ['example.com']; });
    const defaultOnly = webIngress((spec) => { delete spec.rules; spec.defaultBackend = { service: { name: 'web', port: { number: 80 } } }; spec.tls[0].hosts = ['example.com']; });
    expect(messages('ingress-tls-hosts', k(catchAll))).toEqual([]);
    expect(messages('ingress-tls-hosts', k(defaultOnly))).toEqual([]);
    expect(messages('ingress-tls-hosts', k(webIngress((spec) => { spec.tls[0].hosts = ['example.com']; }))))
      .toEqual(['TLS host example.com is not a host of any rule']);
  });

  describe('on an AWS ALB, TLS is the listener, not spec.tls', () => {
    const alb = (annotations: Record<string, string> | undefined, className = 'alb', tls = true) => {
      const ingress: any = webIngress((spec) => { spec.ingressClassName = className; }, tls);
      if (annotations) {
        ingress.metadata.annotations = annotations;
      }
      return ingress;
    };
    const albClass = (name: string, params?: string) => obj('networking.k8s.io/v1', 'IngressClass', name, undefined, {
      spec: { controller: 'ingress.k8s.aws/alb', ...(params ? { parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: params } } : {}) },
    });
    const HTTPS_ONLY = { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]' };

    test('spec.tls with the default listener (HTTP on 80) is plain HTTP', () => {
      expect(messages('ingress-tls', k(alb(undefined)))).toEqual([
        'the ALB of IngressClass "alb" listens on plain HTTP only (port 80) for shop.example.com: spec.tls does not make it listen on HTTPS; '
        + 'set alb.ingress.kubernetes.io/listen-ports: \'[{"HTTPS":443}]\' (keelson: IngressTls.fromAcm())',
      ]);
      // The same for a class of another name whose IngressClass names the controller; a class "alb" of another controller is not an ALB.
      expect(messages('ingress-tls', k(alb(undefined, 'public'), albClass('public')))).toHaveLength(1);
      expect(messages('ingress-tls', k(alb(undefined), obj('networking.k8s.io/v1', 'IngressClass', 'alb', undefined, { spec: { controller: 'k8s.io/ingress-nginx' } })))).toEqual([]);
    });

    test('an HTTPS listener passes, with or without spec.tls (certificates by ARN or discovered by the rule hosts)', () => {
      expect(messages('ingress-tls', k(alb(HTTPS_ONLY)))).toEqual([]);
      expect(messages('ingress-tls', k(alb(HTTPS_ONLY, 'alb', false)))).toEqual([]);
      // A certificate ARN without listen-ports makes the default listener HTTPS on 443, in the annotation or the class's parameters.
      expect(messages('ingress-tls', k(alb({ 'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:us-west-2:123456789012:certificate/x' }, 'alb', false)))).toEqual([]);
      const params = obj('elbv2.k8s.aws/v1beta1', 'IngressClassParams', 'public', undefined, { spec: { certificateArn: ['arn:aws:acm:us-west-2:123456789012:certificate/x'] } });
      expect(messages('ingress-tls', k(alb(undefined, 'public', false), albClass('public', 'public'), params))).toEqual([]);
    });

    test('an HTTP listener beside HTTPS must redirect', () => {
      const both = { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]' };
      expect(messages('ingress-tls', k(alb(both)))).toEqual([
        'the ALB of IngressClass "alb" also serves shop.example.com over plain HTTP on port 80: redirect it with alb.ingress.kubernetes.io/ssl-redirect, or drop the HTTP listener',
      ]);
      expect(messages('ingress-tls', k(alb({ ...both, 'alb.ingress.kubernetes.io/ssl-redirect': '443' })))).toEqual([]);
    });

    test('listen-ports the controller cannot read is reported', () => {
      for (const bad of ['HTTPS:443', '[]', '[{"HTTPS":443},"x"]', '[{"TCP":443}]']) {
        expect(messages('ingress-tls', k(alb({ 'alb.ingress.kubernetes.io/listen-ports': bad })))).toEqual([
          'the ALB of IngressClass "alb" cannot be read: the annotation alb.ingress.kubernetes.io/listen-ports is not a JSON list such as [{"HTTPS":443}], which the controller refuses',
        ]);
      }
    });
  });

  test('Polaris tlsSettingsMissing fixtures: the failing Ingress has no TLS, the passing one TLS for a catch-all rule', () => {
    expect(messages('ingress-tls', peerFixture('polaris/test/checks/tlsSettingsMissing/failure.yaml')))
      .toEqual(['the Ingress has no TLS (spec.tls is empty): it serves * over plain HTTP only']);
    const success = peerFixture('polaris/test/checks/tlsSettingsMissing/success.yaml');
    expect(messages('ingress-tls', success)).toEqual([]);
    expect(messages('ingress-tls-hosts', success)).toEqual([]);
  });

  test('plain HTTP with a recorded reason is suppressed with it', () => {
    const plain: any = webIngress(undefined, false);
    plain.metadata.annotations = { 'suppress.policy.keelson.dev/ingress-tls': 'internal demo behind a VPN' };
    const targets = k(plain);
    const report = runPolicy(targets, { checks: BUILTIN_CHECKS.filter((c) => c.id === 'ingress-tls'), suppressions: annotationSuppressions(targets) });
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((s) => [s.finding.message, s.reason])).toEqual([
      ['the Ingress has no TLS (spec.tls is empty): it serves shop.example.com over plain HTTP only', 'internal demo behind a VPN'],
    ]);
  });
});

test('ingress-backend-exists reads the backends of the removed v1beta1 Ingress APIs too (kube-score ingress-targets-service)', () => {
  expect(messages('ingress-backend-exists', peerFixture('kube-score/score/testdata/ingress-targets-service-no-match.yaml')))
    .toEqual(['backend Service "app-service-123123" does not exist']);
  expect(messages('ingress-backend-exists', peerFixture('kube-score/score/testdata/ingress-targets-service.yaml'))).toEqual([]);
});

describe('service-target-port', () => {
  test('kube-linter invalid-target-ports: numbers out of range and names that are no port names', () => {
    expect(messages('service-target-port', peerFixture('kube-linter/tests/checks/invalid-target-ports.yaml'))).toEqual([
      'port 2: targetPort 123456 is not a port number (1-65535)',
      'port 3: targetPort "n234567890123456" is neither a port number nor a port name (at most 15 of a-z, 0-9 and "-", with a letter)',
    ]);
  });

  test('a named targetPort must be a container port name of every selected workload; numbers need not be declared', () => {
    const svc = (targetPort: unknown) => service(undefined, { ports: [{ name: 'http', port: 80, targetPort }] });
    const api = deployment((d) => { d.metadata.name = 'api'; ctr(d).ports = [{ name: 'web', containerPort: 8080 }]; });
    expect(messages('service-target-port', k(deployment(), svc('http'), svc(9090)))).toEqual([]);
    expect(messages('service-target-port', k(deployment(), api, svc('http')))).toEqual(['port 0 (http): targetPort "http" is not a named container port of Deployment api']);
    // A name of a native sidecar's port counts too.
    const sidecar = deployment((d) => { pod(d).initContainers = [{ name: 'proxy', restartPolicy: 'Always', ports: [{ name: 'proxy', containerPort: 15001 }] }]; });
    expect(messages('service-target-port', k(sidecar, svc('proxy')))).toEqual([]);
  });
});

describe('networkpolicy-peer-selects-pods', () => {
  const from = (peer: any, ns = 'shop') => policy('p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [peer] }] }, ns);
  const inNs = (ns: string, labels: Record<string, string>) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } }, podSelector: { matchLabels: labels } });

  test('reports a peer that selects no pod of a namespace the output holds', () => {
    const other = deployment((d) => { d.metadata.namespace = 'tools'; });
    expect(messages('networkpolicy-peer-selects-pods', k(deployment(), other, from(inNs('tools', { app: 'web' })), from(inNs('tools', { app: 'ui' }))))).toEqual([
      'ingress rule 0 peer 0: the podSelector {"matchLabels":{"app":"ui"}} matches no pods in namespace tools',
    ]);
    expect(messages('networkpolicy-peer-selects-pods', k(namespace('tools'), from(inNs('tools', { app: 'ui' })))))
      .toEqual(['ingress rule 0 peer 0: the podSelector {"matchLabels":{"app":"ui"}} matches no pods in namespace tools']);
  });

  test('stays silent where the pods are not all known: a namespace outside the output, one a Helm release installs into, a namespace chosen by other labels', () => {
    expect(messages('networkpolicy-peer-selects-pods', k(deployment(), from(inNs('ingress-nginx', { app: 'x' }))))).toEqual([]);
    expect(messages('networkpolicy-peer-selects-pods', k(deployment(), from({ namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { app: 'x' } } })))).toEqual([]);
    const helm = { domain: 'helm' as const, kind: 'HelmRelease', group: '', namespace: 'shop', name: 'redis', object: {} };
    expect(messages('networkpolicy-peer-selects-pods', [...k(deployment(), from({ podSelector: { matchLabels: { app: 'redis' } } })), helm])).toEqual([]);
  });

  test('the data-plane pods of a Gateway of a known implementation count as pods of their namespace (also for networkpolicy-selects-pods)', () => {
    const gateway = obj('gateway.networking.k8s.io/v1', 'Gateway', 'edge', 'shop', { spec: { gatewayClassName: 'istio', listeners: [] } });
    const peer = { podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'edge' } } };
    expect(messages('networkpolicy-peer-selects-pods', k(deployment(), gateway, from(peer)))).toEqual([]);
    // So does a policy for those proxies themselves (networkpolicy-selects-pods).
    const forProxies = policy('proxies', { podSelector: peer.podSelector, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
    expect(messages('networkpolicy-selects-pods', k(deployment(), gateway, forProxies))).toEqual([]);
    expect(messages('networkpolicy-selects-pods', k(deployment(), forProxies))).toEqual(['the podSelector matches no pods']);
    const unknownClass = obj('gateway.networking.k8s.io/v1', 'Gateway', 'edge', 'shop', { spec: { gatewayClassName: 'acme', listeners: [] } });
    expect(messages('networkpolicy-peer-selects-pods', k(deployment(), unknownClass, from({ podSelector: { matchLabels: { app: 'acme-proxy' } } })))).toEqual([]);
  });
});

describe('servicemonitor-selects-service', () => {
  test('reports a selector that matches no Service, and an endpoint port no selected Service names', () => {
    expect(messages('servicemonitor-selects-service', k(labelledService(), serviceMonitor('http', { matchLabels: { app: 'api' } }))))
      .toEqual(['the selector {"matchLabels":{"app":"api"}} matches no Service in namespace shop']);
    expect(messages('servicemonitor-selects-service', k(labelledService(), serviceMonitor('metrics'))))
      .toEqual(['endpoint 0: no selected Service (web) has a port named "metrics"']);
  });

  test('kube-linter dangling-servicemonitor: objects without namespace may be applied to any, so any namespace\'s Services count', () => {
    const report = runPolicy(peerFixture('kube-linter/tests/checks/dangling-servicemonitor.yml'), { checks: BUILTIN_CHECKS.filter((c) => c.id === 'servicemonitor-selects-service') });
    expect(report.findings.map((f) => `${f.object}: ${f.message}`)).toEqual([
      'ServiceMonitor app1: the selector {"matchLabels":{"app.kubernetes.io/name":"app"}} matches no Service in namespace (none)',
      'ServiceMonitor app2: the selector {"matchLabels":{"app.kubernetes.io/name":"app"}} matches no Service in namespace (none)',
    ]);
  });

  test('stays silent for namespaces outside the output and for namespaceSelector.any', () => {
    const elsewhere: any = serviceMonitor('http', { matchLabels: { app: 'api' } });
    elsewhere.spec.namespaceSelector = { matchNames: ['monitoring'] };
    const any: any = serviceMonitor('http', { matchLabels: { app: 'api' } });
    any.spec.namespaceSelector = { any: true };
    expect(messages('servicemonitor-selects-service', k(labelledService(), elsewhere, any))).toEqual([]);
  });
});

describe('pod-service-account-exists', () => {
  test('reports a missing ServiceAccount of a namespace whose ServiceAccounts the output defines, with a hint for a typo', () => {
    const typo = deployment((d) => { pod(d).serviceAccountName = 'wbe'; });
    expect(messages('pod-service-account-exists', k(serviceAccount(), typo))).toEqual(['ServiceAccount "wbe" does not exist in namespace shop (did you mean "web"?)']);
    expect(messages('pod-service-account-exists', k(serviceAccount(), deployment((d) => { pod(d).serviceAccountName = 'ci'; }))))
      .toEqual(['ServiceAccount "ci" does not exist in namespace shop']);
  });

  test('kube-linter non-existent-service-account: the file defines a ServiceAccount, and the pod names another', () => {
    expect(messages('pod-service-account-exists', peerFixture('kube-linter/tests/checks/non-existent-service-account.yml')))
      .toEqual(['ServiceAccount "missing" does not exist in namespace (none)']);
  });

  test('stays silent for the default ServiceAccount and for namespaces whose objects are not all here', () => {
    expect(messages('pod-service-account-exists', k(deployment()))).toEqual([]);
    // A namespace whose ServiceAccounts the output does not define: they are made elsewhere (kube-linter would report it).
    expect(messages('pod-service-account-exists', k(namespace('shop'), deployment()))).toEqual([]);
    const helm = { domain: 'helm' as const, kind: 'HelmRelease', group: '', namespace: 'shop', name: 'ci', object: {} };
    expect(messages('pod-service-account-exists', [...k(serviceAccount(), deployment((d) => { pod(d).serviceAccountName = 'ci'; })), helm])).toEqual([]);
    expect(messages('pod-service-account-exists', k(namespace('shop'), deployment((d) => { delete pod(d).serviceAccountName; })))).toEqual([]);
    expect(messages('pod-service-account-exists', k(namespace('shop'), deployment((d) => { pod(d).serviceAccountName = 'default'; })))).toEqual([]);
  });
});

describe('pod-config-references', () => {
  const externalSecret = (spec: any, name = 'db') => obj('external-secrets.io/v1', 'ExternalSecret', name, 'shop', {
    spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' }, ...spec },
  });
  const readsSecret = (name: string, key: string, optional?: boolean) => deployment((d) => {
    ctr(d).env = [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name, key, ...(optional ? { optional } : {}) } } }];
  });
  const es = externalSecret({ target: { name: 'db-credentials' }, data: [{ secretKey: 'password', remoteRef: { key: 'db', property: 'password' } }] });

  test('an ExternalSecret\'s target is the Secret, with its data keys', () => {
    expect(messages('pod-config-references', k(es, readsSecret('db-credentials', 'password')))).toEqual([]);
    expect(messages('pod-config-references', k(es, readsSecret('db-credentials', 'pasword'))))
      .toEqual(['container "web" env PASSWORD: Secret "db-credentials" has no key "pasword" (did you mean "password"?)']);
    expect(messages('pod-config-references', k(es, readsSecret('db-credential', 'password'))))
      .toEqual(['container "web" env PASSWORD: Secret "db-credential" does not exist (did you mean "db-credentials"?)']);
  });

  test('keys of a Secret, a templated ExternalSecret and envFrom and volume references are checked', () => {
    const secret = obj('v1', 'Secret', 'tls', 'shop', { data: { 'tls.crt': 'x', 'tls.key': 'y' } });
    const templated = externalSecret({ target: { template: { data: { DSN: 'postgres://{{ .user }}' } } }, data: [{ secretKey: 'user', remoteRef: { key: 'db' } }] }, 'dsn');
    const web = deployment((d) => {
      ctr(d).env = [{ name: 'DSN', valueFrom: { secretKeyRef: { name: 'dsn', key: 'user' } } }];
      ctr(d).envFrom = [{ configMapRef: { name: 'web-confg' } }];
      pod(d).volumes = [{ name: 'tls', secret: { secretName: 'tls', items: [{ key: 'tls.crt', path: 'c' }, { key: 'ca.crt', path: 'ca' }] } }];
    });
    expect(messages('pod-config-references', k(secret, templated, configMap(), web))).toEqual([
      'container "web" env DSN: Secret "dsn" has no key "user"',
      'container "web" envFrom[0]: ConfigMap "web-confg" does not exist (did you mean "web-config"?)',
      'volume "tls": Secret "tls" has no key "ca.crt"',
    ]);
  });

  test('kube-linter env-var-value-from: wrong keys are reported; names missing from the output only when they look like a typo', () => {
    expect(messages('pod-config-references', peerFixture('kube-linter/tests/checks/env-var-value-from.yml'))).toEqual([
      'container "app" env CONFIG_VAR: ConfigMap "testconfig" has no key "configkey-wrong"',
      'container "app" env BLAH: Secret "secretsquirrels" has no key "chimpmunk" (did you mean "chimpmun"?)',
    ]);
  });

  test('stays silent for optional references, unknown keys (dataFrom) and names that are no typo of the output\'s', () => {
    const fromAll = externalSecret({ dataFrom: [{ extract: { key: 'db' } }] });
    expect(messages('pod-config-references', k(es, readsSecret('db-credentials', 'other', true)))).toEqual([]);
    expect(messages('pod-config-references', k(fromAll, readsSecret('db', 'anything')))).toEqual([]);
    expect(messages('pod-config-references', k(configMap(), readsConfig('existing-elsewhere')))).toEqual([]);
  });
});

test('the checks of issue 16 ignore malformed objects instead of throwing', () => {
  const junk = k(
    obj('v1', 'Service', 'a', 'shop', { spec: { selector: 'x', ports: 'x' } }),
    obj('v1', 'Service', 'b', 'shop', { spec: { selector: { app: 'web' }, ports: [null, 'x', { targetPort: null }, { targetPort: {} }] } }),
    obj('networking.k8s.io/v1', 'Ingress', 'c', 'shop', { spec: { ingressClassName: 'nginx', rules: 'x', tls: [null, 'x'], defaultBackend: 'x' } }),
    obj('networking.k8s.io/v1', 'Ingress', 'd', 'shop', { spec: { ingressClassName: 5, rules: [null, { http: { paths: [null, { backend: null }] } }] } }),
    obj('networking.k8s.io/v1', 'NetworkPolicy', 'e', 'shop', { spec: { podSelector: 'x', ingress: [null, { from: 'x' }, { from: [null, { podSelector: 'x' }] }], egress: 'x' } }),
    obj('networking.k8s.io/v1', 'NetworkPolicy', 'f', 'shop', { spec: { podSelector: { matchExpressions: 'x' }, policyTypes: 'x', ingress: [{ from: [{ namespaceSelector: 'x', podSelector: { matchExpressions: [null] } }], ports: 'x' }] } }),
    obj('monitoring.coreos.com/v1', 'ServiceMonitor', 'g', 'shop', { spec: { selector: 'x', endpoints: 'x', namespaceSelector: { matchNames: 'x' } } }),
    obj('monitoring.coreos.com/v1', 'ServiceMonitor', 'h', 'shop', { spec: { selector: {}, endpoints: [null, { port: 5 }], namespaceSelector: { matchNames: [null, 5] } } }),
    obj('gateway.networking.k8s.io/v1', 'Gateway', 'i', 'shop', { spec: { gatewayClassName: 'Not A Name!' } }),
    obj('gateway.networking.k8s.io/v1', 'GatewayClass', 'Not A Name!', undefined, { spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } }),
    obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'j', 'shop', { spec: { parentRefs: [null, { name: 'i' }, 'x'], rules: [null, { backendRefs: 'x' }, { backendRefs: [null, { name: 'web', port: 'x' }] }] } }),
    obj('external-secrets.io/v1', 'ExternalSecret', 'k', 'shop', { spec: { data: 'x', target: 'x', dataFrom: 'x' } }),
    obj('v1', 'ConfigMap', 'l', 'shop', { data: 'x' }),
    deployment((d) => {
      pod(d).serviceAccountName = 5;
      pod(d).volumes = [null, { name: 'v', configMap: 'x' }, { name: 'w', secret: { secretName: 'k', items: 'x' } }, { name: 'p', projected: { sources: [null, { configMap: { name: 'l', items: [null] } }] } }];
      ctr(d).env = [null, { name: 'A', value: 5 }, { name: 'B', valueFrom: { configMapKeyRef: 'x' } }, { name: 'C', value: 'http://b:80' }, { name: 'D', valueFrom: { secretKeyRef: { name: 'k', key: 5 } } }];
      ctr(d).envFrom = 'x';
      ctr(d).ports = [null, 'x'];
    }),
    obj('networking.k8s.io/v1', 'NetworkPolicy', 'deny', 'shop', { spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }),
  );
  const ids = ['ingress-tls', 'ingress-tls-hosts', 'ingress-backend-exists', 'service-selects-pods', 'service-target-port', 'networkpolicy-peer-selects-pods',
    'networkpolicy-selects-pods', 'servicemonitor-selects-service', 'pod-service-account-exists', 'pod-config-references',
    'ingress-backend-reachable', 'httproute-backend-reachable', 'service-client-reachable'];
  for (const id of ids) {
    expect(() => messages(id, junk)).not.toThrow();
  }
});
