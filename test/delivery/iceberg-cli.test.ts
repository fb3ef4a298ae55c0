// A `table.format: iceberg` pipeline end to end on the local provider, through the real CLI: `up` makes the
// Glue Iceberg table and the Firehose IcebergDestinationConfiguration stream, `produce --changes --wait
// --flush` sends a change stream (inserts, updates, deletes of live keys) that the local Firehose commits into
// the table, and `query` then sees one row per live key (inserts − deletes) and nothing in the error output.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli, type CliRun } from '../support/cli.js';
import { tempDirForFile } from '../support/tmp.js';

const root = tempDirForFile('lakehouse-iceberg-cli-');
const SPEC = `name: icecli
delivery:
  buffer: { size_mb: 1, interval_s: 60 }
table:
  database: shop
  name: orders
  format: iceberg
  unique_keys: [uuid]
fields:
  - { name: uuid,       type: string,    gen: uuid }
  - { name: event_date, type: timestamp, gen: now }
  - { name: status,     type: string,    gen: { pick: [Active, Inactive] } }
  - { name: qty,        type: int,       gen: { faker: number.int, args: { min: 1, max: 9 } } }
`;
Object.assign(process.env, { LAKEHOUSE_FIREHOSE_TRANSITION_MS: '30', LAKEHOUSE_KINESIS_TRANSITION_MS: '20' });
const ok = (r: CliRun) => assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);

test('iceberg pipeline: up → produce --changes --wait --flush → query shows one row per live key', { timeout: 240_000 }, async () => {
  fs.writeFileSync(path.join(root, 'config.yaml'), SPEC);
  const cli = (...argv: string[]) => runCli(argv, { cwd: root, env: { NO_COLOR: '1' } });
  ok(await cli('up', '--yes'));
  // produce --changes keeps each shard in order (concurrent calls could land a key's delete before its insert,
  // and Firehose, like AWS's, applies them in shard order).
  const produced = await cli('produce', '-n', '3000', '--changes', '--seed', '18', '--wait', '--flush');
  ok(produced);
  const m = /([\d,]+) inserts, ([\d,]+) updates, ([\d,]+) deletes/.exec(produced.stdout);
  assert.ok(m, produced.stdout);
  const [inserts, updates, deletes] = m.slice(1).map((n) => Number(n.replace(/,/g, '')));
  assert.ok(updates! > 0 && deletes! > 0, produced.stdout);
  const q = await cli('query', 'SELECT count(*) AS n, count(DISTINCT uuid) AS k, count(event_date) AS t FROM orders', '--output', 'json');
  ok(q);
  const live = inserts! - deletes!;
  assert.deepEqual(JSON.parse(q.stdout), [{ n: live, k: live, t: live }]);
  const errors = path.join(root, '.lakehouse', 's3', 'icecli-lake', 'errors');
  assert.ok(!fs.existsSync(errors) || fs.readdirSync(errors, { recursive: true }).length === 0, 'no record failed');
});
