// The interactive parts in a real pseudo-terminal (tmux, 80 columns): the query spinner and Ctrl-C
// cancelling a running query, automatic expanded output at 80 columns, `query -` prompting, the `sql`
// shell (multi-line, history, \x, \q), and Ctrl-C during `produce --wait`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { STARTER_SPEC } from '../../src/cli/starter-spec.js';
import { runCli } from '../support/cli.js';
import { tempDirForFile } from '../support/tmp.js';
import { hasTmux, lakehouseTty, type Tty } from './tmux.js';

const skip = hasTmux ? false : 'tmux is not installed (make test-deps installs it)';
if (!hasTmux) console.log('# SKIP test/tty: tmux is not installed (make test-deps installs it)');

const dir = tempDirForFile('lakehouse-tty-');
const home = path.join(dir, 'home');
const open: Tty[] = [];
after(() => open.forEach((t) => t.close()));

function tty(args: string[], width = 80): Tty {
  const t = lakehouseTty(args, { cwd: dir, env: { HOME: home }, width });
  open.push(t);
  return t;
}

before(async () => {
  if (!hasTmux) return;
  fs.mkdirSync(home, { recursive: true });
  // A long buffer interval: only --flush delivers, so the --wait test below really waits.
  fs.writeFileSync(path.join(dir, 'config.yaml'), STARTER_SPEC.replace(/interval_s: \d+/, 'interval_s: 900'));
  assert.equal((await runCli(['up', '--yes'], { cwd: dir })).code, 0);
  const r = await runCli(['produce', '-n', '2000', '--seed', '1', '--wait', '--flush'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
});

test('at 80 columns the first look at the table comes out expanded, one block per row', { skip }, async () => {
  const t = tty(['query']);
  assert.equal(await t.exitCode(), 0, t.screen());
  const s = t.screen();
  assert.match(s, /-\[ RECORD 1 \]-+\+-+/);
  assert.match(s, /^uuid +\| [0-9a-f-]{36}$/m);
  assert.match(s, /\(10 rows\)/);
  const wide = tty(['query', 'SELECT status, count(*) AS n FROM events GROUP BY status ORDER BY status']);
  assert.equal(await wide.exitCode(), 0);
  assert.doesNotMatch(wide.screen(), /RECORD/, 'a table that fits stays a table');
  assert.match(wide.screen(), /status +│ +n/);
});

test('a running query shows a spinner with state, elapsed time and bytes; one Ctrl-C stops it (130)', { skip }, async () => {
  // 8e9 rows, ~10 s of engine time: long enough to interrupt, bounded if the interrupt misses. (The local
  // engine misses a StopQueryExecution that arrives while it is still starting up — reported to its owner —
  // and closing the emulator then waits for the query to end.)
  const t = tty(['query', 'SELECT count(*) FROM events a, events b, events c']);
  await t.waitFor(/RUNNING · [1-9]\d*\.\d s · scanned \d/);
  t.keys('C-c');
  assert.equal(await t.exitCode(40_000), 130);
  assert.match(t.screen(), /Interrupted: stopped query [0-9a-f-]{36}/);
});

test('`query -` on a terminal prompts for the SQL; one Ctrl-C there exits 130', { skip }, async () => {
  const t = tty(['query', '-', '--no-footer']);
  await t.waitFor(/Type the SQL; end it with ;/);
  t.type('SELECT 7', true);
  t.type('AS seven;', true);
  assert.equal(await t.exitCode(), 0, t.screen());
  assert.match(t.screen(), /seven\s*\n[─┼]+\n\s+7\s*\n\(1 row\)/);
  const c = tty(['query', '-']);
  await c.waitFor(/sql> $/m);
  c.keys('C-c');
  assert.equal(await c.exitCode(), 130);
});

test('the sql shell: multi-line statements, history, \\x, Ctrl-C drops the typed statement, \\q leaves', { skip }, async () => {
  const t = tty(['sql']);
  await t.waitFor(/lakehouse> $/m);
  t.type('SELECT 41 + 1', true);
  await t.waitFor(/\.\.\.> $/m);
  t.type('AS answer;', true);
  await t.waitFor(/answer\s*\n[─┼]+\n\s+42\s*\n\(1 row\)/);
  t.type('\\x', true);
  await t.waitFor(/Expanded display is on/);
  t.keys('Up', 'Up', 'Up', 'Enter'); // history, newest first: \x, AS answer;, SELECT 41 + 1
  await t.waitFor(/\.\.\.> $/m);
  t.keys('C-c');
  await t.waitFor(/\^C\s*\nlakehouse> $/m);
  t.type("SELECT 'x' AS a, 2 AS b;", true);
  await t.waitFor(/-\[ RECORD 1 \]/);
  t.type('\\q', true);
  assert.equal(await t.exitCode(), 0, t.screen());
  const history = fs.readFileSync(path.join(home, '.lakehouse_sql_history'), 'utf8');
  assert.match(history, /SELECT 41 \+ 1\nAS answer;/);
});

test('Ctrl-C while produce --wait waits (900 s buffer) ends it at once with 130', { skip }, async () => {
  const t = tty(['produce', '-n', '100', '--wait']);
  await t.waitFor(/waiting for 100 records to be delivered/);
  t.keys('C-c');
  assert.equal(await t.exitCode(10_000), 130, t.screen());
  assert.match(t.screen(), /interrupted/);
});
