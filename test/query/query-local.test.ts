// `lakehouse query` end to end on the local provider: real SQL through the real Athena SDK client into
// the embedded Athena (DuckDB) over Parquet files in the lake folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { openClients } from '../../src/aws/clients.js';
import queryCommand from '../../src/cli/commands/query.js';
import { ExitCode } from '../../src/errors.js';
import { waitForQuery } from '../../src/query/athena.js';
import { runCommand, type CommandRunOptions } from '../support/cli.js';
import { parseCsv } from './csv-parse.js';
import { buildLake, STATUSES, type Partition } from './lake-fixture.js';

// 3,000 rows: two hours of 2026 (2,700 rows, more than two GetQueryResults pages) and one hour of 2020.
const PARTITIONS: Partition[] = [
  { year: 2026, month: 11, day: 25, hour: 6, rows: 2000 },
  { year: 2026, month: 11, day: 25, hour: 7, rows: 700 },
  { year: 2020, month: 1, day: 1, hour: 0, rows: 300 },
];
const TOTAL = PARTITIONS.reduce((n, p) => n + p.rows, 0);

let lake: Awaited<ReturnType<typeof buildLake>>;
before(async () => {
  lake = await buildLake(PARTITIONS);
});
after(() => lake?.cleanup());

const q = (args: Record<string, unknown>, opts: CommandRunOptions = {}) => runCommand(queryCommand, lake.pipeline, args, opts);
const statsOf = (stderr: string) => JSON.parse(stderr.trim().split('\n').at(-1)!);

test('no SQL: SELECT * FROM <table> LIMIT 10 as a table with the spec columns', async () => {
  const r = await q({});
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  const header = lines[0]!.split('│').map((s) => s.trim());
  for (const f of lake.pipeline.fields) assert.ok(header.includes(f.name), `column ${f.name} in ${header}`);
  assert.equal(lines.length, 2 + 10 + 1);
  assert.equal(lines.at(-1), '(10 rows)');
  assert.match(r.stderr, /SUCCEEDED · scanned .* · engine .* · results s3:\/\/qtest-lake\/athena-results\//);
});

test('GROUP BY status: the three statuses, counts summing to every row written', async () => {
  const r = await q({ sql: 'SELECT status, count(*) AS n FROM events GROUP BY status ORDER BY status' }, { output: 'json' });
  assert.equal(r.code, 0, r.stderr);
  const rows: Array<{ status: string; n: number }> = JSON.parse(r.stdout);
  assert.deepEqual(rows.map((x) => x.status), [...STATUSES].sort());
  assert.equal(rows.reduce((s, x) => s + x.n, 0), TOTAL);
  for (const x of rows) assert.equal(typeof x.n, 'number');
});

test('a partition filter scans fewer bytes than the whole table', async () => {
  // max(email) makes the engine read column data (a bare count(*) can come from Parquet metadata alone).
  const all = await q({ sql: 'SELECT count(*) AS n, max(email) AS m FROM events' }, { output: 'json' });
  const one = await q({ sql: 'SELECT count(*) AS n, max(email) AS m FROM events WHERE year = 2020' }, { output: 'json' });
  assert.equal(all.code, 0, all.stderr);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(JSON.parse(all.stdout)[0].n, TOTAL);
  assert.equal(JSON.parse(one.stdout)[0].n, 300);
  const [sa, so] = [statsOf(all.stderr), statsOf(one.stderr)];
  assert.equal(sa.state, 'SUCCEEDED');
  assert.ok(so.dataScannedBytes > 0, `filtered scan ${so.dataScannedBytes}`);
  assert.ok(so.dataScannedBytes < sa.dataScannedBytes, `filtered ${so.dataScannedBytes} < unfiltered ${sa.dataScannedBytes}`);
});

test('csv and json carry the same values', async () => {
  const sql = 'SELECT uuid, event_date, status, phone, year, month FROM events ORDER BY uuid LIMIT 50';
  const csv = await q({ sql }, { output: 'csv' });
  const json = await q({ sql }, { output: 'json' });
  assert.equal(csv.code, 0, csv.stderr);
  assert.equal(json.code, 0, json.stderr);
  const [header, ...records] = parseCsv(csv.stdout);
  const objects: Array<Record<string, unknown>> = JSON.parse(json.stdout);
  assert.deepEqual(header, ['uuid', 'event_date', 'status', 'phone', 'year', 'month']);
  assert.equal(records.length, 50);
  assert.equal(objects.length, 50);
  records.forEach((rec, i) => {
    const o = objects[i]!;
    header!.forEach((h, j) => assert.equal(rec[j], o[h!] === null ? null : String(o[h!]), `${h} of row ${i}`));
    assert.equal(typeof o.phone, 'number');
    assert.equal(typeof o.year, 'number');
  });
});

test('a syntax error exits 6 with the engine message', async () => {
  const r = await q({ sql: 'SELECT status\nFROMM events' });
  assert.equal(r.code, ExitCode.queryFailed);
  assert.match(r.stderr, /FAILED/);
  assert.match(r.stderr, /failed: .*(FROMM|syntax|mismatched)/is);
  assert.equal(r.stdout, '');
});

test('results longer than one page all come back, and --max-rows caps them', async () => {
  const all = await q({ sql: 'SELECT uuid FROM events WHERE year = 2026', jsonl: true }, { output: 'json' });
  assert.equal(all.code, 0, all.stderr);
  const uuids = all.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).uuid);
  assert.equal(uuids.length, 2700);
  assert.equal(new Set(uuids).size, 2700);
  assert.equal(statsOf(all.stderr).rows, 2700);

  const capped = await q({ sql: 'SELECT uuid FROM events', 'max-rows': 1234 }, { output: 'csv' });
  assert.equal(capped.code, 0, capped.stderr);
  assert.equal(parseCsv(capped.stdout).length, 1 + 1234);
  const table = await q({ sql: 'SELECT uuid FROM events', 'max-rows': 5 });
  assert.equal(table.stdout.trimEnd().split('\n').at(-1), '(5 rows; more not shown, raise --max-rows)');
});

test('SQL from --file and from stdin', async () => {
  const file = path.join(lake.dir, 'q.sql');
  fs.writeFileSync(file, '-- how many\nSELECT count(*) AS n\nFROM events;\n');
  const fromFile = await q({ file }, { output: 'json' });
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.deepEqual(JSON.parse(fromFile.stdout), [{ n: TOTAL }]);
  const fromStdin = await q({ sql: '-' }, { output: 'json', stdin: "SELECT 'x' AS a, NULL AS b, true AS c\n" });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.deepEqual(JSON.parse(fromStdin.stdout), [{ a: 'x', b: null, c: true }]);
});

test('Ctrl-C while the query runs stops it (StopQueryExecution) and exits 130', async () => {
  const ctrlC = new AbortController();
  let polls = 0;
  const r = await q(
    // Long enough to still be running when the first poll answers: 10^10 pairs.
    { sql: 'SELECT count(*) AS n FROM range(100000) a, range(100000) b WHERE a.range + b.range < 0' },
    {
      signal: ctrlC.signal,
      // "Ctrl-C" right after the first GetQueryExecution answer, i.e. while the query is known to be running.
      onClients: (c) =>
        c.athena.middlewareStack.add(
          (next, context) => async (args) => {
            const out = await next(args);
            if (context.commandName === 'GetQueryExecutionCommand' && ++polls === 1) ctrlC.abort();
            return out;
          },
          { step: 'initialize', name: 'ctrlCAfterFirstPoll' },
        ),
    },
  );
  assert.equal(r.code, ExitCode.interrupted, r.stderr);
  const id = /stopped query ([0-9a-f-]{36})/.exec(r.stderr)?.[1];
  assert.ok(id, r.stderr);
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: lake.pipeline.local.dataDir, faults: '' });
  try {
    const qe = await waitForQuery(c.athena, id);
    assert.equal(qe.Status?.State, 'CANCELLED');
    const again = await c.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    assert.equal(again.QueryExecution?.Status?.State, 'CANCELLED');
  } finally {
    await c.close();
  }
});

test('a workgroup that does not exist is an AWS refusal (exit 3) with a hint to run up', async () => {
  const r = await q({ workgroup: 'no-such-workgroup' });
  assert.equal(r.code, ExitCode.aws);
  // StartQueryExecution names no workgroup in this refusal (AWS's wording).
  assert.match(r.stderr, /WorkGroup is not found/);
  assert.match(r.stderr, /lakehouse up/);
});
