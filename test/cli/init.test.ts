// `lakehouse init` as a newcomer uses it: empty folder → init → validate; never overwrites.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { STARTER_SPEC } from '../../src/cli/starter-spec.js';
import { runCli } from '../support/cli.js';
import { removeDir, tempDir } from '../support/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('the starter spec is config.example.yaml, verbatim', () => {
  const example = fs.readFileSync(path.join(root, 'config.example.yaml'), 'utf8');
  if (process.env.UPDATE_STARTER && STARTER_SPEC !== example) {
    const escaped = example.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
    const file = path.join(root, 'src/cli/starter-spec.ts');
    const head = fs.readFileSync(file, 'utf8').split('export const STARTER_SPEC')[0];
    fs.writeFileSync(file, `${head}export const STARTER_SPEC = \`${escaped}\`;\n`);
    return;
  }
  assert.equal(STARTER_SPEC, example, 'src/cli/starter-spec.ts is stale: rerun this test with UPDATE_STARTER=1');
  assert.match(example, /^# yaml-language-server: \$schema=\.\/schemas\/pipeline\.schema\.json\n/);
});

test('init in an empty folder, then validate, works', async () => {
  const dir = tempDir('lakehouse-init-');
  try {
    const init = await runCli(['init'], { cwd: dir });
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /^wrote config\.yaml: /);
    assert.match(init.stdout, /lakehouse validate/);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['config.yaml', 'pipeline.schema.json']);
    // The spec's $schema line points at the schema written beside it, which is the project's schema.
    const written = fs.readFileSync(path.join(dir, 'config.yaml'), 'utf8');
    assert.equal(written, STARTER_SPEC.replace('$schema=./schemas/pipeline.schema.json', '$schema=./pipeline.schema.json'));
    assert.deepEqual(
      JSON.parse(fs.readFileSync(path.join(dir, 'pipeline.schema.json'), 'utf8')),
      JSON.parse(fs.readFileSync(new URL('../../schemas/pipeline.schema.json', import.meta.url), 'utf8')),
    );
    const validate = await runCli(['validate'], { cwd: dir });
    assert.equal(validate.code, 0, validate.stderr);
    assert.equal(validate.stdout, 'config.yaml: valid — 7 fields, stream clickstream, table lakehouse.events (local, data in .lakehouse)\n');
  } finally {
    removeDir(dir);
  }
});

test('init refuses to overwrite: exit 2, the file untouched', async () => {
  const dir = tempDir('lakehouse-init-');
  try {
    fs.writeFileSync(path.join(dir, 'config.yaml'), 'mine\n');
    const r = await runCli(['init'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: config\.yaml already exists; init never overwrites a spec\nhint: /);
    assert.equal(fs.readFileSync(path.join(dir, 'config.yaml'), 'utf8'), 'mine\n');
  } finally {
    removeDir(dir);
  }
});

test('init -c writes elsewhere (creating folders) and next steps carry the -c', async () => {
  const dir = tempDir('lakehouse-init-');
  try {
    const r = await runCli(['init', '-c', 'pipelines/orders.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /lakehouse validate -c pipelines\/orders\.yaml/);
    assert.ok(fs.existsSync(path.join(dir, 'pipelines/orders.yaml')));
    const v = await runCli(['validate', '-c', 'pipelines/orders.yaml'], { cwd: dir });
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /data in pipelines\/\.lakehouse/);
  } finally {
    removeDir(dir);
  }
});

test('validate where there is no spec says to run init (exit 2)', async () => {
  const dir = tempDir('lakehouse-init-');
  try {
    const r = await runCli(['validate'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'error: ./config.yaml: no such spec file\nhint: create one with `lakehouse init`, or name it with -c/--config or LAKEHOUSE_CONFIG\n');
  } finally {
    removeDir(dir);
  }
});
