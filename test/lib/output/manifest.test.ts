import { ApiObject } from 'cdk8s';
import { KubeService } from '../../../lib/core/k8s';
import { Manifest, manifestFileName } from '../../../lib/output/manifest';
import { synthesizeApp } from '../../../lib/output/synthesize';
import { App } from 'cdk8s';
import { AppStack } from '../../../lib/core/app-stack';
import { expectSchemaValid } from '../../helpers/schemas';

const m = (apiVersion: string, kind: string, name: string, namespace?: string): Manifest => ({ apiVersion, kind, metadata: { name, namespace } });

describe('manifestFileName', () => {
  test('is <kind>_<group>_<namespace>_<name>.yaml', () => {
    expect(manifestFileName(m('v1', 'Service', 'hello', 'shop'))).toBe('service_core_shop_hello.yaml');
    expect(manifestFileName(m('serving.knative.dev/v1', 'Service', 'hello', 'shop'))).toBe('service_serving.knative.dev_shop_hello.yaml');
    expect(manifestFileName(m('rbac.authorization.k8s.io/v1', 'ClusterRole', 'view'))).toBe('clusterrole_rbac.authorization.k8s.io__view.yaml');
  });

  test('escapes characters that could make two names collide or break file systems', () => {
    expect(manifestFileName(m('rbac.authorization.k8s.io/v1', 'ClusterRole', 'system:Auth_x'))).toBe('clusterrole_rbac.authorization.k8s.io__system~3a~41uth~5fx.yaml');
    const names = ['a_b', 'a~5fb', 'A', 'a'];
    const files = names.map((n) => manifestFileName(m('v1', 'ConfigMap', n, 'x')));
    expect(new Set(files).size).toBe(names.length);
  });

  test('a core Service and a Knative Service of the same name both survive synthesis', () => {
    const app = new App();
    const stack = new AppStack(app, 'collide');
    new KubeService(stack, 'core', { metadata: { name: 'hello', namespace: 'shop' }, spec: { ports: [{ port: 80 }], selector: { app: 'hello' } } });
    new ApiObject(stack, 'knative', {
      apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'shop' },
      spec: { template: { spec: { containers: [{ image: 'ghcr.io/example/hello:1.0.0' }] } } },
    });
    const out = synthesizeApp(app);
    expect(out.map((o) => [o.fileName, o.manifest.apiVersion])).toEqual([
      ['service_core_shop_hello.yaml', 'v1'],
      ['service_serving.knative.dev_shop_hello.yaml', 'serving.knative.dev/v1'],
    ]);
    expectSchemaValid(out.map((o) => o.manifest));
  });
});
