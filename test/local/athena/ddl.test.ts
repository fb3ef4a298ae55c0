// Athena DDL through the real SDK clients: CREATE EXTERNAL TABLE lands in Glue as Athena would send it and is
// queryable; CREATE VIEW is stored as a Presto view (readable by any Glue client) and queryable, OR REPLACE
// replaces it; DROP VIEW / DROP TABLE go through Glue; MSCK REPAIR succeeds; other DDL fails loudly.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateDatabaseCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { eventsRows, openLocalForTest, runQuery, writeParquet, type LocalTestClients } from './helpers.js';

let c: LocalTestClients;
before(async () => {
  c = await openLocalForTest();
  await c.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
  await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'analytics' } }));
  await writeParquet(c, 'lake', 'ext/dt=2026-11-01/a.parquet', eventsRows(30));
  await writeParquet(c, 'lake', 'ext/dt=2026-11-02/b.parquet', eventsRows(20, 30));
});
after(async () => {
  await c.close();
});

async function ok(sql: string) {
  const q = await runQuery(c, sql);
  assert.equal(q.Status?.State, 'SUCCEEDED', `${sql}: ${q.Status?.StateChangeReason}`);
  return q;
}
async function rows(sql: string) {
  const q = await ok(sql);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  return r.ResultSet!.Rows!.map((row) => row.Data!.map((d) => d.VarCharValue ?? null));
}

test('CREATE EXTERNAL TABLE (Parquet, partitioned) → a Glue table Athena-shaped, queryable; IF NOT EXISTS; DROP TABLE', async () => {
  const ddl = await ok(`CREATE EXTERNAL TABLE IF NOT EXISTS ext (
      event_id string COMMENT 'the id', user_id int, amount double, ts timestamp)
    PARTITIONED BY (dt string)
    STORED AS PARQUET
    LOCATION 's3://lake/ext/'
    TBLPROPERTIES ('parquet.compression'='SNAPPY')`);
  assert.equal(ddl.StatementType, 'DDL');
  const { Table } = await c.glue.send(new GetTableCommand({ DatabaseName: 'analytics', Name: 'ext' }));
  assert.equal(Table?.TableType, 'EXTERNAL_TABLE');
  assert.equal(Table?.StorageDescriptor?.SerdeInfo?.SerializationLibrary, 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
  assert.deepEqual(Table?.StorageDescriptor?.Columns?.[0], { Name: 'event_id', Type: 'string', Comment: 'the id' });
  assert.deepEqual(Table?.PartitionKeys?.map((k) => [k.Name, k.Type]), [['dt', 'string']]);
  assert.equal(Table?.Parameters?.['parquet.compression'], 'SNAPPY');
  assert.deepEqual(await rows(`SELECT dt, count(*) FROM ext GROUP BY dt ORDER BY dt`), [['dt', '_col1'], ['2026-11-01', '30'], ['2026-11-02', '20']]);
  await ok(`CREATE EXTERNAL TABLE IF NOT EXISTS ext (x int) STORED AS PARQUET LOCATION 's3://lake/other/'`);
  const again = await runQuery(c, `CREATE EXTERNAL TABLE ext (x int) STORED AS PARQUET LOCATION 's3://lake/other/'`);
  assert.equal(again.Status?.StateChangeReason, 'AlreadyExistsException: Table already exists.');
  const json = await runQuery(c, `CREATE EXTERNAL TABLE j (x int) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://lake/j/'`);
  assert.match(json.Status!.StateChangeReason!, /^NOT_SUPPORTED: the local Athena reads Parquet tables only/);
  const noDb = await runQuery(c, `CREATE EXTERNAL TABLE nodb.t (x int) STORED AS PARQUET LOCATION 's3://lake/t/'`);
  assert.equal(noDb.Status?.StateChangeReason, 'FAILED: SemanticException [Error 10072]: Database does not exist: nodb');
  const show = await rows('SHOW CREATE TABLE ext');
  assert.deepEqual(show.map((r) => r[0]), [
    'CREATE EXTERNAL TABLE `ext`(', "  `event_id` string COMMENT 'the id', ", '  `user_id` int, ', '  `amount` double, ', '  `ts` timestamp)',
    'PARTITIONED BY ( ', '  `dt` string)',
    'ROW FORMAT SERDE ', "  'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' ",
    'STORED AS INPUTFORMAT ', "  'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat' ",
    'OUTPUTFORMAT ', "  'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'",
    'LOCATION', "  's3://lake/ext/'", 'TBLPROPERTIES (', "  'parquet.compression'='SNAPPY')",
  ]);
  await ok('MSCK REPAIR TABLE ext');
  await ok(`ALTER TABLE ext ADD IF NOT EXISTS PARTITION (dt = '2026-11-03') PARTITION (dt = '2026-11-04') LOCATION 's3://lake/ext/dt=2026-11-04/'`);
  const elsewhere = await runQuery(c, `ALTER TABLE ext ADD PARTITION (dt = '2026-11-05') LOCATION 's3://lake/elsewhere/'`);
  assert.match(elsewhere.Status!.StateChangeReason!, /^NOT_SUPPORTED: the local Athena finds partitions in their hive folders/);
  await ok('DROP TABLE ext');
  await assert.rejects(c.glue.send(new GetTableCommand({ DatabaseName: 'analytics', Name: 'ext' })), { name: 'EntityNotFoundException' });
  await ok('DROP TABLE IF EXISTS ext');
  const gone = await runQuery(c, 'DROP TABLE ext');
  assert.equal(gone.Status?.StateChangeReason, 'FAILED: SemanticException [Error 10001]: Table not found analytics.ext');
});

test('CREATE VIEW is stored as Athena stores Presto views, queryable (views over views too); OR REPLACE; DROP VIEW', async () => {
  await ok(`CREATE EXTERNAL TABLE base (event_id string, user_id int, amount double, ts timestamp) PARTITIONED BY (dt string)
    STORED AS PARQUET LOCATION 's3://lake/ext/'`);
  await ok(`CREATE VIEW big_spenders AS SELECT user_id, sum(amount) AS total FROM base GROUP BY user_id HAVING sum(amount) > 10`);
  const { Table } = await c.glue.send(new GetTableCommand({ DatabaseName: 'analytics', Name: 'big_spenders' }));
  assert.equal(Table?.TableType, 'VIRTUAL_VIEW');
  assert.equal(Table?.Parameters?.presto_view, 'true');
  assert.equal(Table?.ViewExpandedText, '/* Presto View */');
  const encoded = /^\/\* Presto View: (.*) \*\/$/.exec(Table!.ViewOriginalText!)![1]!;
  const view = JSON.parse(Buffer.from(encoded, 'base64').toString());
  assert.equal(view.catalog, 'awsdatacatalog');
  assert.equal(view.schema, 'analytics');
  assert.deepEqual(view.columns, [{ name: 'user_id', type: 'integer' }, { name: 'total', type: 'double' }]);
  assert.match(view.originalSql, /^SELECT user_id, sum\(amount\)/);
  assert.deepEqual(Table?.StorageDescriptor?.Columns?.map((col) => [col.Name, col.Type]), [['user_id', 'int'], ['total', 'double']]);

  const direct = await rows('SELECT user_id, sum(amount) FROM base GROUP BY user_id HAVING sum(amount) > 10 ORDER BY user_id');
  assert.deepEqual((await rows('SELECT * FROM big_spenders ORDER BY user_id')).slice(1), direct.slice(1));
  await ok('CREATE VIEW top1 AS SELECT * FROM analytics.big_spenders ORDER BY total DESC LIMIT 1');
  assert.equal((await rows('SELECT count(*) FROM top1'))[1]![0], '1');

  assert.deepEqual((await rows('SHOW CREATE VIEW top1')).map((r) => r[0]),
    ['CREATE VIEW awsdatacatalog.analytics.top1 SECURITY DEFINER AS', 'SELECT * FROM analytics.big_spenders ORDER BY total DESC LIMIT 1']);
  const dup = await runQuery(c, 'CREATE VIEW big_spenders AS SELECT 1 AS x');
  assert.equal(dup.Status?.StateChangeReason, "TABLE_ALREADY_EXISTS: line 1:1: View already exists: 'awsdatacatalog.analytics.big_spenders'");
  await ok('CREATE OR REPLACE VIEW big_spenders AS SELECT 1 AS x');
  assert.deepEqual(await rows('SELECT * FROM big_spenders'), [['x'], ['1']]);
  const bad = await runQuery(c, 'CREATE VIEW broken AS SELECT nope FROM base');
  assert.equal(bad.Status?.StateChangeReason, "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved");
  const notView = await runQuery(c, 'DROP VIEW base');
  assert.match(notView.Status!.StateChangeReason!, /is a table, not a view/);
  await ok('DROP VIEW top1');
  await ok('DROP VIEW IF EXISTS top1');
  const missing = await runQuery(c, 'SELECT * FROM top1');
  assert.equal(missing.Status?.StateChangeReason, "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.analytics.top1' does not exist");
});

test('DDL the local Athena does not run fails loudly', async () => {
  for (const sql of ['ALTER TABLE base DROP PARTITION (dt = \'x\')', `CREATE TABLE t2 WITH (format = 'JSON') AS SELECT 1 AS x`,
    'INSERT INTO base (event_id) SELECT event_id FROM base', 'CREATE DATABASE d2']) {
    const q = await runQuery(c, sql);
    assert.equal(q.Status?.State, 'FAILED', sql);
    assert.match(q.Status!.StateChangeReason!, /^NOT_SUPPORTED: /, sql);
  }
});

test('CTAS writes Snappy Parquet into the lake and creates the Glue table; INSERT INTO appends; WITH NO DATA', async () => {
  await ok(`CREATE EXTERNAL TABLE IF NOT EXISTS base (event_id string, user_id int, amount double, ts timestamp) PARTITIONED BY (dt string)
    STORED AS PARQUET LOCATION 's3://lake/ext/'`);
  const ctas = await ok(`CREATE TABLE per_user WITH (format = 'PARQUET', external_location = 's3://lake/per_user/', partitioned_by = ARRAY['dt'])
    AS SELECT user_id, sum(amount) AS total, dt FROM base GROUP BY user_id, dt`);
  assert.equal(ctas.StatementType, 'DDL');
  assert.ok(ctas.Statistics!.DataScannedInBytes! > 0, 'the CTAS reports what its query scanned');
  const objects = c.emulator!.s3.list('lake', 'per_user/');
  assert.deepEqual([...new Set(objects.map((o) => o.key.split('/')[1]))].sort(), ['dt=2026-11-01', 'dt=2026-11-02']);
  assert.ok(objects.every((o) => o.key.endsWith('.parquet') && o.key.includes(ctas.QueryExecutionId!)));
  const { Table } = await c.glue.send(new GetTableCommand({ DatabaseName: 'analytics', Name: 'per_user' }));
  assert.deepEqual(Table?.StorageDescriptor?.Columns?.map((col) => [col.Name, col.Type]), [['user_id', 'int'], ['total', 'double']]);
  assert.deepEqual(Table?.PartitionKeys?.map((k) => [k.Name, k.Type]), [['dt', 'string']]);
  assert.equal(Table?.StorageDescriptor?.Location, 's3://lake/per_user/');
  const expected = await rows('SELECT user_id, sum(amount), dt FROM base GROUP BY user_id, dt ORDER BY dt, user_id');
  assert.deepEqual((await rows('SELECT user_id, total, dt FROM per_user ORDER BY dt, user_id')).slice(1), expected.slice(1));

  const insert = await ok(`INSERT INTO per_user SELECT 99, 1.5e0, '2026-12-01'`);
  assert.equal(insert.StatementType, 'DML');
  assert.deepEqual(await rows(`SELECT user_id, total FROM per_user WHERE dt = '2026-12-01'`), [['user_id', 'total'], ['99', '1.5']]);
  await ok(`INSERT INTO per_user SELECT 98, 2.5e0, '2026-12-01'`);
  assert.equal((await rows(`SELECT count(*) FROM per_user WHERE dt = '2026-12-01'`))[1]![0], '2', 'a second INSERT adds objects, never replaces');

  const dflt = await ok('CREATE TABLE counts AS SELECT dt, count(*) AS n FROM base GROUP BY dt');
  const { Table: t2 } = await c.glue.send(new GetTableCommand({ DatabaseName: 'analytics', Name: 'counts' }));
  assert.equal(t2?.StorageDescriptor?.Location, `s3://lake/results/tables/${dflt.QueryExecutionId}/`);
  assert.deepEqual(await rows('SELECT n FROM counts ORDER BY dt'), [['n'], ['30'], ['20']]);
  await ok('CREATE TABLE empty_copy AS SELECT * FROM base WITH NO DATA');
  assert.deepEqual(await rows('SELECT count(*) FROM empty_copy'), [['_col0'], ['0']]);

  const exists = await runQuery(c, 'CREATE TABLE counts AS SELECT 1 AS x');
  assert.equal(exists.Status?.StateChangeReason, "TABLE_ALREADY_EXISTS: line 1:1: Table 'awsdatacatalog.analytics.counts' already exists");
  const taken = await runQuery(c, `CREATE TABLE again WITH (external_location = 's3://lake/per_user/') AS SELECT 1 AS x`);
  assert.equal(taken.Status?.StateChangeReason, "HIVE_PATH_ALREADY_EXISTS: Target directory for table 'analytics.again' already exists: s3://lake/per_user/");
  const order = await runQuery(c, `CREATE TABLE bad WITH (partitioned_by = ARRAY['user_id']) AS SELECT user_id, dt FROM base`);
  assert.match(order.Status!.StateChangeReason!, /^HIVE_COLUMN_ORDER_MISMATCH: Partition keys must be the last columns/);
});

test('a stored view whose SQL no longer analyzes fails as INVALID_VIEW naming the view (Trino), with both positions', async () => {
  await writeParquet(c, 'lake', 'stale/a.parquet', eventsRows(5));
  await ok(`CREATE EXTERNAL TABLE stale_src (event_id string, amount double) STORED AS PARQUET LOCATION 's3://lake/stale/'`);
  await ok(`CREATE VIEW stale_v AS SELECT event_id, amount FROM stale_src`);
  await ok(`DROP TABLE stale_src`);
  await ok(`CREATE EXTERNAL TABLE stale_src (event_id string) STORED AS PARQUET LOCATION 's3://lake/stale/'`);
  const q = await runQuery(c, `SELECT * FROM stale_v`);
  assert.equal(q.Status?.State, 'FAILED');
  assert.equal(q.Status?.StateChangeReason, "INVALID_VIEW: line 1:15: Failed analyzing stored view 'awsdatacatalog.analytics.stale_v': line 1:18: Column 'amount' cannot be resolved");
});
