// Hostile specs are spec errors (exit 2, file:line:col where there is a place), answered fast and without
// memory blow-ups: a 50 MB file, an endless device, 20,000 fields, 20,000 levels of nesting, an alias bomb,
// prefixes that climb out of their folder. The small ones also live in the bad-spec corpus; these are the
// ones too big to keep as fixtures, generated here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli.js';
import { tempDirForFile } from '../support/tmp.js';

const dir = tempDirForFile('lh-spec-limits-');
const HEAD = 'name: shop\ntable: { database: lakehouse, name: events }\nfields:\n  - { name: uuid, type: string, gen: uuid }\n';

async function validate(file: string, text?: string) {
  if (text !== undefined) fs.writeFileSync(path.join(dir, file), text);
  return runCli(['validate', '-c', file], { cwd: dir, env: { NO_COLOR: '1' } });
}

test('a 50 MB spec is refused by its size, without being read whole', async () => {
  const r = await validate('huge.yaml', HEAD + `description: "${'a'.repeat(50 * 1024 * 1024)}"\n`);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^huge\.yaml:1:1 The spec may be at most 1,048,576 bytes \(1 MiB\), this one is 52,4\d\d,\d\d\d bytes$/m);
});

test('an endless device as the spec is refused after 1 MiB', async () => {
  const r = await runCli(['validate', '-c', '/dev/zero'], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^\/dev\/zero:1:1 The spec may be at most 1,048,576 bytes \(1 MiB\), this one is larger than that$/m);
});

test('20,000 fields are a spec error pointing at the list', async () => {
  const fields = Array.from({ length: 20_000 }, (_, i) => `  - { name: f${i}, type: string, gen: uuid }\n`).join('');
  const r = await validate('wide.yaml', 'name: shop\ntable: { database: lakehouse, name: events }\nfields:\n' + fields);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^wide\.yaml:4:3 fields must list at most 1000 items, got 20000$/m);
});

test('20,000 levels of flow nesting are a spec error, not a crash', async () => {
  const r = await validate('deep.yaml', HEAD + 'tags: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^deep\.yaml:5:\d+ YAML syntax error: nesting is too deep \(a spec may nest at most 32 levels\)$/m);
});

test('block nesting past 32 levels is a spec error at the 33rd level', async () => {
  let text = HEAD + 'tags:\n';
  for (let i = 0; i < 40; i++) text += ' '.repeat(2 * (i + 1)) + `k${i}:\n`;
  const r = await validate('deep-block.yaml', text);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^deep-block\.yaml:\d+:\d+ YAML nesting is too deep \(a spec may nest at most 32 levels\)$/m);
});

test('an alias bomb with 10^18 values is a spec error at the alias that crosses the limit', async () => {
  const lines = ['x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 18; i++) lines.push(`x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  const started = process.hrtime.bigint();
  const r = await validate('bomb.yaml', HEAD + lines.join('\n') + '\n');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^bomb\.yaml:8:\d+ YAML aliases expand to more than 10,000 values \(an alias bomb\?\); write the values out or use fewer aliases$/m);
  assert.doesNotMatch(r.stderr, /internal error/);
  // Not a timing assertion: the run must merely finish (an unguarded bomb never would).
  assert.ok(process.hrtime.bigint() > started);
});

test('anchors and aliases used normally still work', async () => {
  const r = await validate(
    'anchors.yaml',
    'name: shop\ntable: { database: lakehouse, name: events }\nfields:\n' +
      '  - &id { name: uuid, type: string, gen: uuid }\n  - { name: other, type: string, gen: uuid }\n' +
      'tags: &t { team: data }\n',
  );
  assert.equal(r.code, 0, r.stderr);
});

test('a prefix that would climb out of the lake is refused before anything is created', async () => {
  const spec = HEAD + 'delivery:\n  prefix: "../../etc/year=!{timestamp:yyyy}/"\n  error_prefix: "errors/\\n/"\n';
  fs.writeFileSync(path.join(dir, 'climb.yaml'), spec);
  const r = await runCli(['up', '-c', 'climb.yaml', '--yes'], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^climb\.yaml:6:12 delivery\.prefix must not contain a "\.\." segment/m);
  assert.match(r.stderr, /^climb\.yaml:7:17 delivery\.error_prefix must not contain control characters or NUL \(found U\+000A at character 8\)$/m);
  assert.equal(fs.existsSync(path.join(dir, '.lakehouse')), false, 'no data dir was created');
});
