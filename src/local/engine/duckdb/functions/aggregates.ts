// Trino's aggregate functions where DuckDB's name or answer differs. Each translation is one call expression so
// the translator can append the call's FILTER (…) and OVER (…): helpers over list() are macros.
// approx_percentile is answered exactly (quantile_disc: a value of the input, as Trino's digest returns), which is
// within any approximation bound; approx_most_frequent, numeric_histogram, checksum and the digest/sketch types
// fail with NOT_SUPPORTED.
import { arity } from './lambda.js';
import { registerFamily, type FunctionContext } from './registry.js';

const withOrder = (call: string, ctx: FunctionContext) => (ctx.orderBy ? `${call.slice(0, -1)} ${ctx.orderBy})` : call);
const unsupported = (why: string) => (_a: string[], ctx: FunctionContext): string => ctx.unsupported(`${ctx.name}: ${why}`);

const MACROS = [
  // map_agg keeps one value per key (Trino: an arbitrary one; here the first), where DuckDB's map() refuses duplicates.
  `CREATE OR REPLACE TEMP MACRO __trino_map_from_lists(ks, vs) AS list_transform([__trino_array_distinct(list_filter(ks, lambda k: k IS NOT NULL))],
     lambda u: map(u, list_transform(u, lambda k: vs[list_position(ks, k)])))[1]`,
  `CREATE OR REPLACE TEMP MACRO __trino_map_agg(k, v) AS __trino_map_from_lists(list(k), list(v))`,
  `CREATE OR REPLACE TEMP MACRO __trino_multimap_agg(k, v) AS __trino_multimap(list(k), list(v))`,
];

registerFamily({
  name: 'aggregates',
  functions: {
    listagg: (args, ctx) => {
      arity(ctx, args, 1, 2);
      return withOrder(`string_agg(${ctx.distinct ? 'DISTINCT ' : ''}${args[0]}, ${args[1] ?? "''"})`, ctx);
    },
    approx_percentile: (args, ctx) => {
      arity(ctx, args, 2, 3);
      if (args.length === 3) ctx.unsupported('approx_percentile with weights is not translated');
      return `quantile_disc(${args[0]}, ${args[1]})`;
    },
    every: 'bool_and',
    geometric_mean: 'geometric_mean',
    map_agg: (args, ctx) => (arity(ctx, args, 2), `__trino_map_agg(${args[0]}, ${args[1]})`),
    multimap_agg: (args, ctx) => (arity(ctx, args, 2), `__trino_multimap_agg(${args[0]}, ${args[1]})`),
    reduce_agg: (args, ctx) => {
      arity(ctx, args, 4);
      if (!ctx.lambda(2) || !ctx.lambda(3)) ctx.invalidArgument('reduce_agg: the third and fourth arguments must be lambda expressions');
      // Inputs in one list, reduced in order from the initial state (NULL inputs skipped, as Trino skips them).
      return `list_reduce(list_filter(list(${args[0]}), lambda __trino_x: __trino_x IS NOT NULL), ${args[2]}, ${args[1]})`;
    },
    approx_most_frequent: unsupported('not translated'),
    numeric_histogram: unsupported('not translated'),
    checksum: unsupported('not translated'),
    approx_set: unsupported('HyperLogLog sketches are not available here'),
    qdigest_agg: unsupported('quantile digests are not available here'),
    tdigest_agg: unsupported('t-digests are not available here'),
  },
  macros: MACROS,
});
