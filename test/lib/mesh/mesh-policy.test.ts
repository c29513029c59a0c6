import { AppStack } from '../../../lib/core/app-stack';
import { DestinationRule } from '../../../lib/mesh/destination-rule';
import { IstioGateway } from '../../../lib/mesh/istio-gateway';
import { MeshService } from '../../../lib/mesh/mesh-service';
import { PeerAuthentication } from '../../../lib/mesh/peer-authentication';
import { VirtualService } from '../../../lib/mesh/virtual-service';
import { AppDefinition, synthApps } from '../../../lib/output/synth-apps';
import { PolicyError } from '../../../lib/policy/policy-error';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { readTree, tempDir } from '../../helpers/tmp';

/** The book's Istio mistakes, made with valid constructs: only the policy checks can see them. */
const bookErrata: AppDefinition = {
  name: 'errata',
  description: '',
  build: (app) => {
    const ns = new SecureNamespace(new AppStack(app, 'errata'), 'myapplication');
    const frontend = new MeshService(ns, 'service-frontend', { containerPort: 5000 });
    frontend.addVersion('v2', { image: 'hashicorp/http-echo:1.0.0' });
    new IstioGateway(ns, 'gw', { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] });
    // M13: the subset v1 is not defined (and would have no pods); M15: host service-a has no Service.
    new VirtualService(ns, 'myapplication', { hosts: ['*'], gateways: ['gw'], http: [{ route: [{ host: 'service-frontend', subset: 'v1' }] }] });
    new VirtualService(ns, 'myapplication-a', { hosts: ['service-a'], http: [{ route: [{ host: 'service-a', subset: 'v1' }] }] });
    // STRICT for the namespace, but one workload's port and one client rule in plain text.
    new PeerAuthentication(ns, 'mtls');
    new PeerAuthentication(ns, 'metrics', { scope: { workloadLabels: { app: 'service-frontend' } }, portLevelMtls: { 9090: 'DISABLE' }, reason: 'scraped from outside' });
    new DestinationRule(ns, 'plain', { name: 'service-frontend-plain', host: 'service-frontend', trafficPolicy: { tlsMode: 'DISABLE' } });
  },
};

describe('Istio policy in the synth', () => {
  const dir = tempDir();
  let error: unknown;
  try {
    synthApps([bookErrata], dir);
  } catch (err) {
    error = err;
  }
  const message = (error as Error).message;

  test('fails the synth and writes nothing', () => {
    expect(error).toBeInstanceOf(PolicyError);
    expect(readTree(dir)).toEqual({});
  });

  test('names the check, the object and its construct path for each mistake', () => {
    expect(message).toContain('ERROR istio-subset-exists: VirtualService myapplication/myapplication (construct errata/myapplication/myapplication/Resource)');
    expect(message).toContain('http[0].route[0] routes to subset v1 of service-frontend, which no DestinationRule defines');
    expect(message).toContain('ERROR istio-destination-host: VirtualService myapplication/myapplication-a (construct errata/myapplication/myapplication-a/Resource)');
    expect(message).toContain('http[0].route[0] routes to host service-a, which is no Service or ServiceEntry');
    expect(message).toContain('ERROR istio-strict-mtls-plaintext: PeerAuthentication myapplication/metrics (construct errata/myapplication/metrics/Resource)');
    expect(message).toContain('port 9090 accepts plain text (DISABLE) although STRICT mutual TLS applies');
    expect(message).toContain('ERROR istio-strict-mtls-plaintext: DestinationRule myapplication/service-frontend-plain (construct errata/myapplication/plain/Resource)');
  });

  test('does not blame what is right', () => {
    expect(message).not.toContain('istio-gateway-exists');
    expect(message).not.toContain('istio-route-weights');
  });
});
