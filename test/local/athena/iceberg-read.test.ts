// Local Athena reading Iceberg tables through the real SDK (StartQueryExecution / GetQueryResults): a table
// written with core's functions (appends, position and equality deletes, a schema change) reads correctly at
// every snapshot (FOR VERSION AS OF, FOR TIMESTAMP AS OF), the metadata tables ("t$snapshots", $history, $files,
// $manifests, $partitions, $refs) show what the metadata says, hidden columns and catalog statements work, and
// time-travel errors carry Trino's words.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { GetQueryResultsCommand, GetTableMetadataCommand } from '@aws-sdk/client-athena';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import {
  commit, createTableMetadata, loadTable, planScan, scanSelect, writeDataFiles, writeEqualityDeletes, writePositionDeletes,
  type IcebergEnv,
} from '../../../src/local/iceberg/index.js';
import { eventsRows, openLocalForTest, runQuery, writeParquet, PARQUET_SD, type LocalTestClients } from './helpers.js';

const run = promisify(execFile);
let c: LocalTestClients;
let env: IcebergEnv;
let duck: DuckDBInstance;
let conn: DuckDBConnection;
/** Snapshot ids in commit order, with what the table holds at each: count(*) and sum(id). */
const snaps: Array<{ id: number; ms: number; count: number; sum: number; what: string }> = [];

const DB = 'analytics';
const T = 'ice';

async function rows(sql: string): Promise<Array<Array<string | null>>> {
  const q = await runQuery(c, sql);
  assert.equal(q.Status?.State, 'SUCCEEDED', `${sql}: ${q.Status?.StateChangeReason}`);
  const out: Array<Array<string | null>> = [];
  let token: string | undefined;
  do {
    const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, NextToken: token }));
    out.push(...r.ResultSet!.Rows!.map((row) => row.Data!.map((d) => d.VarCharValue ?? null)));
    token = r.NextToken;
  } while (token);
  return out;
}
async function fails(sql: string): Promise<string> {
  const q = await runQuery(c, sql);
  assert.equal(q.Status?.State, 'FAILED', sql);
  return q.Status!.StateChangeReason!;
}

/** What the table holds now, read by the independent python reader (fastavro + pyarrow, the spec's rules; not
 *  our scanSelect, which the Athena path reads with). */
async function expected(): Promise<{ count: number; sum: number }> {
  const t = await loadTable(env, DB, T);
  const metaPath = env.lake.objectPath('lake', t.metadataLocation.slice('s3://lake/'.length));
  const probe = env.lake.objectPath('lake', 'x');
  const s3root = probe.slice(0, -'lake/x'.length);
  const { stdout } = await run('python3', [path.join(import.meta.dirname, '../../iceberg/read_iceberg.py'), metaPath, s3root], { maxBuffer: 1 << 28 });
  const out = JSON.parse(stdout) as { columns: string[]; rows: unknown[][] };
  const id = out.columns.indexOf('id');
  return { count: out.rows.length, sum: out.rows.reduce((a, r) => a + Number(r[id]), 0) };
}

async function record(what: string, snapshotId: number | undefined) {
  const t = await loadTable(env, DB, T);
  const s = t.metadata.snapshots.find((x) => x['snapshot-id'] === snapshotId)!;
  snaps.push({ id: s['snapshot-id'], ms: s['timestamp-ms'], ...(await expected()), what });
  // Snapshots a few milliseconds apart, so FOR TIMESTAMP AS OF each one is unambiguous.
  await new Promise((r) => setTimeout(r, 15));
}

before(async () => {
  c = await openLocalForTest();
  await c.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
  await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: DB } }));
  const stageDir = path.join(c.dataDir, 'tmp', 'iceberg-test');
  fs.mkdirSync(stageDir, { recursive: true });
  env = { lake: c.emulator!.s3, glue: c.emulator!.glue, stageDir, now: Date.now };
  duck = await DuckDBInstance.create(':memory:');
  conn = await duck.connect();
  await conn.run(`SET TimeZone = 'UTC'`);

  const created = await createTableMetadata(env, {
    name: T,
    location: `s3://lake/warehouse/${T}`,
    columns: [{ name: 'id', type: 'bigint' }, { name: 'name', type: 'string' }, { name: 'amount', type: 'double' }, { name: 'ts', type: 'timestamp' }],
    partitioning: [{ source: 'ts', transform: 'day' }],
    identifierFields: ['id'],
  });
  await c.glue.send(new CreateTableCommand({ DatabaseName: DB, TableInput: created.tableInput }));

  // 1: 10,000 rows over 4 days; 2: 5,000 more.
  const rowsSql = (from: number, n: number) =>
    `SELECT CAST(i AS BIGINT) AS id, 'n' || i AS name, i / 4.0 AS amount, TIMESTAMP '2026-11-01 00:00:00' + to_seconds(i * 30) AS ts FROM range(${from}, ${from + n}) t(i)`;
  let r = await commit(env, DB, T, async (cur) => ({ operation: 'append', add: await writeDataFiles(env, conn, cur, rowsSql(0, 10_000)) }));
  await record('append 10k', r.snapshotId);
  r = await commit(env, DB, T, async (cur) => ({ operation: 'append', add: await writeDataFiles(env, conn, cur, rowsSql(10_000, 5_000)) }));
  await record('append 5k', r.snapshotId);
  // 3: position deletes of every id divisible by 100 (150 rows), located through the scan's row ids.
  r = await commit(env, DB, T, async (cur) => {
    const scan = scanSelect(await planScan(env, cur), { withRowIds: true });
    return { operation: 'delete', add: await writePositionDeletes(env, conn, cur, `SELECT "$path" AS file_path, "$pos" AS pos FROM (${scan}) WHERE id % 100 = 0`) };
  });
  await record('position deletes', r.snapshotId);
  // 4: equality deletes by key: ids 1..49 (49 rows, none already deleted).
  r = await commit(env, DB, T, async (cur) => ({ operation: 'delete', add: await writeEqualityDeletes(env, conn, cur, `SELECT CAST(i AS BIGINT) AS id FROM range(1, 50) t(i)`, ['id']) }));
  await record('equality deletes', r.snapshotId);
  // 5: an upsert of ids 1001..1010 (equality deletes and the new rows in one commit: the deletes, with the same
  // sequence number as the new rows, remove only the older ones).
  r = await commit(env, DB, T, async (cur) => ({
    operation: 'overwrite',
    add: [
      ...(await writeEqualityDeletes(env, conn, cur, `SELECT CAST(i AS BIGINT) AS id FROM range(1001, 1011) t(i)`, ['id'])),
      ...(await writeDataFiles(env, conn, cur, `SELECT CAST(i AS BIGINT) AS id, 'upserted' AS name, -1.0 AS amount, TIMESTAMP '2026-11-01 12:00:00' AS ts FROM range(1001, 1011) t(i)`)),
    ],
  }));
  await record('upsert', r.snapshotId);
  // 6: schema change (add column `note`), no snapshot; then 7: an append that fills it.
  await commit(env, DB, T, (cur) => {
    const s = cur.metadata.schemas.find((x) => x['schema-id'] === cur.metadata['current-schema-id'])!;
    return { operation: 'append', snapshot: false, schema: { ...s, 'schema-id': s['schema-id'] + 1, fields: [...s.fields, { id: cur.metadata['last-column-id'] + 1, name: 'note', required: false, type: 'string' }] } };
  });
  r = await commit(env, DB, T, async (cur) => ({
    operation: 'append',
    add: await writeDataFiles(env, conn, cur, `SELECT CAST(i AS BIGINT) AS id, 'n' || i AS name, 1.0 AS amount, TIMESTAMP '2026-11-10 00:00:00' AS ts, 'new' AS note FROM range(20000, 20010) t(i)`),
  }));
  await record('append after schema change', r.snapshotId);

  // A Hive table beside it, for the "not versioned" error.
  await writeParquet(c, 'lake', 'hive/a.parquet', eventsRows(5));
  await c.glue.send(new CreateTableCommand({
    DatabaseName: DB,
    TableInput: { Name: 'hive', TableType: 'EXTERNAL_TABLE', StorageDescriptor: { ...PARQUET_SD, Location: 's3://lake/hive/', Columns: [{ Name: 'event_id', Type: 'string' }] } },
  }));
});

after(async () => {
  conn?.closeSync();
  duck?.closeSync();
  await c?.close();
});

test('the written table holds what was written: 15,000 appended, 150 + 49 deleted, 10 upserted, 10 appended after the schema change', () => {
  assert.deepEqual(snaps.map((s) => s.count), [10_000, 15_000, 14_850, 14_801, 14_801, 14_811]);
});

test('SELECT reads the current snapshot with position and equality deletes applied; the added column is NULL in older files', async () => {
  const cur = snaps[snaps.length - 1]!;
  assert.deepEqual(await rows(`SELECT count(*), sum(id) FROM ${T}`), [['_col0', '_col1'], [String(cur.count), String(cur.sum)]]);
  assert.deepEqual(await rows(`SELECT count(*) FROM ${T} WHERE id < 20000 AND (id % 100 = 0 OR id BETWEEN 1 AND 49)`), [['_col0'], ['0']]);
  assert.deepEqual(await rows(`SELECT note, count(*) FROM ${T} GROUP BY note ORDER BY note NULLS FIRST`), [['note', '_col1'], [null, '14801'], ['new', '10']]);
  assert.deepEqual(await rows(`SELECT name, count(*), min(id), max(id) FROM ${T} WHERE id BETWEEN 1001 AND 1010 GROUP BY name`), [['name', '_col1', '_col2', '_col3'], ['upserted', '10', '1001', '1010']]);
  assert.deepEqual(await rows(`SELECT id, name, amount, ts FROM ${T} WHERE id = 7777`), [['id', 'name', 'amount', 'ts'], ['7777', 'n7777', '1944.25', '2026-11-03 16:48:30.000']]);
});

test('FOR VERSION AS OF each snapshot shows the table as it was', async () => {
  for (const s of snaps) {
    assert.deepEqual(await rows(`SELECT count(*), sum(id) FROM ${T} FOR VERSION AS OF ${s.id}`), [['_col0', '_col1'], [String(s.count), String(s.sum)]], s.what);
  }
  // Two versions in one query (a self-join across time): the rows the position deletes removed.
  const [a, b] = [snaps[1]!, snaps[2]!];
  assert.deepEqual(
    await rows(`SELECT count(*) FROM ${T} FOR VERSION AS OF ${a.id} o LEFT JOIN ${T} FOR VERSION AS OF ${b.id} n ON o.id = n.id WHERE n.id IS NULL`),
    [['_col0'], ['150']],
  );
  // Before the schema change the column does not exist.
  assert.match(await fails(`SELECT note FROM ${T} FOR VERSION AS OF ${snaps[3]!.id}`), /^COLUMN_NOT_FOUND: .*note/);
});

test('FOR TIMESTAMP AS OF picks the last snapshot at or before the instant (timestamp with zone, timestamp, date)', async () => {
  const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  for (const s of snaps) {
    assert.deepEqual(await rows(`SELECT count(*) FROM ${T} FOR TIMESTAMP AS OF TIMESTAMP '${iso(s.ms)} UTC'`), [['_col0'], [String(s.count)]], s.what);
    assert.deepEqual(await rows(`SELECT count(*) FROM ${T} FOR TIMESTAMP AS OF TIMESTAMP '${iso(s.ms + 5)}'`), [['_col0'], [String(s.count)]], s.what);
  }
  const last = snaps[snaps.length - 1]!;
  assert.deepEqual(await rows(`SELECT count(*) FROM ${T} FOR TIMESTAMP AS OF current_timestamp - INTERVAL '1' SECOND`).then((r) => r.length), 2);
  // A date is the start of that day (UTC here): before today's snapshots.
  const today = new Date(last.ms).toISOString().slice(0, 10);
  assert.equal(await fails(`SELECT count(*) FROM ${T} FOR TIMESTAMP AS OF DATE '${today}'`), `INVALID_ARGUMENTS: No version history table ${DB}."${T}" at or before ${today}T00:00:00Z`);
});

test('time-travel errors carry Trino\'s words', async () => {
  assert.equal(await fails(`SELECT * FROM ${T} FOR VERSION AS OF 123`), 'INVALID_ARGUMENTS: Iceberg snapshot ID does not exists: 123');
  assert.equal(await fails(`SELECT * FROM ${T} FOR VERSION AS OF 8954597067493422955`), 'INVALID_ARGUMENTS: Iceberg snapshot ID does not exists: 8954597067493422955');
  assert.equal(await fails(`SELECT * FROM ${T} FOR TIMESTAMP AS OF TIMESTAMP '2020-01-01 00:00:00 UTC'`), `INVALID_ARGUMENTS: No version history table ${DB}."${T}" at or before 2020-01-01T00:00:00Z`);
  assert.equal(await fails(`SELECT * FROM ${T} FOR TIMESTAMP AS OF TIMESTAMP '2020-01-01 00:00:00.123'`), `INVALID_ARGUMENTS: No version history table ${DB}."${T}" at or before 2020-01-01T00:00:00.123Z`);
  assert.equal(await fails(`SELECT * FROM ${T} FOR TIMESTAMP AS OF TIMESTAMP '2999-01-01 00:00:00'`), `INVALID_ARGUMENTS: line 1:19: Pointer value '2999-01-01 00:00:00' is not in the past`);
  assert.equal(await fails(`SELECT * FROM ${T} FOR TIMESTAMP AS OF DATE '2999-01-01'`), `INVALID_ARGUMENTS: line 1:19: Pointer value '2999-01-01' is not in the past`);
  assert.equal(await fails(`SELECT * FROM ${T} FOR TIMESTAMP AS OF '2022-01-01'`), 'TYPE_MISMATCH: line 1:19: Type varchar(10) invalid. Temporal pointers must be of type Timestamp, Timestamp with Time Zone, or Date.');
  assert.equal(await fails(`SELECT * FROM ${T} FOR TIMESTAMP AS OF 1654594283421`), 'TYPE_MISMATCH: line 1:19: Type bigint invalid. Temporal pointers must be of type Timestamp, Timestamp with Time Zone, or Date.');
  assert.equal(await fails(`SELECT * FROM ${T} FOR TIMESTAMP AS OF NULL`), 'INVALID_ARGUMENTS: line 1:19: Pointer value cannot be NULL');
  assert.equal(await fails(`SELECT * FROM ${T} FOR VERSION AS OF CAST(NULL AS bigint)`), 'INVALID_ARGUMENTS: line 1:19: Pointer value cannot be NULL');
  assert.equal(await fails(`SELECT * FROM ${T} FOR VERSION AS OF 'nope'`), 'INVALID_ARGUMENTS: Cannot find snapshot with reference name: nope');
  assert.equal(await fails(`SELECT * FROM ${T} FOR VERSION AS OF DATE '2022-01-01'`), 'NOT_SUPPORTED: Unsupported type for table version: date');
  assert.equal(await fails(`SELECT * FROM hive FOR VERSION AS OF 1`), 'NOT_SUPPORTED: This connector does not support versioned tables');
  // The pointer is sandboxed like the query: no file functions.
  assert.match(await fails(`SELECT * FROM ${T} FOR VERSION AS OF length(read_text('/etc/hostname'))`), /^FUNCTION_NOT_FOUND: line 1:\d+: Function 'read_text' not registered/);
  // A branch name reads its snapshot.
  assert.deepEqual(await rows(`SELECT count(*) FROM ${T} FOR VERSION AS OF 'main'`), [['_col0'], [String(snaps[snaps.length - 1]!.count)]]);
});

test('"t$snapshots" and "t$history" match the metadata: ids, parents, operations, summaries, times', async () => {
  const m = (await loadTable(env, DB, T)).metadata;
  const snapRows = await rows(`SELECT snapshot_id, parent_id, operation, manifest_list, element_at(summary, 'added-records'), element_at(summary, 'total-records'), to_unixtime(committed_at) * 1000, element_at(summary, 'operation') FROM "${T}$snapshots" ORDER BY committed_at`);
  assert.deepEqual(snapRows[0], ['snapshot_id', 'parent_id', 'operation', 'manifest_list', '_col4', '_col5', '_col6', '_col7']);
  assert.deepEqual(snapRows.slice(1).map((r) => r.slice(0, 6)), m.snapshots.map((s) => [
    String(s['snapshot-id']), s['parent-snapshot-id'] === undefined ? null : String(s['parent-snapshot-id']), s.summary.operation, s['manifest-list'],
    s.summary['added-records'] ?? null, s.summary['total-records'] ?? null,
  ]));
  assert.deepEqual(snapRows.slice(1).map((r) => Number(r[6])), m.snapshots.map((s) => s['timestamp-ms']));
  assert.ok(snapRows.slice(1).every((r) => r[7] === null), 'operation is a column, not a summary key');
  assert.deepEqual(snapRows.slice(1).map((r) => r[2]), ['append', 'append', 'delete', 'delete', 'overwrite', 'append']);
  const hist = await rows(`SELECT snapshot_id, parent_id, is_current_ancestor, typeof(made_current_at) FROM "${T}$history" ORDER BY made_current_at`);
  assert.deepEqual(hist.slice(1), m['snapshot-log'].map((e) => {
    const s = m.snapshots.find((x) => x['snapshot-id'] === e['snapshot-id'])!;
    return [String(e['snapshot-id']), s['parent-snapshot-id'] === undefined ? null : String(s['parent-snapshot-id']), 'true', 'timestamp(3) with time zone'];
  }));
  assert.deepEqual(await rows(`SELECT name, type, snapshot_id FROM "${T}$refs"`), [['name', 'type', 'snapshot_id'], ['main', 'BRANCH', String(m['current-snapshot-id'])]]);
});

test('"t$files", "t$manifests" and "t$partitions" count what the current snapshot holds', async () => {
  const t = await loadTable(env, DB, T);
  const plan = await planScan(env, t);
  const files = await rows(`SELECT content, count(*), sum(record_count), sum(file_size_in_bytes) FROM "${T}$files" GROUP BY content ORDER BY content`);
  const sum = (xs: Array<{ recordCount: number; sizeBytes: number }>, k: 'recordCount' | 'sizeBytes') => String(xs.reduce((a, f) => a + f[k], 0));
  assert.deepEqual(files.slice(1), [
    ['0', String(plan.data.length), sum(plan.data, 'recordCount'), sum(plan.data, 'sizeBytes')],
    ['1', String(plan.positionDeletes.length), '150', sum(plan.positionDeletes, 'sizeBytes')],
    ['2', String(plan.equalityDeletes.length), '59', sum(plan.equalityDeletes, 'sizeBytes')],
  ]);
  const paths = await rows(`SELECT file_path, file_format, equality_ids, partition.ts_day FROM "${T}$files" WHERE content = 0 ORDER BY file_path`);
  assert.deepEqual(paths.slice(1).map((r) => r[0]), plan.data.map((f) => f.uri).sort());
  assert.ok(paths.slice(1).every((r) => r[1] === 'PARQUET' && r[2] === null && /^2026-11-\d\d$/.test(r[3]!)), JSON.stringify(paths.slice(1, 3)));
  const eq = await rows(`SELECT equality_ids FROM "${T}$files" WHERE content = 2`);
  assert.deepEqual(eq.slice(1).map((r) => r[0]), plan.equalityDeletes.map(() => '[1]'));
  assert.equal(plan.equalityDeletes.length, 2);
  const manifests = await rows(`SELECT count(*), sum(added_data_files_count + existing_data_files_count), sum(added_rows_count + existing_rows_count) FROM "${T}$manifests"`);
  const allFiles = plan.data.length + plan.positionDeletes.length + plan.equalityDeletes.length;
  assert.equal(manifests[1]![1], String(allFiles));
  const parts = await rows(`SELECT partition.ts_day, record_count, file_count, data.id.min, data.id.max, data.id.null_count FROM "${T}$partitions" ORDER BY 1`);
  assert.deepEqual(parts[0], ['ts_day', 'record_count', 'file_count', 'min', 'max', 'null_count']);
  assert.equal(parts.slice(1).reduce((a, r) => a + Number(r[1]), 0), plan.data.reduce((a, f) => a + f.recordCount, 0));
  assert.deepEqual(parts.slice(1).map((r) => r[0]), ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-10']);
  // min/max come from the manifests' bounds, as in Trino: the same as "$files" says (NULL where none are written).
  const fileMin = await rows(`SELECT min(CAST(element_at(lower_bounds, 1) AS bigint)), max(CAST(element_at(upper_bounds, 1) AS bigint)) FROM "${T}$files" WHERE content = 0 AND partition.ts_day = DATE '2026-11-01'`);
  assert.deepEqual(parts[1]!.slice(3), [...fileMin[1]!, '0']);
  assert.equal(await fails(`SELECT * FROM "${T}$nope"`), `TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.${DB}.${T}$nope' does not exist`);
});

test('hidden columns "$path", "$file_size", "$file_modified_time" (not in *)', async () => {
  const plan = await planScan(env, await loadTable(env, DB, T));
  const r = await rows(`SELECT "$path", "$file_size", count(*), min(typeof("$file_modified_time")) FROM ${T} GROUP BY 1, 2 ORDER BY 1`);
  assert.deepEqual(r[0], ['$path', '$file_size', '_col2', '_col3']);
  assert.deepEqual(r.slice(1).map((x) => [x[0], x[1]]), plan.data.map((f) => [f.uri, String(f.sizeBytes)]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
  assert.ok(r.slice(1).every((x) => x[3] === 'timestamp(3) with time zone'));
  assert.deepEqual((await rows(`SELECT * FROM ${T} LIMIT 1`))[0], ['id', 'name', 'amount', 'ts', 'note']);
  // Hive tables have "$file_modified_time" too.
  assert.deepEqual(await rows(`SELECT typeof("$file_modified_time"), count(*) FROM hive GROUP BY 1`), [['_col0', '_col1'], ['timestamp(3) with time zone', '5']]);
});

test('DESCRIBE, SHOW COLUMNS, SHOW CREATE TABLE and GetTableMetadata show the Iceberg table', async () => {
  assert.deepEqual((await rows(`DESCRIBE ${T}`)).map((r) => r.slice(0, 2)), [
    ['id', 'bigint'], ['name', 'string'], ['amount', 'double'], ['ts', 'timestamp'], ['note', 'string'],
    ['', ''], ['# Partition Transforms', ''], ['# col_name', 'transform_type'], ['', ''], ['ts', 'DAY'],
  ]);
  assert.deepEqual((await rows(`SHOW COLUMNS FROM ${T}`)).map((r) => r[0]), ['id', 'name', 'amount', 'ts', 'note']);
  const ddl = (await rows(`SHOW CREATE TABLE ${T}`)).map((r) => r[0]);
  assert.equal(ddl[0], `CREATE TABLE \`${DB}\`.\`${T}\`(`);
  assert.ok(ddl.includes('PARTITIONED BY (day(`ts`))'), ddl.join('\n'));
  assert.ok(ddl.includes("  's3://lake/warehouse/ice'"), ddl.join('\n'));
  assert.ok(ddl.includes("  'table_type'='iceberg', "), ddl.join('\n'));
  const { TableMetadata } = await c.athena.send(new GetTableMetadataCommand({ CatalogName: 'AwsDataCatalog', DatabaseName: DB, TableName: T }));
  assert.equal(TableMetadata?.Parameters?.table_type?.toUpperCase(), 'ICEBERG');
  assert.match(TableMetadata?.Parameters?.metadata_location ?? '', /^s3:\/\/lake\/warehouse\/ice\/metadata\/\d{5}-.*\.metadata\.json$/);
  assert.deepEqual(TableMetadata?.Columns?.map((col) => col.Name), ['id', 'name', 'amount', 'ts', 'note']);
});
