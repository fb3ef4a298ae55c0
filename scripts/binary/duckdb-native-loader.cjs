// Replaces `@duckdb/node-bindings` inside the single executable. Node's SEA cannot `require` a native
// file from inside the binary, so the two DuckDB native files travel as gzipped SEA assets and are
// unpacked once into a versioned cache directory (temp dir + rename, so concurrent first runs are safe),
// then loaded with process.dlopen. duckdb.node finds libduckdb.so through its $ORIGIN runpath.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const sea = require('node:sea');

function cacheRoot() {
  if (process.env.LAKEHOUSE_CACHE_DIR) return process.env.LAKEHOUSE_CACHE_DIR;
  const xdg = process.env.XDG_CACHE_HOME;
  const home = os.homedir();
  if (xdg) return path.join(xdg, 'lakehouse');
  if (home && home !== '/') return path.join(home, '.cache', 'lakehouse');
  return path.join(os.tmpdir(), 'lakehouse-cache');
}

function unpackOnce() {
  const version = sea.getAsset('duckdb.version', 'utf8').trim();
  const dir = path.join(cacheRoot(), `duckdb-${version}`);
  const addon = path.join(dir, 'duckdb.node');
  if (fs.existsSync(addon)) return addon;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = fs.mkdtempSync(`${dir}.tmp-`);
  for (const name of ['duckdb.node', 'libduckdb.so']) {
    const gz = Buffer.from(sea.getAsset(`${name}.gz`));
    fs.writeFileSync(path.join(tmp, name), zlib.gunzipSync(gz), { mode: 0o755 });
  }
  try {
    fs.renameSync(tmp, dir);
  } catch (e) {
    // Another process won the race: use its copy.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(addon)) throw e;
  }
  return addon;
}

const mod = { exports: {} };
process.dlopen(mod, unpackOnce());
module.exports = mod.exports;
