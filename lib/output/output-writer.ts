import * as fs from 'node:fs';
import * as path from 'node:path';

/** The files of one output folder, by path relative to that folder. */
export interface OutputFolder {
  /** Folder path under the output directory, e.g. "shop" or "terraform/shop". */
  readonly name: string;
  /** Relative file path to content. */
  readonly files: ReadonlyMap<string, string>;
}

const STAGING_PREFIX = '.keelson-staging-';
const PREVIOUS_PREFIX = '.keelson-previous-';

function checkRelative(folder: string, file: string): void {
  const normalized = path.posix.normalize(file);
  if (path.isAbsolute(file) || normalized.startsWith('..') || normalized !== file || file.includes('\\') || file.startsWith('.keelson-')) {
    throw new Error(`output "${folder}": path "${file}" must be a normalized relative path inside the folder`);
  }
}

/**
 * Replaces each folder `outdir/<name>` with exactly the given files. Everything is first written to staging
 * folders; only when all of them are complete are the folders swapped in by rename, so a failure leaves the
 * previous output untouched. Files that are no longer produced disappear with the old folder; folders of other
 * apps are left alone.
 */
export function writeOutputFolders(outdir: string, folders: readonly OutputFolder[]): void {
  fs.mkdirSync(outdir, { recursive: true });
  const staged: Array<{ folder: OutputFolder; staging: string }> = [];
  try {
    for (const folder of folders) {
      checkRelative('<outdir>', folder.name);
      const staging = path.join(outdir, STAGING_PREFIX + folder.name.replace(/\//g, '~'));
      fs.rmSync(staging, { recursive: true, force: true });
      fs.mkdirSync(staging);
      staged.push({ folder, staging });
      for (const [file, content] of [...folder.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
        checkRelative(folder.name, file);
        const target = path.join(staging, file);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, content, 'utf8');
      }
    }
  } catch (err) {
    for (const { staging } of staged) {
      fs.rmSync(staging, { recursive: true, force: true });
    }
    throw err;
  }

  for (const { folder, staging } of staged) {
    const target = path.join(outdir, folder.name);
    const previous = path.join(outdir, PREVIOUS_PREFIX + folder.name.replace(/\//g, '~'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.rmSync(previous, { recursive: true, force: true });
    if (fs.existsSync(target)) {
      fs.renameSync(target, previous);
    }
    fs.renameSync(staging, target);
    fs.rmSync(previous, { recursive: true, force: true });
  }
}
