import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutputFolder, writeOutput } from '../../../lib/output/output-writer';
import { terraformWorkingFiles } from '../../../lib/output/terraform-working-files';
import { linkTerraformWorkspace, runTerraformWorkspaceCli } from '../../../lib/output/terraform-workspace';
import { readTree, tempDir } from '../../helpers/tmp';

// A synth replaces its output folders whole. Terraform state, the dependency lock file and `.terraform/` must never be
// deleted with them: the write refuses, and `keelson terraform-workspace` gives Terraform a working folder outside.

const STACK = 'stacks/platform-state/cdk.tf.json';
const folder = (config: string): OutputFolder => ({ name: 'terraform/platform', files: new Map([[STACK, config], ['manifest.json', '{}']]) });
const plan = (config: string) => ({ folders: [folder(config)], owners: new Map([['platform', ['terraform/platform']]]) });
const stackDir = (out: string) => path.join(out, 'terraform/platform/stacks/platform-state');

function plant(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
}

describe('Terraform working files in the output', () => {
  test('a synth over planted state and lock files fails, writes nothing and keeps them', () => {
    const out = tempDir();
    writeOutput(out, plan('{"v":1}'));
    plant(stackDir(out), {
      'terraform.tfstate': '{"version":4}',
      'terraform.tfstate.backup': '{"version":4}',
      '.terraform.lock.hcl': 'provider "registry.terraform.io/hashicorp/aws" {}',
      '.terraform/terraform.tfstate': '{"backend":{}}',
      '.terraform/providers/huge': 'x',
    });
    const before = readTree(out);
    for (let run = 0; run < 3; run++) {
      expect(() => writeOutput(out, plan(`{"v":${run + 2}}`))).toThrow(
        /holds Terraform working files \(terraform\/platform\/stacks\/platform-state\/\.terraform\.lock\.hcl, terraform\/platform\/stacks\/platform-state\/\.terraform\/, .*terraform\.tfstate, .*terraform\.tfstate\.backup\).*Nothing was written.*keelson terraform-workspace/);
    }
    expect(readTree(out)).toEqual(before);
  });

  test('the compare-only mode (drift gate) reports the same problem instead of listing the state as removed', () => {
    const out = tempDir();
    writeOutput(out, plan('{"v":1}'));
    plant(stackDir(out), { 'terraform.tfstate': '{}' });
    expect(() => writeOutput(out, plan('{"v":1}'), { check: true })).toThrow('holds Terraform working files');
  });

  test('folders of an app no longer built are not removed while they hold state', () => {
    const out = tempDir();
    writeOutput(out, plan('{"v":1}'));
    plant(stackDir(out), { 'prod.tfstate': '{}' });
    expect(() => writeOutput(out, { folders: [], owners: new Map() })).toThrow('terraform/platform/stacks/platform-state/prod.tfstate');
    expect(fs.existsSync(path.join(stackDir(out), 'prod.tfstate'))).toBe(true);
  });

  test('only Terraform\'s own working files are recognised', () => {
    const dir = tempDir();
    plant(dir, { 'a/terraform.tfstate': '', 'b/x.tfstate.backup': '', 'c/.terraform.tfstate.lock.info': '', 'd/tfstate.json': '', 'e/notes.tfstate.md': '' });
    expect(terraformWorkingFiles(dir)).toEqual(['a/terraform.tfstate', 'b/x.tfstate.backup', 'c/.terraform.tfstate.lock.info']);
    expect(terraformWorkingFiles(path.join(dir, 'missing'))).toEqual([]);
  });
});

describe('keelson terraform-workspace', () => {
  function synthesized(): { root: string; out: string } {
    const root = tempDir();
    const out = path.join(root, 'dist');
    writeOutput(out, plan('{"v":1}'));
    return { root, out };
  }

  test('links the stack into a workspace outside the output; state there survives any number of synths', () => {
    const { root, out } = synthesized();
    const workspace = path.join(root, 'terraform/platform-state');
    expect(linkTerraformWorkspace(stackDir(out), workspace)).toEqual({
      workspace, target: '../../dist/terraform/platform/stacks/platform-state/cdk.tf.json', changed: true,
    });
    // What `terraform init` and `apply` would leave in the working directory.
    plant(workspace, { 'terraform.tfstate': '{"serial":7}', '.terraform.lock.hcl': 'locked', '.terraform/terraform.tfstate': '{}' });
    for (let v = 2; v < 5; v++) {
      writeOutput(out, plan(`{"v":${v}}`));
      // The link follows every synth: Terraform reads the newest configuration.
      expect(fs.readFileSync(path.join(workspace, 'cdk.tf.json'), 'utf8')).toBe(`{"v":${v}}`);
    }
    expect(fs.readFileSync(path.join(workspace, 'terraform.tfstate'), 'utf8')).toBe('{"serial":7}');
    expect(fs.readFileSync(path.join(workspace, '.terraform.lock.hcl'), 'utf8')).toBe('locked');
    expect(linkTerraformWorkspace(stackDir(out), workspace).changed).toBe(false);
  });

  test('refuses a workspace inside the output, a folder without a stack, and a real file in the way', () => {
    const { root, out } = synthesized();
    expect(() => linkTerraformWorkspace(stackDir(out), path.join(out, 'work'))).toThrow(/is inside the synth's output directory .*dist, which every synth replaces/);
    expect(() => linkTerraformWorkspace(path.join(out, 'terraform/platform'), path.join(root, 'w'))).toThrow('is not a synthesized Terraform stack: it has no cdk.tf.json');
    plant(path.join(root, 'w2'), { 'cdk.tf.json': 'hand-written' });
    expect(() => linkTerraformWorkspace(stackDir(out), path.join(root, 'w2'))).toThrow('exists and is not a link');
    expect(fs.readFileSync(path.join(root, 'w2/cdk.tf.json'), 'utf8')).toBe('hand-written');
  });

  test('links the stack\'s versions.tf too, and drops that link when a later synth no longer writes the file', () => {
    const root = tempDir();
    const out = path.join(root, 'dist');
    const VERSIONS = 'stacks/platform-state/versions.tf';
    const withVersions = (config: string) => ({
      folders: [{ name: 'terraform/platform', files: new Map([[STACK, config], [VERSIONS, 'terraform {\n  required_version = ">= 1.10"\n}\n'], ['manifest.json', '{}']]) }],
      owners: new Map([['platform', ['terraform/platform']]]),
    });
    writeOutput(out, withVersions('{"v":1}'));
    const workspace = path.join(root, 'terraform/platform-state');
    expect(linkTerraformWorkspace(stackDir(out), workspace).changed).toBe(true);
    expect(fs.readlinkSync(path.join(workspace, 'versions.tf'))).toBe('../../dist/terraform/platform/stacks/platform-state/versions.tf');
    expect(fs.readFileSync(path.join(workspace, 'versions.tf'), 'utf8')).toContain('required_version = ">= 1.10"');
    expect(linkTerraformWorkspace(stackDir(out), workspace).changed).toBe(false);
    // The next synth writes no versions.tf: the link would dangle, so running the command again removes it.
    writeOutput(out, plan('{"v":2}'));
    expect(linkTerraformWorkspace(stackDir(out), workspace).changed).toBe(true);
    expect(fs.readdirSync(workspace).sort()).toEqual(['cdk.tf.json']);
    // A versions.tf of the user's own in the workspace is not replaced.
    writeOutput(out, withVersions('{"v":3}'));
    plant(workspace, { 'versions.tf': 'terraform {}\n' });
    expect(() => linkTerraformWorkspace(stackDir(out), workspace)).toThrow('versions.tf exists and is not a link');
    expect(fs.readFileSync(path.join(workspace, 'versions.tf'), 'utf8')).toBe('terraform {}\n');
  });

  test('the command prints the next step, and its usage on bad arguments', () => {
    const { root, out } = synthesized();
    const logs: string[] = [];
    expect(runTerraformWorkspaceCli([stackDir(out), path.join(root, 'ws')], (m) => logs.push(m), (m) => logs.push(m))).toBe(0);
    expect(logs[0]).toMatch(/^linked: .*ws\/cdk\.tf\.json -> \.\.\/dist\/terraform\/platform\/stacks\/platform-state\/cdk\.tf\.json\nnext: terraform -chdir=.*ws init/);
    expect(runTerraformWorkspaceCli(['only-one'], () => undefined, (m) => logs.push(m))).toBe(2);
    expect(logs[1]).toMatch(/^Usage: keelson terraform-workspace STACK_FOLDER WORKSPACE/);
    expect(runTerraformWorkspaceCli([path.join(root, 'nowhere'), path.join(root, 'ws2')], () => undefined, (m) => logs.push(m))).toBe(1);
    expect(logs[2]).toMatch(/^keelson terraform-workspace: .*nowhere is not a synthesized Terraform stack/);
  });
});
