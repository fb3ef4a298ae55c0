// produce's ways in and out: --dry-run (prints, sends nothing, needs no stream), --seed reproducible with an
// honest note about `gen: now`, --from a JSON Lines file checked against the fields (a bad file sends
// nothing), and Ctrl-C during --wait ending at once with 130.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openClients } from '../../src/aws/clients.js';
import { STARTER_SPEC } from '../../src/cli/starter-spec.js';
import { runCli } from '../support/cli.js';
import { startLakehouse } from '../support/lakehouse-proc.js';
import { tempDirForFile } from '../support/tmp.js';

const root = tempDirForFile('lakehouse-produce-cli-');

function project(name: string, spec = STARTER_SPEC): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.yaml'), spec);
  return dir;
}

test('--dry-run prints the records, sends nothing and needs no stream; --seed repeats them and says what gen: now does', async () => {
  const dir = project('dry');
  const a = await runCli(['produce', '-n', '3', '--seed', '7', '--dry-run'], { cwd: dir });
  assert.equal(a.code, 0, a.stderr);
  const lines = a.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.equal(lines[0].event_date, '2025-01-01T00:00:00.000Z');
  assert.equal(lines[1].event_date, '2025-01-01T00:00:00.001Z');
  assert.match(a.stderr, /with --seed, `gen: now` fields start at 2025-01-01T00:00:00Z/);
  assert.match(a.stderr, /dry run: 3 records printed, none sent/);
  const b = await runCli(['produce', '-n', '3', '--seed', '7', '--dry-run'], { cwd: dir });
  assert.equal(b.stdout, a.stdout, 'same seed, same records');
  assert.equal(fs.existsSync(path.join(dir, '.lakehouse')), false, 'no emulator was opened');
});

test('a non-numeric --amount is named as such, not as NaN, with the usage exit code', async () => {
  const r = await runCli(['produce', '-n', 'abc', '--dry-run'], { cwd: project('nan') });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--amount must be a whole number > 0 \(got a value that is not a number\)/);
  assert.doesNotMatch(r.stderr, /NaN/);
});

test('--from sends the file\'s records; a file that does not match the fields sends nothing', async () => {
  const dir = project('from');
  assert.equal((await runCli(['up', '--yes'], { cwd: dir })).code, 0);
  const bad = path.join(dir, 'bad.jsonl');
  fs.writeFileSync(bad, ['{"uuid":"a","status":"Active"}', '{"uuid":"b","phone":"not a number"}', 'nope', '{"colour":"red"}'].join('\n'));
  const refused = await runCli(['produce', '--from', 'bad.jsonl'], { cwd: dir });
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /bad\.jsonl:2: field "phone" \(bigint\): expected an integer/);
  assert.match(refused.stderr, /bad\.jsonl:3: not JSON/);
  assert.match(refused.stderr, /bad\.jsonl:4: "colour" is not a field of the spec/);
  assert.match(refused.stderr, /nothing was sent/);

  const good = path.join(dir, 'events.jsonl');
  const events = Array.from({ length: 25 }, (_, i) => ({ uuid: `u-${i}`, event_date: `2026-11-25T07:00:${String(i).padStart(2, '0')}Z`, status: 'Imported', phone: 100000000 + i }));
  fs.writeFileSync(good, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const dry = await runCli(['produce', '--from', 'events.jsonl', '--dry-run'], { cwd: dir });
  assert.equal(dry.stdout.trim().split('\n').length, 25);
  const sent = await runCli(['produce', '--from', 'events.jsonl', '--wait', '--flush', '-o', 'json'], { cwd: dir });
  assert.equal(sent.code, 0, sent.stderr);
  assert.equal(JSON.parse(sent.stdout.trim().split('\n').at(-1)!).accepted, 25);
  const q = await runCli(['query', "SELECT count(*) AS n, min(uuid) AS first FROM events WHERE status = 'Imported'", '-o', 'csv', '--no-footer'], { cwd: dir });
  assert.equal(q.code, 0, q.stderr);
  assert.equal(q.stdout, 'n,first\n25,u-0\n');
  // The bad file above sent nothing: only the 25 are in the stream.
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: path.join(dir, '.lakehouse') });
  try {
    assert.equal((await c.local!.streamCounters('clickstream'))!.records, 25);
  } finally {
    await c.close();
  }
});

test('Ctrl-C while produce --wait waits for delivery ends it at once with 130', { timeout: 60_000 }, async () => {
  // A 900 s buffer: without the fix the wait would last until Firehose's interval.
  const dir = project('wait', STARTER_SPEC.replace(/interval_s: \d+/, 'interval_s: 900'));
  assert.equal((await runCli(['up', '--yes'], { cwd: dir })).code, 0);
  const p = startLakehouse(['produce', '-n', '200', '--wait'], { cwd: dir });
  let out = '';
  p.child.stderr!.on('data', (c) => (out += c));
  for (let i = 0; i < 400 && !/waiting for 200 records/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
  assert.match(out, /waiting for 200 records/);
  p.child.kill('SIGINT');
  const r = await p.done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /interrupted/);
});
