import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { EXAMPLE_APPS } from '../apps';
import { synthApps } from '../lib/output/synth-apps';
import { readTree, tempDir } from './helpers/tmp';

const ROOT = path.resolve(__dirname, '..');

describe('cdk8s.yaml', () => {
  test('runs the synthesizer without ts-node', () => {
    const config = parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
    expect(config.language).toBe('typescript');
    expect(config.app).not.toMatch(/ts-node/);
    expect(config.app).toMatch(/\btsx\b|^node /);
  });

  test('`cdk8s synth` writes the same files as `npm run synth`', () => {
    const viaCli = path.join(tempDir(), 'out');
    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--output', viaCli], {
      cwd: ROOT, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    const direct = tempDir();
    synthApps(EXAMPLE_APPS, direct);
    expect(readTree(viaCli)).toEqual(readTree(direct));
  }, 30_000);
});
