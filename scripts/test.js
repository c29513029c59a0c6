#!/usr/bin/env node
// `npm test`: the type check (tsc) and jest, side by side: tsc keeps one core busy for a few seconds while jest
// starts its workers. Arguments go to jest (`npm test -- test/lib/workloads`). Fails when either fails.
// Without a test path, jest loads the test files in groups (jest.groups.config.js, test/helpers/test-groups.ts); with
// one, file by file (jest.config.js), so that the path selects files as jest users expect.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
// Synthesis allocates many short-lived objects: a larger young generation (jest's workers inherit NODE_OPTIONS) cuts the
// time spent in garbage collection by about a third.
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-semi-space-size=64`.trim() };
const run = (args) => new Promise((resolve) => {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
});

const args = process.argv.slice(2);
const paths = args.some((a) => !a.startsWith('-') && /[/\\.]|^test/.test(a));

Promise.all([
  // Incremental, with its state in node_modules/.cache (not tracked): a second run checks only what changed.
  run([bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', path.join(root, 'node_modules', '.cache', 'keelson-tsc', 'tsconfig.tsbuildinfo')]),
  run([bin('jest', 'bin/jest.js'), ...(paths ? [] : ['--config', 'jest.groups.config.js']), ...args]),
]).then(([tsc, jest]) => {
  if (tsc !== 0) {
    console.error('\nType check failed (tsc -p tsconfig.json).');
  }
  process.exitCode = tsc || jest;
});
