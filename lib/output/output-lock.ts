import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The lock file of an output directory; it exists while a synth writes there. */
export const LOCK_FILE = '.keelson-lock';

/** Options of {@link acquireOutputLock}. */
export interface OutputLockOptions {
  /**
   * How long to wait for another synth that holds the lock, in milliseconds.
   * @default 60000
   */
  readonly timeoutMs?: number;
  /**
   * Age after which a lock held from another host (a shared file system, where its process cannot be looked up)
   * counts as abandoned, in milliseconds.
   * @default 600000 (10 minutes)
   */
  readonly foreignStaleMs?: number;
}

/** Who holds a lock: enough to tell whether that process still runs. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** The kernel's start time of the process (Linux), so that a reused pid is not mistaken for the owner. */
  readonly startTime?: string;
  readonly token: string;
  readonly since: string;
}

/** Thrown when the output directory stays locked by another synth for longer than the timeout. */
export class OutputLockedError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'OutputLockedError';
  }
}

/** The start time of a process as the kernel records it (field 22 of /proc/<pid>/stat); undefined off Linux. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses; the fields after it are plain.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function processAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const started = processStartTime(owner.pid);
  return owner.startTime === undefined || started === undefined || started === owner.startTime;
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates the lock atomically with its content complete: written aside, then hard-linked into place. */
function tryCreate(lockPath: string, owner: LockOwner): boolean {
  const aside = `${lockPath}-${owner.pid}-${owner.token}`;
  fs.writeFileSync(aside, `${JSON.stringify(owner)}\n`);
  try {
    fs.linkSync(aside, lockPath);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw err;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/** Whether the holder of an existing lock is gone (killed, crashed) so that the lock may be broken. */
function abandoned(lockPath: string, foreignStaleMs: number): boolean {
  const holder = readOwner(lockPath);
  let age: number;
  try {
    age = Date.now() - fs.statSync(lockPath).mtimeMs;
  } catch {
    return false; // released meanwhile; the next attempt takes it
  }
  if (!holder) {
    return age > 5_000; // unreadable: never complete, since locks appear whole
  }
  return holder.host === os.hostname() ? !processAlive(holder) : age > foreignStaleMs;
}

function describeHolder(lockPath: string): string {
  const holder = readOwner(lockPath);
  return holder ? `process ${holder.pid} on ${holder.host}, since ${holder.since}` : 'an unknown process';
}

/**
 * Takes the lock of an output directory so that two synths never write it at once. Waits while another live
 * synth holds it; breaks a lock whose process is gone (killed or crashed), so a lock is never stuck. Returns the
 * function that releases it.
 */
export function acquireOutputLock(outdir: string, options: OutputLockOptions = {}): () => void {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const lockPath = path.join(outdir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    startTime: processStartTime(process.pid),
    token: Math.floor(Math.random() * 2 ** 32).toString(16),
    since: new Date().toISOString(),
  };
  const deadline = Date.now() + timeoutMs;
  let waited = 0;
  while (!tryCreate(lockPath, owner)) {
    if (abandoned(lockPath, options.foreignStaleMs ?? 600_000)) {
      // Move the dead lock aside first: of several processes breaking it at once, only one rename succeeds.
      const aside = `${lockPath}-broken-${owner.pid}-${owner.token}`;
      try {
        fs.renameSync(lockPath, aside);
        fs.rmSync(aside, { force: true });
      } catch {
        // another process broke it first
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new OutputLockedError(`another synth is writing ${outdir} (${describeHolder(lockPath)}); waited ${Math.round(waited / 1000)} s. `
        + `Wait for it to finish, or delete ${lockPath} if no synth is running.`);
    }
    sleep(100);
    waited += 100;
  }
  return () => {
    if (readOwner(lockPath)?.token === owner.token) {
      fs.rmSync(lockPath, { force: true });
    }
  };
}
