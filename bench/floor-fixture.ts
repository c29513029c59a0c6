// The fixture of the serialization floor (bench/serialization-floor.ts): keelson's objects of an app, synthesized in
// memory and written as one JSON array. Prepared once per size, before and outside the timed runs.
import * as fs from 'node:fs';
import { Manifest } from '../lib/output/manifest';
import { AppDefinition, synthesizeDefinition } from '../lib/output/synth-apps';

/** The Kubernetes objects keelson writes for `def`, in the order of its files. */
export function floorObjects(def: AppDefinition): Manifest[] {
  return synthesizeDefinition(def).manifests.map((m) => m.manifest);
}

/** Writes the objects of `def` as one JSON array into `file`; returns how many. */
export function writeFloorFixture(def: AppDefinition, file: string): number {
  const objects = floorObjects(def);
  fs.writeFileSync(file, JSON.stringify(objects));
  return objects.length;
}
