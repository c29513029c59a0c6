import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutputLockOptions, acquireOutputLock } from './output-lock';
import {
  OWNERSHIP_FILE, OutputChange, OwnershipRecord, diffFolder, isGenerated, readFolder, readOwnership, renderOwnership,
} from './output-state';
import { refuseTerraformWorkingFiles } from './terraform-working-files';

/** The files of one output folder, by path relative to that folder. */
export interface OutputFolder {
  /** Folder path under the output directory, e.g. "shop" or "terraform/shop". */
  readonly name: string;
  /** Relative file path to content. */
  readonly files: ReadonlyMap<string, string>;
}

/** What a synth writes into an output directory, and which folders it answers for. */
export interface OutputPlan {
  /** The folders to write; each replaces the folder of that name as a whole. */
  readonly folders: readonly OutputFolder[];
  /**
   * Owner (an app name) → the folders it produced in this run. Recorded in `.keelson.json`, so that the folders of an
   * owner that disappears are removed by a later synth. Without it, nothing is recorded or removed.
   * @default no ownership records
   */
  readonly owners?: ReadonlyMap<string, readonly string[]>;
  /**
   * Owners that still exist but were not built in this run (e.g. apps not selected with `--app`): their folders and
   * records stay as they are. Owners recorded earlier that are neither built nor kept have their folders removed.
   * @default none
   */
  readonly keep?: readonly string[];
}

/** Options of {@link writeOutput}. */
export interface WriteOutputOptions extends OutputLockOptions {
  /**
   * Compare only: report what a write would add, change or remove, and write nothing.
   * @default false
   */
  readonly check?: boolean;
}

const STAGING = '.keelson-staging-';
const PREVIOUS = '.keelson-previous-';
const TRASH = '.keelson-trash-';

const encode = (folder: string) => folder.replace(/\//g, '~');

function checkRelative(folder: string, file: string): void {
  const normalized = path.posix.normalize(file);
  if (path.isAbsolute(file) || normalized.startsWith('..') || normalized !== file || file.includes('\\') || file.startsWith('.keelson')) {
    throw new Error(`output "${folder}": path "${file}" must be a normalized relative path inside the folder`);
  }
}

/** The signals that would interrupt a write; they are held back until the output is consistent again. */
const DEFERRED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** How many writes hold the signals; the listener goes once none does (and pending signals were delivered). */
let holds = 0;

function stopHolding(): void {
  if (holds === 0) {
    DEFERRED_SIGNALS.forEach((s) => process.off(s, heldSignal));
  }
}

/** Delivered after the write, from the event loop: end the hold and let the signal take its default course. */
function heldSignal(signal: NodeJS.Signals): void {
  DEFERRED_SIGNALS.forEach((s) => process.off(s, heldSignal));
  if (process.listenerCount(signal) === 0) {
    process.kill(process.pid, signal);
  }
}

/**
 * Holds back SIGINT, SIGTERM and SIGHUP while a write runs. Node delivers signals to listeners only from the event
 * loop, so a signal that arrives during the (synchronous) write waits until it is done; the listener then raises it
 * again with the default action, unless the program has listeners of its own. Returns the function that ends the
 * hold: it lets the event loop deliver what arrived meanwhile before removing the listener.
 */
function holdSignals(): () => void {
  holds += 1;
  if (!process.listeners('SIGTERM').includes(heldSignal)) {
    DEFERRED_SIGNALS.forEach((s) => process.on(s, heldSignal));
  }
  return () => {
    holds -= 1;
    setImmediate(stopHolding);
  };
}

/**
 * Puts right what a killed synth left: a folder moved aside but not yet replaced is moved back (so it is wholly the
 * old one), and staging, aside and trash folders are deleted. Runs under the lock, so nothing else is writing.
 */
function recover(outdir: string): void {
  for (const entry of fs.readdirSync(outdir).sort()) {
    const full = path.join(outdir, entry);
    if (entry.startsWith(PREVIOUS)) {
      const target = path.join(outdir, entry.slice(PREVIOUS.length).replace(/^\d+-/, '').replace(/~/g, '/'));
      if (!fs.existsSync(target)) {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.renameSync(full, target);
        continue;
      }
    }
    const leftover = entry.startsWith(PREVIOUS) || entry.startsWith(STAGING) || entry.startsWith(TRASH)
      || (entry.startsWith(`${OWNERSHIP_FILE}.`) && entry.endsWith('.tmp'));
    if (leftover || isDeadLockAside(entry)) {
      fs.rmSync(full, { recursive: true, force: true });
    }
  }
}

/** A file that a process aside of the lock wrote (`.keelson-lock-[broken-]<pid>-<token>`), when that process is gone. */
function isDeadLockAside(entry: string): boolean {
  const pid = /^\.keelson-lock-(?:broken-)?(\d+)-/.exec(entry)?.[1];
  if (pid === undefined) {
    return false;
  }
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Removes a folder atomically from view (renamed into the trash first), then its parents if they became empty. */
function removeFolder(outdir: string, folder: string): void {
  const full = path.join(outdir, folder);
  const trash = path.join(outdir, `${TRASH}${process.pid}-${encode(folder)}`);
  fs.renameSync(full, trash);
  fs.rmSync(trash, { recursive: true, force: true });
  for (let parent = path.dirname(folder); parent !== '.'; parent = path.dirname(parent)) {
    const dir = path.join(outdir, parent);
    if (fs.readdirSync(dir).length > 0) {
      break;
    }
    fs.rmdirSync(dir);
  }
}

/** Writes a folder's staging copy: unchanged files are hard links to the current ones, the rest are written. */
function stage(outdir: string, folder: OutputFolder, current: ReadonlyMap<string, Buffer>): string {
  const staging = path.join(outdir, `${STAGING}${process.pid}-${encode(folder.name)}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging);
  const dirs = new Set<string>();
  for (const [file, content] of [...folder.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target = path.join(staging, file);
    const dir = path.dirname(file);
    if (dir !== '.' && !dirs.has(dir)) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      dirs.add(dir);
    }
    const old = current.get(file);
    if (old !== undefined && old.equals(Buffer.from(content, 'utf8'))) {
      try {
        fs.linkSync(path.join(outdir, folder.name, file), target);
        continue;
      } catch {
        // file systems without hard links: write the bytes instead
      }
    }
    fs.writeFileSync(target, content, 'utf8');
  }
  return staging;
}

/** Writes a file by rename, so readers see the old or the new content, never a part. */
function writeFileAtomic(file: string, content: string): void {
  const aside = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(aside, content, 'utf8');
  fs.renameSync(aside, file);
}

/**
 * Writes (or, with `check`, compares) the folders of a synth in `outdir` and returns what changed, sorted by path.
 *
 * - Each folder is replaced as a whole: files no longer produced disappear; folders that did not change are not
 *   touched, and unchanged files are hard-linked rather than rewritten.
 * - Nothing is written until every folder is staged; then each changed folder is swapped in by two renames.
 *   SIGINT, SIGTERM and SIGHUP are held back until the write is done. A process killed (SIGKILL) at any instant
 *   leaves every folder wholly old or wholly new, except between the two renames of one folder's swap, where that
 *   folder is moved aside whole; the next synth puts it back, and removes whatever else a killed run left.
 * - With `owners`, the folders an app produced are recorded in `<outdir>/.keelson.json`; the folders of apps no
 *   longer built are removed. Folders keelson did not write are never touched: writing over a folder that is not
 *   recorded fails unless every file in it was generated by keelson.
 * - Folders holding Terraform working files (state, `.terraform.lock.hcl`, `.terraform/`) are never replaced or
 *   removed: the write fails before anything is written.
 * - One synth writes at a time: a lock in `<outdir>/.keelson-lock` makes a second one wait (see `timeoutMs`).
 */
export function writeOutput(outdir: string, plan: OutputPlan, options: WriteOutputOptions = {}): OutputChange[] {
  const names = new Set<string>();
  for (const folder of plan.folders) {
    checkRelative('<outdir>', folder.name);
    if (names.has(folder.name) || [...names].some((n) => folder.name.startsWith(`${n}/`) || n.startsWith(`${folder.name}/`))) {
      throw new Error(`output folder "${folder.name}" is written twice or nested in another output folder`);
    }
    names.add(folder.name);
    for (const file of folder.files.keys()) {
      checkRelative(folder.name, file);
    }
  }
  if (options.check) {
    return changesOf(outdir, plan).changes;
  }
  fs.mkdirSync(outdir, { recursive: true });
  // Killed while it waits for the lock, a synth leaves nothing that the next one does not clean up; from here on,
  // signals are held back until the output is consistent again.
  const release = acquireOutputLock(outdir, options);
  const resume = holdSignals();
  try {
    return apply(outdir, plan);
  } finally {
    release();
    resume();
  }
}

/** The write itself, under the lock: recover, stage, record, swap, clean up. */
function apply(outdir: string, plan: OutputPlan): OutputChange[] {
  recover(outdir);
  const { changes, current, record, stale } = changesOf(outdir, plan);
  const changed = plan.folders.filter((f) => changes.some((c) => c.path.startsWith(`${f.name}/`)));
  const staged = changed.map((folder) => ({ folder, staging: stage(outdir, folder, current.get(folder.name) ?? new Map()) }));
  // Record the union of old and new first: a run killed before the end still owns every folder it may leave.
  const union = plan.owners && unionRecord(readOwnership(outdir), record);
  if (union) {
    writeFileAtomic(path.join(outdir, OWNERSHIP_FILE), renderOwnership(union));
  }
  const asides: string[] = [];
  for (const { folder, staging } of staged) {
    const target = path.join(outdir, folder.name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) {
      const aside = path.join(outdir, `${PREVIOUS}${process.pid}-${encode(folder.name)}`);
      fs.renameSync(target, aside);
      asides.push(aside);
    }
    fs.renameSync(staging, target);
  }
  asides.forEach((aside) => fs.rmSync(aside, { recursive: true, force: true }));
  stale.forEach((folder) => removeFolder(outdir, folder));
  if (record) {
    writeFileAtomic(path.join(outdir, OWNERSHIP_FILE), renderOwnership(record));
  }
  return changes;
}

function unionRecord(a: OwnershipRecord | undefined, b: OwnershipRecord | undefined): OwnershipRecord | undefined {
  if (!a || !b) {
    return b;
  }
  const owners: Record<string, readonly string[]> = { ...a.owners };
  for (const [owner, folders] of Object.entries(b.owners)) {
    owners[owner] = [...new Set([...(owners[owner] ?? []), ...folders])];
  }
  return { owners };
}

/** Everything a write would change, with what it needs to apply it. */
function changesOf(outdir: string, plan: OutputPlan) {
  const previous = readOwnership(outdir);
  const owned = new Set(Object.values(previous?.owners ?? {}).flat());
  const record = plan.owners && nextRecord(previous, plan);
  const kept = new Set(Object.values(record?.owners ?? {}).flat());
  const written = new Set(plan.folders.map((f) => f.name));
  const stale = !record ? [] : [...owned].filter((f) => !kept.has(f) && !written.has(f) && fs.existsSync(path.join(outdir, f))).sort();
  // Terraform state in a folder this write would replace or remove is never deleted (checked before anything is read).
  refuseTerraformWorkingFiles(outdir, [...plan.folders.map((f) => f.name), ...stale]);

  const changes: OutputChange[] = [];
  const current = new Map<string, Map<string, Buffer>>();
  for (const folder of plan.folders) {
    const files = readFolder(path.join(outdir, folder.name));
    if (record && files.size > 0 && !owned.has(folder.name)) {
      const foreign = [...files].filter(([file, content]) => !folder.files.has(file) && !isGenerated(content)).map(([file]) => file);
      if (foreign.length > 0) {
        throw new Error(`output folder ${path.join(outdir, folder.name)} exists and was not written by keelson `
          + `(it holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}); move it away or rename the app`);
      }
    }
    current.set(folder.name, files);
    changes.push(...diffFolder(folder.name, files, folder.files));
  }
  for (const folder of stale) {
    changes.push(...diffFolder(folder, readFolder(path.join(outdir, folder)), new Map()));
  }
  if (record) {
    const onDisk = readFolder(outdir, false).get(OWNERSHIP_FILE);
    const text = renderOwnership(record);
    if (onDisk === undefined || !onDisk.equals(Buffer.from(text))) {
      changes.push({ path: OWNERSHIP_FILE, change: onDisk === undefined ? 'added' : 'changed' });
    }
  }
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { changes, current, record, stale };
}

/** The ownership record after this run: owners built now with their folders, kept owners as they were. */
function nextRecord(previous: OwnershipRecord | undefined, plan: OutputPlan): OwnershipRecord {
  const owners: Record<string, readonly string[]> = {};
  for (const owner of plan.keep ?? []) {
    if (previous?.owners[owner]) {
      owners[owner] = previous.owners[owner];
    }
  }
  for (const [owner, folders] of plan.owners ?? []) {
    owners[owner] = [...folders].sort();
  }
  return { owners };
}

/**
 * Replaces each folder `outdir/<name>` with exactly the given files (see {@link writeOutput}), without recording
 * ownership or removing other folders.
 */
export function writeOutputFolders(outdir: string, folders: readonly OutputFolder[]): void {
  writeOutput(outdir, { folders });
}
