// Athena writing Iceberg tables through `lakehouse query` (the CLI command over the real Athena SDK client and the
// local emulator): CREATE TABLE … TBLPROPERTIES ('table_type'='ICEBERG') with partition transforms, INSERT (VALUES
// and SELECT), DELETE, UPDATE, MERGE INTO (position deletes), ALTER TABLE ADD / CHANGE / DROP COLUMN, OPTIMIZE,
// VACUUM, CTAS; each statement's rows afterwards (SELECT through the same CLI), its UpdateCount, the snapshots it
// committed (metadata.json through Glue's metadata_location), and Athena's errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { GetTableCommand } from '@aws-sdk/client-glue';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { openClients } from '../../src/aws/clients.js';
import queryCommand from '../../src/cli/commands/query.js';
import { runCommand } from '../support/cli.js';
import { buildLake } from './lake-fixture.js';

let lake: Awaited<ReturnType<typeof buildLake>>;
before(async () => {
  lake = await buildLake([{ year: 2026, month: 11, day: 25, hour: 6, rows: 30 }]);
});
after(() => lake?.cleanup());

const bucket = () => lake.pipeline.bucket.name;

async function run(sql: string) {
  const r = await runCommand(queryCommand, lake.pipeline, { sql }, { output: 'json' });
  const footer = JSON.parse(r.stderr.trim().split('\n').find((l) => l.startsWith('{"queryId"'))!);
  return { ...r, footer };
}

async function ok(sql: string): Promise<{ queryId: string; rows: any[] }> {
  const r = await run(sql);
  assert.equal(r.code, 0, `${sql}\n${r.stderr}`);
  return { queryId: r.footer.queryId, rows: r.stdout.trim() ? JSON.parse(r.stdout) : [] };
}

async function failed(sql: string): Promise<string> {
  const r = await run(sql);
  assert.notEqual(r.code, 0, `${sql} should fail`);
  return r.footer.stateChangeReason as string;
}

async function withClients<T>(use: (c: Awaited<ReturnType<typeof openClients>>) => Promise<T>): Promise<T> {
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: lake.pipeline.local.dataDir, faults: '' });
  try {
    return await use(c);
  } finally {
    await c.close();
  }
}

const updateCount = (queryId: string) =>
  withClients(async (c) => (await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: queryId }))).UpdateCount);

/** The table's current metadata.json, read where Glue's metadata_location points. */
const metadata = (name: string) =>
  withClients(async (c) => {
    const t = await c.glue.send(new GetTableCommand({ DatabaseName: lake.pipeline.table.database, Name: name }));
    const loc = t.Table!.Parameters!.metadata_location!;
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(loc)!;
    const o = await c.s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
    return { table: t.Table!, meta: JSON.parse(await o.Body!.transformToString()) };
  });

const operations = async (name: string) => (await metadata(name)).meta.snapshots.map((s: any) => s.summary.operation);
const rowsOf = async (sql: string) => (await ok(sql)).rows;

test('CREATE TABLE (Iceberg, partition transforms) → a Glue Iceberg table with no snapshot; CREATE EXTERNAL TABLE refused as Athena does', async () => {
  await ok(`CREATE TABLE ice (id bigint, name string, amount double, ts timestamp)
    PARTITIONED BY (day(ts), bucket(4, id))
    LOCATION 's3://${bucket()}/warehouse/ice/'
    TBLPROPERTIES ('table_type'='ICEBERG', 'format'='parquet', 'write_compression'='zstd', 'optimize_rewrite_delete_file_threshold'='1')`);
  const { table, meta } = await metadata('ice');
  assert.equal(table.Parameters?.table_type?.toUpperCase(), 'ICEBERG');
  assert.deepEqual(table.StorageDescriptor?.Columns?.map((c) => [c.Name, c.Type]), [['id', 'bigint'], ['name', 'string'], ['amount', 'double'], ['ts', 'timestamp']]);
  assert.equal(meta['format-version'], 2);
  assert.deepEqual(meta['partition-specs'].at(-1).fields.map((f: any) => f.transform), ['day', 'bucket[4]']);
  assert.equal(meta.properties['write.parquet.compression-codec'], 'zstd');
  assert.equal(meta.properties.optimize_rewrite_delete_file_threshold, '1');
  assert.equal(meta.snapshots?.length ?? 0, 0);
  assert.deepEqual(await rowsOf('SELECT count(*) AS n FROM ice'), [{ n: 0 }]);

  const ext = await failed(`CREATE EXTERNAL TABLE ice2 (id bigint) LOCATION 's3://${bucket()}/warehouse/ice2/' TBLPROPERTIES ('table_type'='ICEBERG')`);
  assert.equal(ext, 'External keyword not supported for table type ICEBERG');
  assert.equal(await failed(`CREATE TABLE ice (id bigint) LOCATION 's3://${bucket()}/warehouse/x/' TBLPROPERTIES ('table_type'='ICEBERG')`), 'AlreadyExistsException: Table already exists.');
});

test('INSERT INTO (VALUES, a column list, SELECT) appends one snapshot each, UpdateCount = rows inserted', async () => {
  const a = await ok(`INSERT INTO ice VALUES
    (1, 'a', 10.5, TIMESTAMP '2026-12-01 10:00:00'), (2, 'b', 20.0, TIMESTAMP '2026-12-01 11:00:00'),
    (3, 'c', 30.0, TIMESTAMP '2026-12-02 09:00:00'), (4, 'd', 40.0, TIMESTAMP '2026-12-02 10:00:00')`);
  assert.equal(await updateCount(a.queryId), 4);
  const b = await ok(`INSERT INTO ice (id, ts, name) VALUES (5, TIMESTAMP '2026-12-03 00:00:00', 'e')`);
  assert.equal(await updateCount(b.queryId), 1);
  const c = await ok(`INSERT INTO ice SELECT 100 + row_number() OVER (ORDER BY uuid), status, 1.0, TIMESTAMP '2026-12-04 00:00:00' FROM events WHERE status = 'Active'`);
  assert.equal(await updateCount(c.queryId), 10);
  assert.deepEqual(await operations('ice'), ['append', 'append', 'append']);
  assert.deepEqual(await rowsOf('SELECT id, name, amount FROM ice WHERE id < 100 ORDER BY id'), [
    { id: 1, name: 'a', amount: 10.5 }, { id: 2, name: 'b', amount: 20 }, { id: 3, name: 'c', amount: 30 },
    { id: 4, name: 'd', amount: 40 }, { id: 5, name: 'e', amount: null },
  ]);
  assert.deepEqual(await rowsOf('SELECT count(*) AS n FROM ice'), [{ n: 15 }]);
  assert.match(await failed('INSERT INTO ice VALUES (1, 2)'), /^TYPE_MISMATCH: Insert query has 2 columns, target table has 4/);
});

test('DELETE / UPDATE write position deletes (delete / overwrite snapshots); Hive tables refuse row changes', async () => {
  const beforeDelete = (await metadata('ice')).meta['current-snapshot-id'];
  const d = await ok(`DELETE FROM ice WHERE id > 100 AND id <= 105`);
  assert.equal(await updateCount(d.queryId), 5);
  const { meta } = await metadata('ice');
  const last = meta.snapshots.at(-1);
  assert.equal(last.summary.operation, 'delete');
  assert.equal(last.summary['added-position-delete-files'] !== undefined || last.summary['added-delete-files'] !== undefined, true);
  assert.deepEqual(await rowsOf('SELECT count(*) AS n FROM ice'), [{ n: 10 }]);
  // Time travel to the snapshot before the DELETE still shows the rows.
  assert.deepEqual(await rowsOf(`SELECT count(*) AS n FROM ice FOR VERSION AS OF ${beforeDelete}`), [{ n: 15 }]);

  const u = await ok(`UPDATE ice SET amount = amount * 2, name = upper(name) WHERE id IN (1, 3)`);
  assert.equal(await updateCount(u.queryId), 2);
  // The CLI shows what a DML statement changed, as Trino's CLI does, and puts it in the JSON footer.
  const shown = await runCommand(queryCommand, lake.pipeline, { sql: `UPDATE ice SET name = name WHERE id IN (1, 3)` }, { output: 'table' });
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^UPDATE: 2 rows$/m);
  assert.equal((await run(`DELETE FROM ice WHERE id = 998`)).footer.updateCount, 0);
  assert.equal((await operations('ice')).at(-1), 'overwrite');
  assert.deepEqual(await rowsOf('SELECT id, name, amount FROM ice WHERE id < 100 ORDER BY id'), [
    { id: 1, name: 'A', amount: 21 }, { id: 2, name: 'b', amount: 20 }, { id: 3, name: 'C', amount: 60 },
    { id: 4, name: 'd', amount: 40 }, { id: 5, name: 'e', amount: null },
  ]);
  // Nothing matches: no snapshot.
  const before = (await operations('ice')).length;
  const none = await ok(`DELETE FROM ice WHERE id = 999`);
  assert.equal(await updateCount(none.queryId), 0);
  assert.equal((await operations('ice')).length, before);

  assert.equal(await failed(`DELETE FROM events WHERE status = 'Active'`), 'NOT_SUPPORTED: Modifying Hive table rows is only supported for transactional tables');
  assert.equal(await failed(`UPDATE events SET status = 'x'`), 'NOT_SUPPORTED: Modifying Hive table rows is only supported for transactional tables');
  assert.match(await failed(`UPDATE ice SET nope = 1`), /^COLUMN_NOT_FOUND: .*Column 'nope' cannot be resolved/);
  // Positions point into the statement as written.
  assert.equal(await failed(`DELETE FROM ice WHERE nope = 1`), "COLUMN_NOT_FOUND: line 1:23: Column 'nope' cannot be resolved");
});

test('MERGE INTO: matched update / delete with conditions, not matched insert; one snapshot; multiple matches fail', async () => {
  const m = await ok(`MERGE INTO ice t USING (VALUES (1, 'one', 1.0), (2, 'two', 2.0), (4, 'four', 4.0), (7, 'seven', 7.0)) AS s(id, name, amount)
    ON t.id = s.id
    WHEN MATCHED AND s.id = 4 THEN DELETE
    WHEN MATCHED THEN UPDATE SET name = s.name, amount = s.amount
    WHEN NOT MATCHED THEN INSERT (id, name, amount, ts) VALUES (s.id, s.name, s.amount, TIMESTAMP '2026-12-05 00:00:00')`);
  assert.equal(await updateCount(m.queryId), 4);
  assert.equal((await operations('ice')).at(-1), 'overwrite');
  assert.deepEqual(await rowsOf('SELECT id, name, amount FROM ice WHERE id < 100 ORDER BY id'), [
    { id: 1, name: 'one', amount: 1 }, { id: 2, name: 'two', amount: 2 }, { id: 3, name: 'C', amount: 60 },
    { id: 5, name: 'e', amount: null }, { id: 7, name: 'seven', amount: 7 },
  ]);
  const twice = await failed(`MERGE INTO ice t USING (VALUES 1, 1) AS s(id) ON t.id = s.id WHEN MATCHED THEN DELETE`);
  assert.equal(twice, 'MERGE_TARGET_ROW_MULTIPLE_MATCHES: One MERGE target table row matched more than one source row');
});

test('ALTER TABLE ADD COLUMNS / CHANGE COLUMN (rename, promote) / DROP COLUMN evolve the schema by field id, no snapshot', async () => {
  const snaps = (await operations('ice')).length;
  await ok(`ALTER TABLE ice ADD COLUMNS (note string COMMENT 'free text', qty int)`);
  await ok(`UPDATE ice SET note = 'hello', qty = 3 WHERE id = 2`);
  await ok(`ALTER TABLE ice CHANGE COLUMN name label string`);
  await ok(`ALTER TABLE ice CHANGE qty qty bigint`);
  assert.match(await failed(`ALTER TABLE ice CHANGE label label int`), /Cannot change column type: label: string -> int/);
  await ok(`ALTER TABLE ice DROP COLUMN amount`);
  const { table, meta } = await metadata('ice');
  // Glue keeps a dropped column, marked iceberg.field.current = false, as Athena leaves it.
  const current = table.StorageDescriptor?.Columns?.filter((c) => c.Parameters?.['iceberg.field.current'] !== 'false');
  assert.deepEqual(current?.map((c) => [c.Name, c.Type]), [['id', 'bigint'], ['label', 'string'], ['ts', 'timestamp'], ['note', 'string'], ['qty', 'bigint']]);
  const fields = meta.schemas.find((s: any) => s['schema-id'] === meta['current-schema-id']).fields;
  assert.deepEqual(fields.map((f: any) => [f.id, f.name]), [[1, 'id'], [2, 'label'], [4, 'ts'], [5, 'note'], [6, 'qty']]);
  assert.equal((await operations('ice')).length, snaps + 1, 'only the UPDATE made a snapshot');
  assert.deepEqual(await rowsOf('SELECT id, label, note, qty FROM ice WHERE id IN (1, 2) ORDER BY id'), [
    { id: 1, label: 'one', note: null, qty: null }, { id: 2, label: 'two', note: 'hello', qty: 3 },
  ]);
  assert.match(await failed(`ALTER TABLE ice REPLACE COLUMNS (id bigint)`), /^NOT_SUPPORTED: ALTER TABLE REPLACE COLUMNS is not supported for Iceberg tables/);
});

test('OPTIMIZE REWRITE DATA USING BIN_PACK folds the deletes into new files (replace snapshot, same rows)', async () => {
  const before = await rowsOf('SELECT id, label, ts, note, qty FROM ice ORDER BY id');
  const o = await ok(`OPTIMIZE ice REWRITE DATA USING BIN_PACK`);
  assert.ok((await updateCount(o.queryId))! > 0);
  const { meta } = await metadata('ice');
  const last = meta.snapshots.at(-1);
  assert.equal(last.summary.operation, 'replace');
  assert.equal(last.summary['total-position-deletes'] ?? '0', '0');
  assert.deepEqual(await rowsOf('SELECT id, label, ts, note, qty FROM ice ORDER BY id'), before);
  assert.match(await failed(`OPTIMIZE ice REWRITE DATA USING BIN_PACK WHERE label = 'x'`), /^NOT_SUPPORTED: Unexpected FilterNode found in plan/);
  assert.equal(await failed(`OPTIMIZE events REWRITE DATA USING BIN_PACK`), 'NOT_SUPPORTED: OPTIMIZE is supported only for Iceberg tables');
});

test('VACUUM expires snapshots older than vacuum_max_snapshot_age_seconds; the rows stay', async () => {
  const before = await rowsOf('SELECT id, label, ts, note, qty FROM ice ORDER BY id');
  await ok(`ALTER TABLE ice SET TBLPROPERTIES ('vacuum_max_snapshot_age_seconds'='1')`);
  await new Promise((r) => setTimeout(r, 1100));
  const v = await ok(`VACUUM ice`);
  assert.equal(v.rows.length, 0);
  const after = await metadata('ice');
  assert.equal(after.meta.snapshots.length, 1, 'only the current snapshot is left');
  assert.deepEqual(await rowsOf('SELECT id, label, ts, note, qty FROM ice ORDER BY id'), before);
});

test('CTAS WITH (table_type = ICEBERG, partitioning) creates the table and its first snapshot', async () => {
  const r = await ok(`CREATE TABLE ice_ctas WITH (table_type = 'ICEBERG', location = 's3://${bucket()}/warehouse/ice_ctas/', is_external = false, partitioning = ARRAY['status'])
    AS SELECT uuid, status, phone FROM events`);
  assert.equal(await updateCount(r.queryId), 30);
  const { meta } = await metadata('ice_ctas');
  assert.deepEqual(meta.snapshots.map((s: any) => s.summary.operation), ['append']);
  assert.deepEqual(meta['partition-specs'].at(-1).fields.map((f: any) => [f.name, f.transform]), [['status', 'identity']]);
  assert.deepEqual(await rowsOf('SELECT status, count(*) AS n FROM ice_ctas GROUP BY status ORDER BY status'), [
    { status: 'Active', n: 10 }, { status: 'Canceled', n: 10 }, { status: 'Inactive', n: 10 },
  ]);
  await ok('ALTER TABLE ice_ctas RENAME TO ice_renamed');
  assert.deepEqual(await rowsOf('SELECT count(*) AS n FROM ice_renamed'), [{ n: 30 }]);
  assert.match(await failed('SELECT count(*) FROM ice_ctas'), /^TABLE_NOT_FOUND/);
});
