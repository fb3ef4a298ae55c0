// One process owns a data directory. The lock file `<dataDir>/owner.lock.json` records pid, the process's
// start time, kind ('serve' | 'cli') and how other processes reach the emulator it hosts: serve's TCP
// endpoint, or a command's unix socket (see src/local/session/). Created atomically with content (write tmp,
// then link(2), which fails if the lock exists); a lock whose process is gone is stale and taken over.
//
// Liveness is pid + start time, not pid alone: after a crash the pid may be reused by an unrelated process,
// which must not block every command. Why this and not the alternatives: Node has no flock/fcntl, and a child
// `flock` process holding the lock would outlive or die apart from us in ways that are hard to reason about;
// "can I connect to its socket" has a window while the host is still opening the emulator. The start time
// (field 22 of /proc/<pid>/stat, clock ticks since boot) together with the pid names one process for the
// life of the machine. Where /proc is missing (macOS) we fall back to the pid alone.
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, tmpNameFor, writeJsonAtomic } from './store/atomic.js';

export interface LockInfo {
  pid: number;
  /** The process's start time (clock ticks since boot) when /proc tells it; with pid, names one process. */
  pidStart?: string;
  kind: 'serve' | 'cli';
  /** serve: http://127.0.0.1:PORT once it listens. */
  endpoint?: string;
  /** cli: the unix socket other lakehouse processes attach to, once it listens. */
  socket?: string;
  startedAt: string;
}

export interface DataDirLock {
  readonly file: string;
  readonly info: LockInfo;
  /** Record the endpoint (serve, after listen). */
  setEndpoint(endpoint: string): void;
  /** Record the session socket (a command hosting the emulator, after listen). */
  setSocket(socket: string): void;
  release(): void;
}

export function lockFile(dataDir: string): string {
  return path.join(dataDir, 'owner.lock.json');
}

/** A process's start time from /proc (Linux), or undefined where it cannot be read. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19]; // field 22 overall: fields 3.. start at index 0
  } catch {
    return undefined;
  }
}

export function pidAlive(pid: number, pidStart?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to someone else — alive (then compare start times below).
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (pidStart === undefined) return true;
  const now = processStart(pid);
  // No /proc entry although kill(0) succeeded: a system without /proc; trust the pid.
  return now === undefined || now === pidStart;
}

/** The current lock, or undefined when there is none. `alive` tells whether its process still runs. */
export function readLock(dataDir: string): (LockInfo & { alive: boolean }) | undefined {
  let text: string;
  try {
    text = fs.readFileSync(lockFile(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const info = JSON.parse(text) as LockInfo;
    return { ...info, alive: pidAlive(info.pid, info.pidStart) };
  } catch {
    // Unparseable: never written by us completely (we link a complete file), treat as stale.
    return { pid: -1, kind: 'cli', startedAt: '', alive: false };
  }
}

/** Take the lock or return the live owner's info. Takes over a stale lock (dead or reused pid). */
export function tryAcquireLock(dataDir: string, kind: LockInfo['kind']): DataDirLock | { owner: LockInfo } {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = lockFile(dataDir);
  const info: LockInfo = { pid: process.pid, pidStart: processStart(process.pid), kind, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    const tmp = tmpNameFor(file);
    fs.writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
      fsyncDir(dataDir);
      return makeLock(file, info);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    const cur = readLock(dataDir);
    if (!cur) continue; // released meanwhile: retry
    if (cur.alive) return { owner: cur };
    removeStale(file, cur);
  }
  throw new Error(`could not acquire ${file}`);
}

// Move the stale file aside first so two processes taking over at once cannot delete each other's fresh lock.
function removeStale(file: string, stale: LockInfo): void {
  const aside = `${file}.stale.${process.pid}.${Date.now()}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return;
  }
  let moved: LockInfo | undefined;
  try {
    moved = JSON.parse(fs.readFileSync(aside, 'utf8')) as LockInfo;
  } catch {
    moved = undefined;
  }
  const same = moved && moved.pid === stale.pid && moved.startedAt === stale.startedAt;
  if (moved && !same && pidAlive(moved.pid, moved.pidStart)) {
    // We grabbed someone's fresh lock: put it back (fails harmlessly if another lock appeared).
    try {
      fs.linkSync(aside, file);
    } catch {
      /* another owner already */
    }
  }
  fs.rmSync(aside, { force: true });
}

function makeLock(file: string, info: LockInfo): DataDirLock {
  let released = false;
  return {
    file,
    info,
    setEndpoint(endpoint: string) {
      info.endpoint = endpoint;
      writeJsonAtomic(file, info);
    },
    setSocket(socket: string) {
      info.socket = socket;
      writeJsonAtomic(file, info);
    },
    release() {
      if (released) return;
      released = true;
      try {
        const cur = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
        if (cur.pid === info.pid && cur.startedAt === info.startedAt) fs.rmSync(file, { force: true });
      } catch {
        /* already gone */
      }
    },
  };
}
