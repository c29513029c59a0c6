import Ajv from 'ajv';
import { App } from 'cdk8s';
import { parse } from 'yaml';
import { AppStack } from '../../../lib/core/app-stack';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { IngressTls } from '../../../lib/networking/ingress-tls';
import { synthesizeDefinition } from '../../../lib/output/synth-apps';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { OpenFaasInstall, OpenFaasInstallProps } from '../../../lib/serverless/openfaas-install';
import { OPENFAAS_STACK_FILE_SCHEMA } from '../../../lib/serverless/schemas';
import { expectSchemaValid } from '../../helpers/schemas';
import { find } from '../../helpers/synth';

const validateStack = new Ajv({ strict: false, allErrors: true }).compile(OPENFAAS_STACK_FILE_SCHEMA);

function build(props: OpenFaasInstallProps = {}) {
  const result = synthesizeDefinition({
    name: 'fn',
    description: '',
    build: (app: App) => {
      const openfaas = new OpenFaasInstall(new AppStack(app, 'fn'), 'openfaas', props);
      openfaas.addFunction('hello', {
        lang: 'python3-http', image: 'ghcr.io/acme/hello:0.1.0', handlerFiles: { 'handler.py': 'def handle(event, context):\n    return event.body\n' },
        environment: { write_debug: 'true' }, secrets: ['api-key'], maxReplicas: 3,
      });
    },
  });
  const folder = (name: string) => result.folders.find((f) => f.name === name)?.files;
  const manifests = [...folder('fn')!.values()].map((t) => parse(t));
  expectSchemaValid(manifests);
  return { result, manifests, helmfile: parse(folder('helm/fn')!.get('helmfile.yaml')!), stackFiles: folder('openfaas/fn')! };
}

const PUBLISHED: OpenFaasInstallProps = {
  ingress: { host: 'gw.example.com', controller: IngressController.TRAEFIK, tls: IngressTls.fromCertManager({ clusterIssuer: 'letsencrypt' }) },
};

describe('OpenFaasInstall (Community Edition)', () => {
  const { result, manifests, helmfile, stackFiles } = build(PUBLISHED);
  const values = helmfile.releases[0].values[0];

  test('the pinned chart with auth on, no NodePort, RBAC on and non-root functions', () => {
    expect(helmfile.releases[0]).toMatchObject({ name: 'openfaas', namespace: 'openfaas', chart: 'openfaas/openfaas', version: '14.2.132' });
    expect(helmfile.repositories).toEqual([{ name: 'openfaas', url: 'https://openfaas.github.io/faas-netes/' }]);
    expect(values).toMatchObject({
      basic_auth: true, generateBasicAuth: true, exposeServices: false, serviceType: 'ClusterIP', rbac: true,
      functionNamespace: 'openfaas-fn', openfaasPro: false, faasnetes: { setNonRootUser: true },
    });
  });

  test('the gateway is published only through an Ingress with TLS from cert-manager', () => {
    expect(values.ingress).toEqual({
      enabled: true, ingressClassName: 'traefik', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
      hosts: [{ host: 'gw.example.com', serviceName: 'gateway', servicePort: 8080, path: '/' }],
      tls: [{ secretName: 'gateway-tls', hosts: ['gw.example.com'] }],
    });
  });

  test('only the gateway reaches the functions namespace; both namespaces record why they are baseline', () => {
    const policy = find(manifests, 'NetworkPolicy', 'ingress-from-gateway');
    expect(policy.metadata.namespace).toBe('openfaas-fn');
    expect(policy.spec).toEqual({
      podSelector: {}, policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'gateway' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openfaas' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    });
    expect(find(manifests, 'NetworkPolicy', 'default-deny').metadata.namespace).toBe('openfaas-fn');
    for (const name of ['openfaas', 'openfaas-fn']) {
      const ns = find(manifests, 'Namespace', name);
      expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
      expect(ns.metadata.annotations['keelson.dev/pod-security-reason'].length).toBeGreaterThan(20);
    }
  });

  test('Community Edition has no operator: no Function resource, only the stack file', () => {
    expect(manifests.filter((m) => m.kind === 'Function')).toEqual([]);
    expect(result.policy.errors).toBe(0);
    // The function namespace's policies select every pod (`podSelector: {}`), so they need no pods in the output.
    expect(result.policy.findings).toEqual([]);
    expect(result.policy.suppressed).toEqual([]);
  });

  test('stack.yml follows the project\'s model: version 1.0, the published gateway, scaling labels, limits and requests', () => {
    const stack = parse(stackFiles.get('stack.yml')!);
    expect(validateStack(stack)).toBe(true);
    expect(stack.provider).toEqual({ name: 'openfaas', gateway: 'https://gw.example.com' });
    expect(stack.functions.hello).toEqual({
      lang: 'python3-http', handler: './hello', image: 'ghcr.io/acme/hello:0.1.0',
      environment: { write_debug: 'true' }, secrets: ['api-key'],
      labels: { 'com.openfaas.scale.min': '1', 'com.openfaas.scale.max': '3' },
      limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' }, readonly_root_filesystem: true,
    });
    expect(stackFiles.get('hello/handler.py')).toContain('def handle(event, context)');
  });

  test('the model refuses what faas-cli would: unknown fields, capitals in names, missing image', () => {
    const stack = parse(stackFiles.get('stack.yml')!);
    expect(validateStack({ ...stack, functions: { Hello: stack.functions.hello } })).toBe(false);
    expect(validateStack({ ...stack, functions: { hello: { ...stack.functions.hello, image: undefined } } })).toBe(false);
    expect(validateStack({ ...stack, functions: { hello: { ...stack.functions.hello, replicas: 2 } } })).toBe(false);
  });
});

describe('OpenFaasInstall (Standard/Enterprise)', () => {
  const { result, manifests, helmfile, stackFiles } = build({ edition: 'pro', licenseSecret: ExistingSecret.named('openfaas-license') });

  test('the operator is on, and the function is also a Function resource in the function namespace', () => {
    expect(helmfile.releases[0].values[0]).toMatchObject({ openfaasPro: true, operator: { create: true }, ingress: { enabled: false } });
    expect(find(manifests, 'Function', 'hello')).toMatchObject({
      apiVersion: 'openfaas.com/v1',
      metadata: { name: 'hello', namespace: 'openfaas-fn' },
      spec: {
        name: 'hello', image: 'ghcr.io/acme/hello:0.1.0', environment: { write_debug: 'true' }, secrets: ['api-key'],
        labels: { 'com.openfaas.scale.min': '1', 'com.openfaas.scale.max': '3' }, readOnlyRootFilesystem: true,
      },
    });
  });

  test('the policies of the function namespace select the Function\'s pods; faas-cli uses the port-forwarded gateway', () => {
    expect(result.policy.findings).toEqual([]);
    expect(result.policy.suppressed).toEqual([]);
    expect(parse(stackFiles.get('stack.yml')!).provider.gateway).toBe('http://127.0.0.1:8080');
  });
});
