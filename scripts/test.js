#!/usr/bin/env node
// `npm test`: the type check (tsc) and jest, side by side: tsc keeps one core busy for a few seconds while jest
// starts its workers. Arguments go to jest (`npm test -- test/lib/workloads`). Fails when either fails.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const run = (args) => new Promise((resolve) => {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
});

Promise.all([
  // Incremental, with its state in node_modules/.cache (not tracked): a second run checks only what changed.
  run([bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', path.join(root, 'node_modules', '.cache', 'keelson-tsc', 'tsconfig.tsbuildinfo')]),
  run([bin('jest', 'bin/jest.js'), ...process.argv.slice(2)]),
]).then(([tsc, jest]) => {
  if (tsc !== 0) {
    console.error('\nType check failed (tsc -p tsconfig.json).');
  }
  process.exitCode = tsc || jest;
});
