// athenaText (src/local/engine/duckdb/functions/render.ts) run in DuckDB: nested values print as Athena prints
// them (null inside arrays, maps and rows; strings unquoted; rows as {name=value}; Trino's interval and time text).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { athenaText, RENDER_MACROS } from '../../../../src/local/engine/duckdb/functions/render.js';

let db: DuckDBInstance;
let c: DuckDBConnection;
before(async () => {
  db = await DuckDBInstance.create(':memory:');
  c = await db.connect();
  await c.run(`SET TimeZone = 'UTC'`);
  for (const m of RENDER_MACROS) await c.run(m);
  // Doubles are the engine's macro (Java's Double.toString); these cases print none.
  await c.run(`CREATE OR REPLACE TEMP MACRO __trino_double_text(x) AS CAST(x AS VARCHAR)`);
});
after(() => {
  c.closeSync();
  db.closeSync();
});

/** The text of `expr` after typing it the way DESCRIBE reports the result column. */
async function text(expr: string): Promise<string | null> {
  const type = String((await c.runAndReadAll(`SELECT typeof(${expr})`)).getRows()[0]![0]);
  const v = (await c.runAndReadAll(`SELECT ${athenaText(`(${expr})`, type)}`)).getRows()[0]![0];
  return v === null ? null : String(v);
}

test('arrays: null elements as null, strings unquoted (also with commas or empty)', async () => {
  assert.equal(await text(`[1, 2, NULL, -4, NULL]`), '[1, 2, null, -4, null]');
  assert.equal(await text(`['a', 'b,c', '', NULL]`), '[a, b,c, , null]');
  assert.equal(await text(`[[1, 2], [], NULL]`), '[[1, 2], [], null]');
  assert.equal(await text(`CAST(NULL AS INTEGER[])`), null);
  assert.equal(await text(`[TIMESTAMP '2020-01-01 01:02:03.5']`), '[2020-01-01 01:02:03.500]');
  assert.equal(await text(`[DATE '2020-01-31']`), '[2020-01-31]');
});

test('maps and rows: {key=value}, null values, nested', async () => {
  assert.equal(await text(`MAP(['key1', 'key2'], ['v1', NULL])`), '{key1=v1, key2=null}');
  assert.equal(await text(`MAP(['a'], [[1, 3]])`), '{a=[1, 3]}');
  assert.equal(await text(`struct_pack(x := 1, y := 'a')`), '{x=1, y=a}');
  assert.equal(await text(`[struct_pack(field0 := 1, field1 := NULL::VARCHAR)]`), '[{field0=1, field1=null}]');
  assert.equal(await text(`struct_pack("a b" := [1], c := MAP(['k'], [true]))`), '{a b=[1], c={k=true}}');
  assert.equal(await text(`CAST(NULL AS STRUCT(x INTEGER))`), null);
});

test('intervals print as Trino does: day to second normalized, year to month as Y-M', async () => {
  assert.equal(await text(`INTERVAL 2 DAY + INTERVAL 3 HOUR`), '2 03:00:00.000');
  assert.equal(await text(`INTERVAL 2 DAY - INTERVAL 3 HOUR`), '1 21:00:00.000');
  assert.equal(await text(`to_milliseconds(329184000)`), '3 19:26:24.000');
  assert.equal(await text(`to_milliseconds(43)`), '0 00:00:00.043');
  assert.equal(await text(`INTERVAL 3 YEAR + INTERVAL 5 MONTH`), '3-5');
  assert.equal(await text(`INTERVAL 3 YEAR - INTERVAL 5 MONTH`), '2-7');
  assert.equal(await text(`TIME '04:00:00'`), '04:00:00.000');
});
