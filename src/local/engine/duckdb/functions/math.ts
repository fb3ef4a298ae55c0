// Trino's math and bitwise functions on DuckDB. Most names are DuckDB's; the macros keep Trino's types (sign of a
// double is a double), NULL rules (greatest/least are NULL when any argument is), errors (mod by zero, bad digits
// in from_base) and two's-complement bit semantics on BIGINT (logical vs arithmetic right shift, shifts ≥ 64).
// The statistical CDFs need erf/inverse functions DuckDB lacks: they fail with NOT_SUPPORTED.
import { arity } from './lambda.js';
import { registerFamily, type FunctionContext } from './registry.js';

/** greatest/least: Trino returns NULL when any argument is NULL (DuckDB skips NULLs). */
const nullIfAnyNull = (fn: string) => (args: string[], ctx: FunctionContext): string => {
  if (args.length < 1) ctx.invalidArgument(`${fn} needs at least one argument`);
  return `CASE WHEN ${args.map((a) => `(${a}) IS NULL`).join(' OR ')} THEN NULL ELSE ${fn}(${args.join(', ')}) END`;
};

const unsupported = (why: string) => (_a: string[], ctx: FunctionContext): string => ctx.unsupported(`${ctx.name}: ${why}`);

const MACROS = [
  // Java's Math.log/sqrt: NaN below zero, -Infinity at zero (DuckDB raises).
  `CREATE OR REPLACE TEMP MACRO __trino_ln(x) AS CASE WHEN x < 0 THEN CAST('NaN' AS DOUBLE) WHEN x = 0 THEN CAST('-Infinity' AS DOUBLE) ELSE ln(x) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_log2(x) AS CASE WHEN x < 0 THEN CAST('NaN' AS DOUBLE) WHEN x = 0 THEN CAST('-Infinity' AS DOUBLE) ELSE log2(x) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_log10(x) AS CASE WHEN x < 0 THEN CAST('NaN' AS DOUBLE) WHEN x = 0 THEN CAST('-Infinity' AS DOUBLE) ELSE log10(x) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_log(b, x) AS __trino_ln(x) / __trino_ln(b)`,
  `CREATE OR REPLACE TEMP MACRO __trino_sqrt(x) AS CASE WHEN x < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt(x) END`,
  // One Newton step on DuckDB's cube root gives Java's correctly rounded one (cbrt(27) = 3.0, not 3.0000000000000004).
  `CREATE OR REPLACE TEMP MACRO __trino_cbrt(x) AS list_transform([cbrt(CAST(x AS DOUBLE))], lambda y: CASE WHEN y = 0 OR isnan(y) OR isinf(y) THEN y
     ELSE y - (y * y * y - x) / (3 * y * y) END)[1]`,
  `CREATE OR REPLACE TEMP MACRO __trino_mod(n, m) AS CASE WHEN m = 0 AND typeof(m) NOT IN ('DOUBLE', 'FLOAT')
     THEN __trino_fail_as('DIVISION_BY_ZERO: Division by zero', mod(n, m)) ELSE mod(n, m) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_width_bucket(x, lo, hi, n) AS CASE WHEN n <= 0 THEN __trino_invalid('bucketCount must be greater than 0', CAST(0 AS BIGINT))
     WHEN lo = hi THEN __trino_invalid('bound1 and bound2 must not be equal', CAST(0 AS BIGINT))
     WHEN lo < hi THEN CASE WHEN x < lo THEN 0 WHEN x >= hi THEN n + 1 ELSE CAST(floor((x - lo) / (hi - lo) * n) AS BIGINT) + 1 END
     ELSE CASE WHEN x > lo THEN 0 WHEN x <= hi THEN n + 1 ELSE CAST(floor((lo - x) / (lo - hi) * n) AS BIGINT) + 1 END END`,
  `CREATE OR REPLACE TEMP MACRO __trino_width_bucket_bins(x, bins) AS CAST(len(list_filter(bins, lambda b: b <= x)) AS BIGINT)`,
  // Digits 0-9a-z in the radix, an optional sign; anything else fails as Trino does.
  `CREATE OR REPLACE TEMP MACRO __trino_from_base(s, r) AS CASE WHEN r < 2 OR r > 36 THEN __trino_invalid('Radix must be between 2 and 36', CAST(0 AS BIGINT))
     WHEN NOT regexp_full_match(lower(s), '[-+]?[0-9a-z]+') OR len(list_filter(string_split(regexp_replace(lower(s), '^[-+]', ''), ''),
       lambda c: position(c IN '0123456789abcdefghijklmnopqrstuvwxyz') - 1 >= r)) > 0 THEN __trino_invalid('Not a valid base-' || r || ' number: ' || s, CAST(0 AS BIGINT))
     ELSE (CASE WHEN s LIKE '-%' THEN -1 ELSE 1 END) * list_reduce(list_transform(string_split(regexp_replace(lower(s), '^[-+]', ''), ''),
       lambda c: CAST(position(c IN '0123456789abcdefghijklmnopqrstuvwxyz') - 1 AS BIGINT)), lambda acc, d: acc * r + d, CAST(0 AS BIGINT)) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_to_base(x, r) AS CASE WHEN r < 2 OR r > 36 THEN __trino_invalid('Radix must be between 2 and 36', '')
     WHEN x < 0 THEN '-' || lower(to_base(-x, r)) ELSE lower(to_base(x, r)) END`,
  // Masks are built by shifting BIGINT's maximum right (DuckDB checks 1 << 63 for overflow even in a branch not taken).
  `CREATE OR REPLACE TEMP MACRO __trino_bit_count(x, bits) AS CASE WHEN bits < 2 OR bits > 64 THEN __trino_invalid('Bits specified in bit_count must be between 2 and 64, got ' || bits, CAST(0 AS BIGINT))
     WHEN x > (CAST(9223372036854775807 AS BIGINT) >> (64 - bits)) OR x < -(CAST(9223372036854775807 AS BIGINT) >> (64 - bits)) - 1
       THEN __trino_invalid('Number must be representable with the bits specified. ' || x || ' cannot be represented with ' || bits || ' bits', CAST(0 AS BIGINT))
     WHEN bits = 64 THEN bit_count(CAST(x AS BIGINT))
     ELSE bit_count(CAST(x AS BIGINT) & (CAST(9223372036854775807 AS BIGINT) >> greatest(63 - bits, 0))) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_shift_left(v, s) AS CASE WHEN s >= 64 THEN CAST(0 AS BIGINT) ELSE CAST(v AS BIGINT) << s END`,
  // Logical shift: the sign bit moves right like any other (a negative value becomes a large positive one).
  `CREATE OR REPLACE TEMP MACRO __trino_shift_right(v, s) AS CASE WHEN s >= 64 THEN CAST(0 AS BIGINT) WHEN s = 0 THEN CAST(v AS BIGINT)
     ELSE (CAST(v AS BIGINT) >> s) & (CAST(9223372036854775807 AS BIGINT) >> greatest(s - 1, 0)) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_shift_right_arithmetic(v, s) AS CASE WHEN s >= 64 THEN CASE WHEN v < 0 THEN CAST(-1 AS BIGINT) ELSE CAST(0 AS BIGINT) END
     ELSE CAST(v AS BIGINT) >> s END`,
];

registerFamily({
  name: 'math',
  functions: {
    e: (args, ctx) => (arity(ctx, args, 0), 'exp(1)'),
    ln: '__trino_ln',
    log2: '__trino_log2',
    log10: '__trino_log10',
    log: (args, ctx) => (arity(ctx, args, 2), `__trino_log(${args[0]}, ${args[1]})`),
    sqrt: '__trino_sqrt',
    cbrt: '__trino_cbrt',
    // IF is lazy like CASE: IF(false, 1 / 0, 2) is 2.
    if: (args, ctx) => {
      arity(ctx, args, 2, 3);
      return `CASE WHEN ${args[0]} THEN ${args[1]}${args.length === 3 ? ` ELSE ${args[2]}` : ''} END`;
    },
    mod: '__trino_mod',
    sign: (args, ctx) => (arity(ctx, args, 1), `cast_to_type(sign(${args[0]}), ${args[0]})`),
    // round(decimal(p, s), d) is decimal(p + 1, s) in Trino (1.2345 → 1.2300), truncate(decimal(p, s), d) keeps
    // decimal(p, s); DuckDB narrows the scale to d. x + x has the wider type (and is only typed, not computed).
    round: (args, ctx) => (arity(ctx, args, 1, 2), args.length === 1 ? `round(${args[0]})` : `cast_to_type(round(${args[0]}, ${args[1]}), (${args[0]}) + (${args[0]}))`),
    truncate: (args, ctx) => (arity(ctx, args, 1, 2), args.length === 1 ? `trunc(${args[0]})` : `cast_to_type(trunc(${args[0]}, ${args[1]}), ${args[0]})`),
    width_bucket: (args, ctx) => {
      arity(ctx, args, 2, 4);
      return args.length === 4 ? `__trino_width_bucket(${args.join(', ')})` : `__trino_width_bucket_bins(${args.join(', ')})`;
    },
    infinity: (args, ctx) => (arity(ctx, args, 0), `CAST('Infinity' AS DOUBLE)`),
    nan: (args, ctx) => (arity(ctx, args, 0), `CAST('NaN' AS DOUBLE)`),
    is_nan: 'isnan',
    is_finite: 'isfinite',
    is_infinite: 'isinf',
    from_base: '__trino_from_base',
    to_base: '__trino_to_base',
    rand: (args, ctx) => (arity(ctx, args, 0, 1, 2), random(args)),
    random: (args, ctx) => (arity(ctx, args, 0, 1, 2), random(args)),
    greatest: nullIfAnyNull('greatest'),
    least: nullIfAnyNull('least'),
    normal_cdf: unsupported('DuckDB has no erf to compute it with Trino\'s precision'),
    inverse_normal_cdf: unsupported('DuckDB has no inverse normal CDF'),
    beta_cdf: unsupported('DuckDB has no beta CDF'),
    inverse_beta_cdf: unsupported('DuckDB has no inverse beta CDF'),
    t_cdf: unsupported('DuckDB has no Student t CDF'),
    t_pdf: unsupported('DuckDB has no Student t PDF'),
    wilson_interval_lower: unsupported('not translated'),
    wilson_interval_upper: unsupported('not translated'),
    bit_count: '__trino_bit_count',
    bitwise_and: (args, ctx) => (arity(ctx, args, 2), `(CAST(${args[0]} AS BIGINT) & CAST(${args[1]} AS BIGINT))`),
    bitwise_or: (args, ctx) => (arity(ctx, args, 2), `(CAST(${args[0]} AS BIGINT) | CAST(${args[1]} AS BIGINT))`),
    bitwise_xor: (args, ctx) => (arity(ctx, args, 2), `xor(CAST(${args[0]} AS BIGINT), CAST(${args[1]} AS BIGINT))`),
    bitwise_not: (args, ctx) => (arity(ctx, args, 1), `(~CAST(${args[0]} AS BIGINT))`),
    bitwise_left_shift: '__trino_shift_left',
    bitwise_right_shift: '__trino_shift_right',
    bitwise_right_shift_arithmetic: '__trino_shift_right_arithmetic',
    bitwise_and_agg: 'bit_and',
    bitwise_or_agg: 'bit_or',
    bitwise_xor_agg: 'bit_xor',
  },
  macros: MACROS,
});

/** random() in [0, 1); random(n) in [0, n) and random(m, n) in [m, n) of n's type. */
function random(args: string[]): string {
  if (args.length === 0) return 'random()';
  if (args.length === 1) return `cast_to_type(floor(random() * (${args[0]})), ${args[0]})`;
  return `cast_to_type((${args[0]}) + floor(random() * ((${args[1]}) - (${args[0]}))), ${args[1]})`;
}
