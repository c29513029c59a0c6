import * as fs from 'node:fs';
import * as path from 'node:path';
import { OWNERSHIP_FILE } from './output-state';

/** The file cdktf's layout gives each stack, and that Terraform reads as the root module. */
const STACK_FILE = 'cdk.tf.json';
/** keelson's file beside it: the Terraform version the stack needs (written by lib/aws/terraform-version.ts). */
export const VERSIONS_FILE = 'versions.tf';

/** What {@link linkTerraformWorkspace} did. */
export interface TerraformWorkspace {
  /** The workspace folder, as given. */
  readonly workspace: string;
  /** The target of the `cdk.tf.json` link, relative to the workspace (what the link holds). */
  readonly target: string;
  /** Whether a link was created, changed or removed (false: everything was already in place). */
  readonly changed: boolean;
}

/** The synth's output directory that holds `dir` (the nearest folder with keelson's ownership record), if any. */
function outputRootOf(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, OWNERSHIP_FILE))) {
      return d;
    }
    if (path.dirname(d) === d) {
      return undefined;
    }
  }
}

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

const lstat = (file: string): fs.Stats | undefined => {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
};

/** Makes `workspace/<name>` a relative link to `file`; returns its target and whether it changed. */
function link(workspace: string, name: string, file: string): { target: string; changed: boolean } {
  const at = path.join(workspace, name);
  // POSIX separators in the link, so that a workspace committed from one system resolves on another.
  const target = path.relative(fs.realpathSync(workspace), fs.realpathSync(file)).split(path.sep).join('/');
  const existing = lstat(at);
  if (existing && !existing.isSymbolicLink()) {
    throw new Error(`${at} exists and is not a link: it is a file of its own, which this command does not replace; move it away first`);
  }
  if (existing && fs.readlinkSync(at) === target) {
    return { target, changed: false };
  }
  if (existing) {
    fs.unlinkSync(at);
  }
  try {
    fs.symlinkSync(target, at, 'file');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`could not create the link ${at} -> ${target} (${code ?? String(e)})`
      + (code === 'EPERM' ? '; on Windows, symbolic links need Developer Mode or an elevated shell' : ''));
  }
  return { target, changed: true };
}

/**
 * Makes `workspace` a Terraform working directory for a synthesized stack: the folder (created if missing) gets
 * relative symbolic links to the stack's generated files, `cdk.tf.json` and, where the synth wrote one, `versions.tf`
 * (the Terraform version the stack needs; a link of this command to a `versions.tf` the stack no longer has is
 * removed). Terraform then keeps its state, its `.terraform.lock.hcl` and `.terraform/` in the workspace, outside the
 * output that every synth replaces, while it always reads the configuration of the latest synth. Refuses a workspace
 * inside the output directory. Run it again after a synth that adds or drops a file.
 */
export function linkTerraformWorkspace(stackFolder: string, workspace: string): TerraformWorkspace {
  const file = path.join(stackFolder, STACK_FILE);
  if (!fs.existsSync(file)) {
    throw new Error(`${stackFolder} is not a synthesized Terraform stack: it has no ${STACK_FILE} (expected a folder such as `
      + 'dist/terraform/<app>/stacks/<stack>; run the synth first)');
  }
  const root = outputRootOf(stackFolder) ?? path.resolve(stackFolder);
  if (inside(path.resolve(workspace), root)) {
    throw new Error(`workspace ${workspace} is inside the synth's output directory ${path.relative('.', root) || '.'}, which every synth `
      + 'replaces: choose a folder outside it, such as terraform/<stack>');
  }
  fs.mkdirSync(workspace, { recursive: true });
  const stack = link(workspace, STACK_FILE, file);
  let changed = stack.changed;
  const versions = path.join(stackFolder, VERSIONS_FILE);
  if (fs.existsSync(versions)) {
    changed = link(workspace, VERSIONS_FILE, versions).changed || changed;
  } else {
    // A link to the versions.tf of an earlier synth would now point at nothing, and Terraform would fail to read it.
    const at = path.join(workspace, VERSIONS_FILE);
    if (lstat(at)?.isSymbolicLink() && fs.readlinkSync(at) === path.posix.join(path.posix.dirname(stack.target), VERSIONS_FILE)) {
      fs.unlinkSync(at);
      changed = true;
    }
  }
  return { workspace, target: stack.target, changed };
}

/** `keelson terraform-workspace STACK_FOLDER WORKSPACE`: returns the exit code. */
export function runTerraformWorkspaceCli(args: readonly string[], log = console.log, error = console.error): number {
  if (args.length !== 2 || args.some((a) => a.startsWith('-'))) {
    error('Usage: keelson terraform-workspace STACK_FOLDER WORKSPACE\n'
      + '  e.g. keelson terraform-workspace dist/terraform/eks-platform/stacks/eks-platform-state terraform/eks-platform-state');
    return 2;
  }
  try {
    const result = linkTerraformWorkspace(args[0], args[1]);
    log(`${result.changed ? 'linked' : 'already linked'}: ${path.join(result.workspace, STACK_FILE)} -> ${result.target}\n`
      + `next: terraform -chdir=${result.workspace} init (state, .terraform.lock.hcl and .terraform/ stay in ${result.workspace})`);
    return 0;
  } catch (e) {
    error(`keelson terraform-workspace: ${(e as Error).message}`);
    return 1;
  }
}
