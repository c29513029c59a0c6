#!/usr/bin/env node
// keelson: `keelson check PATH...` runs the policy checks over any files and directories of YAML and Terraform JSON;
// `keelson terraform-workspace STACK WORKSPACE` links a synthesized Terraform stack into a working directory outside
// the output.
import { runCheckCli } from '../lib/policy/check-cli';
import { runTerraformWorkspaceCli } from '../lib/output/terraform-workspace';

const [command, ...rest] = process.argv.slice(2);
if (command === 'check') {
  process.exitCode = runCheckCli(rest);
} else if (command === 'terraform-workspace') {
  process.exitCode = runTerraformWorkspaceCli(rest);
} else {
  console.error('Usage: keelson check PATH... [--format text|json|sarif] [--output FILE] [--schemas DIR] [--config FILE]\n'
    + '         (PATH "-" reads standard input: helm template RELEASE CHART | keelson check -; keelson check --help)\n'
    + '       keelson terraform-workspace STACK_FOLDER WORKSPACE\n'
    + '(to synthesize, run your project\'s synth entry point: process.exitCode = runSynthCli(process.argv.slice(2), apps))');
  process.exitCode = command === undefined || command === '--help' ? 0 : 2;
}
