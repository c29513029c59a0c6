import { App } from 'cdk8s';
import { parse } from 'yaml';
import { AppStack } from '../../../lib/core/app-stack';
import { IstioInstall } from '../../../lib/mesh/istio-install';
import { synthesizeDefinition } from '../../../lib/output/synth-apps';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { expectSchemaValid } from '../../helpers/schemas';

function helmfileOf(build: (stack: AppStack) => void): any {
  const { folders } = synthesizeDefinition({ name: 'mesh', description: '', build: (app: App) => { const s = new AppStack(app, 'mesh'); new SecureNamespace(s, 'shop'); build(s); } });
  expectSchemaValid([...folders[0].files.values()].map((t) => parse(t)));
  expect(folders[1].name).toBe('helm/mesh');
  return parse(folders[1].files.get('helmfile.yaml')!);
}

describe('IstioInstall', () => {
  const helmfile = helmfileOf((s) => new IstioInstall(s, 'istio'));
  const release = (name: string) => helmfile.releases.find((r: any) => r.name === name);

  test('four pinned charts of one Istio version from the official repository, installed in order', () => {
    expect(helmfile.repositories).toEqual([{ name: 'istio', url: 'https://istio-release.storage.googleapis.com/charts' }]);
    expect(helmfile.releases.map((r: any) => [r.name, r.namespace, r.chart, r.version])).toEqual([
      ['istio-base', 'istio-system', 'istio/base', '1.28.0'],
      ['istio-cni', 'istio-system', 'istio/cni', '1.28.0'],
      ['istiod', 'istio-system', 'istio/istiod', '1.28.0'],
      ['istio-ingressgateway', 'istio-ingress', 'istio/gateway', '1.28.0'],
    ]);
    expect(release('istiod').needs).toEqual(['istio-system/istio-base', 'istio-system/istio-cni']);
    expect(release('istio-ingressgateway').needs).toEqual(['istio-system/istiod']);
  });

  test('istiod uses the CNI plugin, so injected pods need no NET_ADMIN init container', () => {
    expect(release('istiod').values[0].pilot.cni).toEqual({ enabled: true });
  });

  test('control plane and gateway run two replicas; the gateway pods carry the label Gateways select', () => {
    expect(release('istiod').values[0].pilot.replicaCount).toBe(2);
    expect(release('istio-ingressgateway').values[0]).toMatchObject({ replicaCount: 2, labels: { istio: 'ingressgateway' } });
  });

  test('the namespaces are the ones given, for the releases and for the gateway peer', () => {
    let istio: IstioInstall | undefined;
    const custom = helmfileOf((s) => { istio = new IstioInstall(s, 'istio', { namespace: 'mesh-system', gatewayNamespace: 'mesh-ingress', replicas: 3 }); });
    expect(custom.releases.map((r: any) => `${r.namespace}/${r.name}`)).toEqual(['mesh-system/istio-base', 'mesh-system/istio-cni', 'mesh-system/istiod', 'mesh-ingress/istio-ingressgateway']);
    expect(custom.releases[3].needs).toEqual(['mesh-system/istiod']);
    expect(istio!.ingressGatewayPeer).toBeDefined();
  });

  test('a version other than 1.x.y is refused', () => {
    expect(() => helmfileOf((s) => new IstioInstall(s, 'istio', { version: '1.28' }))).toThrow('[mesh/istio] version: got "1.28"; expected an exact Istio 1.x.y version');
  });
});
