// The data-directory policy, checked before anything opens, locks or cleans a data directory: lakehouse
// keeps its state in a folder of its own and never deletes a file it did not create. So a data dir may not
// be `/`, the home folder, or a folder holding files lakehouse did not create. A new one is created 0700 with
// a marker file; an existing one is accepted when it has the marker, is empty, or has exactly lakehouse's
// known layout (a data dir from before the marker existed), and then gets the marker and 0700.
import fs from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { forbiddenDataDir } from '../config/data-dir-policy.js';
import { ExitCode, LakehouseError } from '../errors.js';
import { writeFileAtomic } from './store/atomic.js';
import { describeDisk, isDiskFull } from './store/disk-full.js';

export const MARKER = '.lakehouse-data-dir';

/** Top-level entries lakehouse creates in a data dir (services' folders, the lock, the session socket). */
const KNOWN_DIRS = new Set(['kinesis', 'firehose', 's3', 's3meta', 's3mpu', 's3versions', 'glue', 'iam', 'sts', 'athena', 'cloudwatch', 'tmp']);
const KNOWN_FILES = /^(owner\.lock\.json(\.stale\.\d+\.\d+)?|\.owner\.lock\.json\.\d+\.\d+\.tmp|session\.sock|\.lakehouse-data-dir|\.\.lakehouse-data-dir\.\d+\.\d+\.tmp)$/;
/** Entries a file system or desktop puts in any folder; never lakehouse's, never a reason to refuse. */
const IGNORABLE = new Set(['lost+found', '.DS_Store']);
/** Folders only lakehouse makes: an unmarked folder counts as a data dir only when it holds one of these. */
const STATE_DIRS = ['kinesis', 'firehose', 'glue', 'iam', 'athena', 's3meta'];

export class DataDirError extends LakehouseError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.spec, hint ?? 'set local.data_dir in the spec (or LAKEHOUSE_DATA_DIR) to a new folder, e.g. .lakehouse beside the spec');
  }
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** Why `dir` (absolute) may not be a data dir at all, whatever it holds. */
function forbidden(dir: string): string | undefined {
  const never = forbiddenDataDir(dir);
  if (never) return never;
  const real = realOrSelf(dir);
  // Inside another data dir it would be reachable (and deletable) as that one's buckets or state.
  for (let up = path.dirname(real); ; up = path.dirname(up)) {
    if (fs.existsSync(path.join(up, MARKER))) return `the data directory ${dir} lies inside another lakehouse data directory (${up})`;
    if (path.dirname(up) === up) break;
  }
  return undefined;
}

/** Entries of `dir` that lakehouse did not create (empty when the layout is lakehouse's). */
function foreignEntries(dir: string, names: string[]): string[] {
  return names.filter((name) => {
    if (KNOWN_FILES.test(name) || IGNORABLE.has(name)) return false;
    if (!KNOWN_DIRS.has(name)) return true;
    return !fs.lstatSync(path.join(dir, name)).isDirectory();
  });
}

function writeMarker(dir: string): void {
  const note = { lakehouse: 'data-dir', created: new Date().toISOString(), note: 'lakehouse state and lake; lakehouse deletes only what it created here' };
  writeFileAtomic(path.join(dir, MARKER), JSON.stringify(note) + '\n');
}

/** 0700 on the data dir itself: everything below is then out of other users' reach. */
function tighten(dir: string): void {
  const mode = fs.statSync(dir).mode & 0o777;
  if (mode !== 0o700) fs.chmodSync(dir, 0o700);
}

/**
 * From here on this process creates files 0600 and folders 0700 (umask 077). Every writer in the emulator
 * inherits it, including native code that takes no mode argument (DuckDB writing Parquet and results), so
 * no writer can leave the lake readable by others by forgetting a mode. Only processes that open a data dir
 * call this; the one command writing user files (`init`) never does. Workers cannot change it (and inherit it).
 */
function privateUmask(): void {
  if (isMainThread) process.umask(process.umask() | 0o077);
}

/** Below this much free space nothing works (not even the lock file): say so plainly, up front. */
const FULL_BYTES = 16 * 1024;

function diskFull(dir: string): LakehouseError {
  return new LakehouseError(`disk full: no space left for the data directory ${dir} on ${describeDisk(dir)}`, ExitCode.aws, 'free space on that disk, then run the command again');
}

function refuseFullDisk(dir: string): void {
  let free: number;
  try {
    const s = fs.statfsSync(dir);
    free = s.bavail * s.bsize;
  } catch {
    return; // statfs is not everywhere; writes then report ENOSPC themselves
  }
  if (free < FULL_BYTES) throw diskFull(dir);
}

/**
 * Make `dataDir` usable as a data directory or throw a DataDirError (exit 2) saying why not. Creates it (0700,
 * with the marker) when missing; adopts an empty folder or one in lakehouse's layout. Never deletes anything.
 */
export function ensureDataDir(dataDir: string): string {
  const dir = path.resolve(dataDir);
  const why = forbidden(dir);
  if (why) throw new DataDirError(why);
  privateUmask();
  try {
    return ensure(dir);
  } catch (e) {
    if (isDiskFull(e)) throw diskFull(dir);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR') {
      throw new DataDirError(`cannot use the data directory ${dir}: ${(e as Error).message}`);
    }
    throw e;
  }
}

function ensure(dir: string): string {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (!stat) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    try {
      fs.mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      // Another lakehouse process created it at the same moment: check what is there like any existing folder.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      return ensure(dir);
    }
    writeMarker(dir);
    return dir;
  }
  if (!stat.isDirectory()) throw new DataDirError(`the data directory ${dir} is a file, not a folder`);
  // Someone else's folder (e.g. planted in a shared /tmp) could read the lake or swap in symlinks.
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new DataDirError(`the data directory ${dir} belongs to another user (uid ${stat.uid}); lakehouse uses only folders of its own user`);
  }
  const names = fs.readdirSync(dir);
  if (!names.includes(MARKER)) {
    const foreign = foreignEntries(dir, names);
    if (foreign.length) {
      const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, … (${foreign.length} in all)` : '');
      throw new DataDirError(
        `the data directory ${dir} holds files lakehouse did not create (${shown}); lakehouse keeps its state in a folder of its own and deletes only files it created`,
      );
    }
    if (names.some((n) => !IGNORABLE.has(n)) && !STATE_DIRS.some((d) => names.includes(d))) {
      throw new DataDirError(`the data directory ${dir} is not empty and does not look like a lakehouse data directory (${names.join(', ')})`);
    }
    writeMarker(dir);
  }
  tighten(dir);
  refuseFullDisk(dir);
  return dir;
}
