// Files the single binary (scripts/binary/build.mjs) carries as Node SEA assets. Code that needs one as a
// real file (a worker thread's entry) gets it unpacked once into a cache directory named by its content
// hash, so concurrent first runs and upgrades never see a half-written or stale file.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type SeaModule = { isSea(): boolean; getAsset(key: string, encoding?: string): string | ArrayBuffer };

/** The path of asset `name` unpacked to disk, or undefined when not running as the single binary. */
export function seaAssetFile(name: string): string | undefined {
  const sea = process.getBuiltinModule?.('node:sea') as SeaModule | undefined;
  if (!sea?.isSea()) return undefined;
  const body = Buffer.from(sea.getAsset(name) as ArrayBuffer);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const file = path.join(cacheRoot(), `${hash}-${name}`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, body);
    fs.renameSync(tmp, file);
  }
  return file;
}

function cacheRoot(): string {
  const env = process.env;
  if (env.LAKEHOUSE_CACHE_DIR) return env.LAKEHOUSE_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'lakehouse');
  const home = os.homedir();
  return home && home !== '/' ? path.join(home, '.cache', 'lakehouse') : path.join(os.tmpdir(), 'lakehouse-cache');
}
