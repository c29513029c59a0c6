import { transformSync } from 'esbuild';

/**
 * TypeScript source as strict-mode CommonJS JavaScript for Node 20 (as tsc emits it), types stripped and not checked:
 * what tests run in a child process or in a `new Function` (the README's examples, the output writer killed
 * mid-write). esbuild, as the tests' own jest transform (test/setup/esbuild-transform.js) and tsx use, so that no test
 * loads TypeScript's compiler (about half a second of compiling per jest group that would).
 */
export function transpileTs(source: string, sourcefile = 'input.ts'): string {
  return transformSync(source, {
    loader: 'ts', format: 'cjs', target: 'node20', sourcefile, banner: '"use strict";',
    tsconfigRaw: { compilerOptions: { target: 'ES2022', useDefineForClassFields: true } },
  }).code;
}
