// The serialization floor of `npm run bench`: the least a synth that writes one YAML file per object must do. Run as
// `node build/bench/serialization-floor.js --fixture FILE --outdir DIR`, it reads the objects (a JSON array prepared
// beforehand by bench/floor-fixture.ts) and writes each with js-yaml's dump, default options, into its own file
// `<kind>_<name>_<i>.yaml` in DIR; then prints {"objects", "peakRssMb", "userSeconds", "systemSeconds"} as JSON.
// No construct tree, no validation, no policy checks, no atomic swap: the bench times the whole process.
//
// It imports nothing but Node and js-yaml, so that the process loads no more than the floor needs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { dump } from 'js-yaml';

/** What the floor needs of an object: its kind and name, for the file name. */
export interface FloorObject {
  readonly kind: string;
  readonly metadata: { readonly name: string };
}

/** The file name of the `i`-th object: `<kind>_<name>_<i>.yaml`. */
export function floorFileName(object: FloorObject, i: number): string {
  return `${object.kind}_${object.metadata.name}_${i}.yaml`;
}

/** Writes each object as YAML (js-yaml's defaults) into its own file in `outdir`; returns how many. */
export function writeFloor(objects: readonly FloorObject[], outdir: string): number {
  objects.forEach((object, i) => fs.writeFileSync(path.join(outdir, floorFileName(object, i)), dump(object)));
  return objects.length;
}

function main(): void {
  const { values } = parseArgs({ options: { fixture: { type: 'string' }, outdir: { type: 'string' } } });
  if (!values.fixture || !values.outdir) {
    throw new Error('usage: serialization-floor --fixture FILE --outdir DIR');
  }
  const objects = JSON.parse(fs.readFileSync(values.fixture, 'utf8')) as FloorObject[];
  const written = writeFloor(objects, values.outdir);
  const u = process.resourceUsage();
  process.stdout.write(JSON.stringify({ objects: written, peakRssMb: u.maxRSS / 1024, userSeconds: u.userCPUTime / 1e6, systemSeconds: u.systemCPUTime / 1e6 }));
}

if (require.main === module) {
  main();
}
