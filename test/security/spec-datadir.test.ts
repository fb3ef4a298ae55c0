// The data-directory policy through the real CLI: `/`, the home folder and folders of someone else's files
// are refused (exit 2) with nothing created or deleted there (`status` once deleted tmp/s3-*, tmp/firehose-*
// in a folder it was pointed at); a new data dir is 0700 with a marker, everything in it 0600/0700; an older
// data dir in lakehouse's layout (no marker) is adopted; `serve` applies the same policy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startServer } from '../../src/local/server.js';
import { runCli } from '../support/cli.js';
import { tempDirForFile } from '../support/tmp.js';

const root = tempDirForFile('lh-datadir-');
let n = 0;

/** A folder with a spec whose local.data_dir is `dataDir` (YAML-quoted). */
function project(dataDir: string): string {
  const dir = path.join(root, `p${++n}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'lakehouse.yaml'),
    `name: shop\ntable: { database: lakehouse, name: events }\nfields:\n  - { name: uuid, type: string, gen: uuid }\nlocal:\n  data_dir: ${JSON.stringify(dataDir)}\n`,
  );
  return dir;
}

const cli = (cwd: string, ...argv: string[]) => runCli([...argv, '-c', 'lakehouse.yaml'], { cwd, env: { NO_COLOR: '1' } });

/** Every path under `dir` with its mode, e.g. { 'tmp/s3-1': 0o644 }. */
function snapshot(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) out[rel] = fs.lstatSync(path.join(dir, rel)).mode & 0o777;
  return out;
}

test('the file-system root is refused, nothing is created', async () => {
  const cwd = project('/');
  const r = await cli(cwd, 'status');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /the data directory may not be the file-system root \(\/\)/);
  assert.equal(fs.existsSync('/owner.lock.json'), false);
  assert.equal(fs.existsSync('/.lakehouse-data-dir'), false);
});

test('validate names the spec line of a data_dir that can never be one', async () => {
  const cwd = project('/');
  const r = await cli(cwd, 'validate');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /lakehouse\.yaml:6:13 local\.data_dir .*may not be the file-system root/);
});

test('a symlink to the root is refused too', async () => {
  const link = path.join(root, 'to-root');
  fs.symlinkSync('/', link);
  const r = await cli(project(link), 'status');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /may not be the file-system root/);
});

test('the home folder is refused, nothing is created there', async () => {
  const home = path.join(root, 'home');
  fs.mkdirSync(home);
  const before = process.env.HOME;
  process.env.HOME = home;
  try {
    const r = await runCli(['status', '-c', 'lakehouse.yaml'], { cwd: project(home), env: { NO_COLOR: '1', HOME: home } });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /the data directory may not be your home folder/);
    assert.deepEqual(fs.readdirSync(home), []);
  } finally {
    process.env.HOME = before;
  }
});

test('a folder of files lakehouse did not create is refused and left exactly as it was', async () => {
  const theirs = path.join(root, 'theirs');
  fs.mkdirSync(path.join(theirs, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(theirs, 'notes.txt'), 'mine');
  fs.writeFileSync(path.join(theirs, 'tmp', 's3-upload-1'), 'mine too');
  fs.writeFileSync(path.join(theirs, 'tmp', 'firehose-123-1.csv'), 'and this');
  const before = snapshot(theirs);
  for (const argv of [['status'], ['up', '--yes'], ['produce', '-n', '5']]) {
    const r = await cli(project(theirs), ...argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /holds files lakehouse did not create \(notes\.txt\); lakehouse keeps its state in a folder of its own/);
    assert.match(r.stderr, /set local\.data_dir in the spec \(or LAKEHOUSE_DATA_DIR\) to a new folder/);
  }
  assert.deepEqual(snapshot(theirs), before);
});

test('a folder with only lakehouse-like names but no lakehouse state is not taken for a data dir', async () => {
  const looksLike = path.join(root, 'looks-like');
  fs.mkdirSync(path.join(looksLike, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(looksLike, 'tmp', 's3-precious'), 'not lakehouse');
  const r = await cli(project(looksLike), 'status');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /is not empty and does not look like a lakehouse data directory \(tmp\)/);
  assert.equal(fs.readFileSync(path.join(looksLike, 'tmp', 's3-precious'), 'utf8'), 'not lakehouse');
});

test('a file where the data dir should be is refused', async () => {
  const file = path.join(root, 'a-file');
  fs.writeFileSync(file, 'x');
  const r = await cli(project(file), 'status');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /is a file, not a folder/);
});

test('a path under a file, or on a read-only disk, is a clear error (exit 2), not an internal one', async () => {
  const file = path.join(root, 'plain-file');
  fs.writeFileSync(file, 'x');
  const under = await cli(project(path.join(file, 'lake')), 'status');
  assert.equal(under.code, 2, under.stderr);
  assert.match(under.stderr, /^error: cannot use the data directory \S+plain-file\/lake: ENOTDIR/m);
  const ro = path.join(root, 'ro');
  fs.mkdirSync(ro);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', ro]).status !== 0) return; // needs root
  try {
    const r = await cli(project(path.join(ro, 'lake')), 'status');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^error: cannot use the data directory \S+\/ro\/lake: EROFS: read-only file system/m);
  } finally {
    spawnSync('umount', [ro]);
  }
});

test('a new data dir is 0700 with a marker, and everything lakehouse writes in it is private', async () => {
  const cwd = project('.lakehouse');
  const dataDir = path.join(cwd, '.lakehouse');
  const up = await cli(cwd, 'up', '--yes');
  assert.equal(up.code, 0, up.stderr);
  const produced = await cli(cwd, 'produce', '-n', '200', '--wait', '--flush');
  assert.equal(produced.code, 0, produced.stderr);
  assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
  const marker = JSON.parse(fs.readFileSync(path.join(dataDir, '.lakehouse-data-dir'), 'utf8'));
  assert.equal(marker.lakehouse, 'data-dir');
  const modes = snapshot(dataDir);
  assert.ok(Object.keys(modes).some((p) => p.endsWith('.parquet')), 'the lake has Parquet files');
  const loose = Object.entries(modes).filter(([p, m]) => (fs.lstatSync(path.join(dataDir, p)).isDirectory() ? m !== 0o700 : m !== 0o600));
  assert.deepEqual(loose, [], 'every folder 0700, every file 0600');
});

test('an older data dir in lakehouse\'s layout (no marker, 0755) is adopted: marker written, made 0700, state kept', async () => {
  const cwd = project('lake');
  const dataDir = path.join(cwd, 'lake');
  assert.equal((await cli(cwd, 'up', '--yes')).code, 0);
  fs.rmSync(path.join(dataDir, '.lakehouse-data-dir'));
  fs.chmodSync(dataDir, 0o755);
  const r = await cli(cwd, 'status');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /shop/);
  assert.ok(fs.existsSync(path.join(dataDir, '.lakehouse-data-dir')));
  assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
});

test('an existing empty folder is adopted', async () => {
  const empty = path.join(root, 'empty');
  fs.mkdirSync(empty, { mode: 0o755 });
  const r = await cli(project(empty), 'status');
  assert.equal(r.code, 0, r.stderr);
  assert.ok(fs.existsSync(path.join(empty, '.lakehouse-data-dir')));
  assert.equal(fs.statSync(empty).mode & 0o777, 0o700);
});

test('a data dir inside another one is refused (it would be that one\'s bucket or state)', async () => {
  const outer = path.join(root, 'outer');
  assert.equal((await cli(project(outer), 'status')).code, 0);
  const inner = path.join(outer, 's3', 'shop-lake', 'nested');
  const r = await cli(project(inner), 'status');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /lies inside another lakehouse data directory \(\S+\/outer\)/);
  assert.equal(fs.existsSync(inner), false);
});

test('a fresh disk mounted as the data dir (only lost+found) is adopted', async () => {
  const disk = path.join(root, 'disk');
  fs.mkdirSync(path.join(disk, 'lost+found'), { recursive: true });
  const r = await cli(project(disk), 'status');
  assert.equal(r.code, 0, r.stderr);
  assert.ok(fs.existsSync(path.join(disk, '.lakehouse-data-dir')));
});

test('a folder of another user (planted in a shared /tmp, say) is refused, even with the marker', { skip: process.getuid?.() !== 0 && 'needs root to chown' }, async () => {
  const planted = path.join(root, 'planted');
  fs.mkdirSync(planted, { mode: 0o777 });
  fs.writeFileSync(path.join(planted, '.lakehouse-data-dir'), '{}');
  fs.chownSync(planted, 65534, 65534);
  const r = await cli(project(planted), 'status');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /belongs to another user \(uid 65534\)/);
  assert.deepEqual(fs.readdirSync(planted), ['.lakehouse-data-dir']);
});

test('serve applies the same policy before it locks anything', async () => {
  const theirs = path.join(root, 'theirs-serve');
  fs.mkdirSync(theirs);
  fs.writeFileSync(path.join(theirs, 'thesis.tex'), 'x');
  await assert.rejects(startServer({ dataDir: theirs, port: 0 }), (e: Error & { exitCode?: number }) => {
    assert.equal(e.exitCode, 2);
    assert.match(e.message, /holds files lakehouse did not create \(thesis\.tex\)/);
    return true;
  });
  assert.deepEqual(fs.readdirSync(theirs), ['thesis.tex']);
});
