#!/usr/bin/env node
// `npm test`: the type check (tsc) and jest, side by side: tsc keeps one core busy for a few seconds while jest
// starts its workers. Arguments go to jest (`npm test -- test/lib/workloads`). Fails when either fails.
// The type check has two steps: the library's project (tsconfig.lib.json, which `npm ci` compiled into build/ through
// `prepare`; rebuilt only when lib/ changed), then the rest (apps, bin, bench, test) against the library's
// declarations, as tsconfig.json references it.
// Without a test path, jest loads the test files in groups (jest.groups.config.js, test/helpers/test-groups.ts); with
// one, file by file (jest.config.js), so that the path selects files as jest users expect.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
// Synthesis allocates many short-lived objects: a larger young generation (jest's workers inherit NODE_OPTIONS) cuts the
// time spent in garbage collection by about a third.
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-semi-space-size=64`.trim() };
// The tests write thousands of small files into temporary folders (os.tmpdir()). On a VM's disk, creating a file takes
// about half a millisecond, forty times what it takes in memory: unless TMPDIR is set, they go to /dev/shm (a tmpfs)
// where it is there and writable. Nothing else changes: every folder is still made and removed by the tests.
if (env.TMPDIR === undefined && inMemoryTmp()) {
  env.TMPDIR = '/dev/shm';
}

function inMemoryTmp() {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return fs.statSync('/dev/shm').isDirectory();
  } catch {
    return false;
  }
}

const run = (args) => new Promise((resolve) => {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
});

const args = process.argv.slice(2);
const paths = args.some((a) => !a.startsWith('-') && /[/\\.]|^test/.test(a));

const tsc = bin('typescript', 'bin/tsc');
const typeCheck = async () => {
  const library = await run([tsc, '--build', 'tsconfig.lib.json']);
  // Incremental, with its state in node_modules/.cache (not tracked): a second run checks only what changed.
  const rest = await run([tsc, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', path.join(root, 'node_modules', '.cache', 'keelson-tsc', 'tsconfig.tsbuildinfo')]);
  if (library !== 0 || rest !== 0) {
    console.error(`\nType check failed (${library !== 0 ? 'tsc --build tsconfig.lib.json' : 'tsc -p tsconfig.json'}).`);
  }
  return library || rest;
};

Promise.all([
  typeCheck(),
  run([bin('jest', 'bin/jest.js'), ...(paths ? [] : ['--config', 'jest.groups.config.js']), ...args]),
]).then(([tsc, jest]) => {
  process.exitCode = tsc || jest;
});
