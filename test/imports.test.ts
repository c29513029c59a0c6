import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) {
      return sourceFiles(rel);
    }
    return /\.(ts|js)$/.test(e.name) ? [rel] : [];
  });
}

/** The module specifiers a file imports or requires. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

const ALL = ['lib', 'apps', 'bin', 'bench', 'test'].flatMap(sourceFiles);

describe('import rules', () => {
  test('the scan sees the code base', () => {
    expect(ALL.length).toBeGreaterThan(50);
    expect(importsOf('lib/aws/eks-cluster.ts')).toContain('@cdktf/provider-aws/lib/eks-cluster');
  });

  test('nothing imports the root of @cdktf/provider-aws (2.4 s and 550 MB); only deep resource modules', () => {
    const offenders = ALL.filter((f) => importsOf(f).some((m) => m === '@cdktf/provider-aws' || m === '@cdktf/provider-aws/lib' || m === '@cdktf/provider-aws/lib/index'));
    expect(offenders).toEqual([]);
  });

  test('cdktf is imported only in lib/aws (and the tests of Terraform output)', () => {
    const offenders = ALL.filter((f) => !f.startsWith(`lib${path.sep}aws${path.sep}`) && !f.startsWith(`test${path.sep}`))
      .filter((f) => importsOf(f).some((m) => m === 'cdktf' || m.startsWith('cdktf/') || m.startsWith('@cdktf/')));
    expect(offenders).toEqual([]);
  });

  // The one exception: bench/cdk8s-plus-equivalent.ts, the synthetic stack written as a user of plain cdk8s +
  // cdk8s-plus-27 would write it, which `npm run bench` times against keelson. It stands for code outside keelson,
  // so it must use cdk8s-plus directly (L2 classes, and plain L1 classes where plus has none), never the seam.
  const PLUS_USER = path.join('bench', 'cdk8s-plus-equivalent.ts');

  test('cdk8s-plus is imported by the seam alone (lib/core/k8s.ts), anywhere in the project, and by the bench\'s cdk8s-plus equivalent', () => {
    const offenders = ALL.filter((f) => f !== path.join('lib', 'core', 'k8s.ts') && f !== PLUS_USER).filter((f) => importsOf(f).some((m) => m.startsWith('cdk8s-plus')));
    expect(offenders).toEqual([]);
    expect(importsOf(path.join('lib', 'core', 'k8s.ts'))).toEqual(expect.arrayContaining(['cdk8s-plus-27/lib/imports/k8s']));
    // Only the L1 module, never the root (which loads every L2 construct).
    expect(importsOf(path.join('lib', 'core', 'k8s.ts'))).not.toContain('cdk8s-plus-27');
    expect(importsOf(PLUS_USER)).toContain('cdk8s-plus-27');
    // Nothing of keelson's own: no relative imports.
    expect(importsOf(PLUS_USER).filter((m) => m.startsWith('.'))).toEqual([]);
  });

  test('objects are created through the seam\'s classes, whose JSON patches apply last, never the plain L1 classes', () => {
    const offenders = ALL.filter((f) => f !== path.join('lib', 'core', 'k8s.ts') && f !== PLUS_USER)
      .filter((f) => /new\s+k8s\.Kube|k8s\.toJson_/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
