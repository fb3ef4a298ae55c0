// The whole path a user takes: `lakehouse up`, `lakehouse produce --wait`, then `lakehouse query` through
// exec(argv), on the local provider. One older partition (2020) is added as a Parquet file so partition
// pruning has something to prune; a wide one (2021) is added last to cross the scan cutoff.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadPipeline } from '../../src/config/load.js';
import type { Pipeline } from '../../src/config/types.js';
import { ExitCode } from '../../src/errors.js';
import { runCli, type CliRun } from '../support/cli.js';
import { removeDir, tempDir } from '../support/tmp.js';
import { parseCsv } from './csv-parse.js';
import { STATUSES, writeParquet } from './lake-fixture.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '30';
process.env.LAKEHOUSE_KINESIS_TRANSITION_MS ??= '20';

const PRODUCED = 2600;
const OLD_ROWS = 300;

const SPEC = `name: qcli
provider: local
local:
  data_dir: data
stream: { shards: 2 }
delivery:
  buffer: { size_mb: 64, interval_s: 60 }
  prefix: "events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/"
  error_prefix: "errors/!{firehose:error-output-type}/"
table: { database: lakehouse, name: events }
athena: { workgroup: qcli, scan_limit_mb: 10 }
fields:
  - { name: uuid,       type: string,    gen: uuid }
  - { name: event_date, type: timestamp, gen: now }
  - { name: status,     type: string,    gen: { pick: [${STATUSES.join(', ')}] } }
  - { name: name,       type: string,    gen: { faker: person.firstName } }
  - { name: last_name,  type: string,    gen: { faker: person.lastName } }
  - { name: email,      type: string,    gen: { faker: internet.email } }
  - { name: phone,      type: bigint,    gen: { faker: number.int, args: { min: 900000000, max: 999999999 } } }
`;

let dir: string;
let spec: string;
let pipeline: Pipeline;

async function cli(...argv: string[]): Promise<CliRun> {
  return cliWithStdin('', ...argv);
}

async function cliWithStdin(input: string, ...argv: string[]): Promise<CliRun> {
  return runCli(['-c', spec, ...argv], { stdin: input, env: { NO_COLOR: '1' }, cwd: dir });
}

const lastJsonLine = (stderr: string) => JSON.parse(stderr.trim().split('\n').filter((l) => l.startsWith('{')).at(-1)!);
const lakeRoot = () => path.join(pipeline.local.dataDir, 's3', pipeline.bucket.name, 'events');

before(async () => {
  dir = tempDir('lakehouse-query-cli-');
  spec = path.join(dir, 'lakehouse.yaml');
  fs.writeFileSync(spec, SPEC);
  pipeline = await loadPipeline(spec, { env: {}, cwd: dir });
  const up = await cli('up');
  assert.equal(up.code, 0, up.stderr);
  const produce = await cli('produce', '--amount', String(PRODUCED), '--seed', 'query-tests', '--wait', '--flush');
  assert.equal(produce.code, 0, produce.stderr);
  await writeParquet(lakeRoot(), [{ year: 2020, month: 1, day: 1, hour: 0, rows: OLD_ROWS }], { firstId: 10_000_000 });
});
after(() => removeDir(dir));

test('cli: `query` with no SQL shows 10 rows with the spec columns', async () => {
  const r = await cli('query');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  const header = lines[0]!.split('│').map((s) => s.trim());
  for (const f of pipeline.fields) assert.ok(header.includes(f.name), `column ${f.name} in ${header}`);
  assert.equal(lines.length, 2 + 10 + 1);
  assert.equal(lines.at(-1), '(10 rows)');
  assert.match(r.stderr, /query [0-9a-f-]{36} · SUCCEEDED · scanned \S+ \S+ · engine \S+ \S+ · results s3:\/\//);
});

test('cli: GROUP BY status returns the three statuses, counts summing to what was produced', async () => {
  const r = await cli('query', 'SELECT status, count(*) AS n FROM events WHERE year > 2020 GROUP BY status ORDER BY status', '--output', 'json');
  assert.equal(r.code, 0, r.stderr);
  const rows: Array<{ status: string; n: number }> = JSON.parse(r.stdout);
  assert.deepEqual(rows.map((x) => x.status), [...STATUSES].sort());
  assert.equal(rows.reduce((s, x) => s + x.n, 0), PRODUCED);
});

test('cli: a partition-filtered query scans fewer bytes than the unfiltered one', async () => {
  const all = await cli('query', 'SELECT count(*) AS n, max(email) AS e FROM events', '-o', 'json');
  const old = await cli('query', 'SELECT count(*) AS n, max(email) AS e FROM events WHERE year = 2020', '-o', 'json');
  assert.equal(all.code, 0, all.stderr);
  assert.equal(old.code, 0, old.stderr);
  assert.equal(JSON.parse(all.stdout)[0].n, PRODUCED + OLD_ROWS);
  assert.equal(JSON.parse(old.stdout)[0].n, OLD_ROWS);
  const [a, o] = [lastJsonLine(all.stderr), lastJsonLine(old.stderr)];
  assert.equal(a.workgroup, 'qcli');
  assert.ok(o.dataScannedBytes > 0 && o.dataScannedBytes < a.dataScannedBytes, `${o.dataScannedBytes} < ${a.dataScannedBytes}`);
});

test('cli: csv and json outputs parse back to the same values', async () => {
  const sql = 'SELECT * FROM events ORDER BY uuid LIMIT 100';
  const csv = await cli('query', sql, '--output', 'csv');
  const json = await cli('query', sql, '--output', 'json');
  assert.equal(csv.code, 0, csv.stderr);
  assert.equal(json.code, 0, json.stderr);
  const [header, ...records] = parseCsv(csv.stdout);
  const objects: Array<Record<string, unknown>> = JSON.parse(json.stdout);
  assert.equal(records.length, 100);
  assert.deepEqual(Object.keys(objects[0]!), header);
  records.forEach((rec, i) => header!.forEach((h, j) => {
    const v = objects[i]![h!];
    assert.equal(rec[j], v === null ? null : String(v), `${h} of row ${i}`);
  }));
  assert.equal(typeof objects[0]!.phone, 'number');
  assert.equal(typeof objects[0]!.hour, 'number');
});

test('cli: a syntax error exits 6 with the engine message and the SQL position', async () => {
  const r = await cli('query', 'SELECT status\nFROMM events');
  assert.equal(r.code, ExitCode.queryFailed);
  assert.match(r.stderr, /FAILED/);
  assert.match(r.stderr, /syntax[ _]error/i);
  assert.match(r.stderr, /2 \| FROMM events\n\s+\^/);
});

test('cli: more than two pages of results all come back; --max-rows caps', async () => {
  const r = await cli('query', 'SELECT uuid FROM events WHERE year > 2020', '-o', 'json', '--jsonl');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, PRODUCED);
  assert.equal(new Set(lines.map((l) => JSON.parse(l).uuid)).size, PRODUCED);
  const capped = await cli('query', 'SELECT uuid FROM events', '--max-rows', '1500', '-o', 'csv');
  assert.equal(capped.code, 0, capped.stderr);
  assert.equal(parseCsv(capped.stdout).length, 1 + 1500);
  const bad = await cli('query', 'SELECT 1', '--max-rows', '0');
  assert.equal(bad.code, ExitCode.spec);
});

test('cli: a query over the scan limit is cancelled with a hint to raise athena.scan_limit_mb', async () => {
  // ~23 MB of incompressible text in one 2021 partition; the spec allows 10 MB per query.
  await writeParquet(lakeRoot(), [{ year: 2021, month: 6, day: 1, hour: 0, rows: 120_000 }], { firstId: 20_000_000, wide: true });
  const r = await cli('query', 'SELECT max(name), max(last_name), max(email) FROM events WHERE year = 2021');
  assert.equal(r.code, ExitCode.queryFailed, r.stderr);
  assert.match(r.stderr, /CANCELLED/);
  assert.match(r.stderr, /per-query limit/);
  assert.match(r.stderr, /athena\.scan_limit_mb/);
  assert.match(r.stderr, /lakehouse up/);
});

test('cli: `query -` and `query -f -` read the SQL from stdin', async () => {
  for (const args of [['-'], ['-f', '-']]) {
    const r = await cliWithStdin('SELECT 42 AS answer;\n', 'query', ...args, '--output', 'csv', '--no-footer');
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, 'answer\n42\n');
  }
  const empty = await cli('query', '');
  assert.equal(empty.code, ExitCode.spec);
  assert.match(empty.stderr, /The SQL is empty/);
});
