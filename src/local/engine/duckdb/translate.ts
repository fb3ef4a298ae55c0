// Athena (Trino) SQL → DuckDB SQL.
//
// REMAINING DIFFERENCES FROM ATHENA (Trino), as of the last QA pass:
//  - `t AT TIME ZONE 'zone'` keeps Trino's instant but not the zone: DuckDB's TIMESTAMPTZ carries none, so the value
//    prints in UTC (`2026-11-25 07:29:00.000 UTC` where Trino prints `2026-11-25 02:29:00.000 America/New_York`) and
//    hour()/day()/date_trunc()/format_datetime() on it read UTC wall time, not the zone's.
//  - An unknown zone fails as INVALID_FUNCTION_ARGUMENT with DuckDB's words ("Unknown TimeZone 'X'!").
//  - format_datetime/parse_datetime: only a literal pattern is translated (a computed one → NOT_SUPPORTED); letters
//    y M d H h m s S(3/6/9) E a D Z z and quoted literals; any other letter (Y, G, e, k, K, w, x, …) → NOT_SUPPORTED.
//    English names only (no locale); strptime is stricter than Joda about widths it accepts.
//  - typeof: varchar has no length (Trino: varchar(3) for 'abc'); one array level is spelled array(t), deeper
//    nesting, maps and rows keep DuckDB's shape in lower case (e.g. map(varchar, integer), struct(...)).
//  - cardinality counts through to_json (correct for arrays and maps, slower than Trino on large ones).
//  - date_add on a DATE with a sub-day unit ('hour') truncates to the date; Trino rejects it.
//  - approx_distinct is exact (count DISTINCT); EXPLAIN prints DuckDB's plan; doubles print in DuckDB's form
//    (`1795591740.0`), not Java's (`1.79559174E9`).
//  - Not translated: UNNEST ... WITH ORDINALITY, Athena DDL (CREATE EXTERNAL TABLE, MSCK REPAIR), nested calls of
//    the pattern functions inside each other's first argument (only the outer call is rewritten).
//
// Most of Athena's SELECT dialect is DuckDB's too; the differences that common lakehouse queries hit are covered by
// macros (defined once per connection) or by a textual rewrite:
//
//   Athena                               DuckDB
//   approx_distinct(x[, e])              count(DISTINCT x)                        macro (DuckDB's approx_count_distinct
//                                                                                  is 10-30% off; Athena's error is 2.3%)
//   approx_percentile(x, p)              approx_quantile(x, p)                    rewrite
//   format('%s-%d', a, b)                printf('%s-%d', a, b)                    rewrite (DuckDB's format is fmt-style {})
//   date_add('unit', n, t)               cast_to_type(t + n * INTERVAL 1 unit, t) rewrite+macro (arg order; DATE stays DATE)
//   t AT TIME ZONE z                     CAST(t AS TIMESTAMPTZ) (zone validated)  macro `timezone` (DuckDB's reading is
//                                                                                  the inverse: t as wall time in z)
//   cardinality(array|map)               json length / json key count             macro (DuckDB's is map-only)
//   typeof(x)                            Trino type names (bigint, timestamp(3))  rewrite → __athena_typeof macro
//   format_datetime(t, 'java_fmt')       strftime(t, 'translated fmt')            rewrite (literal patterns only)
//   parse_datetime(s, 'java_fmt')        CAST(strptime(s, 'fmt') AS TIMESTAMPTZ)  rewrite (literal patterns only)
//   from_iso8601_timestamp(s)            CAST(s AS TIMESTAMPTZ)                   macro
//   from_iso8601_date(s)                 CAST(s AS DATE)                          macro
//   to_iso8601(t)                        strftime(t, '%Y-%m-%dT%H:%M:%S.%gZ')     macro (UTC session)
//   date_parse(s, 'mysql_fmt')           strptime(s, 'translated fmt')            rewrite: %i→%M, %s→%S, %h→%I, %T, %r, %k, %l…
//   date_format(t, 'mysql_fmt')          strftime(t, 'translated fmt')            rewrite (literal formats only)
//   from_unixtime(n) / to_unixtime(t)    to_timestamp(n) / epoch(t)               macro
//   regexp_like(s, p)                    regexp_matches(s, p)                     macro
//   json_extract_scalar(j, path)         json_extract_string(j, path)             macro
//   day_of_week(t) / dow                 isodow(t)                                macro
//   day_of_year(t) / doy(t)              dayofyear(t)                             macro
//   current_timezone()                   'UTC' (the session time zone)            macro
//   map_agg(k, v)                        map(list(k), list(v))                    macro
//   element_at(array|map, i|key)         c[i]  (DuckDB's own is map-only and returns a list)      macro
//   array_join(a, sep)                   array_to_string(a, sep)                  macro
//   is_nan(x) / nan() / infinity()       isnan(x) / 'NaN'::DOUBLE / 'Infinity'    macro
//   TABLESAMPLE BERNOULLI (p)            TABLESAMPLE p% (bernoulli)               rewrite (Trino's p is a percentage)
// Lambda syntax `x -> ...` is the same in DuckDB.

import { javaToStrftime, UnsupportedSql } from './java-datetime.js';

export { UnsupportedSql };

/** MySQL-style format (Athena's date_parse/date_format) → strftime/strptime format. */
export function mysqlToStrftime(f: string): string {
  const map: Record<string, string> = {
    '%i': '%M', '%s': '%S', '%h': '%I', '%T': '%H:%M:%S', '%r': '%I:%M:%S %p', '%k': '%-H', '%l': '%-I',
    '%c': '%-m', '%e': '%-d', '%W': '%A', '%v': '%V', '%f': '%f',
  };
  return f.replace(/%./g, (m) => map[m] ?? m);
}

export const MACROS: string[] = [
  `CREATE OR REPLACE TEMP MACRO approx_distinct(x) AS count(DISTINCT x), (x, e) AS count(DISTINCT x)`,
  `CREATE OR REPLACE TEMP MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE TEMP MACRO from_iso8601_date(s) AS CAST(s AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO to_iso8601(t) AS strftime(CAST(t AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')`,
  // Literal formats are translated in the text (below); these only catch computed formats, untranslated.
  `CREATE OR REPLACE TEMP MACRO date_parse(s, f) AS strptime(s, f)`,
  `CREATE OR REPLACE TEMP MACRO date_format(t, f) AS strftime(t, f)`,
  `CREATE OR REPLACE TEMP MACRO from_unixtime(n) AS CAST(to_timestamp(n) AS TIMESTAMP)`,
  `CREATE OR REPLACE TEMP MACRO to_unixtime(t) AS epoch(t)`,
  `CREATE OR REPLACE TEMP MACRO regexp_like(s, p) AS regexp_matches(s, p)`,
  `CREATE OR REPLACE TEMP MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)`,
  `CREATE OR REPLACE TEMP MACRO day_of_week(t) AS isodow(t)`,
  `CREATE OR REPLACE TEMP MACRO day_of_year(t) AS dayofyear(t)`,
  `CREATE OR REPLACE TEMP MACRO doy(t) AS dayofyear(t)`,
  `CREATE OR REPLACE TEMP MACRO current_timezone() AS 'UTC'`,
  `CREATE OR REPLACE TEMP MACRO map_agg(k, v) AS map(list(k), list(v))`,
  `CREATE OR REPLACE TEMP MACRO element_at(c, i) AS c[i]`,
  `CREATE OR REPLACE TEMP MACRO array_join(a, sep) AS array_to_string(a, sep)`,
  `CREATE OR REPLACE TEMP MACRO is_nan(x) AS isnan(x)`,
  `CREATE OR REPLACE TEMP MACRO nan() AS CAST('NaN' AS DOUBLE)`,
  `CREATE OR REPLACE TEMP MACRO infinity() AS CAST('Infinity' AS DOUBLE)`,
  // cast_to_type: a DATE stays a DATE (DuckDB's date + interval is a TIMESTAMP; Trino keeps the input type).
  `CREATE OR REPLACE TEMP MACRO __athena_date_add(u, n, t) AS cast_to_type(t + n * CAST('1 ' || u AS INTERVAL), t)`,
  // DuckDB parses `x AT TIME ZONE z` as timezone(z, x), and reads a plain timestamp as wall time IN z; Trino reads it
  // in the session zone (UTC) and keeps the instant. The builtin call only validates the zone name.
  `CREATE OR REPLACE TEMP MACRO timezone(z, t) AS
     CASE WHEN system.main.timezone(z, TIMESTAMP '2000-01-01') IS NULL THEN NULL ELSE CAST(t AS TIMESTAMPTZ) END`,
  // DuckDB's cardinality is map-only and len list-only; a macro binds every branch, so count through JSON.
  `CREATE OR REPLACE TEMP MACRO cardinality(x) AS
     CASE WHEN typeof(x) LIKE 'MAP(%' THEN len(json_keys(to_json(x))) ELSE json_array_length(to_json(x)) END`,
  `CREATE OR REPLACE TEMP MACRO __athena_type_name(t) AS CASE t
     WHEN 'VARCHAR' THEN 'varchar' WHEN 'HUGEINT' THEN 'bigint' WHEN 'FLOAT' THEN 'real' WHEN 'BLOB' THEN 'varbinary'
     WHEN 'TIMESTAMP' THEN 'timestamp(3)' WHEN 'TIMESTAMP WITH TIME ZONE' THEN 'timestamp(3) with time zone'
     WHEN 'INTERVAL' THEN 'interval day to second' WHEN '"NULL"' THEN 'unknown' ELSE lower(t) END`,
  // One array level is spelled Trino's way (array(integer)); deeper nesting, maps and rows keep DuckDB's shape.
  `CREATE OR REPLACE TEMP MACRO __athena_typeof(x) AS CASE WHEN typeof(x) LIKE '%[]'
     THEN 'array(' || __athena_type_name(typeof(x)[:-3]) || ')' ELSE __athena_type_name(typeof(x)) END`,
];

/** Replace `name(` outside string literals and quoted identifiers. */
function renameCalls(sql: string, from: string, to: string): string {
  const re = new RegExp(`('(?:[^']|'')*'|"(?:[^"]|"")*")|\\b${from}\\s*\\(`, 'gi');
  return sql.replace(re, (m, quoted) => (quoted ? m : `${to}(`));
}

/** Athena SQL → DuckDB SQL (textual rewrites only; macros cover the rest). */
export function translateSql(sql: string): string {
  let out = sql.trim().replace(/;\s*$/, '');
  // First, so that an UnsupportedSql offset is one into the (trimmed) user text.
  out = rewriteFormatCalls(out, 'format_datetime', javaCall('format_datetime', (a, f) => `strftime(${a}, '${f}')`));
  out = rewriteFormatCalls(out, 'parse_datetime', javaCall('parse_datetime', (a, f) => `CAST(strptime(${a}, '${f}') AS TIMESTAMPTZ)`));
  out = renameCalls(out, 'typeof', '__athena_typeof');
  out = renameCalls(out, 'approx_percentile', 'approx_quantile');
  out = renameCalls(out, 'format', 'printf');
  // date_add('day', 1, t): DuckDB's date_add takes (date, interval), so only the 3-argument unit form is rewritten.
  out = out.replace(/('(?:[^']|'')*'|"(?:[^"]|"")*")|\bdate_add\s*\(\s*(?='\w+'\s*,)/gi, (m, quoted) => (quoted ? m : '__athena_date_add('));
  // DuckDB reads `BERNOULLI (1)` as one row (and refuses it); Trino means one percent.
  out = out.replace(/('(?:[^']|'')*'|"(?:[^"]|"")*")|\bTABLESAMPLE\s+(BERNOULLI|SYSTEM)\s*\(\s*(\d+(?:\.\d*)?)\s*\)/gi, (m, quoted, method, pct) =>
    quoted ? m : `TABLESAMPLE ${pct}% (${String(method).toLowerCase()})`);
  // Computed formats are left to the date_parse/date_format macros (untranslated).
  const mysql = (to: string): CallRewrite => (args, fmt) => (fmt === undefined ? undefined : `${to}(${args}, '${mysqlToStrftime(fmt)}')`);
  out = rewriteFormatCalls(out, 'date_parse', mysql('strptime'));
  out = rewriteFormatCalls(out, 'date_format', mysql('strftime'));
  return out;
}

/**
 * Rewrites one call `fn(args, 'fmt')`: `fmt` is the pattern literal's SQL text (undefined when the last argument
 * is not a literal), `at` the call's offset. Returns the replacement, or undefined to keep the call.
 */
type CallRewrite = (args: string, fmt: string | undefined, at: number) => string | undefined;

/** A Java-pattern function: only literal patterns, translated (quotes unescaped and escaped again around it). */
function javaCall(fn: string, build: (args: string, fmt: string) => string): CallRewrite {
  return (args, fmt, at) => {
    if (fmt === undefined) throw new UnsupportedSql(`${fn} is translated to DuckDB only with a literal pattern ('yyyy-MM-dd HH:mm')`, at);
    try {
      return build(args, javaToStrftime(fmt.replace(/''/g, "'")).replace(/'/g, "''"));
    } catch (e) {
      throw new UnsupportedSql(`${fn}: ${(e as Error).message}`, at);
    }
  };
}

/** `fn(expr, 'fmt')` → the rewrite's replacement (see CallRewrite). */
function rewriteFormatCalls(sql: string, fn: string, rewrite: CallRewrite): string {
  const re = new RegExp(`('(?:[^']|'')*'|"(?:[^"]|"")*")|\\b${fn}\\s*\\(`, 'gi');
  let out = '';
  let last = 0;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    if (m[1]) continue;
    // Find the call's closing parenthesis and its last top-level comma.
    let depth = 1;
    let comma = -1;
    let i = m.index + m[0].length;
    for (; i < sql.length && depth > 0; i++) {
      const ch = sql[i];
      if (ch === "'") i = sql.indexOf("'", i + 1) < 0 ? sql.length : skipString(sql, i);
      else if (ch === '(') depth++;
      else if (ch === ')') depth--;
      else if (ch === ',' && depth === 1) comma = i;
    }
    const close = i - 1;
    if (comma < 0) continue;
    const fmt = /^\s*'((?:[^']|'')*)'\s*$/.exec(sql.slice(comma + 1, close));
    const replaced = rewrite(sql.slice(m.index + m[0].length, comma), fmt?.[1], m.index);
    if (replaced === undefined) continue;
    out += sql.slice(last, m.index) + replaced;
    last = close + 1;
    re.lastIndex = last;
  }
  return out + sql.slice(last);
}

/** Index of the closing quote of the string literal starting at `start`. */
function skipString(sql: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = sql.indexOf("'", i);
    if (q < 0) return sql.length;
    if (sql[q + 1] === "'") i = q + 2;
    else return q;
  }
}

/** Athena's ExecutionParameters: each `?` outside literals and quoted names takes the next value, as SQL text. */
export function bindParameters(sql: string, params: string[]): string {
  let next = 0;
  const out = sql.replace(/('(?:[^']|'')*'|"(?:[^"]|"")*")|\?/g, (m, quoted) => {
    if (quoted) return m;
    if (next >= params.length) throw new Error(`Incorrect number of parameters: expected at least ${next + 1} but found ${params.length}`);
    return params[next++]!;
  });
  if (next !== params.length) throw new Error(`Incorrect number of parameters: expected ${next} but found ${params.length}`);
  return out;
}
