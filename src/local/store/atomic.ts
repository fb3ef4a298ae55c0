// Durable small-state writes: every metadata file is replaced atomically (tmp file in the same directory,
// fsync, rename, fsync of the directory) so a kill -9 leaves either the old or the new version, never a torn one.
// Files are created 0600 (the rename keeps the temp file's mode): emulator state is its owner's alone.
import fs from 'node:fs';
import path from 'node:path';

let counter = 0;

/** Mode of every file the store writes. */
export const FILE_MODE = 0o600;

/** A unique temp name beside `file` (same filesystem, so rename is atomic). */
export function tmpNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++counter}.tmp`);
}

/** fsync a directory so a rename or create inside it survives a power cut (best effort on odd filesystems). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Write `data` to `file` atomically and durably. Creates parent directories. */
export function writeFileAtomic(file: string, data: string | Uint8Array, opts: { fsync?: boolean } = {}): void {
  const sync = opts.fsync ?? true;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tmpNameFor(file);
  const fd = fs.openSync(tmp, 'w', FILE_MODE);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    if (sync) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  if (sync) fsyncDir(path.dirname(file));
}

export function writeJsonAtomic(file: string, value: unknown, opts: { fsync?: boolean } = {}): void {
  writeFileAtomic(file, JSON.stringify(value, null, 1), opts);
}

/** Parsed JSON, or `fallback` when the file does not exist. A corrupt file throws (it should never happen). */
export function readJson<T>(file: string, fallback: T): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw e;
  }
  return JSON.parse(text) as T;
}
