// Pure pieces of the Athena emulator: SQL translation, Athena's CSV, type mapping, partition layouts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAthenaCsv } from '../../../src/local/services/athena/csv.js';
import { mysqlToStrftime, translateSql } from '../../../src/local/engine/duckdb/translate.js';
import { duckToAthena, glueToDuck } from '../../../src/local/engine/duckdb/types.js';
import { partitionValues, tableLayout } from '../../../src/local/engine/duckdb/layout.js';
import { mapDuckError } from '../../../src/local/engine/duckdb/errors.js';
import { javaToStrftime } from '../../../src/local/engine/duckdb/java-datetime.js';

test('translateSql renames Athena functions outside string literals', () => {
  assert.equal(
    translateSql(`SELECT approx_percentile(x, 0.5), 'approx_percentile(y, 0.5)' FROM t;`),
    `SELECT approx_quantile(x, 0.5), 'approx_percentile(y, 0.5)' FROM t`,
  );
  assert.equal(translateSql(`SELECT date_add('hour', 2, ts) FROM t`), `SELECT __athena_date_add('hour', 2, ts) FROM t`);
  assert.equal(
    translateSql(`SELECT date_parse(concat(a, ','), '%Y-%m-%d %H:%i:%s')`),
    `SELECT strptime(concat(a, ','), '%Y-%m-%d %H:%M:%S')`,
  );
  assert.equal(mysqlToStrftime('%T %r'), '%H:%M:%S %I:%M:%S %p');
  assert.equal(translateSql(`SELECT format('%s-%d', a, 1), date_format(ts, '%H')`), `SELECT printf('%s-%d', a, 1), strftime(ts, '%H')`);
  assert.equal(
    translateSql(`SELECT * FROM t TABLESAMPLE BERNOULLI (1.5), u tablesample system(10) WHERE x = 'TABLESAMPLE SYSTEM (1)'`),
    `SELECT * FROM t TABLESAMPLE 1.5% (bernoulli), u TABLESAMPLE 10% (system) WHERE x = 'TABLESAMPLE SYSTEM (1)'`,
  );
});

test('Java (Joda) datetime patterns → strftime, literals quoted, unknown letters refused', () => {
  assert.equal(javaToStrftime('yyyy-MM-dd HH:mm:ss.SSS'), '%Y-%m-%d %H:%M:%S.%g');
  assert.equal(javaToStrftime('yy M d H h a'), '%y %-m %-d %-H %-I %p');
  assert.equal(javaToStrftime('EEE EEEE MMM MMMM'), '%a %A %b %B');
  assert.equal(javaToStrftime("yyyy-MM-dd'T'HH:mm:ss'Z' '' 'o''clock' 100%"), "%Y-%m-%dT%H:%M:%SZ ' o'clock 100%%");
  assert.throws(() => javaToStrftime('YYYY'), /pattern letter 'Y'/);
  assert.throws(() => javaToStrftime('ss.SS'), /pattern letter 'S'/);
  assert.equal(
    translateSql(`SELECT format_datetime(ts, 'yyyy''w''MM''''dd'), parse_datetime(s, 'dd/MM/yyyy') FROM t`),
    `SELECT strftime(ts, '%Yw%m''%d'), CAST(strptime(s, '%d/%m/%Y') AS TIMESTAMPTZ) FROM t`,
  );
  assert.equal(translateSql(`SELECT typeof(x), 'typeof(y)' FROM t`), `SELECT __athena_typeof(x), 'typeof(y)' FROM t`);
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

test('DuckDB errors map to Athena reason prefixes with line:column', () => {
  const parser = mapDuckError('SELECT * FORM t', 'Parser Error: syntax error at or near "FORM"', 'db');
  assert.equal(parser.reason, 'SYNTAX_ERROR: line 1:10: Parser Error: syntax error at or near "FORM"');
});
