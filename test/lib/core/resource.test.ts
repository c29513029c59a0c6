import { ApiObject, JsonPatch } from 'cdk8s';
import { RESOURCE_ID } from '../../../lib/core/resource';
import { Autoscaler } from '../../../lib/workloads/autoscaler';
import { DisruptionBudget } from '../../../lib/workloads/disruption-budget';
import { findWithPath, synthError, synthWithPaths } from '../../helpers/synth';

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

describe('Resource: the main object at child "Resource", and the escape hatch', () => {
  test('JSON patches on an Autoscaler\'s and a DisruptionBudget\'s main objects are in the written objects', () => {
    const out = synthWithPaths((stack) => {
      const hpa = new Autoscaler(stack, 'hpa', { name: 'web', namespace: 'shop', maxReplicas: 5, target: DEPLOYMENT });
      ApiObject.of(hpa.resource).addJsonPatch(JsonPatch.add('/spec/behavior', { scaleDown: { stabilizationWindowSeconds: 600 } }));
      const pdb = new DisruptionBudget(stack, 'pdb', { name: 'web', namespace: 'shop', selector: { app: 'web' } });
      ApiObject.of(pdb.resource).addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'team-a' }));
      expect(hpa.node.findChild(RESOURCE_ID)).toBe(hpa.resource);
    });
    const hpa = findWithPath(out, 'HorizontalPodAutoscaler');
    expect(hpa.constructPath).toBe('test/hpa/Resource');
    expect(hpa.manifest.spec.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 600 } });
    expect(hpa.manifest.spec.maxReplicas).toBe(5);
    const pdb = findWithPath(out, 'PodDisruptionBudget');
    expect(pdb.constructPath).toBe('test/pdb/Resource');
    expect(pdb.manifest.metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
  });

  test('the base checks the name, the labels and the namespace of every resource', () => {
    const message = synthError((stack) => new DisruptionBudget(stack, 'pdb', {
      name: 'Web', namespace: 'Shop', selector: { app: 'web' }, labels: { 'bad key!': 'x' },
    })).message;
    expect(message).toContain('[test/pdb] name: got "Web"; expected');
    expect(message).toContain('[test/pdb] labels key: got "bad key!"; expected');
    expect(message).toContain('[test/pdb] namespace: got "Shop"; expected a DNS-1123 label');
  });

  test('props that are not an object are refused', () => {
    expect(synthError((stack) => new DisruptionBudget(stack, 'pdb', ['web'] as never)).message)
      .toContain('[test/pdb] props: got ["web"]; expected an object of props');
  });
});
