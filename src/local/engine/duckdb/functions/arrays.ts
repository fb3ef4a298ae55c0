// Trino's array functions on DuckDB lists. DuckDB's list functions differ in NULL handling and order (list_distinct
// drops NULLs and reorders; list_max skips NULLs; list_has_any ignores NULLs), so most names map to macros that
// keep Trino's three-valued answers. Lambda forms are built as DuckDB list lambdas; the comparator of array_sort
// becomes an insertion sort by list_reduce (stable, O(n²): fine for the arrays a row holds).
import { arity, freshName, inlineLambda } from './lambda.js';
import { registerFamily, type FunctionContext } from './registry.js';

const hasNull = (a: string) => `len(list_filter(${a}, lambda __n: __n IS NULL)) > 0`;

/** transform/filter/… : the list function with the user's lambda (already DuckDB's `lambda x: …`). */
const withLambda = (fn: string) => (args: string[], ctx: FunctionContext) => {
  arity(ctx, args, 2);
  if (!ctx.lambda(1)) ctx.invalidArgument(`${ctx.name}: the second argument must be a lambda expression`);
  return `${fn}(${args[0]}, ${args[1]})`;
};

/** all_match/any_match/none_match: Trino's NULL when the predicate is NULL for some element and decides nothing. */
const match = (macro: string) => (args: string[], ctx: FunctionContext) => {
  arity(ctx, args, 2);
  if (!ctx.lambda(1)) ctx.invalidArgument(`${ctx.name}: the second argument must be a lambda expression`);
  return `${macro}(list_transform(${args[0]}, ${args[1]}))`;
};

function arraySort(args: string[], ctx: FunctionContext): string {
  arity(ctx, args, 1, 2);
  if (args.length === 1) return `list_sort(${args[0]}, 'ASC', 'NULLS LAST')`;
  // Each element's rank is the number of elements that sort before it; the result lists the elements by rank.
  // j sorts before i when it is strictly less (cmp(a[j], a[i]) < 0 and cmp(a[i], a[j]) > 0), or when neither is
  // strictly less and j comes first: a stable sort, which also settles comparators that call two NULLs "less"
  // than each other (Trino's documented NULLS FIRST example). O(n²) comparator calls: fine for a row's array.
  const a = args[0]!;
  const [i, j, r, p] = [freshName('i'), freshName('j'), freshName('r'), freshName('p')];
  const less = (x: string, y: string) =>
    `(${inlineLambda(ctx, 1, [`(${a})[${x}]`, `(${a})[${y}]`])} < 0 AND ${inlineLambda(ctx, 1, [`(${a})[${y}]`, `(${a})[${x}]`])} > 0)`;
  const before = `${less(j, i)} OR (NOT ${less(i, j)} AND ${j} < ${i})`;
  const ranks = `list_transform(range(1, len(${a}) + 1), lambda ${i}: len(list_filter(range(1, len(${a}) + 1), lambda ${j}: ${before})) + 1)`;
  return `list_transform([${ranks}], lambda ${r}: list_transform(range(1, len(${a}) + 1), lambda ${p}: (${a})[list_position(${r}, ${p})]))[1]`;
}

function reduce(args: string[], ctx: FunctionContext): string {
  arity(ctx, args, 4);
  if (!ctx.lambda(3)) ctx.invalidArgument('reduce: the fourth argument must be a lambda expression');
  // DuckDB's list_reduce keeps the state in the element type; Trino's state has its own type (a ROW, a BIGINT
  // over integers). So each element travels in a struct with the state: {s: state, x: element}.
  const [acc, e] = [freshName('acc'), freshName('e')];
  const step = inlineLambda(ctx, 2, [`${acc}.s`, `${e}.x`]);
  const a = args[0]!;
  const init = `struct_pack(s := ${args[1]}, x := (${a})[0])`;
  const state = `list_reduce(list_transform(${a}, lambda ${e}: struct_pack(s := ${args[1]}, x := ${e})),
    lambda ${acc}, ${e}: struct_pack(s := cast_to_type(${step}, ${acc}.s), x := ${e}.x), ${init}).s`;
  return `list_transform([${state}], ${args[3]})[1]`;
}

function zipWith(args: string[], ctx: FunctionContext): string {
  arity(ctx, args, 3);
  const i = freshName('i');
  const body = inlineLambda(ctx, 2, [`(${args[0]})[${i}]`, `(${args[1]})[${i}]`]);
  // DuckDB's greatest skips a NULL length: a NULL array makes the whole result NULL, as in Trino.
  return `CASE WHEN (${args[0]}) IS NULL OR (${args[1]}) IS NULL THEN NULL ELSE list_transform(range(1, greatest(len(${args[0]}), len(${args[1]})) + 1), lambda ${i}: ${body}) END`;
}

function zip(args: string[], ctx: FunctionContext): string {
  if (args.length < 2 || args.length > 5) ctx.invalidArgument('zip takes 2 to 5 arrays');
  const i = freshName('i');
  const fields = args.map((a, k) => `field${k} := (${a})[${i}]`).join(', ');
  return `CASE WHEN ${args.map((a) => `(${a}) IS NULL`).join(' OR ')} THEN NULL
    ELSE list_transform(range(1, greatest(${args.map((a) => `len(${a})`).join(', ')}) + 1), lambda ${i}: struct_pack(${fields})) END`;
}

function combinations(args: string[], ctx: FunctionContext): string {
  arity(ctx, args, 2);
  const n = Number(ctx.rawArgs[1]?.trim());
  if (!Number.isInteger(n)) ctx.unsupported('combinations is supported here with a literal group size only');
  if (n < 0 || n > 5) ctx.invalidArgument(`combinations: combination size must not exceed 5: ${n}`);
  if (n === 0) return `[(${args[0]})[1:0]]`;
  const a = args[0]!;
  const idx = Array.from({ length: n }, () => freshName('c'));
  // Nested index loops i1 < i2 < … < in, flattened: the sub-groups in lexicographic order of positions.
  let inner = `[[${idx.map((v) => `(${a})[${v}]`).join(', ')}]]`;
  for (let k = n - 1; k >= 0; k--) {
    const from = k === 0 ? '1' : `${idx[k - 1]} + 1`;
    inner = `flatten(list_transform(range(${from}, len(${a}) + 1), lambda ${idx[k]}: ${inner}))`;
  }
  return inner;
}

function sequence(args: string[], ctx: FunctionContext): string {
  arity(ctx, args, 2, 3);
  return `__trino_sequence(${args.join(', ')})`;
}

const MACROS = [
  `CREATE OR REPLACE TEMP MACRO __trino_all_match(r) AS CASE WHEN r IS NULL THEN NULL
     WHEN len(list_filter(r, lambda b: NOT b)) > 0 THEN false WHEN ${hasNull('r')} THEN NULL ELSE true END`,
  `CREATE OR REPLACE TEMP MACRO __trino_any_match(r) AS CASE WHEN r IS NULL THEN NULL
     WHEN len(list_filter(r, lambda b: b)) > 0 THEN true WHEN ${hasNull('r')} THEN NULL ELSE false END`,
  `CREATE OR REPLACE TEMP MACRO __trino_none_match(r) AS NOT __trino_any_match(r)`,
  // First occurrence order, one NULL kept (DuckDB's list_distinct reorders and drops NULLs).
  `CREATE OR REPLACE TEMP MACRO __trino_array_distinct(a) AS list_filter(a, lambda x, i: list_position(a, x) = i)`,
  `CREATE OR REPLACE TEMP MACRO __trino_array_intersect(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE __trino_array_distinct(list_filter(a, lambda x: list_contains(b, x) OR (x IS NULL AND ${hasNull('b')}))) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_array_except(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL
     ELSE __trino_array_distinct(list_filter(a, lambda x: NOT (list_contains(b, x) OR (x IS NULL AND ${hasNull('b')})))) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_array_union(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE __trino_array_distinct(list_concat(a, b)) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_array_max(a) AS CASE WHEN ${hasNull('a')} THEN NULL ELSE list_max(a) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_array_min(a) AS CASE WHEN ${hasNull('a')} THEN NULL ELSE list_min(a) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_array_position(a, x) AS CASE WHEN a IS NULL OR x IS NULL THEN NULL ELSE coalesce(list_position(a, x), 0) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_contains(a, x) AS CASE WHEN a IS NULL OR x IS NULL THEN NULL WHEN list_contains(a, x) THEN true
     WHEN ${hasNull('a')} THEN NULL ELSE false END`,
  `CREATE OR REPLACE TEMP MACRO __trino_arrays_overlap(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN list_has_any(a, b) THEN true
     WHEN ${hasNull('a')} OR ${hasNull('b')} THEN NULL ELSE false END`,
  `CREATE OR REPLACE TEMP MACRO __trino_contains_sequence(a, s) AS len(s) = 0 OR
     len(list_filter(range(1, len(a) - len(s) + 2), lambda i: a[i:i + len(s) - 1] = s)) > 0`,
  `CREATE OR REPLACE TEMP MACRO __trino_ngrams(a, n) AS CASE WHEN n <= 0 THEN __trino_invalid('N must be positive', [a])
     WHEN len(a) <= n THEN [a] ELSE list_transform(range(1, len(a) - n + 2), lambda i: a[i:i + n - 1]) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_slice(a, s, n) AS CASE WHEN s = 0 THEN __trino_invalid('SQL array indices start at 1', a)
     WHEN n < 0 THEN __trino_invalid('length must be greater than or equal to 0', a)
     WHEN s > 0 THEN a[s:s + n - 1] ELSE a[greatest(len(a) + s + 1, 1):least(len(a) + s + n, len(a))] END`,
  `CREATE OR REPLACE TEMP MACRO __trino_trim_array(a, n) AS CASE WHEN n < 0 OR n > len(a)
     THEN __trino_invalid('size must not be negative or exceed the array length', a) ELSE a[1:len(a) - n] END`,
  `CREATE OR REPLACE TEMP MACRO __trino_repeat(x, n) AS CASE WHEN n < 0 THEN __trino_invalid('count argument of repeat function must be greater than or equal to 0', [x])
     ELSE list_transform(range(n), lambda i: x) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_shuffle(a) AS list_transform(list_sort(list_transform(a, lambda x: {'r': random(), 'v': x})), lambda s: s.v)`,
  `CREATE OR REPLACE TEMP MACRO __trino_sequence_steps(a, b, s) AS CASE WHEN epoch(s) = 0 THEN __trino_invalid('step must not be zero', [a]) ELSE
     list_filter(list_transform(range(0, CAST(floor(abs(epoch(b - a)) / abs(epoch(s))) AS BIGINT) * 2 + 2), lambda i: a + s * i),
       lambda t: CASE WHEN epoch(s) > 0 THEN t <= b ELSE t >= b END) END`,
  // Trino's step defaults to -1 when start > stop; dates and timestamps step by a day; a month step adds i × step
  // to the start (2020-01-31 + 1 month = 02-29, + 2 months = 03-31), which repeated addition would not.
  `CREATE OR REPLACE TEMP MACRO __trino_sequence(a BIGINT, b BIGINT) AS generate_series(a, b, CASE WHEN a <= b THEN 1 ELSE -1 END),
     (a BIGINT, b BIGINT, s BIGINT) AS CASE WHEN s = 0 THEN __trino_invalid('step must not be zero', [a])
       WHEN (s > 0 AND a > b) OR (s < 0 AND a < b) THEN __trino_invalid('sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start', [a])
       ELSE generate_series(a, b, s) END,
     (a DATE, b DATE) AS list_transform(generate_series(a, b, CASE WHEN a <= b THEN INTERVAL 1 DAY ELSE -INTERVAL 1 DAY END), lambda t: CAST(t AS DATE)),
     (a DATE, b DATE, s INTERVAL) AS list_transform(__trino_sequence_steps(CAST(a AS TIMESTAMP), CAST(b AS TIMESTAMP), s), lambda t: CAST(t AS DATE)),
     (a TIMESTAMP, b TIMESTAMP, s INTERVAL) AS __trino_sequence_steps(a, b, s)`,
];

registerFamily({
  name: 'arrays',
  functions: {
    transform: withLambda('list_transform'),
    filter: withLambda('list_filter'),
    all_match: match('__trino_all_match'),
    any_match: match('__trino_any_match'),
    none_match: match('__trino_none_match'),
    array_distinct: '__trino_array_distinct',
    array_intersect: '__trino_array_intersect',
    array_union: '__trino_array_union',
    array_except: '__trino_array_except',
    array_join: (args, ctx) => {
      arity(ctx, args, 2, 3);
      if (args.length === 2) return `array_to_string(${args[0]}, ${args[1]})`;
      return `array_to_string(list_transform(${args[0]}, lambda x: coalesce(CAST(x AS VARCHAR), ${args[2]})), ${args[1]})`;
    },
    array_max: '__trino_array_max',
    array_min: '__trino_array_min',
    array_position: '__trino_array_position',
    array_remove: (args, ctx) => (arity(ctx, args, 2), `CASE WHEN (${args[1]}) IS NULL THEN NULL ELSE list_filter(${args[0]}, lambda x: x IS NULL OR x <> ${args[1]}) END`),
    array_sort: arraySort,
    arrays_overlap: '__trino_arrays_overlap',
    combinations,
    contains: '__trino_contains',
    contains_sequence: '__trino_contains_sequence',
    flatten: 'flatten',
    ngrams: '__trino_ngrams',
    reduce,
    repeat: '__trino_repeat',
    sequence,
    shuffle: '__trino_shuffle',
    slice: '__trino_slice',
    trim_array: '__trino_trim_array',
    zip,
    zip_with: zipWith,
  },
  macros: MACROS,
});
