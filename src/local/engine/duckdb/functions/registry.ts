// The seam between the Trino → DuckDB translator (../translate/) and the function library (this folder).
// The translator parses the query with Trino's grammar; for every function call `name(args…)` it translates the
// arguments first, then asks this registry for `name` (lower case):
//   - a FunctionTranslator returns the DuckDB expression for the call, given the translated argument texts;
//   - a string is a plain rename (same arguments, DuckDB's name);
//   - not registered: the call is passed through as written (DuckDB has the same function) — the engine reports
//     FUNCTION_NOT_FOUND when DuckDB has no such function.
// Macros are DuckDB `CREATE OR REPLACE TEMP MACRO` statements run once per connection (typed overloads work:
// `CREATE MACRO f(x DOUBLE) AS …, (x VARCHAR) AS …`); name helpers `__trino_<something>` so no Trino name is taken.
// Families register themselves in ./index.ts (imported by the translator); a later registration of the same
// name replaces the earlier one, so the library can override the translator's built-in set (../core-functions.ts).
// This file's shape is a contract: add fields, do not change the existing ones.

/** What a translator knows about the call it translates. */
export interface FunctionContext {
  /** The function name as called, lower case (`regexp_replace`). */
  readonly name: string;
  /** Argument texts as the user wrote them (untranslated Trino SQL). */
  readonly rawArgs: readonly string[];
  /** The value of argument `i` when it is a plain string literal (`'abc'` → `abc`), else undefined. */
  literal(i: number): string | undefined;
  /** Argument `i` when it is a lambda (`x -> x + 1`, `(k, v) -> …`): parameter names and translated body.
   * `args[i]` already holds DuckDB's form of it (`lambda x: x + 1`). */
  lambda(i: number): { params: string[]; body: string } | undefined;
  /** `DISTINCT` inside the call (`count(DISTINCT x)`). The translator has already put it before args[0] when
   * the call is passed through or renamed; a FunctionTranslator must place it itself. */
  readonly distinct: boolean;
  /** `ORDER BY …` inside the call (`array_agg(x ORDER BY y)`), translated, with the keywords, or ''. */
  readonly orderBy: string;
  /** Fail the query: NOT_SUPPORTED, pointing at this call (for what DuckDB cannot answer as Trino would). */
  unsupported(message: string): never;
  /** Fail the query: INVALID_FUNCTION_ARGUMENT at this call (an argument Trino rejects, e.g. a bad literal). */
  invalidArgument(message: string): never;
}

/**
 * Translates one call. `args` are the translated DuckDB texts of the arguments, in order. The result replaces
 * the whole call `name(…)`. For aggregate and window functions return one call expression (`f(…)`): the
 * translator appends the call's FILTER (…) and OVER (…) clauses to it.
 */
export type FunctionTranslator = (args: string[], ctx: FunctionContext) => string;

/** A CAST target's translation: `expr` is the translated operand, `duckType` the DuckDB target type (e.g.
 * `JSON`, `VARCHAR`, `BIGINT[]`). Return the DuckDB expression, or undefined to use the translator's own. */
export type CastTranslator = (expr: string, cast: { duckType: string; trinoType: string; tryCast: boolean }) => string | undefined;

export interface FunctionFamily {
  /** For messages and the bench (`strings`, `json`, …). */
  name: string;
  /** name (lower case) → translator, or the DuckDB name of a function that takes the same arguments. */
  functions?: Record<string, FunctionTranslator | string>;
  /** `CREATE OR REPLACE TEMP MACRO …` statements this family's translations call. */
  macros?: string[];
  /** DuckDB target type (upper case, as trinoTypeToDuck writes it: `JSON`, `VARCHAR`) → CAST translation. */
  casts?: Record<string, CastTranslator>;
}

const functions = new Map<string, FunctionTranslator>();
const casts = new Map<string, CastTranslator>();
const families: FunctionFamily[] = [];

const rename = (to: string): FunctionTranslator => (args, ctx) =>
  `${to}(${ctx.distinct ? 'DISTINCT ' : ''}${args.join(', ')}${ctx.orderBy ? ` ${ctx.orderBy}` : ''})`;

/** Registers a family (its functions replace any registered earlier under the same names). */
export function registerFamily(family: FunctionFamily): void {
  families.push(family);
  for (const [name, t] of Object.entries(family.functions ?? {})) {
    functions.set(name.toLowerCase(), typeof t === 'string' ? rename(t) : t);
  }
  for (const [type, t] of Object.entries(family.casts ?? {})) casts.set(type.toUpperCase(), t);
}

/** The CAST translation registered for a DuckDB target type, if any. */
export function lookupCast(duckType: string): CastTranslator | undefined {
  return casts.get(duckType.toUpperCase());
}

/** The translator of a function name (any case), if one is registered. */
export function lookupFunction(name: string): FunctionTranslator | undefined {
  return functions.get(name.toLowerCase());
}

/** Every registered family's macros, in registration order (run once per DuckDB connection). */
export function registeredMacros(): string[] {
  return families.flatMap((f) => f.macros ?? []);
}

/** Registered function names (for tests and the bench). */
export function registeredFunctionNames(): string[] {
  return [...functions.keys()].sort();
}
