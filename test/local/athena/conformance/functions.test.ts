// The function library's pure translations: Java regex → RE2, Trino JSONPath → DuckDB's, Java Formatter → fmt,
// MySQL date specifiers → strftime. Each refusal is a NOT_SUPPORTED failure naming the construct.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { javaToRe2 } from '../../../../src/local/engine/duckdb/functions/regexp.js';
import { jsonPath } from '../../../../src/local/engine/duckdb/functions/json.js';
import { javaFormatToFmt } from '../../../../src/local/engine/duckdb/functions/strings.js';
import { mysqlToStrftime } from '../../../../src/local/engine/duckdb/functions/datetime.js';

const refuse = (what: string): never => {
  throw new Error(`refused: ${what}`);
};

test('Java regex → RE2: named groups rewritten, groups counted, Java-only constructs refused', () => {
  assert.deepEqual(javaToRe2('(?<y>\\d+)-(\\d+)(?:x)', refuse), { re2: '(?P<y>\\d+)-(\\d+)(?:x)', groups: ['y', undefined] });
  assert.deepEqual(javaToRe2('\\Qa.b\\E+', refuse).re2, 'a\\.b+');
  assert.deepEqual(javaToRe2('[(]\\p{L}+', refuse), { re2: '[(]\\p{L}+', groups: [] });
  for (const [p, what] of [
    ['\\d+(?= USD)', 'lookaround'], ['(?<!a)b', 'lookaround'], ['^(ab)\\1$', 'backreference'], ['a++', 'possessive'],
    ['(?>a)', 'atomic'], ['[a-z&&[^aeiou]]', 'intersection'], ['\\p{Alpha}', '\\p{Alpha}'], ['(?x) a', '(?x)'], ['\\R', '\\R'],
  ] as const) {
    assert.throws(() => javaToRe2(p, refuse), new RegExp(what.replace(/[\\{}()?]/g, '\\$&')), p);
  }
});

test("Trino JSONPath → DuckDB's: bracketed member names become quoted members", () => {
  assert.equal(jsonPath('$.store["book name"][0]'), '$.store."book name"[0]');
  assert.equal(jsonPath('$.store[book]'), '$.store."book"');
  assert.equal(jsonPath('$[2].a'), '$[2].a');
});

test("Java Formatter → DuckDB's format(): indexes, flags, widths; dates refused", () => {
  const fmt = (f: string, n = 0) => javaFormatToFmt(f, refuse, n).fmt;
  assert.equal(fmt('%s%%'), '{0}%');
  assert.equal(fmt('%2$s %3$s %1$s'), '{1} {2} {0}');
  assert.equal(fmt('%-7s,%7s'), '{0:<7},{1:>7}');
  assert.equal(fmt('%,.2f|%03d|%x|{}'), '{0:,.2f}|{1:>03d}|{2:x}|{{}}');
  assert.deepEqual(javaFormatToFmt('%1$tA, %1$tB %<te', refuse, 1), {
    fmt: '{1}, {2} {3}',
    times: [{ arg: 0, code: '%A', upper: false }, { arg: 0, code: '%B', upper: false }, { arg: 0, code: '%-d', upper: false }],
  });
  assert.throws(() => javaFormatToFmt('%tZ', refuse), /%tZ/);
  assert.throws(() => javaFormatToFmt('%b', refuse), /%b/);
});

test('MySQL specifiers → strftime; the ones Trino refuses are refused', () => {
  assert.equal(mysqlToStrftime('%W %M %e, %Y %H:%i:%s.%f %p %%', refuse), '%A %B %-d, %Y %H:%M:%S.%f %p %%');
  assert.equal(mysqlToStrftime('%c/%k/%l/%r/%T/%v/%j', refuse), '%-m/%-H/%-I/%I:%M:%S %p/%H:%M:%S/%V/%j');
  for (const s of ['%D', '%U', '%u', '%V', '%w', '%X', '%x']) assert.throws(() => mysqlToStrftime(s, refuse), /refused/, s);
});
