// Temp directories for tests: each test file works in its own, removed when it is done.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

/** A new empty directory under the OS temp dir, named `<prefix>XXXXXX`. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A temp dir for the whole test file, removed after its last test (node:test `after`). */
export function tempDirForFile(prefix: string): string {
  const dir = tempDir(prefix);
  after(() => removeDir(dir));
  return dir;
}
