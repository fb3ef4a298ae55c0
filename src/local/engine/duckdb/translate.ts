// Athena (Trino) SQL → DuckDB SQL. Most of Athena's SELECT dialect is DuckDB's too; the differences that common
// lakehouse queries hit are covered by macros (defined once per connection) or by a textual rewrite:
//
//   Athena                               DuckDB
//   approx_distinct(x[, e])              count(DISTINCT x)                        macro (DuckDB's approx_count_distinct
//                                                                                  is 10-30% off; Athena's error is 2.3%)
//   approx_percentile(x, p)              approx_quantile(x, p)                    rewrite
//   format('%s-%d', a, b)                printf('%s-%d', a, b)                    rewrite (DuckDB's format is fmt-style {})
//   date_add('unit', n, t)               t + n * INTERVAL 1 unit                  rewrite (Athena's arg order)
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
// Not translated (documented gaps): parse_datetime/format_datetime (Joda patterns), lambda syntax `x -> ...`
// (same in DuckDB), UNNEST ... WITH ORDINALITY, Athena DDL (CREATE EXTERNAL TABLE, MSCK REPAIR).

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
  `CREATE OR REPLACE TEMP MACRO __athena_date_add(u, n, t) AS t + n * CAST('1 ' || u AS INTERVAL)`,
];

/** Replace `name(` outside string literals and quoted identifiers. */
function renameCalls(sql: string, from: string, to: string): string {
  const re = new RegExp(`('(?:[^']|'')*'|"(?:[^"]|"")*")|\\b${from}\\s*\\(`, 'gi');
  return sql.replace(re, (m, quoted) => (quoted ? m : `${to}(`));
}

/** Athena SQL → DuckDB SQL (textual rewrites only; macros cover the rest). */
export function translateSql(sql: string): string {
  let out = sql.trim().replace(/;\s*$/, '');
  out = renameCalls(out, 'approx_percentile', 'approx_quantile');
  out = renameCalls(out, 'format', 'printf');
  // date_add('day', 1, t): DuckDB's date_add takes (date, interval), so only the 3-argument unit form is rewritten.
  out = out.replace(/('(?:[^']|'')*'|"(?:[^"]|"")*")|\bdate_add\s*\(\s*(?='\w+'\s*,)/gi, (m, quoted) => (quoted ? m : '__athena_date_add('));
  // DuckDB reads `BERNOULLI (1)` as one row (and refuses it); Trino means one percent.
  out = out.replace(/('(?:[^']|'')*'|"(?:[^"]|"")*")|\bTABLESAMPLE\s+(BERNOULLI|SYSTEM)\s*\(\s*(\d+(?:\.\d*)?)\s*\)/gi, (m, quoted, method, pct) =>
    quoted ? m : `TABLESAMPLE ${pct}% (${String(method).toLowerCase()})`);
  out = rewriteFormatCalls(out, 'date_parse', 'strptime');
  out = rewriteFormatCalls(out, 'date_format', 'strftime');
  return out;
}

/** `fn(expr, 'fmt')` → `to(expr, 'translated fmt')` when the format is a string literal. */
function rewriteFormatCalls(sql: string, fn: string, to: string): string {
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
    const fmt = comma >= 0 ? /^\s*'((?:[^']|'')*)'\s*$/.exec(sql.slice(comma + 1, close)) : null;
    if (!fmt) continue;
    out += sql.slice(last, m.index) + `${to}(` + sql.slice(m.index + m[0].length, comma + 1) + ` '${mysqlToStrftime(fmt[1]!)}')`;
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
