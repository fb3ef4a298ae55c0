// Helpers the function families share: applying a Trino lambda inside a DuckDB expression, and literal checks.
// DuckDB's list functions take lambdas (`lambda x: …`), but a macro cannot take one as an argument and DuckDB
// cannot call a lambda value; so a Trino lambda whose parameters need other values than list elements (map
// entries, two zipped lists, a comparator's two sides) is inlined: its body with each parameter replaced.
import type { FunctionContext } from './registry.js';

let fresh = 0;
/** A lambda parameter name no user query uses, unique per call so nested inlined lambdas never capture. */
export const freshName = (hint = 'l'): string => `__trino_${hint}${++fresh}`;

/** Identifiers outside string literals and quoted names: `x` but not `s.x` (a field) nor `'x'`. */
function replaceIdentifiers(text: string, replace: (name: string) => string | undefined): string {
  return text.replace(/('(?:[^']|'')*'|"(?:[^"]|"")*")|(?<![.\w$])([A-Za-z_][A-Za-z0-9_]*)\b/g, (m, quoted, name) => {
    if (quoted) return m;
    return replace(name) ?? m;
  });
}

/**
 * The body of lambda argument `i` with its parameters replaced by `values` (DuckDB expressions, parenthesized).
 * Fails the query when argument `i` is not a lambda of `values.length` parameters.
 */
export function inlineLambda(ctx: FunctionContext, i: number, values: string[]): string {
  const l = ctx.lambda(i);
  if (!l) ctx.invalidArgument(`${ctx.name}: argument ${i + 1} must be a lambda expression`);
  if (l.params.length !== values.length) {
    ctx.invalidArgument(`${ctx.name}: the lambda must take ${values.length} argument${values.length === 1 ? '' : 's'}, not ${l.params.length}`);
  }
  const byName = new Map(l.params.map((p, k) => [p.toLowerCase(), `(${values[k]})`]));
  return `(${replaceIdentifiers(l.body, (n) => byName.get(n.toLowerCase()))})`;
}

/** A DuckDB lambda applying Trino lambda argument `i` to one value: `lambda __trino_l1: <body>`. */
export function lambdaOver(ctx: FunctionContext, i: number, params: string[], values: string[]): string {
  return `lambda ${params.join(', ')}: ${inlineLambda(ctx, i, values)}`;
}

/** Argument `i` as a string literal, or fail NOT_SUPPORTED (DuckDB needs it at translation time). */
export function literalArg(ctx: FunctionContext, i: number, what: string): string {
  const v = ctx.literal(i);
  if (v === undefined) ctx.unsupported(`${ctx.name} is supported here with a literal ${what} only`);
  return v;
}

/** A SQL string literal. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Checks the argument count: a form this library does not translate fails loudly (NOT_SUPPORTED). */
export function arity(ctx: FunctionContext, args: string[], ...counts: number[]): void {
  if (!counts.includes(args.length)) ctx.unsupported(`${ctx.name} with ${args.length} arguments`);
}
