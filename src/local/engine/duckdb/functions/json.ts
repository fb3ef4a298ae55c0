// Trino's JSON functions on DuckDB's json extension. Trino's JSONPath dialect (`$.a.b`, `$[0]`, `$.a["b c"]`,
// `$.a[b]`) is rewritten to DuckDB's (`$.a."b c"`) when the path is a literal. Differences kept loud or listed:
// json_parse keeps the object key order of its input (Trino sorts keys); invalid JSON fails the query.
import { arity, sqlString } from './lambda.js';
import { registerFamily, type FunctionContext } from './registry.js';

/** Trino JSONPath → DuckDB JSONPath: bracketed member names become quoted dot members. */
export function jsonPath(p: string): string {
  return p.replace(/\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*([A-Za-z_][\w ]*)\s*\]/g, (_m, quoted, bare) => `."${quoted ?? bare}"`);
}

/** The path argument: rewritten when it is a literal; a computed path is passed as is. */
function path(args: string[], ctx: FunctionContext, i = 1): string {
  const lit = ctx.literal(i);
  return lit === undefined ? args[i]! : sqlString(jsonPath(lit));
}

/** An SQL/JSON path (`lax $.a`, `strict $.a`) as DuckDB's path literal; filters, ranges, wildcards and item
 * methods are refused (`fail`). DuckDB's paths have no mode: lax and strict read alike. */
export function sqlJsonPathLiteral(lit: string, fail: (message: string) => never): string {
  const m = /^\s*(lax|strict)?\s*(\$.*)$/s.exec(lit);
  if (!m || /[?@]|\blast\b|\bto\b|\.\*|\[\*\]|\.\w+\(\)/.test(m[2]!)) fail(`the path ${lit} (filters, ranges, wildcards and item methods are not translated)`);
  return sqlString(jsonPath(m[2]!.trim()));
}

function sqlJsonPath(args: string[], ctx: FunctionContext): string {
  const lit = ctx.literal(1);
  if (lit === undefined) ctx.unsupported(`${ctx.name} is supported here with a literal path only`);
  return sqlJsonPathLiteral(lit, (m) => ctx.unsupported(`${ctx.name}: ${m}`));
}

/** json_exists / json_value / json_query with their default behaviors (Trino: FALSE / NULL on error and empty). */
export function sqlJsonFunction(fn: 'json_exists' | 'json_value' | 'json_query', json: string, path: string): string {
  if (fn === 'json_exists') return `CASE WHEN (${json}) IS NULL THEN NULL ELSE coalesce(TRY(json_exists(${json}, ${path})), false) END`;
  if (fn === 'json_value') return `TRY(__trino_json_value(${json}, ${path}))`;
  return `TRY(CASE WHEN json_type(json_extract(${json}, ${path})) IN ('ARRAY', 'OBJECT') THEN CAST(json_extract(${json}, ${path}) AS VARCHAR) END)`;
}

const MACROS = [
  `CREATE OR REPLACE TEMP MACRO __trino_json_parse(s) AS CASE WHEN s IS NULL THEN NULL WHEN NOT json_valid(s)
     THEN __trino_invalid('Cannot convert value to JSON: ''' || s || '''', json('null')) ELSE json(s) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_json_extract_scalar(j, p) AS CASE WHEN json_type(json_extract(j, p)) IN ('OBJECT', 'ARRAY') THEN NULL
     ELSE json_extract_string(j, p) END`,
  // Trino's json_array_get returns a string element unquoted (its documented broken semantics) and other elements as JSON.
  `CREATE OR REPLACE TEMP MACRO __trino_json_array_get(j, i) AS list_transform([CASE WHEN json_type(j) <> 'ARRAY' THEN NULL
       WHEN i >= json_array_length(j) OR -i > json_array_length(j) THEN NULL
       ELSE json_extract(j, '$[' || CASE WHEN i >= 0 THEN i ELSE json_array_length(j) + i END || ']') END],
     lambda e: CASE WHEN json_type(e) = 'VARCHAR' THEN json_extract_string(e, '$') ELSE CAST(e AS VARCHAR) END)[1]`,
  `CREATE OR REPLACE TEMP MACRO __trino_json_array_contains(j, v) AS CASE WHEN json_type(j) <> 'ARRAY' THEN NULL
     ELSE list_contains(list_transform(CAST(json_extract(j, '$[*]') AS JSON[]), lambda e: CAST(e AS VARCHAR)), CAST(to_json(v) AS VARCHAR)) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_json_array_length(j) AS CASE WHEN json_type(j) = 'ARRAY' THEN json_array_length(j) ELSE NULL END`,
  `CREATE OR REPLACE TEMP MACRO __trino_json_size(j, p) AS CASE WHEN json_extract(j, p) IS NULL THEN NULL
     WHEN json_type(json_extract(j, p)) = 'ARRAY' THEN json_array_length(json_extract(j, p))
     WHEN json_type(json_extract(j, p)) = 'OBJECT' THEN len(json_keys(json_extract(j, p))) ELSE 0 END`,
  `CREATE OR REPLACE TEMP MACRO __trino_json_value(j, p) AS CASE WHEN json_type(json_extract(j, p)) IN ('OBJECT', 'ARRAY') THEN NULL
     ELSE json_extract_string(j, p) END`,
];

registerFamily({
  name: 'json',
  functions: {
    json_extract: (args, ctx) => (arity(ctx, args, 2), `json_extract(${args[0]}, ${path(args, ctx)})`),
    json_extract_scalar: (args, ctx) => (arity(ctx, args, 2), `__trino_json_extract_scalar(${args[0]}, ${path(args, ctx)})`),
    json_size: (args, ctx) => (arity(ctx, args, 2), `__trino_json_size(${args[0]}, ${path(args, ctx)})`),
    json_array_get: '__trino_json_array_get',
    json_array_contains: '__trino_json_array_contains',
    json_array_length: '__trino_json_array_length',
    json_parse: (args, ctx) => (arity(ctx, args, 1), `__trino_json_parse(${args[0]})`),
    json_format: (args, ctx) => (arity(ctx, args, 1), `CAST(json(${args[0]}) AS VARCHAR)`),
    is_json_scalar: (args, ctx) => (arity(ctx, args, 1), `json_type(json(${args[0]})) NOT IN ('OBJECT', 'ARRAY')`),
    json_exists: (args, ctx) => (arity(ctx, args, 2), sqlJsonFunction('json_exists', args[0]!, sqlJsonPath(args, ctx))),
    json_value: (args, ctx) => (arity(ctx, args, 2), sqlJsonFunction('json_value', args[0]!, sqlJsonPath(args, ctx))),
    json_query: (args, ctx) => (arity(ctx, args, 2), sqlJsonFunction('json_query', args[0]!, sqlJsonPath(args, ctx))),
  },
  macros: MACROS,
});
