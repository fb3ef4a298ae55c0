// Local Athena on an Iceberg table with 1% of its rows deleted, against the same queries on the equivalent Hive
// Parquet table (the same 99% of rows, plain files), both measured in this run through the real SDK client
// (StartQueryExecution → GetQueryExecution polling → GetQueryResults). The Iceberg table is written with core's
// functions (writeDataFiles, then writePositionDeletes or writeEqualityDeletes on every 100th id, committed);
// the Hive table by DuckDB's COPY. Results of both must match before anything is timed. Usage:
//   node --import tsx bench/iceberg-read.ts [rows=10000000] [runs=5]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { CreateTableCommand } from '@aws-sdk/client-glue';
import { openLocalForTest } from '../test/support/local-clients.js';
import { commit, createTableMetadata, loadTable, planScan, scanSelect, writeDataFiles, writeEqualityDeletes, writePositionDeletes, type IcebergEnv } from '../src/local/iceberg/index.js';
import { createEventsTable, runQuery, PARQUET_SD } from '../test/local/athena/helpers.js';
import { printFigure } from './figure.js';

const rowsN = Number(process.argv[2] ?? 10_000_000);
const runs = Number(process.argv[3] ?? 5);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-bench-iceberg-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const label = `${rowsN / 1e6}M`;

const c = await openLocalForTest({ dataDir });
const duck = await DuckDBInstance.create(':memory:');
const conn = await duck.connect();
await conn.run(`SET TimeZone = 'UTC'`);
const source = `SELECT CAST(i AS BIGINT) AS id, CAST(i % 1000 AS INTEGER) AS user_id, (i % 10000) / 4.0 AS amount,
  ['ACTIVE','PENDING','CLOSED'][1 + i % 3] AS status, TIMESTAMP '2026-11-01 00:00:00' + to_seconds(i // 100) AS ts FROM range(${rowsN}) t(i)`;
const columns = [{ name: 'id', type: 'bigint' }, { name: 'user_id', type: 'int' }, { name: 'amount', type: 'double' }, { name: 'status', type: 'string' }, { name: 'ts', type: 'timestamp' }];
const queries = [
  { name: 'count(*)', sql: (t: string) => `SELECT count(*) FROM ${t}` },
  { name: 'filtered GROUP BY', sql: (t: string) => `SELECT status, count(*), round(sum(amount), 2), count(DISTINCT user_id) FROM ${t} WHERE amount > 100 GROUP BY status ORDER BY status` },
];

async function timed(sql: string): Promise<{ ms: number; rows: string }> {
  const t = performance.now();
  const q = await runQuery(c, sql);
  if (q.Status?.State !== 'SUCCEEDED') throw new Error(`${sql}: ${q.Status?.StateChangeReason}`);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  return { ms: performance.now() - t, rows: JSON.stringify(r.ResultSet?.Rows?.slice(1)) };
}

try {
  await createEventsTable(c); // bucket `lake`, database `analytics`
  const stageDir = path.join(dataDir, 'tmp', 'bench-iceberg');
  fs.mkdirSync(stageDir, { recursive: true });
  const env: IcebergEnv = { lake: c.emulator!.s3, glue: c.emulator!.glue, stageDir, now: Date.now };

  // The Hive peer: the 99% of rows that survive, in plain Parquet objects (zstd, as the Iceberg files are).
  let t = performance.now();
  const hiveDir = path.dirname(c.emulator!.s3.objectPath('lake', 'hive_events/x'));
  fs.mkdirSync(hiveDir, { recursive: true });
  // One pass over the rows, split into objects of about the size the Iceberg writer makes.
  await conn.run(`COPY (SELECT id, user_id, amount, status, ts FROM (${source}) WHERE id % 100 <> 0) TO '${hiveDir}' (FORMAT parquet, COMPRESSION zstd, FILE_SIZE_BYTES '32MB', OVERWRITE_OR_IGNORE)`);
  await c.glue.send(new CreateTableCommand({
    DatabaseName: 'analytics',
    TableInput: { Name: 'hive_events', TableType: 'EXTERNAL_TABLE', Parameters: { classification: 'parquet' }, StorageDescriptor: { ...PARQUET_SD, Location: 's3://lake/hive_events/', Columns: columns.map((x) => ({ Name: x.name, Type: x.type })) } },
  }));
  console.log(`hive table: ${label} rows less 1% written in ${Math.round(performance.now() - t)} ms; ${c.emulator!.s3.list('lake', 'hive_events/').length} objects`);

  for (const kind of ['position', 'equality'] as const) {
    const name = `ice_${kind}`;
    t = performance.now();
    const created = await createTableMetadata(env, { name, location: `s3://lake/warehouse/${name}`, columns, identifierFields: ['id'] });
    await c.glue.send(new CreateTableCommand({ DatabaseName: 'analytics', TableInput: created.tableInput }));
    await commit(env, 'analytics', name, async (cur) => ({ operation: 'append', add: await writeDataFiles(env, conn, cur, source) }));
    await commit(env, 'analytics', name, async (cur) => {
      if (kind === 'equality') return { operation: 'delete', add: await writeEqualityDeletes(env, conn, cur, `SELECT CAST(i * 100 AS BIGINT) AS id FROM range(${rowsN / 100}) t(i)`, ['id']) };
      const scan = scanSelect(await planScan(env, cur), { withRowIds: true });
      return { operation: 'delete', add: await writePositionDeletes(env, conn, cur, `SELECT "$path" AS file_path, "$pos" AS pos FROM (${scan}) WHERE id % 100 = 0`) };
    });
    const plan = await planScan(env, await loadTable(env, 'analytics', name));
    const nf = (fs: Array<{ sizeBytes: number }>) => `${fs.length} (${(fs.reduce((a, f) => a + f.sizeBytes, 0) / 1e6).toFixed(1)} MB)`;
    console.log(`iceberg table (${kind} deletes): ${label} rows, 1% deleted, written in ${Math.round(performance.now() - t)} ms; data files ${nf(plan.data)}, delete files ${nf([...plan.positionDeletes, ...plan.equalityDeletes])}`);

    for (const q of queries) {
      // Warm-up, and the check that both tables answer the same.
      const [a, b] = [await timed(q.sql(name)), await timed(q.sql('hive_events'))];
      if (a.rows !== b.rows) throw new Error(`${q.name}: Iceberg ${a.rows} != Hive ${b.rows}`);
      const ice: number[] = [];
      const hive: number[] = [];
      // Interleaved, so both see the same machine load.
      for (let r = 0; r < runs; r++) {
        ice.push((await timed(q.sql(name))).ms);
        hive.push((await timed(q.sql('hive_events'))).ms);
      }
      const [mi, mh] = [Math.round(median(ice)), Math.round(median(hive))];
      console.log(`${q.name} on ${label} rows, 1% ${kind}-deleted: Iceberg ${mi} ms, Hive ${mh} ms (medians of ${runs})`);
      printFigure({ name: `${q.name}, ${label} rows 1% ${kind} deletes, Iceberg via Athena API`, value: mi, unit: 'ms', peer: `Hive Parquet ${mh} ms`, ratio: Math.round((mi / mh) * 10) / 10 });
    }
  }
} finally {
  conn.closeSync();
  duck.closeSync();
  await c.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
