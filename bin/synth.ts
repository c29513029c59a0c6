#!/usr/bin/env node
// Synthesizes the example apps: `npm run synth` (compiled), `npx cdk8s synth` (through tsx, see cdk8s.yaml).
import { EXAMPLE_APPS } from '../apps';
import { runSynthCli } from '../lib/output/synth-cli';

process.exitCode = runSynthCli(process.argv.slice(2), EXAMPLE_APPS);
