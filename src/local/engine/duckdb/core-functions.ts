// The translator's built-in function set and the macros behind Trino's operator semantics, registered as the
// first family of the function registry (the library in ./functions/ registers after it and may override).
//
// Operators and casts (emitted by translate/emit.ts):
//   a / b, a % b        __trino_divide / __trino_modulus: DIVISION_BY_ZERO for exact types, ±Infinity/NaN for
//                       doubles (DuckDB: NULL); `/` on integers is integer division (SET integer_division).
//   CAST(x AS int…)     __trino_round_half_up: doubles round half away from zero (DuckDB: half to even).
//   CAST(x AS varchar)  __trino_varchar: timestamps as `2025-01-01 00:00:00.000` (DuckDB drops the millis).
//   a[i], m['k']        __trino_array_at / __trino_map_at: out of range / missing key fail as in Trino.
//
// Functions Athena spells differently from DuckDB:
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

import { DOUBLE_TEXT_MACROS } from './double-text.js';
import { javaToStrftime } from './java-datetime.js';
import { registerFamily, type FunctionContext, type FunctionFamily, type FunctionTranslator } from './functions/registry.js';

/** MySQL-style format (Athena's date_parse/date_format) → strftime/strptime format. */
export function mysqlToStrftime(f: string): string {
  const map: Record<string, string> = {
    '%i': '%M', '%s': '%S', '%h': '%I', '%T': '%H:%M:%S', '%r': '%I:%M:%S %p', '%k': '%-H', '%l': '%-I',
    '%c': '%-m', '%e': '%-d', '%W': '%A', '%v': '%V', '%f': '%f',
  };
  return f.replace(/%./g, (m) => map[m] ?? m);
}

/** A Java-pattern function: only literal patterns are translated. */
function javaCall(build: (arg: string, fmt: string) => string): FunctionTranslator {
  return (args, ctx) => {
    const fmt = ctx.literal(1);
    if (args.length !== 2) ctx.unsupported(`${ctx.name} takes two arguments`);
    if (fmt === undefined) ctx.unsupported(`${ctx.name} is translated to DuckDB only with a literal pattern ('yyyy-MM-dd HH:mm')`);
    let f = '';
    try {
      f = javaToStrftime(fmt!);
    } catch (e) {
      ctx.unsupported(`${ctx.name}: ${(e as Error).message}`);
    }
    return build(args[0]!, `'${f.replace(/'/g, "''")}'`);
  };
}

/** date_parse / date_format: MySQL-style literal formats only (a computed one would be read with C's codes). */
function mysqlCall(to: string): FunctionTranslator {
  return (args, ctx: FunctionContext) => {
    const fmt = ctx.literal(1);
    if (args.length !== 2) ctx.unsupported(`${ctx.name} takes two arguments`);
    if (fmt === undefined) ctx.unsupported(`${ctx.name} is translated to DuckDB only with a literal format ('%Y-%m-%d')`);
    return `${to}(${args[0]}, '${mysqlToStrftime(fmt!).replace(/'/g, "''")}')`;
  };
}

const LEGACY_MACROS: string[] = [
  `CREATE OR REPLACE TEMP MACRO approx_distinct(x) AS count(DISTINCT x), (x, e) AS count(DISTINCT x)`,
  `CREATE OR REPLACE TEMP MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE TEMP MACRO from_iso8601_date(s) AS CAST(s AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO to_iso8601(t) AS strftime(CAST(t AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')`,
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


/** Operator and cast semantics (see the table at the top). */
const OPERATOR_MACROS = [
  ...DOUBLE_TEXT_MACROS,
  // Raises Athena's error: a failing cast, not error(), because DuckDB refuses volatile functions (error) inside
  // TRY, which Trino's try() must catch. engine errors.ts reads the code and message back out of the cast error.
  `CREATE OR REPLACE TEMP MACRO __trino_raise(msg) AS CAST(msg AS INTEGER)`,
  // The result takes the type of `a * 0 + b * 0`: integer for integers (integer division), double when a double is
  // involved, and for decimals Trino's decimal with scale max(s1, s2) (DuckDB divides decimals as doubles:
  // 1.0 / 3 would be 0.3333333333333333 where Trino answers 0.3).
  `CREATE OR REPLACE TEMP MACRO __trino_divide(a, b) AS cast_to_type(CASE WHEN b <> 0 OR b IS NULL OR a IS NULL THEN a / b
     WHEN typeof(a / b) NOT IN ('DOUBLE', 'FLOAT') OR typeof(a * 0 + b * 0) NOT IN ('DOUBLE', 'FLOAT')
       THEN cast_to_type(__trino_raise('DIVISION_BY_ZERO: Division by zero'), a / (b * 0 + 1))
     ELSE cast_to_type(CASE WHEN a > 0 THEN 'Infinity' WHEN a < 0 THEN '-Infinity' ELSE 'NaN' END, a / (b * 0 + 1)) END, a * 0 + b * 0)`,
  `CREATE OR REPLACE TEMP MACRO __trino_modulus(a, b) AS CASE WHEN b <> 0 OR b IS NULL OR a IS NULL THEN a % b
     WHEN typeof(a % b) NOT IN ('DOUBLE', 'FLOAT') THEN cast_to_type(__trino_raise('DIVISION_BY_ZERO: Division by zero'), a % (b * 0 + 1))
     ELSE cast_to_type('NaN', a % (b * 0 + 1)) END`,
  // The double branch binds for every type (TRY_CAST), and keeps x's type (cast_to_type) so decimals stay exact.
  `CREATE OR REPLACE TEMP MACRO __trino_round_half_up(x) AS CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT')
     THEN cast_to_type(round(TRY_CAST(x AS DOUBLE)), x) ELSE x END`,
  // Text to an integer type parses as Java's Integer.parseInt does (Trino): optional sign, digits, nothing else
  // ('1.5', ' 7' fail; DuckDB would round and trim). `label` is Trino's type word in the message (INT, BIGINT…).
  `CREATE OR REPLACE TEMP MACRO __trino_to_integer(x, label) AS CASE WHEN typeof(x) <> 'VARCHAR' THEN __trino_round_half_up(x)
     WHEN x IS NULL OR regexp_full_match(TRY_CAST(x AS VARCHAR), '[+-]?[0-9]+') THEN x
     ELSE __trino_fail_as('INVALID_CAST_ARGUMENT: Cannot cast ''' || TRY_CAST(x AS VARCHAR) || ''' to ' || label, x) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_varchar(x) AS CASE typeof(x)
     WHEN 'TIMESTAMP' THEN strftime(TRY_CAST(x AS TIMESTAMP), '%Y-%m-%d %H:%M:%S.%g')
     WHEN 'TIMESTAMP WITH TIME ZONE' THEN strftime(TRY_CAST(x AS TIMESTAMPTZ), '%Y-%m-%d %H:%M:%S.%g UTC')
     WHEN 'DOUBLE' THEN __trino_double_text(TRY_CAST(x AS DOUBLE))
     WHEN 'FLOAT' THEN __trino_double_text(TRY_CAST(x AS FLOAT))
     ELSE CAST(x AS VARCHAR) END`,
  // The failing index (or key) has the right type for the subscript, so the expression binds for any element type.
  `CREATE OR REPLACE TEMP MACRO __trino_array_at(c, i) AS CASE
     WHEN c IS NULL OR i IS NULL OR (i >= 1 AND i <= len(c)) THEN c[i]
     WHEN i = 0 THEN c[__trino_raise('INVALID_FUNCTION_ARGUMENT: SQL array indices start at 1')]
     WHEN i < 0 THEN c[__trino_raise('INVALID_FUNCTION_ARGUMENT: Array subscript is negative: ' || i)]
     ELSE c[__trino_raise('INVALID_FUNCTION_ARGUMENT: Array subscript must be less than or equal to array length: ' || i || ' > ' || len(c))] END`,
  `CREATE OR REPLACE TEMP MACRO __trino_map_at(m, k) AS CASE
     WHEN m IS NULL OR k IS NULL OR map_contains(m, k) THEN m[k]
     ELSE m[cast_to_type(__trino_raise('INVALID_FUNCTION_ARGUMENT: Key not present in map: ' || k), k)] END`,
];

export const CORE_FUNCTIONS: FunctionFamily = {
  name: 'core',
  functions: {
    approx_percentile: 'approx_quantile',
    format: 'printf',
    typeof: '__athena_typeof',
    format_datetime: javaCall((a, f) => `strftime(${a}, ${f})`),
    parse_datetime: javaCall((a, f) => `CAST(strptime(${a}, ${f}) AS TIMESTAMPTZ)`),
    date_parse: mysqlCall('strptime'),
    date_format: mysqlCall('strftime'),
    // date_add('day', 1, t): DuckDB's own date_add takes (date, interval).
    date_add: (args, ctx) => (args.length === 3 ? `__athena_date_add(${args.join(', ')})` : ctx.unsupported('date_add takes (unit, value, timestamp)')),
  },
  macros: [...LEGACY_MACROS, ...OPERATOR_MACROS],
};

// Registered on import, before ./functions/index.js (translate.ts imports this module first).
registerFamily(CORE_FUNCTIONS);
