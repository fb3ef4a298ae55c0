// The OpenX JSON SerDe coercion table (unit): case-insensitive keys, dropped and missing fields, and each
// Glue type's accepted inputs and failures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnsOfTable, parseGlueType } from '../../../src/local/engine/delivery/glue-types.js';
import { ConversionError, makeConverter, parseTimestampMicros } from '../../../src/local/engine/delivery/openx.js';

const columns = columnsOfTable({
  StorageDescriptor: {
    Columns: [
      { Name: 'name', Type: 'string' },
      { Name: 'n', Type: 'int' },
      { Name: 'big', Type: 'bigint' },
      { Name: 'x', Type: 'double' },
      { Name: 'ok', Type: 'boolean' },
      { Name: 'ts', Type: 'timestamp' },
      { Name: 'd', Type: 'date' },
      { Name: 'price', Type: 'decimal(10,2)' },
    ],
  },
});
const convert = makeConverter(columns);
const row = (o: unknown) => [...convert(Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)))];
const fails = (o: unknown, re: RegExp) =>
  assert.throws(() => row(o), (e: unknown) => e instanceof ConversionError && e.code === 'DataFormatConversion.MalformedData' && re.test(e.message));

test('keys match case-insensitively; unknown fields dropped; missing → NULL', () => {
  assert.deepEqual(row({ NAME: 'Ann', Extra: 1 }), ['Ann', null, null, null, null, null, null, null]);
});

test('numbers from numbers and numeric strings; non-numeric strings fail', () => {
  assert.deepEqual(row({ n: '42', big: '9007199254740993', x: '1.5' }).slice(1, 4), [42, 9007199254740993n, 1.5]);
  assert.deepEqual(row({ n: 7.9, big: 12 }).slice(1, 3), [7, 12n]);
  fails({ n: 'abc' }, /field 'n'.*int/);
  fails({ n: 3e10 }, /out of range/);
  fails({ x: true }, /not a number/);
});

test('strings take any scalar or nested JSON as text', () => {
  assert.equal(row({ name: 12 })[0], '12');
  assert.equal(row({ name: { a: [1] } })[0], '{"a":[1]}');
});

test('booleans: JSON booleans and Java parseBoolean strings', () => {
  assert.equal(row({ ok: true })[4], true);
  assert.equal(row({ ok: 'TRUE' })[4], true);
  assert.equal(row({ ok: 'yes' })[4], false);
  fails({ ok: 1 }, /boolean/);
});

test('timestamps: ISO-8601, yyyy-MM-dd HH:mm:ss[.f], epoch seconds and millis', () => {
  const base = Date.UTC(2024, 0, 2, 3, 4, 5) * 1000;
  assert.equal(row({ ts: '2024-01-02T03:04:05Z' })[5], base);
  assert.equal(row({ ts: '2024-01-02 03:04:05.123' })[5], base + 123_000);
  assert.equal(row({ ts: '2024-01-02T03:04:05.123456789Z' })[5], base + 123_456);
  assert.equal(row({ ts: '2024-01-02T05:04:05+02:00' })[5], base);
  assert.equal(row({ ts: 1704164645 })[5], base);
  assert.equal(row({ ts: 1704164645123 })[5], base + 123_000);
  assert.equal(parseTimestampMicros('2024-02-29 00:00:00'), Date.UTC(2024, 1, 29) * 1000);
  fails({ ts: '2023-02-29 00:00:00' }, /not a valid/);
  fails({ ts: 'yesterday' }, /not a timestamp/);
});

test('dates and decimals', () => {
  assert.equal(row({ d: '2024-01-02' })[6], 19724);
  fails({ d: 'Jan 2' }, /not a date/);
  assert.equal(row({ price: '12.345' })[7], 1235n);
  assert.equal(row({ price: 7 })[7], 700n);
  assert.equal(row({ price: '123456789.1' })[7], null, 'does not fit decimal(10,2): NULL as Hive');
  fails({ price: 'cheap' }, /decimal/);
});

test('records that are not a JSON object fail', () => {
  fails('{"name": "unterminated', /Malformed JSON/);
  fails('[1,2]', /not a JSON object/);
  fails('42', /not a JSON object/);
});

test('Glue type names', () => {
  assert.deepEqual(parseGlueType('decimal(38,9)'), { kind: 'decimal', precision: 38, scale: 9 });
  assert.deepEqual(parseGlueType('varchar(10)'), { kind: 'string' });
  assert.deepEqual(parseGlueType('array<string>'), { kind: 'json', glueType: 'array<string>' });
});

test('OpenXJsonSerDe options: CaseInsensitive false, dots to underscores, column-to-key mappings', () => {
  const cols = columnsOfTable({ StorageDescriptor: { Columns: [{ Name: 'user_id', Type: 'string' }, { Name: 'ts', Type: 'bigint' }] } });
  const strict = makeConverter(cols, { CaseInsensitive: false });
  assert.deepEqual([...strict(Buffer.from('{"USER_ID":"a","user_id":"b"}'))], ['b', null]);
  const dotted = makeConverter(cols, { ConvertDotsInJsonKeysToUnderscores: true });
  assert.deepEqual([...dotted(Buffer.from('{"User.Id":"a"}'))], ['a', null]);
  const mapped = makeConverter(cols, { ColumnToJsonKeyMappings: { ts: 'timestamp' } });
  assert.deepEqual([...mapped(Buffer.from('{"user_id":"a","Timestamp":5,"ts":7}'))], ['a', 5n]);
});
