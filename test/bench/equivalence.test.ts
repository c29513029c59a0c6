// The references of `npm run bench` write the same objects as keelson's synthetic app: the cdk8s-plus-27 equivalent
// the same (apiVersion, kind) multiset, the serialization floor exactly keelson's objects. No timings here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { load, loadAll } from 'js-yaml';
import { cdk8sPlusApp } from '../../bench/cdk8s-plus-equivalent';
import { writeFloorFixture } from '../../bench/floor-fixture';
import { floorFileName, writeFloor } from '../../bench/serialization-floor';
import { syntheticApp } from '../../bench/synthetic-stack';
import { Manifest } from '../../lib/output/manifest';
import { synthApps } from '../../lib/output/synth-apps';
import { readTree, tempDir } from '../helpers/tmp';

const PAIRS = 3;

/** "apiVersion kind" of each object, sorted: a multiset. */
const kinds = (objects: readonly Manifest[]) => objects.map((o) => `${o.apiVersion} ${o.kind}`).sort();

/** Keelson's objects as written by synthApps: each file of the app folder, parsed, in file order. */
function keelsonObjects(): Manifest[] {
  const outdir = tempDir();
  synthApps([syntheticApp(PAIRS)], outdir);
  return Object.values(readTree(path.join(outdir, `synthetic-${PAIRS}`))).map((text) => load(text) as Manifest);
}

describe('bench references', () => {
  let keelson: Manifest[];
  beforeAll(() => {
    keelson = keelsonObjects();
  });

  test('keelson writes what the references are checked against: 3 per namespace, 13 per pair', () => {
    const count = (kind: string) => keelson.filter((o) => o.kind === kind).length;
    expect(keelson).toHaveLength(3 + 13 * PAIRS);
    expect([count('Namespace'), count('NetworkPolicy'), count('ServiceAccount'), count('Service'), count('StatefulSet'),
      count('Deployment'), count('Ingress'), count('PodDisruptionBudget')]).toEqual([1, 2 + 3 * PAIRS, 2 * PAIRS, 3 * PAIRS, PAIRS, PAIRS, PAIRS, 2 * PAIRS]);
  });

  test('the cdk8s-plus-27 equivalent emits the same multiset of (apiVersion, kind) as keelson', () => {
    const app = cdk8sPlusApp(PAIRS);
    const plus = app.charts.flatMap((chart) => Testing.synth(chart)) as Manifest[];
    expect(kinds(plus)).toEqual(kinds(keelson));
  });

  test('the cdk8s-plus-27 equivalent writes one file per chart (namespace) with cdk8s\'s default output', () => {
    const outdir = tempDir();
    cdk8sPlusApp(PAIRS, outdir).synth();
    const files = readTree(outdir);
    expect(Object.keys(files)).toEqual(['team-0.k8s.yaml']);
    expect(kinds(loadAll(files['team-0.k8s.yaml']) as Manifest[])).toEqual(kinds(keelson));
  });

  test('the StatefulSet of the equivalent has the volumeClaimTemplate keelson writes (a JSON patch over plus)', () => {
    const plus = cdk8sPlusApp(1).charts.flatMap((chart) => Testing.synth(chart)) as Manifest[];
    const sts = plus.find((o) => o.kind === 'StatefulSet')!;
    const spec = sts.spec as any;
    expect(spec.serviceName).toBe('db-0-headless');
    expect(spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: { app: 'db-0' } },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '10Gi' } } },
    }]);
    expect(spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
  });

  test('the floor fixture holds exactly keelson\'s objects, and the floor writes each into its own file', () => {
    const dir = tempDir();
    const fixture = path.join(dir, 'fixture.json');
    expect(writeFloorFixture(syntheticApp(PAIRS), fixture)).toBe(keelson.length);
    const objects = JSON.parse(fs.readFileSync(fixture, 'utf8')) as Manifest[];
    expect(objects).toEqual(keelson);

    const outdir = path.join(dir, 'floor');
    fs.mkdirSync(outdir);
    expect(writeFloor(objects, outdir)).toBe(keelson.length);
    const written = readTree(outdir);
    expect(Object.keys(written).sort()).toEqual(objects.map((o, i) => floorFileName(o, i)).sort());
    objects.forEach((o, i) => expect(load(written[floorFileName(o, i)])).toEqual(o));
  });
});
