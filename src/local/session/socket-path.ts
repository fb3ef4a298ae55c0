// Where a session host listens: `<dataDir>/session.sock`, a unix socket only its owner can open (the data
// dir is 0700 and the socket 0600). A unix socket path is limited to ~107 bytes, so a deep data dir gets a
// socket under a private 0700 folder of the temp dir instead, named by a hash of the data dir; so does a data
// dir on a filesystem that cannot hold sockets (some network and Windows-shared mounts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MAX_SOCKET_PATH = 100;

/** `outside`: the temp-dir place even when the data dir's would do (its filesystem refused a socket). */
export function socketPathFor(dataDir: string, outside = false): string {
  const inside = path.join(dataDir, 'session.sock');
  if (!outside && Buffer.byteLength(inside) <= MAX_SOCKET_PATH) return inside;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const dir = path.join(os.tmpdir(), `lakehouse-${uid}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  // Someone else's folder (or a symlink planted there) must not hold our socket.
  if (!st.isDirectory() || (typeof process.getuid === 'function' && st.uid !== uid) || (st.mode & 0o077) !== 0) {
    throw new Error(`${dir} is not a private folder of this user; cannot place the session socket for ${dataDir}`);
  }
  const hash = crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 24);
  return path.join(dir, `${hash}.sock`);
}
