// The JSON → CSV fast path must write exactly the row the general OpenX converter + CsvStage writes, and
// step aside (return false) for everything else: compared on hand-picked edge cases and random records.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CsvStage } from '../../../src/local/engine/delivery/csv-stage.js';
import { makeFastCsvRow } from '../../../src/local/engine/delivery/fast-csv-row.js';
import { columnsOfTable } from '../../../src/local/engine/delivery/glue-types.js';
import { makeConverter, type OpenXOptions } from '../../../src/local/engine/delivery/openx.js';

const columns = columnsOfTable({
  StorageDescriptor: {
    Columns: [
      { Name: 'name', Type: 'string' },
      { Name: 'n', Type: 'int' },
      { Name: 't', Type: 'tinyint' },
      { Name: 'big', Type: 'bigint' },
      { Name: 'x', Type: 'double' },
      { Name: 'f', Type: 'float' },
      { Name: 'ok', Type: 'boolean' },
      { Name: 'ts', Type: 'timestamp' },
      { Name: 'd', Type: 'date' },
      { Name: 'price', Type: 'decimal(10,2)' },
      { Name: 'tags', Type: 'array<string>' },
      { Name: 'a.b', Type: 'string' },
    ],
  },
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-fastcsv-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Each record through both paths: the fast one's CSV (or undefined when it declined) and the general one's
 * CSV (or its failure). */
function both(records: string[], options: OpenXOptions = {}): Array<{ fast?: string; general: string }> {
  const fast = makeFastCsvRow(columns, options);
  const convert = makeConverter(columns, options);
  return records.map((r) => {
    const data = Buffer.from(r);
    const a = new CsvStage(path.join(dir, `${++files}.csv`), columns);
    const took = fast(data, a);
    a.close();
    const b = new CsvStage(path.join(dir, `${++files}.csv`), columns);
    let general: string;
    try {
      b.add(convert(data));
      b.close();
      general = fs.readFileSync(b.file, 'utf8');
    } catch (e) {
      b.close();
      general = `FAIL ${(e as Error).message}`;
    }
    return { fast: took ? fs.readFileSync(a.file, 'utf8') : undefined, general };
  });
}

function assertSame(records: string[], options?: OpenXOptions): number {
  let taken = 0;
  both(records, options).forEach(({ fast, general }, i) => {
    if (fast === undefined) return;
    taken++;
    assert.equal(fast, general, `record ${records[i]}`);
  });
  return taken;
}

test('takes the common shape and writes the same row as the general path', () => {
  const records = [
    '{"name":"Ann","n":42,"t":-128,"big":5550000000,"x":3,"f":-7,"ok":true,"ts":"2024-05-01T00:00:00.037Z"}',
    '{ "name" : "a b" , "ts" : "2024-02-29 23:59:59" , "ok" : false , "d" : null }\n',
    '{"ts":"1969-12-31T23:59:59.999999999Z","name":123,"n":-2147483648}',
    '{"name":true,"tags":"x","price":null,"unknown":"e","other":1.5e3}',
    '{}',
    '{"ts":"1970-01-01T00:00:00.000001Z"}',
    '{"ts":"1970-01-02T00:00:00Z"}',
    '{"ts":"1970-01-01T00:01:40.000007Z"}',
    '{"ts":"9999-12-31T23:59:59.5Z"}',
    '{"ts":"0001-01-01 00:00:00"}',
    '{"ts":"1900-03-01 00:00:00.123"}',
    '\t{"name":"N", "n" :0}\r\n',
  ];
  assert.equal(assertSame(records), records.length);
});

test('steps aside for everything it cannot convert exactly', () => {
  const declined = [
    '{"NAME":"Ann"}', // upper-case key: case folding is the general path's
    '{"name":"a\\"b"}', // escapes
    '{"name":"caf\u00e9"}', // non-ASCII
    '{"name":"a","name":"b"}', // repeated key
    '{"x":1.5}', // fractions print differently
    '{"x":-0}',
    '{"big":12345678901234567}', // beyond 15 digits
    '{"n":2147483648}', // out of range: a failure with a reason
    '{"n":"42"}', // numeric strings
    '{"ok":"true"}',
    '{"ts":1704164645}', // epoch numbers
    '{"ts":"2024-01-02T05:04:05+02:00"}', // zones
    '{"ts":"2023-02-29 00:00:00"}', // invalid date
    '{"d":"2024-01-02"}',
    '{"price":"1.25"}',
    '{"tags":["a"]}',
    '{"name":"a"',
    '{"name":"a"}x',
    '[1]',
    '\ufeff{}',
    '{"name":01}',
  ];
  for (const { fast } of both(declined)) assert.equal(fast, undefined);
});

test('key normalization options are honoured (dots, mappings, case sensitivity)', () => {
  const records = ['{"a_b":"x","name":"y"}', '{"nm":"z"}', '{"name":"w","a.b":"v"}'];
  assertSame(records, { ConvertDotsInJsonKeysToUnderscores: true });
  assertSame(records, { ColumnToJsonKeyMappings: { name: 'nm' } });
  assertSame(records, { CaseInsensitive: false });
});

test('random records: whenever the fast path takes one, the rows are identical', () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const keys = ['name', 'n', 't', 'big', 'x', 'f', 'ok', 'ts', 'd', 'price', 'tags', 'zz', 'Name'];
  const values = () =>
    [
      '"s"', '""', '"2024-01-02T03:04:05Z"', '"2024-13-02 03:04:05"', '"2024-01-02T03:04:05.5"', '0', '-1', '127', '128',
      '-129', '99999', '123456789012345', '1e2', 'true', 'false', 'null', '"12"', '2147483647', '-2147483649',
    ][rnd(19)]!;
  const records: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const parts: string[] = [];
    for (let k = rnd(6); k > 0; k--) parts.push(`"${keys[rnd(keys.length)]}":${values()}`);
    records.push(`{${parts.join(',')}}`);
  }
  assert.ok(assertSame(records) > 300, 'the fast path takes a good share of simple records');
});
