import { ApiObject, JsonPatch } from 'cdk8s';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { KnativeBroker } from '../../../lib/serverless/knative-broker';
import { OpenFaasInstall } from '../../../lib/serverless/openfaas-install';
import { findWithPath, synthWithPaths } from '../../helpers/synth';

describe('serverless constructs as resources', () => {
  test('escape hatch: a JSON patch on a KnativeBroker\'s main object (child "Resource") is in the written Broker', () => {
    const out = synthWithPaths((stack) => {
      const broker = new KnativeBroker(new SecureNamespace(stack, 'events'), 'broker');
      ApiObject.of(broker.resource).addJsonPatch(JsonPatch.add('/metadata/annotations/example.com~1owner', 'team-a'));
    });
    const written = findWithPath(out, 'Broker');
    expect(written.constructPath).toBe('test/events/broker/Resource');
    expect(written.manifest.metadata.annotations).toEqual({ 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker', 'example.com/owner': 'team-a' });
  });

  test('an OpenFaaS function has a main object (its Function) only with the Standard/Enterprise edition', () => {
    const out = synthWithPaths((stack) => {
      const pro = new OpenFaasInstall(stack, 'openfaas', { edition: 'pro', licenseSecret: ExistingSecret.named('openfaas-license') });
      const fn = pro.addFunction('hello', { lang: 'python3-http', image: 'ghcr.io/acme/hello:0.1.0' });
      ApiObject.of(fn.resource).addJsonPatch(JsonPatch.add('/spec/constraints', ['kubernetes.io/arch=arm64']));
    });
    const written = findWithPath(out, 'Function');
    expect(written.constructPath).toBe('test/openfaas/hello/Resource');
    expect(written.manifest.spec.constraints).toEqual(['kubernetes.io/arch=arm64']);

    synthWithPaths((stack) => {
      const ce = new OpenFaasInstall(stack, 'openfaas').addFunction('hello', { lang: 'python3-http', image: 'ghcr.io/acme/hello:0.1.0' });
      expect(() => ce.resource).toThrow('test/openfaas/hello has no main object at child id "Resource"');
    });
  });
});
