// One process owns a data directory. The lock file `<dataDir>/owner.lock.json` records pid, kind
// ('serve' | 'cli') and, for serve, its endpoint so other invocations talk to it instead of the files.
// Created atomically with content (write tmp, then link(2), which fails if the lock exists); a lock whose
// pid is dead is stale and taken over.
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, tmpNameFor, writeJsonAtomic } from './store/atomic.js';

export interface LockInfo {
  pid: number;
  kind: 'serve' | 'cli';
  /** serve: http://127.0.0.1:PORT once it listens. */
  endpoint?: string;
  startedAt: string;
}

export interface DataDirLock {
  readonly file: string;
  readonly info: LockInfo;
  /** Record the endpoint (serve, after listen). */
  setEndpoint(endpoint: string): void;
  release(): void;
}

export function lockFile(dataDir: string): string {
  return path.join(dataDir, 'owner.lock.json');
}

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else — alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
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
    return { ...info, alive: pidAlive(info.pid) };
  } catch {
    // Unparseable: never written by us completely (we link a complete file), treat as stale.
    return { pid: -1, kind: 'cli', startedAt: '', alive: false };
  }
}

/** Take the lock or return the live owner's info. Takes over a stale lock (dead pid). */
export function tryAcquireLock(dataDir: string, kind: LockInfo['kind']): DataDirLock | { owner: LockInfo } {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  const info: LockInfo = { pid: process.pid, kind, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    const tmp = tmpNameFor(file);
    fs.writeFileSync(tmp, JSON.stringify(info));
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
    removeStale(file, cur.pid);
  }
  throw new Error(`could not acquire ${file}`);
}

// Move the stale file aside first so two processes taking over at once cannot delete each other's fresh lock.
function removeStale(file: string, stalePid: number): void {
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
  if (moved && moved.pid !== stalePid && pidAlive(moved.pid)) {
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
