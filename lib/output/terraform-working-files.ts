import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Files Terraform keeps in its working directory that a synth must never delete: state (the only record of what
 * exists in the cloud), its backup, the lock of a running apply, the dependency lock file (provider checksums), and
 * the `.terraform` folder (backend configuration, which may hold the state of a backend being migrated).
 */
const WORKING_FILE = /(^|\.)tfstate(\.backup)?$|^\.terraform\.tfstate\.lock\.info$|^\.terraform\.lock\.hcl$/;
const WORKING_FOLDER = '.terraform';

/**
 * The Terraform working files under `dir` (relative POSIX paths, sorted); `.terraform` folders are listed as one
 * entry and not entered (they hold provider binaries of hundreds of megabytes). Empty when `dir` does not exist.
 */
export function terraformWorkingFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (sub: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, sub), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name === WORKING_FOLDER) {
          found.push(`${rel}/`);
        } else {
          walk(rel);
        }
      } else if (WORKING_FILE.test(entry.name)) {
        found.push(rel);
      }
    }
  };
  walk('');
  return found.sort();
}

/**
 * Refuses to replace or remove output folders that hold Terraform working files: someone ran `terraform init` or
 * `apply` inside the output, and the synth, which replaces its folders whole, would delete the state with them.
 * Nothing has been written when this throws.
 */
export function refuseTerraformWorkingFiles(outdir: string, folders: readonly string[]): void {
  const problems = folders.flatMap((folder) => terraformWorkingFiles(path.join(outdir, folder)).map((f) => `${folder}/${f}`));
  if (problems.length === 0) {
    return;
  }
  const shown = problems.slice(0, 5).join(', ') + (problems.length > 5 ? `, and ${problems.length - 5} more` : '');
  throw new Error(`the output directory ${outdir} holds Terraform working files (${shown}): Terraform was run inside the `
    + 'output, which every synth replaces, so these files would be deleted with it. Nothing was written. Move them into a '
    + 'Terraform workspace outside the output directory (`keelson terraform-workspace <stack folder> <workspace>` links the '
    + 'generated configuration into one; run terraform there), then synthesize again');
}
