// Trino's date and time functions on DuckDB. Patterns: date_format/date_parse take MySQL specifiers (mapped to
// strftime's; the ones Trino does not support or DuckDB cannot print fail with NOT_SUPPORTED), format_datetime/
// parse_datetime take Java (Joda) patterns (../java-datetime.ts). Types are kept as Trino keeps them: date_trunc
// and date_add on a DATE give a DATE, from_unixtime a timestamp with time zone. DuckDB's TIMESTAMPTZ carries no
// zone, so everything that would show a zone other than UTC (at_timezone, with_timezone, from_unixtime with a
// zone, timezone_hour) fails loudly instead of printing UTC wall time as if it were the zone's.
import { javaToStrftime } from '../java-datetime.js';
import { arity, literalArg, sqlString } from './lambda.js';
import { registerFamily, type FunctionContext } from './registry.js';

/** MySQL specifier → strftime; null: Trino refuses it too (documented as unsupported). */
const MYSQL: Record<string, string | null> = {
  a: '%a', b: '%b', c: '%-m', d: '%d', e: '%-d', f: '%f', H: '%H', h: '%I', I: '%I', i: '%M', j: '%j', k: '%-H',
  l: '%-I', M: '%B', m: '%m', p: '%p', r: '%I:%M:%S %p', S: '%S', s: '%S', T: '%H:%M:%S', v: '%V', W: '%A',
  Y: '%Y', y: '%y', '%': '%%', D: null, U: null, u: null, V: null, w: null, X: null, x: null,
};

export function mysqlToStrftime(f: string, fail: (spec: string) => never): string {
  return f.replace(/%(.)|%$/g, (m, c: string | undefined) => {
    if (c === undefined) return '%%';
    const to = MYSQL[c];
    if (to === null) fail(`%${c}`);
    // Any other character after % stands for itself (MySQL's rule).
    return to ?? c;
  });
}

function dateFormat(args: string[], ctx: FunctionContext): string {
  arity(ctx, args, 2);
  const f = mysqlToStrftime(literalArg(ctx, 1, 'format'), (s) => ctx.unsupported(`date_format: the specifier ${s} is not supported (Trino does not support it either)`));
  return `strftime(${args[0]}, ${sqlString(f)})`;
}

function dateParse(args: string[], ctx: FunctionContext): string {
  arity(ctx, args, 2);
  const raw = literalArg(ctx, 1, 'format');
  const f = mysqlToStrftime(raw, (s) => ctx.unsupported(`date_parse: the specifier ${s} is not supported (Trino does not support it either)`));
  // timestamp(3): fractions past milliseconds are dropped. Two-digit years: Trino reads 00-69 as 20xx, DuckDB 00-68.
  // try_strptime, so that a value that does not parse fails in Trino's words rather than DuckDB's.
  const t = `__trino_date_parse(${args[0]}, ${sqlString(f)}, ${sqlString(raw)})`;
  return /%y/.test(raw) ? `__trino_pivot_69(${t})` : t;
}

function javaPattern(ctx: FunctionContext): string {
  const p = literalArg(ctx, 1, 'pattern');
  try {
    return javaToStrftime(p);
  } catch (e) {
    return ctx.unsupported(`${ctx.name}: ${(e as Error).message}`);
  }
}

/** Unit literal → the DuckDB interval for n of them; sub-day units flagged (a DATE refuses them). */
function unitInterval(ctx: FunctionContext, n: string): { interval: string; subDay: boolean } {
  const unit = literalArg(ctx, 0, 'unit').toLowerCase();
  const f: Record<string, [string, boolean]> = {
    millisecond: ['to_milliseconds', true], second: ['to_seconds', true], minute: ['to_minutes', true], hour: ['to_hours', true],
    day: ['to_days', false], week: ['to_weeks', false], month: ['to_months', false], year: ['to_years', false],
  };
  if (unit === 'quarter') return { interval: `to_months(3 * (${n}))`, subDay: false };
  const e = f[unit];
  if (!e) ctx.invalidArgument(`'${unit}' is not a valid Time field`);
  return { interval: `${e[0]}(${n})`, subDay: e[1] };
}

const DIFF_UNITS = ['millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];

/** A zone argument: only UTC (the session zone) is representable in DuckDB's TIMESTAMPTZ. */
function utcOnly(ctx: FunctionContext, i: number, what: string): void {
  const z = ctx.literal(i);
  if (z === undefined || !/^(utc|z|\+00:00|gmt|etc\/utc)$/i.test(z.trim())) {
    ctx.unsupported(`${ctx.name}: ${what} other than UTC cannot be shown here (DuckDB's timestamp with time zone carries no zone)`);
  }
}

const MACROS = [
  `CREATE OR REPLACE TEMP MACRO __trino_date_parse(s, f, shown) AS CASE WHEN s IS NULL THEN NULL WHEN try_strptime(s, f) IS NULL
     THEN __trino_invalid('Invalid format: "' || s || '" (format ' || shown || ')', TIMESTAMP '2000-01-01') ELSE date_trunc('millisecond', try_strptime(s, f)) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_pivot_69(t) AS CASE WHEN year(t) = 1969 THEN t + INTERVAL 100 YEAR ELSE t END`,
  `CREATE OR REPLACE TEMP MACRO __trino_date_trunc(u, x) AS cast_to_type(date_trunc(u, x), x)`,
  `CREATE OR REPLACE TEMP MACRO __trino_date_add(x DATE, i, sub_day) AS CASE WHEN sub_day
       THEN __trino_invalid('Invalid unit for a DATE: only day, week, month, quarter and year can be added', x) ELSE CAST(x + i AS DATE) END,
     (x, i, sub_day) AS x + i`,
  `CREATE OR REPLACE TEMP MACRO __trino_to_iso8601(x DATE) AS strftime(x, '%Y-%m-%d'),
     (x TIMESTAMP) AS strftime(x, '%Y-%m-%dT%H:%M:%S.%g'),
     (x TIMESTAMPTZ) AS strftime(x, '%Y-%m-%dT%H:%M:%S.%gZ')`,
  // Calendar (2020-05-11), ISO week (2020-W10, 2020-W10-3) and ordinal (2020-123) dates.
  `CREATE OR REPLACE TEMP MACRO __trino_iso_week_monday(y) AS CAST(make_date(y, 1, 4) - to_days(isodow(make_date(y, 1, 4)) - 1) AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO __trino_from_iso8601_date(s) AS CASE
     WHEN regexp_full_match(s, '\\d{4}-W\\d{2}(-\\d)?') THEN CAST(__trino_iso_week_monday(CAST(substr(s, 1, 4) AS INTEGER))
       + to_days(7 * (CAST(substr(s, 7, 2) AS INTEGER) - 1) + coalesce(CAST(nullif(substr(s, 10, 1), '') AS INTEGER), 1) - 1) AS DATE)
     WHEN regexp_full_match(s, '\\d{4}-\\d{3}') THEN CAST(make_date(CAST(substr(s, 1, 4) AS INTEGER), 1, 1) + to_days(CAST(substr(s, 6, 3) AS INTEGER) - 1) AS DATE)
     WHEN regexp_full_match(s, '\\d{4}(-\\d{2}(-\\d{2})?)?') AND TRY_CAST(s || substr('-01-01', length(s) - 3) AS DATE) IS NOT NULL
       THEN CAST(s || substr('-01-01', length(s) - 3) AS DATE)
     ELSE __trino_invalid('Invalid format: "' || s || '"', CAST(NULL AS DATE)) END`,
  // parse_duration: value and unit, rounded to milliseconds (interval day to second(3)).
  `CREATE OR REPLACE TEMP MACRO __trino_parse_duration(s) AS CASE
     WHEN NOT regexp_full_match(s, '^\\s*\\d+(\\.\\d+)?\\s*(ns|us|ms|s|m|h|d)\\s*$') THEN __trino_invalid('duration is not a valid data duration string: ' || s, to_milliseconds(0))
     ELSE to_milliseconds(CAST(round(CAST(regexp_extract(s, '(\\d+(\\.\\d+)?)', 1) AS DOUBLE) * CASE regexp_extract(s, '(ns|us|ms|s|m|h|d)\\s*$', 1)
       WHEN 'ns' THEN 0.000001 WHEN 'us' THEN 0.001 WHEN 'ms' THEN 1 WHEN 's' THEN 1000 WHEN 'm' THEN 60000 WHEN 'h' THEN 3600000 ELSE 86400000 END) AS BIGINT)) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_hrs_part(n, unit) AS CASE WHEN n = 0 THEN NULL WHEN n = 1 THEN '1 ' || unit ELSE n || ' ' || unit || 's' END`,
  `CREATE OR REPLACE TEMP MACRO __trino_human_readable_seconds(x) AS CASE WHEN x IS NULL THEN NULL WHEN isnan(x) OR isinf(x)
     THEN __trino_invalid('Invalid argument found: ' || x, '') ELSE list_transform([CAST(round(abs(x)) AS BIGINT)], lambda t: coalesce(nullif(concat_ws(', ',
       __trino_hrs_part(t // 604800, 'week'), __trino_hrs_part(t % 604800 // 86400, 'day'), __trino_hrs_part(t % 86400 // 3600, 'hour'),
       __trino_hrs_part(t % 3600 // 60, 'minute'), __trino_hrs_part(t % 60, 'second')), ''), '0 seconds'))[1] END`,
];

registerFamily({
  name: 'datetime',
  functions: {
    date_format: dateFormat,
    date_parse: dateParse,
    format_datetime: (args, ctx) => (arity(ctx, args, 2), `strftime(${args[0]}, ${sqlString(javaPattern(ctx))})`),
    parse_datetime: (args, ctx) => (arity(ctx, args, 2), `CAST(strptime(${args[0]}, ${sqlString(javaPattern(ctx))}) AS TIMESTAMPTZ)`),
    date_trunc: (args, ctx) => {
      arity(ctx, args, 2);
      const u = literalArg(ctx, 0, 'unit').toLowerCase();
      if (!DIFF_UNITS.includes(u)) ctx.invalidArgument(`'${u}' is not a valid Time field`);
      return `__trino_date_trunc(${sqlString(u)}, ${args[1]})`;
    },
    date_add: (args, ctx) => {
      arity(ctx, args, 3);
      const { interval, subDay } = unitInterval(ctx, args[1]!);
      return `__trino_date_add(${args[2]}, ${interval}, ${subDay})`;
    },
    // DuckDB's date_sub counts whole units elapsed, as Trino does; its date_diff counts boundaries crossed.
    date_diff: (args, ctx) => {
      arity(ctx, args, 3);
      const u = literalArg(ctx, 0, 'unit').toLowerCase();
      if (!DIFF_UNITS.includes(u)) ctx.invalidArgument(`'${u}' is not a valid Time field`);
      return `date_sub(${sqlString(u)}, ${args[1]}, ${args[2]})`;
    },
    day_of_week: 'isodow',
    dow: 'isodow',
    day_of_year: 'dayofyear',
    doy: 'dayofyear',
    day_of_month: 'day',
    week_of_year: 'week',
    year_of_week: 'isoyear',
    yow: 'isoyear',
    millisecond: (args, ctx) => (arity(ctx, args, 1), `(millisecond(${args[0]}) % 1000)`),
    last_day_of_month: 'last_day',
    date: (args, ctx) => (arity(ctx, args, 1), `CAST(${args[0]} AS DATE)`),
    from_unixtime: (args, ctx) => {
      arity(ctx, args, 1, 2, 3);
      if (args.length === 2) utcOnly(ctx, 1, 'a zone');
      if (args.length === 3 && !(Number(ctx.rawArgs[1]) === 0 && Number(ctx.rawArgs[2]) === 0)) {
        ctx.unsupported('from_unixtime: an offset other than 0 hours 0 minutes cannot be shown here (DuckDB\'s timestamp with time zone carries no zone)');
      }
      return `to_timestamp(${args[0]})`;
    },
    to_unixtime: (args, ctx) => (arity(ctx, args, 1), `epoch(${args[0]})`),
    to_milliseconds: (args, ctx) => (arity(ctx, args, 1), `CAST(round(epoch(${args[0]}) * 1000) AS BIGINT)`),
    to_iso8601: '__trino_to_iso8601',
    from_iso8601_timestamp: (args, ctx) => (arity(ctx, args, 1), `CAST(${args[0]} AS TIMESTAMPTZ)`),
    from_iso8601_date: '__trino_from_iso8601_date',
    at_timezone: (args, ctx) => (arity(ctx, args, 2), utcOnly(ctx, 1, 'a zone'), `CAST(${args[0]} AS TIMESTAMPTZ)`),
    with_timezone: (args, ctx) => (arity(ctx, args, 2), utcOnly(ctx, 1, 'a zone'), `CAST(${args[0]} AS TIMESTAMPTZ)`),
    timezone_hour: (_a, ctx) => ctx.unsupported('timezone_hour: DuckDB\'s timestamp with time zone keeps no offset'),
    timezone_minute: (_a, ctx) => ctx.unsupported('timezone_minute: DuckDB\'s timestamp with time zone keeps no offset'),
    current_timezone: (args, ctx) => (arity(ctx, args, 0), `'UTC'`),
    parse_duration: '__trino_parse_duration',
    human_readable_seconds: '__trino_human_readable_seconds',
  },
  macros: MACROS,
});
