// Pure pieces of the Athena emulator: SQL translation, Athena's CSV, type mapping, partition layouts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAthenaCsv } from '../../../src/local/services/athena/csv.js';
import { translateQuery, TranslateError, TrinoSyntaxError } from '../../../src/local/engine/duckdb/translate.js';
import { mysqlToStrftime } from '../../../src/local/engine/duckdb/core-functions.js';
import { registerFamily } from '../../../src/local/engine/duckdb/functions/registry.js';
import { duckToAthena, glueToDuck } from '../../../src/local/engine/duckdb/types.js';
import { partitionValues, tableLayout } from '../../../src/local/engine/duckdb/layout.js';
import { mapDuckError } from '../../../src/local/engine/duckdb/errors.js';
import { javaToStrftime } from '../../../src/local/engine/duckdb/java-datetime.js';

const tr = async (sql: string) => (await translateQuery(sql, 'db')).sql;

test('translateQuery: functions through the registry outside literals, tables resolved to the catalog, CTEs kept', async () => {
  // A family of this test's own, so the library's choices for real names do not matter here.
  registerFamily({ name: 'units-test', functions: { units_renamed: 'duck_name', units_built: (args, ctx) => `f(${ctx.literal(1)}|${args.join(';')})` } });
  assert.equal(
    await tr(`SELECT units_renamed(DISTINCT x, 0.5), 'units_renamed(y)', UNITS_BUILT(a + 1, 'lit') FROM t;`),
    `SELECT duck_name(DISTINCT x, 0.5), 'units_renamed(y)', f(lit|a + 1;'lit') FROM awsdatacatalog."db"."t"`,
  );
  assert.equal(mysqlToStrftime('%T %r'), '%H:%M:%S %I:%M:%S %p');
  assert.equal(
    await tr(`SELECT * FROM t TABLESAMPLE BERNOULLI (1.5), u tablesample system(10) WHERE x = 'TABLESAMPLE SYSTEM (1)'`),
    `SELECT * FROM awsdatacatalog."db"."t" TABLESAMPLE 1.5% (bernoulli), awsdatacatalog."db"."u" TABLESAMPLE 10% (system) WHERE x = 'TABLESAMPLE SYSTEM (1)'`,
  );
  const t = await translateQuery(`WITH w AS (SELECT * FROM "Events") SELECT * FROM w JOIN other.x ON true`, 'db');
  assert.deepEqual(t.tables.map((r) => [r.database, r.name, r.offset]), [['db', 'events', 25], ['other', 'x', 56]]);
});

test('translateQuery: operators, casts, subscripts, VALUES and lambdas get Trino semantics', async () => {
  assert.equal(await tr(`SELECT a / b, a % 3, a / 2`), `SELECT __trino_divide(a, b), a % 3, __trino_divide(a, 2)`);
  assert.equal(await tr(`SELECT CAST(x AS bigint), TRY_CAST(x AS int), CAST(ts AS varchar(3))`),
    `SELECT CAST(__trino_to_integer(x, 'BIGINT') AS BIGINT), TRY(CAST(__trino_to_integer(x, 'INT') AS INTEGER)), left(__trino_cast_varchar(ts), 3)`);
  assert.match(await tr(`SELECT a[1], m['k'], map_agg(k, v)[3]`), /^SELECT __trino_array_at\(a, 1\), __trino_map_at\(m, 'k'\), __trino_map_at\(.*map_agg.*, 3\)$/);
  assert.equal(await tr(`VALUES 1, 2`), `(SELECT * FROM (VALUES (1), (2)) AS __values(_col0))`);
  assert.equal(await tr(`SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(id, name)`), `SELECT * FROM ((SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS __values(_col0, _col1))) AS "t" (id, name)`);
  registerFamily({ name: 'units-test-lambda', functions: { units_lambda: (args, ctx) => `${args.join(' | ')} | ${ctx.lambda(1)?.params.join(',')} | ${ctx.lambda(0)}` } });
  assert.equal(await tr(`SELECT units_lambda(a, (s, x) -> s + x)`), `SELECT a | lambda s, x: s + x | s,x | undefined`);
  assert.equal(await tr(`SELECT DECIMAL '12.50', DOUBLE '1.5'`), `SELECT CAST('12.50' AS DECIMAL(4,2)), CAST('1.5' AS DOUBLE)`);
  assert.equal(await tr(`SELECT U&'\\+01F600 \\0041''', U&'#0041' UESCAPE '#'`), `SELECT '😀 A''', 'A'`);
  assert.equal(await tr(`SELECT x = ANY (VALUES 1, 2)`), `SELECT x = ANY ((SELECT * FROM (VALUES (1), (2)) AS __values(_col0)))`);
});

test('translateQuery refuses with Athena codes and positions', async () => {
  registerFamily({ name: 'units-test-refusal', functions: { units_refused: (_args, ctx) => ctx.unsupported('no') } });
  await assert.rejects(translateQuery('SELECT * FORM t', 'db'), (e: TrinoSyntaxError) => e.line === 1 && e.column === 10 && /^mismatched input 'FORM'/.test(e.message));
  await assert.rejects(translateQuery('SELECT 1;\nSELECT 2', 'db'), (e: TranslateError) => e.code === 'INVALID_INPUT');
  await assert.rejects(translateQuery('SELECT read_text(x)', 'db'), (e: TranslateError) => e.code === 'FUNCTION_NOT_FOUND' && e.offset === 7);
  await assert.rejects(translateQuery('SET SESSION a = 1', 'db'), (e: TranslateError) => e.code === 'NOT_SUPPORTED');
  await assert.rejects(translateQuery(`SELECT units_refused(x) FROM t`, 'db'), (e: TranslateError) => e.code === 'NOT_SUPPORTED' && e.offset === 7);
});

test('Java (Joda) datetime patterns → strftime, literals quoted, unknown letters refused', () => {
  assert.equal(javaToStrftime('yyyy-MM-dd HH:mm:ss.SSS'), '%Y-%m-%d %H:%M:%S.%g');
  assert.equal(javaToStrftime('yy M d H h a'), '%y %-m %-d %-H %-I %p');
  assert.equal(javaToStrftime('EEE EEEE MMM MMMM'), '%a %A %b %B');
  assert.equal(javaToStrftime("yyyy-MM-dd'T'HH:mm:ss'Z' '' 'o''clock' 100%"), "%Y-%m-%dT%H:%M:%SZ ' o'clock 100%%");
  assert.throws(() => javaToStrftime('YYYY'), /pattern letter 'Y'/);
  assert.throws(() => javaToStrftime('ss.SS'), /pattern letter 'S'/);
});

test('parseAthenaCsv: quoted values, doubled quotes, newlines inside values, NULL as an empty field', () => {
  assert.deepEqual(parseAthenaCsv('"a","b"\n"x ""y""",\n,"line\nbreak"\n'), [
    ['a', 'b'],
    ['x "y"', null],
    [null, 'line\nbreak'],
  ]);
});

test('type mapping both ways', () => {
  assert.equal(glueToDuck('array<struct<a:int,b:map<string,decimal(10,2)>>>'), 'STRUCT("a" INTEGER, "b" MAP(VARCHAR, DECIMAL(10,2)))[]');
  assert.equal(glueToDuck('varchar(20)'), 'VARCHAR');
  assert.deepEqual(duckToAthena('DECIMAL(18,3)'), { Type: 'decimal', Precision: 18, Scale: 3, CaseSensitive: false });
  assert.equal(duckToAthena('HUGEINT').Type, 'bigint');
  assert.equal(duckToAthena('TIMESTAMP WITH TIME ZONE').Type, 'timestamp with time zone');
});

test('partition values from hive paths and from projection templates', () => {
  const hive = tableLayout({ StorageDescriptor: { Location: 's3://b/t' }, PartitionKeys: [{ Name: 'Year', Type: 'int' }, { Name: 'month', Type: 'int' }] })!;
  assert.equal(hive.prefix, 't/');
  assert.deepEqual(partitionValues(hive, 't/month=11/year=2026/x.parquet'), ['2026', '11']);
  assert.equal(partitionValues(hive, 't/year=2026/x.parquet'), undefined);
  const tpl = tableLayout({
    StorageDescriptor: { Location: 's3://b/t/' },
    PartitionKeys: [{ Name: 'region', Type: 'string' }, { Name: 'hour', Type: 'string' }],
    Parameters: {
      'projection.enabled': 'true',
      'projection.hour.type': 'date',
      'projection.hour.format': 'yyyy/MM/dd/HH',
      'storage.location.template': 's3://b/t/${region}/${hour}/',
    },
  })!;
  assert.deepEqual(partitionValues(tpl, 't/eu/2026/11/25/06/f'), ['eu', '2026/11/25/06']);
});

test('DuckDB errors map to Athena reasons in Trino words, positions from the user text', () => {
  const reason = (sql: string, raw: string) => mapDuckError(sql, raw, 'db').reason;
  assert.equal(reason('SELECT nope FROM t', 'Binder Error: Referenced column "nope" not found in FROM clause!\nCandidate bindings: …'), "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved");
  assert.equal(reason('SELECT 1,\n  foo(2)', 'Catalog Error: Scalar Function with name foo does not exist!\nDid you mean "floor"?'), "FUNCTION_NOT_FOUND: line 2:3: Function 'foo' not registered");
  assert.equal(reason('SELECT 1/0', "Conversion Error: Could not convert string 'DIVISION_BY_ZERO: Division by zero' to INT32"), 'DIVISION_BY_ZERO: Division by zero');
  assert.equal(reason("SELECT CAST('abc' AS integer)", "Conversion Error: Could not convert string 'abc' to INT32"), "INVALID_CAST_ARGUMENT: Cannot cast 'abc' to INT");
  assert.equal(reason('SELECT 2147483647 + 1', 'Out of Range Error: Overflow in addition of INT32 (2147483647 + 1)!'), 'NUMERIC_VALUE_OUT_OF_RANGE: integer addition overflow: 2147483647 + 1');
  assert.equal(reason("SELECT 'a' + 1", 'Binder Error: Could not choose a best candidate function for the function call "+(STRING_LITERAL, INTEGER_LITERAL)". In order…'), 'TYPE_MISMATCH: line 1:1: Cannot apply operator: varchar(1) + integer');
  for (const raw of ['Binder Error: something new', 'Catalog Error: x', 'Parser Error: syntax error at or near "x"', 'Invalid Input Error: y']) {
    assert.doesNotMatch(reason('SELECT 1', raw), /Binder Error|Catalog Error|Parser Error|Invalid Input Error/);
  }
});

test('parseTrino: the fast (SLL) stage never accepts what the full parse rejects, lexer errors included', async () => {
  for (const sql of ['SELECT #1', 'SELECT 1 FROM t WHERE', "SELECT 'unterminated", 'SELECT 1 +']) {
    await assert.rejects(translateQuery(sql, 'db'), (e: unknown) => e instanceof TrinoSyntaxError, sql);
  }
  await assert.rejects(translateQuery('SELECT 1 AS `x`', 'db'), (e: TranslateError) => e.code === 'SYNTAX_ERROR' && /backquoted/.test(e.message));
});
