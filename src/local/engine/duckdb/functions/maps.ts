// Trino's map functions on DuckDB MAPs. The lambda forms (map_filter, transform_keys/values, map_zip_with) work on
// map_entries: each Trino (k, v) lambda is inlined over an entry's key and value. Anonymous rows that Trino
// returns (map_entries) are structs named field0, field1: the names Athena shows for an unnamed row.
import { arity, freshName, inlineLambda } from './lambda.js';
import { registerFamily, type FunctionContext } from './registry.js';

function mapFilter(args: string[], ctx: FunctionContext): string {
  arity(ctx, args, 2);
  const e = freshName('e');
  return `map_from_entries(list_filter(map_entries(${args[0]}), lambda ${e}: ${inlineLambda(ctx, 1, [`${e}.key`, `${e}.value`])}))`;
}

/** transform_keys / transform_values: a new entry per entry, the key or the value from the lambda. */
const transformEntries = (which: 'key' | 'value') => (args: string[], ctx: FunctionContext): string => {
  arity(ctx, args, 2);
  const e = freshName('e');
  const f = inlineLambda(ctx, 1, [`${e}.key`, `${e}.value`]);
  const entry = which === 'key' ? `struct_pack(k := ${f}, v := ${e}.value)` : `struct_pack(k := ${e}.key, v := ${f})`;
  return `map_from_entries(list_transform(map_entries(${args[0]}), lambda ${e}: ${entry}))`;
};

function mapZipWith(args: string[], ctx: FunctionContext): string {
  arity(ctx, args, 3);
  const k = freshName('k');
  const keys = `__trino_array_distinct(list_concat(map_keys(${args[0]}), map_keys(${args[1]})))`;
  const f = inlineLambda(ctx, 2, [k, `map_extract_value(${args[0]}, ${k})`, `map_extract_value(${args[1]}, ${k})`]);
  const ks = freshName('ks');
  return `CASE WHEN (${args[0]}) IS NULL OR (${args[1]}) IS NULL THEN NULL
    ELSE list_transform([${keys}], lambda ${ks}: map(${ks}, list_transform(${ks}, lambda ${k}: ${f})))[1] END`;
}

const MACROS = [
  // Trino refuses NULL and repeated keys and arrays of different lengths in its words.
  `CREATE OR REPLACE TEMP MACRO __trino_map(k, v) AS CASE WHEN len(k) <> len(v) THEN __trino_invalid('Key and value arrays must be the same length', map(k[1:0], v[1:0]))
     WHEN list_contains(list_transform(k, lambda x: x IS NULL), true) THEN __trino_invalid('map key cannot be null', map(k[1:0], v[1:0]))
     WHEN len(list_distinct(k)) <> len(k) THEN __trino_invalid('Duplicate map keys are not allowed', map(k[1:0], v[1:0])) ELSE map(k, v) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_map_entries(m) AS list_transform(map_entries(m), lambda e: struct_pack(field0 := e.key, field1 := e.value))`,
  // Keys in first-seen order, each with its values in input order.
  `CREATE OR REPLACE TEMP MACRO __trino_multimap(ks, vs) AS list_transform([__trino_array_distinct(ks)], lambda u:
     map(u, list_transform(u, lambda k: list_transform(list_filter(range(1, len(ks) + 1), lambda i: ks[i] = k), lambda i: vs[i]))))[1]`,
  `CREATE OR REPLACE TEMP MACRO __trino_multimap_from_entries(es) AS
     __trino_multimap(list_transform(es, lambda e: struct_extract(e, 1)), list_transform(es, lambda e: struct_extract(e, 2)))`,
];

registerFamily({
  name: 'maps',
  functions: {
    map_filter: mapFilter,
    transform_keys: transformEntries('key'),
    transform_values: transformEntries('value'),
    map_zip_with: mapZipWith,
    map_entries: '__trino_map_entries',
    multimap_from_entries: '__trino_multimap_from_entries',
    map_from_entries: 'map_from_entries',
    map: (args, ctx) => {
      arity(ctx, args, 0, 2);
      return args.length === 0 ? 'map()' : `__trino_map(${args[0]}, ${args[1]})`;
    },
    // NULL when any map is NULL (DuckDB's map_concat skips it).
    map_concat: (args, ctx) => {
      if (args.length < 1) ctx.invalidArgument('map_concat needs at least one map');
      return `CASE WHEN ${args.map((m) => `(${m}) IS NULL`).join(' OR ')} THEN NULL ELSE map_concat(${args.join(', ')}) END`;
    },
    map_keys: 'map_keys',
    map_values: 'map_values',
    // An aggregate: one call expression (the translator appends FILTER / OVER) through a macro over list().
    multimap_agg: (args, ctx) => (arity(ctx, args, 2), `__trino_multimap(list(${args[0]}), list(${args[1]}))`),
  },
  macros: MACROS,
});
