#!/usr/bin/env node
// keelson: `keelson check PATH...` runs the policy checks over any files and directories of YAML and Terraform JSON.
import { runCheckCli } from '../lib/policy/check-cli';

const [command, ...rest] = process.argv.slice(2);
if (command === 'check') {
  process.exitCode = runCheckCli(rest);
} else {
  console.error('Usage: keelson check PATH... [--format text|json|sarif] [--output FILE] [--schemas DIR] [--config FILE]\n'
    + '(to synthesize, run your project\'s synth entry point: process.exitCode = runSynthCli(process.argv.slice(2), apps))');
  process.exitCode = command === undefined || command === '--help' ? 0 : 2;
}
