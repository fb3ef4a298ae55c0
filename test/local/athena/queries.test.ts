// Athena on DuckDB through the real SDK clients: queries over Parquet written into the lake, results paging,
// column types, scanned bytes with partition pruning, failures, the bytes-scanned cutoff, result files in S3.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BatchGetQueryExecutionCommand,
  CreateWorkGroupCommand,
  GetQueryResultsCommand,
  ListQueryExecutionsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { CreateTableCommand } from '@aws-sdk/client-glue';
import { createEventsTable, eventsRows, openLocalForTest, PARQUET_SD, parquetBytes, runQuery, waitQuery, writeParquet, type LocalTestClients } from './helpers.js';

let c: LocalTestClients;
/** Billed bytes (hyparquet's reading of the objects) of the given columns in October's / November's objects. */
let octBytes: (cols?: string[]) => number;
let novBytes: (cols?: string[]) => number;
before(async () => {
  c = await openLocalForTest();
  await createEventsTable(c);
  await writeParquet(c, 'lake', 'events/year=2026/month=10/part-0.parquet', eventsRows(1000));
  await writeParquet(c, 'lake', 'events/year=2026/month=11/part-0.parquet', eventsRows(2000, 1000));
  await writeParquet(c, 'lake', 'events/year=2026/month=11/part-1.parquet', eventsRows(500, 3000));
  const file = (key: string) => c.emulator!.s3.objectPath('lake', key);
  octBytes = (cols) => parquetBytes(file('events/year=2026/month=10/part-0.parquet'), cols);
  novBytes = (cols) => parquetBytes(file('events/year=2026/month=11/part-0.parquet'), cols) + parquetBytes(file('events/year=2026/month=11/part-1.parquet'), cols);
});
after(async () => {
  await c.close();
});

const results = (id: string, MaxResults?: number, NextToken?: string) =>
  c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults, NextToken }));
const cells = (row: { Data?: Array<{ VarCharValue?: string }> } | undefined) => row?.Data?.map((d) => d.VarCharValue ?? null);

test('SELECT count(*) over the Parquet objects: header row, Athena column naming and types, statistics', async () => {
  const q = await runQuery(c, 'SELECT count(*) FROM events');
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  assert.equal(q.StatementType, 'DML');
  assert.equal(q.WorkGroup, 'primary');
  assert.equal(q.QueryExecutionContext?.Database, 'analytics');
  assert.equal(q.ResultConfiguration?.OutputLocation, `s3://lake/results/${q.QueryExecutionId}.csv`);
  assert.ok(q.Status?.SubmissionDateTime instanceof Date && q.Status.CompletionDateTime instanceof Date);
  assert.equal(q.Statistics?.DataScannedInBytes, octBytes([]) + novBytes([]), 'count(*) reads every footer and no column');
  const star = await runQuery(c, 'SELECT * FROM events');
  assert.equal(star.Statistics?.DataScannedInBytes, octBytes() + novBytes(), 'SELECT * reads every column of every object');
  assert.equal(typeof q.Statistics?.EngineExecutionTimeInMillis, 'number');
  const r = await results(q.QueryExecutionId!);
  assert.deepEqual(r.ResultSet?.Rows?.map(cells), [['_col0'], ['3500']]);
  const col = r.ResultSet?.ResultSetMetadata?.ColumnInfo?.[0];
  assert.equal(col?.Name, '_col0');
  assert.equal(col?.Type, 'bigint');
  assert.equal(col?.Nullable, 'UNKNOWN');
});

test('GROUP BY with typed columns, and a partition filter scans only the matching objects', async () => {
  const q = await runQuery(c, `SELECT month, user_id, count(*) AS n, sum(amount) AS total, max(ts) AS last_ts
    FROM events WHERE month = 11 AND year = 2026 GROUP BY month, user_id ORDER BY user_id`);
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  assert.equal(q.Statistics?.DataScannedInBytes, novBytes(['user_id', 'amount', 'ts']), 'only the read columns of the month=11 objects');
  const all = await runQuery(c, 'SELECT month, user_id, count(*), sum(amount), max(ts) FROM events GROUP BY month, user_id');
  assert.equal(all.Statistics!.DataScannedInBytes!, octBytes(['user_id', 'amount', 'ts']) + novBytes(['user_id', 'amount', 'ts']));
  const r = await results(q.QueryExecutionId!);
  const types = r.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((ci) => [ci.Name, ci.Type]);
  assert.deepEqual(types, [['month', 'integer'], ['user_id', 'integer'], ['n', 'bigint'], ['total', 'double'], ['last_ts', 'timestamp']]);
  const rows = r.ResultSet!.Rows!.map(cells);
  assert.deepEqual(rows[0], ['month', 'user_id', 'n', 'total', 'last_ts']);
  assert.equal(rows.length, 11);
  assert.equal(rows.slice(1).reduce((s, row) => s + Number(row?.[2]), 0), 2500);
  assert.match(String(rows[1]![4]), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/, 'timestamps print as Athena does');
});

test('paging over 2,500+ rows: header on the first page only, NextToken until the end', async () => {
  const q = await runQuery(c, 'SELECT event_id, user_id FROM events WHERE month = 11 ORDER BY event_id');
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  const pages: Array<Array<Array<string | null>>> = [];
  let token: string | undefined;
  do {
    const r = await results(q.QueryExecutionId!, 1000, token);
    pages.push(r.ResultSet!.Rows!.map((row) => cells(row)!));
    token = r.NextToken;
  } while (token);
  assert.deepEqual(pages.map((p) => p.length), [1000, 1000, 501], 'header + 2,500 rows, the header counted in the first page');
  assert.deepEqual(pages[0]![0], ['event_id', 'user_id']);
  assert.notEqual(pages[1]![0]![0], 'event_id', 'no header on later pages');
  const ids = new Set(pages.flat().slice(1).map((row) => row[0]));
  assert.equal(ids.size, 2500);
  await assert.rejects(results(q.QueryExecutionId!, 1001), { name: 'InvalidRequestException' });
});

test('NULL is a missing VarCharValue; the results CSV and its metadata are in S3', async () => {
  const q = await runQuery(c, `SELECT CAST(NULL AS varchar) AS nothing, '' AS empty, 'say "hi"' AS quoted, 1.5 AS d`);
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  const r = await results(q.QueryExecutionId!);
  assert.deepEqual(r.ResultSet?.Rows?.[1]?.Data, [{}, { VarCharValue: '' }, { VarCharValue: 'say "hi"' }, { VarCharValue: '1.5' }]);
  const key = `results/${q.QueryExecutionId}.csv`;
  const csv = await (await c.s3.send(new GetObjectCommand({ Bucket: 'lake', Key: key }))).Body!.transformToString();
  assert.equal(csv, '"nothing","empty","quoted","d"\n,"","say ""hi""","1.5"\n');
  const meta = await c.s3.send(new GetObjectCommand({ Bucket: 'lake', Key: `${key}.metadata` }));
  assert.match(await meta.Body!.transformToString(), /"ColumnInfo"/);
});

test('a table with no objects yet returns 0 rows with its columns', async () => {
  await createEventsTable(c, { table: 'later' });
  const q = await runQuery(c, 'SELECT * FROM later WHERE month = 1');
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  assert.equal(q.Statistics?.DataScannedInBytes, 0);
  const r = await results(q.QueryExecutionId!);
  assert.deepEqual(r.ResultSet?.Rows?.map(cells), [['event_id', 'user_id', 'amount', 'ts', 'year', 'month']]);
  const n = await runQuery(c, 'SELECT count(*) FROM analytics.later');
  assert.deepEqual((await results(n.QueryExecutionId!)).ResultSet?.Rows?.map(cells), [['_col0'], ['0']]);
});

test('SQL errors FAIL with Athena-style reasons (Trino grammar positions, no DuckDB wording)', async () => {
  const syntax = await runQuery(c, 'SELECT * FORM events');
  assert.equal(syntax.Status?.State, 'FAILED');
  assert.match(syntax.Status!.StateChangeReason!, /^SYNTAX_ERROR: line 1:10: mismatched input 'FORM'\. Expecting: /);
  const column = await runQuery(c, 'SELECT nope FROM events');
  assert.match(column.Status!.StateChangeReason!, /^COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved/);
  const table = await runQuery(c, 'SELECT * FROM missing');
  assert.equal(table.Status!.StateChangeReason, "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.analytics.missing' does not exist");
  await assert.rejects(results(table.QueryExecutionId!), { name: 'InvalidRequestException', message: /FAILED/ });
});

test('Athena functions DuckDB spells differently are translated', async () => {
  const q = await runQuery(c, `SELECT approx_distinct(user_id) AS users,
      date_parse('2026-11-25 06:40:00', '%Y-%m-%d %H:%i:%s') AS parsed,
      date_format(from_iso8601_timestamp('2026-11-25T06:40:00Z'), '%Y/%m/%d %H:%i') AS formatted,
      date_add('day', 1, DATE '2026-11-25') AS tomorrow
    FROM events`);
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  const row = cells((await results(q.QueryExecutionId!)).ResultSet?.Rows?.[1]);
  assert.ok(Math.abs(Number(row![0]) - 10) <= 1, 'approx_distinct ≈ 10');
  assert.deepEqual(row!.slice(1), ['2026-11-25 06:40:00.000', '2026/11/25 06:40', '2026-11-26']);
});

test('a non-hive projection template: partition values from the path, with pruning', async () => {
  await c.glue.send(new CreateTableCommand({
    DatabaseName: 'analytics',
    TableInput: {
      Name: 'flat',
      Parameters: {
        'projection.enabled': 'true',
        'projection.day.type': 'date',
        'projection.day.format': 'yyyy/MM/dd',
        'projection.day.range': '2026/01/01,NOW',
        'storage.location.template': 's3://lake/flat/${day}/',
      },
      StorageDescriptor: { ...PARQUET_SD, Location: 's3://lake/flat/', Columns: [{ Name: 'id', Type: 'bigint' }] },
      PartitionKeys: [{ Name: 'day', Type: 'string' }],
    },
  }));
  await writeParquet(c, 'lake', 'flat/2026/11/24/a.parquet', 'SELECT range AS id FROM range(10)');
  await writeParquet(c, 'lake', 'flat/2026/11/25/b.parquet', 'SELECT range AS id FROM range(20)');
  const one = parquetBytes(c.emulator!.s3.list('lake', 'flat/2026/11/25/')[0]!.path, []);
  const q = await runQuery(c, `SELECT day, count(*) FROM flat WHERE day = '2026/11/25' GROUP BY day`);
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  assert.deepEqual((await results(q.QueryExecutionId!)).ResultSet?.Rows?.map(cells), [['day', '_col1'], ['2026/11/25', '20']]);
  assert.equal(q.Statistics?.DataScannedInBytes, one);
});

test('workgroup settings: enforced output location, cutoff exceeded → CANCELLED, SHOW TABLES / DESCRIBE', async () => {
  await c.athena.send(new CreateWorkGroupCommand({
    Name: 'capped',
    Configuration: { ResultConfiguration: { OutputLocation: 's3://lake/capped' }, EnforceWorkGroupConfiguration: true, BytesScannedCutoffPerQuery: 10_000_000 },
  }));
  await createEventsTable(c, { table: 'big' });
  // ~12 MB of incompressible text in one object: more than the 10 MB cutoff.
  await writeParquet(c, 'lake', 'big/year=2026/month=11/big.parquet',
    `SELECT md5(i::varchar) || md5((i * 7)::varchar) AS event_id, 1 AS user_id, 1.0 AS amount, TIMESTAMP '2026-11-01' AS ts FROM range(250000) t(i)`);
  assert.ok(c.emulator!.s3.list('lake', 'big/')[0]!.size > 10_000_000);
  const big = await runQuery(c, 'SELECT count(DISTINCT event_id) FROM big', { workGroup: 'capped', output: 's3://lake/ignored/' });
  assert.equal(big.Status?.State, 'CANCELLED');
  assert.match(big.Status!.StateChangeReason!, /Bytes scanned limit was exceeded/);
  assert.ok(big.Statistics!.DataScannedInBytes! > 10_000_000);

  const small = await runQuery(c, 'SHOW TABLES', { workGroup: 'capped', output: 's3://lake/ignored/' });
  assert.equal(small.Status?.State, 'SUCCEEDED', small.Status?.StateChangeReason);
  assert.equal(small.StatementType, 'UTILITY');
  assert.equal(small.ResultConfiguration?.OutputLocation, `s3://lake/capped/${small.QueryExecutionId}.txt`, 'the enforced workgroup location wins');
  const tables = (await results(small.QueryExecutionId!)).ResultSet!.Rows!.map((r) => cells(r)![0]);
  assert.ok(tables.includes('events') && tables.includes('big'));
  const dbs = await runQuery(c, 'SHOW DATABASES');
  // `default` is there as on AWS, created by Athena's first use of the catalog.
  assert.deepEqual((await results(dbs.QueryExecutionId!)).ResultSet?.Rows?.map(cells), [['analytics'], ['default']]);
  const parts = await runQuery(c, 'SHOW PARTITIONS events');
  const partRes = await results(parts.QueryExecutionId!);
  assert.deepEqual(partRes.ResultSet?.Rows?.map(cells), [['year=2026/month=10'], ['year=2026/month=11']]);
  assert.equal(partRes.ResultSet?.ResultSetMetadata?.ColumnInfo?.[0]?.Name, 'partition');
  const desc = await runQuery(c, 'DESCRIBE events');
  assert.deepEqual(cells((await results(desc.QueryExecutionId!)).ResultSet?.Rows?.[0]), ['event_id', 'string', '']);
});

test('ExecutionParameters fill the ? placeholders', async () => {
  const { QueryExecutionId } = await c.athena.send(new StartQueryExecutionCommand({
    QueryString: `SELECT count(*) FROM events WHERE month = ? AND event_id <> '?' AND user_id < ?`,
    ExecutionParameters: ['11', '5'],
    QueryExecutionContext: { Database: 'analytics' },
    ResultConfiguration: { OutputLocation: 's3://lake/results/' },
  }));
  const q = await waitQuery(c, QueryExecutionId!);
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  assert.deepEqual(q.ExecutionParameters, ['11', '5']);
  assert.deepEqual(cells((await results(QueryExecutionId!)).ResultSet?.Rows?.[1]), ['1250']);
});

test('StartQueryExecution: idempotency token, no output location, listing and batch get, stop', async () => {
  const token = 'a'.repeat(32);
  const start = (QueryString: string) =>
    c.athena.send(new StartQueryExecutionCommand({ QueryString, ClientRequestToken: token, ResultConfiguration: { OutputLocation: 's3://lake/results/' } }));
  const first = await start('SELECT 1');
  const again = await start('SELECT 1');
  assert.equal(again.QueryExecutionId, first.QueryExecutionId);
  await assert.rejects(start('SELECT 2'), { name: 'InvalidRequestException' });
  await waitQuery(c, first.QueryExecutionId!);
  await c.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: first.QueryExecutionId }));
  assert.equal((await waitQuery(c, first.QueryExecutionId!)).Status?.State, 'SUCCEEDED', 'stopping a finished query changes nothing');

  await assert.rejects(c.athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' })), {
    name: 'InvalidRequestException',
    message: /No output location provided/,
  });
  const listed = await c.athena.send(new ListQueryExecutionsCommand({ MaxResults: 2 }));
  assert.equal(listed.QueryExecutionIds?.length, 2);
  assert.ok(listed.NextToken);
  const batch = await c.athena.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: [first.QueryExecutionId!, 'nope'] }));
  assert.equal(batch.QueryExecutions?.length, 1);
  assert.equal(batch.UnprocessedQueryExecutionIds?.[0]?.QueryExecutionId, 'nope');
});

test('schema evolution: a column added later reads NULL in older objects; a column no object has reads NULL', async () => {
  await c.glue.send(new CreateTableCommand({
    DatabaseName: 'analytics',
    TableInput: {
      Name: 'evolving',
      StorageDescriptor: {
        ...PARQUET_SD,
        Location: 's3://lake/evolving/',
        Columns: [{ Name: 'id', Type: 'bigint' }, { Name: 'note', Type: 'string' }, { Name: 'never', Type: 'int' }],
      },
    },
  }));
  await writeParquet(c, 'lake', 'evolving/1-old', 'SELECT 1::BIGINT AS id');
  await writeParquet(c, 'lake', 'evolving/2-new', `SELECT 2::BIGINT AS id, 'x' AS note`);
  const q = await runQuery(c, 'SELECT id, note, never FROM evolving ORDER BY id');
  assert.equal(q.Status?.State, 'SUCCEEDED', q.Status?.StateChangeReason);
  assert.deepEqual((await results(q.QueryExecutionId!)).ResultSet?.Rows?.map(cells), [['id', 'note', 'never'], ['1', null, null], ['2', 'x', null]]);
});
