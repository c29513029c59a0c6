#!/usr/bin/env node
// `prepare`: compiles the library into build/. npm runs it after `npm ci` or `npm install` in this repository,
// before `npm pack`, and when keelson is installed from git or from a local folder (`file:`). A clean checkout
// that is linked with `file:` has no node_modules of its own: its build dependencies are installed from the
// lockfile first, so that the link works without a manual `npm ci` there.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
if (!fs.existsSync(path.join(root, 'tsconfig.lib.json'))) {
  process.exit(0); // a packed keelson: already built
}
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (!fs.existsSync(path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'))) {
  console.error('keelson: installing the build dependencies of this checkout (npm ci) to compile it');
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund']);
}
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.lib.json')]);
