// Where `local` clients send requests: to `lakehouse serve` when it owns the data directory (its endpoint
// is in the lock file), else to an Emulator opened in this process (taking the lock). Several openers in
// one process share one emulator (reference counted), so commands and tests may open clients twice.
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, LakehouseError } from '../errors.js';
import { Emulator } from '../local/emulator.js';
import { parseFaults, settingsFromEnv } from '../local/faults.js';
import { LocalHttpHandler } from '../local/handler.js';
import { lockFile, readLock, tryAcquireLock, type DataDirLock, type LockInfo } from '../local/lock.js';
import type { FaultRule } from '../local/service.js';

export interface LocalTarget {
  endpoint: string;
  /** Set when the emulator runs in this process. */
  handler?: LocalHttpHandler;
  emulator?: Emulator;
  release(): Promise<void>;
}

/** A placeholder endpoint for in-process clients: requests never leave the process. */
const IN_PROCESS_ENDPOINT = 'http://localhost.lakehouse:4566';

interface Shared {
  emulator: Emulator;
  lock: DataDirLock;
  handler: LocalHttpHandler;
  refs: number;
}
const shared = new Map<string, Promise<Shared>>();

export async function openLocalTarget(
  dataDirIn: string,
  region: string,
  enforceShardLimits?: boolean,
  faults?: FaultRule[] | string,
): Promise<LocalTarget> {
  const dataDir = path.resolve(dataDirIn);
  const existing = shared.get(dataDir);
  if (existing) return share(dataDir, await existing);
  const owner = await serveOwner(dataDir);
  if (owner) return { endpoint: owner.endpoint!, release: async () => {} };
  const opening = openShared(dataDir, region, enforceShardLimits, faults);
  shared.set(dataDir, opening);
  try {
    return share(dataDir, await opening);
  } catch (e) {
    shared.delete(dataDir);
    throw e;
  }
}

function share(dataDir: string, s: Shared): LocalTarget {
  s.refs++;
  let released = false;
  return {
    endpoint: IN_PROCESS_ENDPOINT,
    handler: s.handler,
    emulator: s.emulator,
    async release() {
      if (released) return;
      released = true;
      if (--s.refs > 0) return;
      shared.delete(dataDir);
      try {
        await s.emulator.close();
      } finally {
        s.lock.release();
      }
    },
  };
}

async function openShared(
  dataDir: string,
  region: string,
  enforceShardLimits?: boolean,
  faults?: FaultRule[] | string,
): Promise<Shared> {
  let got = tryAcquireLock(dataDir, 'cli');
  if ('owner' in got && got.owner.pid === process.pid && got.owner.kind === 'cli') {
    // Our own pid but no shared emulator: a lock leaked by an opener that failed to close. Take it back.
    fs.rmSync(lockFile(dataDir), { force: true });
    got = tryAcquireLock(dataDir, 'cli');
  }
  if ('owner' in got) throw ownedError(dataDir, got.owner);
  try {
    const settings = settingsFromEnv(process.env, enforceShardLimits);
    if (faults !== undefined) settings.faults = typeof faults === 'string' ? parseFaults(faults) : faults;
    const emulator = await Emulator.open({ dataDir, region, settings });
    return { emulator, lock: got, handler: new LocalHttpHandler(emulator), refs: 0 };
  } catch (e) {
    got.release();
    throw e;
  }
}

/** The live `serve` owning the data dir, waiting briefly for its endpoint while it starts listening. */
async function serveOwner(dataDir: string): Promise<LockInfo | undefined> {
  for (let i = 0; i < 50; i++) {
    const lock = readLock(dataDir);
    if (!lock || !lock.alive || lock.kind !== 'serve') return undefined;
    if (lock.endpoint) return lock;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new LakehouseError(`lakehouse serve owns ${dataDir} but has not published its endpoint`, ExitCode.aws);
}

function ownedError(dataDir: string, owner: LockInfo): LakehouseError {
  if (owner.kind === 'serve') {
    return new LakehouseError(`lakehouse serve (pid ${owner.pid}) owns ${dataDir} and is still starting`, ExitCode.aws);
  }
  return new LakehouseError(
    `another lakehouse process (pid ${owner.pid}) is using the local data directory ${dataDir}`,
    ExitCode.aws,
    'wait for it to finish, or run `lakehouse serve` so several commands can share the emulator',
  );
}
