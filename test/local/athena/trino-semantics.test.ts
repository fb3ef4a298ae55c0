// Trino's semantics for operators, casts, subscripts, VALUES and result text, and Athena's error reasons in
// Trino's words, through the real Athena SDK client (in-process emulator).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { createEventsTable, eventsRows, openLocalForTest, parquetBytes, runQuery, writeParquet, type LocalTestClients } from './helpers.js';

let c: LocalTestClients;
before(async () => {
  c = await openLocalForTest();
  await createEventsTable(c);
  await writeParquet(c, 'lake', 'events/year=2026/month=10/part-0.parquet', eventsRows(2000));
  await writeParquet(c, 'lake', 'events/year=2026/month=11/part-0.parquet', eventsRows(2000, 2000));
});
after(async () => {
  await c.close();
});

async function rows(sql: string): Promise<Array<Array<string | null>>> {
  const q = await runQuery(c, sql);
  assert.equal(q.Status?.State, 'SUCCEEDED', `${sql}: ${q.Status?.StateChangeReason}`);
  const r = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId }));
  return r.ResultSet!.Rows!.map((row) => row.Data!.map((d) => d.VarCharValue ?? null));
}

async function failure(sql: string): Promise<string> {
  const q = await runQuery(c, sql);
  assert.equal(q.Status?.State, 'FAILED', sql);
  return q.Status!.StateChangeReason!;
}

test('integer division, DIVISION_BY_ZERO, IEEE doubles, try(), CAST rounding half up', async () => {
  assert.deepEqual((await rows(`SELECT 7 / 2, -7 / 2, 7 % 3, 7.0 / 2, 1e0 / 0, -1e0 / 0, try(1 / 0), CAST(DOUBLE '12.5' AS bigint),
      CAST(-12.5e0 AS integer), CAST(DECIMAL '2.5' AS bigint), TRY_CAST('x' AS bigint)`))[1],
    ['3', '-3', '1', '3.5', 'Infinity', '-Infinity', null, '13', '-13', '3', null]);
  assert.equal(await failure('SELECT 1 / 0'), 'DIVISION_BY_ZERO: Division by zero');
  // Decimal division keeps a decimal with scale max(s1, s2), rounded half up (DuckDB alone gives a double).
  assert.deepEqual((await rows(`SELECT 1.0 / 3, 7.00 / 2, 2.5 / 2, 10 / 4, 1e0 / 3, DECIMAL '1.000' / 3, amount / 2 FROM events WHERE amount = 24.75 LIMIT 1`))[1],
    ['0.3', '3.50', '1.3', '2', '0.3333333333333333', '0.333', '12.375']);
  assert.equal(await failure('SELECT 1.5 / 0'), 'DIVISION_BY_ZERO: Division by zero');
  assert.equal(await failure('SELECT user_id % 0 FROM events'), 'DIVISION_BY_ZERO: Division by zero');
  assert.equal(await failure('SELECT 2147483647 + 1'), 'NUMERIC_VALUE_OUT_OF_RANGE: integer addition overflow: 2147483647 + 1');
  assert.equal(await failure(`SELECT CAST('abc' AS integer)`), `INVALID_CAST_ARGUMENT: Cannot cast 'abc' to INT`);
  // Text parses as Java's Integer.parseInt (no rounding, no spaces); numbers round half up.
  assert.equal(await failure(`SELECT CAST('1.5' AS integer)`), `INVALID_CAST_ARGUMENT: Cannot cast '1.5' to INT`);
  assert.equal(await failure(`SELECT CAST(' 7' AS bigint)`), `INVALID_CAST_ARGUMENT: Cannot cast ' 7' to BIGINT`);
  assert.deepEqual((await rows(`SELECT CAST('-42' AS integer), CAST('+7' AS bigint), CAST(1.5 AS integer), CAST(-2.5 AS bigint), TRY_CAST('1.5' AS integer), CAST(NULL AS integer), CAST(CAST(NULL AS varchar) AS smallint)`))[1],
    ['-42', '7', '2', '-3', null, null, null]);
});

test('subscripts fail out of range (element_at gives NULL); VALUES names columns _colN', async () => {
  assert.equal(await failure('SELECT ARRAY[1, 2, 3][4]'), 'INVALID_FUNCTION_ARGUMENT: Array subscript must be less than or equal to array length: 4 > 3');
  assert.equal(await failure('SELECT ARRAY[1, 2, 3][0]'), 'INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1');
  assert.equal(await failure(`SELECT MAP(ARRAY['a'], ARRAY[1])['z']`), 'INVALID_FUNCTION_ARGUMENT: Key not present in map: z');
  assert.deepEqual((await rows(`SELECT ARRAY[1, 2, 3][3], MAP(ARRAY['a'], ARRAY[1])['a'], try(ARRAY[1][2])`))[1], ['3', '1', null]);
  assert.deepEqual(await rows('VALUES 1, 2, 3'), [['_col0'], ['1'], ['2'], ['3']]);
  assert.deepEqual(await rows(`SELECT name, id FROM (VALUES (1, 'a'), (2, 'b')) AS t (id, name) ORDER BY id`), [['name', 'id'], ['a', '1'], ['b', '2']]);
});

test('result text: timestamp(3), doubles as Java prints them, CAST to varchar the same', async () => {
  assert.deepEqual((await rows(`SELECT TIMESTAMP '2025-01-01 00:00:00', CAST(TIMESTAMP '2025-01-01 00:00:00' AS varchar),
      1e7, 1.5e0, 1795591740e0, 1e-4, 0.001e0, -0e0, 1e21, CAST(1e7 AS varchar), nan(), CAST(12.5e0 AS varchar(2))`))[1],
    ['2025-01-01 00:00:00.000', '2025-01-01 00:00:00.000', '1.0E7', '1.5', '1.79559174E9', '1.0E-4', '0.001', '-0.0', '1.0E21', '1.0E7', 'NaN', '12']);
});

test('Trino syntax DuckDB lacks: alias without AS on a keyword, DuckDB-reserved words as names', async () => {
  assert.deepEqual(await rows('SELECT max(user_id) last, count(*) window FROM events'), [['last', 'window'], ['9', '4000']]);
});

test('errors in Athena words with positions in the user text, no DuckDB wording', async () => {
  assert.equal(await failure('SELECT nope FROM events'), "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved");
  assert.equal(await failure('SELECT 1,\n  no_such_fn(2)'), "FUNCTION_NOT_FOUND: line 2:3: Function 'no_such_fn' not registered");
  assert.equal(await failure('SELECT * FROM analytics.missing'), "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.analytics.missing' does not exist");
  assert.match(await failure('SELECT * FROM events WHERE'), /^SYNTAX_ERROR: line 1:27: mismatched input '<EOF>'\. Expecting: /);
  assert.match(await failure(`SELECT 'a' + 1`), /^TYPE_MISMATCH: line 1:1: Cannot apply operator: varchar\(1\) \+ integer/);
  for (const sql of ['SELECT user_id, count(*) FROM events', `SELECT length(1, 2, 3)`, `SELECT * FROM events e JOIN events f ON true WHERE user_id = 1`]) {
    assert.doesNotMatch(await failure(sql), /Binder Error|Catalog Error|Parser Error|Invalid Input Error|DuckDB/, sql);
  }
});

test('scanned bytes are the same for any query shape over the same files (ORDER BY … LIMIT does not double them)', async () => {
  const scanned = async (sql: string) => (await runQuery(c, sql)).Statistics!.DataScannedInBytes!;
  const all = await scanned('SELECT * FROM events');
  assert.ok(all > 0);
  assert.equal(await scanned('SELECT * FROM events ORDER BY ts LIMIT 3'), all);
  assert.equal(await scanned('SELECT * FROM events ORDER BY ts DESC LIMIT 3'), all);
  assert.ok((await scanned('SELECT * FROM events WHERE month = 11 ORDER BY ts LIMIT 3')) < all, 'partition pruning still applies');
  // Columns read: projected ones and those only a pushed-down filter reads, in every object (hyparquet's sizes).
  const files = c.emulator!.s3.list('lake', 'events/').map((o) => o.path);
  const billed = (cols: string[]) => files.reduce((s, f) => s + parquetBytes(f, cols), 0);
  assert.equal(await scanned('SELECT event_id FROM events WHERE amount > 3'), billed(['event_id', 'amount']));
  assert.equal(await scanned('SELECT event_id FROM events ORDER BY ts LIMIT 3'), billed(['event_id', 'ts']));
  assert.equal(await scanned('SELECT count(*) FROM events'), billed([]));
});

test('hidden columns "$path" and "$file_size": per object, usable in WHERE, never in SELECT *', async () => {
  const objects = c.emulator!.s3.list('lake', 'events/');
  const r = await rows(`SELECT "$path", e."$file_size", count(*) AS n FROM events e GROUP BY 1, 2 ORDER BY 1`);
  assert.deepEqual(r, [['$path', '$file_size', 'n'], ...objects.map((o) => [`s3://lake/${o.key}`, String(o.size), '2000'])]);
  assert.deepEqual(await rows(`SELECT count(*) FROM events WHERE "$path" LIKE '%month=11%'`), [['_col0'], ['2000']]);
  assert.deepEqual((await rows('SELECT * FROM events LIMIT 1'))[0], ['event_id', 'user_id', 'amount', 'ts', 'year', 'month']);
  assert.deepEqual((await rows('SELECT e.* FROM events e LIMIT 1'))[0], ['event_id', 'user_id', 'amount', 'ts', 'year', 'month']);
  assert.deepEqual((await rows('SELECT w.* FROM (SELECT user_id FROM events) w LIMIT 1'))[0], ['user_id']);
  assert.deepEqual((await rows(`SELECT *, "$path" FROM events LIMIT 1`))[0], ['event_id', 'user_id', 'amount', 'ts', 'year', 'month', '$path']);
  assert.deepEqual((await rows(`SELECT e.*, "$file_size" FROM events e LIMIT 1`))[0], ['event_id', 'user_id', 'amount', 'ts', 'year', 'month', '$file_size']);
});

test('a subscript on a map column (Glue type map<…>) is a key lookup, even with a numeric key', async () => {
  const { CreateTableCommand } = await import('@aws-sdk/client-glue');
  await c.glue.send(new CreateTableCommand({
    DatabaseName: 'analytics',
    TableInput: {
      Name: 'maps',
      StorageDescriptor: {
        Location: 's3://lake/maps/',
        Columns: [{ Name: 'm', Type: 'map<int,string>' }, { Name: 'a', Type: 'array<string>' }],
      },
    },
  }));
  await writeParquet(c, 'lake', 'maps/part-0.parquet', `SELECT MAP {1: 'one', 2: 'two'} AS m, ['x', 'y'] AS a`);
  assert.deepEqual((await rows('SELECT m[2], a[2], t.m[1] FROM maps t'))[1], ['two', 'y', 'one']);
  assert.equal(await failure('SELECT m[3] FROM maps'), 'INVALID_FUNCTION_ARGUMENT: Key not present in map: 3');
});

test('DATE ± INTERVAL stays a DATE, typed NULL casts, narrowing casts fail as NUMERIC_VALUE_OUT_OF_RANGE', async () => {
  assert.deepEqual((await rows(`SELECT DATE '2025-03-01' - INTERVAL '1' DAY, INTERVAL '2' DAY + DATE '2012-08-08',
      TIMESTAMP '2025-01-01 00:00:00' + INTERVAL '1' HOUR, CAST(NULL AS integer)`))[1],
    ['2025-02-28', '2012-08-10', '2025-01-01 01:00:00.000', null]);
  assert.deepEqual(await rows('SELECT x FROM (VALUES CAST(NULL AS integer)) AS t(x)'), [['x'], [null]]);
  assert.equal(await failure('SELECT CAST(200 AS tinyint)'), 'NUMERIC_VALUE_OUT_OF_RANGE: Out of range for tinyint: 200');
});

test('UNNEST of several arrays zips them (NULL-padded), of a map gives key and value; lateral references work', async () => {
  assert.deepEqual(await rows(`SELECT a, b FROM UNNEST(ARRAY[1, 2], ARRAY['x']) AS t(a, b)`), [['a', 'b'], ['1', 'x'], ['2', null]]);
  assert.deepEqual(await rows(`SELECT k, v FROM UNNEST(MAP(ARRAY['a', 'b'], ARRAY[1, 2])) AS t(k, v) ORDER BY k`), [['k', 'v'], ['a', '1'], ['b', '2']]);
  assert.deepEqual(await rows(`SELECT id, x, y FROM (VALUES (1, ARRAY[1, 2], ARRAY['p'])) AS s(id, l1, l2) CROSS JOIN UNNEST(l1, l2) AS t(x, y)`),
    [['id', 'x', 'y'], ['1', '1', 'p'], ['1', '2', null]]);
});

test('CAST(random() AS varchar) prints the one value drawn (the text macros bind a volatile argument once)', async () => {
  const [, [wellFormed, inRange]] = await rows(`SELECT
      count_if(regexp_like(s, '^(0\\.[0-9]+|[1-9](\\.[0-9]+)?E-[0-9]+)$')), count_if(CAST(s AS double) >= 0 AND CAST(s AS double) < 1)
    FROM (SELECT CAST(random() AS varchar) AS s FROM UNNEST(sequence(1, 2000)) AS t(i))`);
  assert.equal(wellFormed, '2000');
  assert.equal(inRange, '2000');
});
