// Athena (Trino) SQL → DuckDB SQL: parse with Trino's grammar (translate/parse.ts), emit DuckDB text from the
// tree (translate/emit.ts), with function calls translated through the registry (functions/registry.ts; the
// built-in set is core-functions.ts, the library registers in functions/index.ts). Refusals carry Athena's
// error codes and the offset in the user's text.
//
// REMAINING DIFFERENCES FROM ATHENA (Trino), as of the last QA pass:
//  - `t AT TIME ZONE 'zone'` keeps Trino's instant but not the zone: DuckDB's TIMESTAMPTZ carries none, so the value
//    prints in UTC (`2026-11-25 07:29:00.000 UTC` where Trino prints `2026-11-25 02:29:00.000 America/New_York`) and
//    hour()/day()/date_trunc()/format_datetime() on it read UTC wall time, not the zone's.
//  - An unknown zone fails as INVALID_FUNCTION_ARGUMENT with DuckDB's words ("Unknown TimeZone 'X'!").
//  - format_datetime/parse_datetime: only a literal pattern is translated (a computed one → NOT_SUPPORTED); letters
//    y M d H h m s S(3/6/9) E a D Z z and quoted literals; any other letter (Y, G, e, k, K, w, x, …) → NOT_SUPPORTED.
//    English names only (no locale); strptime is stricter than Joda about widths it accepts.
//  - typeof: varchar has no length (Trino: varchar(3) for 'abc'); one array level is spelled array(t), deeper
//    nesting, maps and rows keep DuckDB's shape in lower case (e.g. map(varchar, integer), struct(...)).
//  - cardinality counts through to_json (correct for arrays and maps, slower than Trino on large ones).
//  - date_add on a DATE with a sub-day unit ('hour') truncates to the date; Trino rejects it.
//  - approx_distinct is exact (count DISTINCT); EXPLAIN prints DuckDB's plan; doubles print in DuckDB's form
//    (`1795591740.0`), not Java's (`1.79559174E9`).
//  - Not translated: Athena DDL (CREATE EXTERNAL TABLE, MSCK REPAIR); a subscript's container kind is guessed from
//    the index (a string literal → map, else array).
//
import './core-functions.js';
import './functions/index.js';
import { registeredMacros } from './functions/registry.js';
import { Emitter, TranslateError, type TableReference } from './translate/emit.js';
import { parseTrino, TrinoSyntaxError } from './translate/parse.js';

export { TranslateError, TrinoSyntaxError, type TableReference };

/** Every registered macro (run once per DuckDB connection). */
export const macros = (): string[] => registeredMacros();

export interface Translation {
  /** DuckDB SQL of the query (without any EXPLAIN prefix). */
  sql: string;
  /** Catalog tables the query reads (CTE names excluded), with where each is named. */
  tables: TableReference[];
  explain?: 'plain' | 'analyze';
  /** The query reads the hidden columns "$path" / "$file_size": the views must carry "$file". */
  hidden: boolean;
}

/** Parses and translates one Athena query; throws TrinoSyntaxError or TranslateError. */
export async function translateQuery(athenaSql: string, database: string, catalog = 'awsdatacatalog'): Promise<Translation> {
  const { tree, grammar: G } = await parseTrino(athenaSql);
  const statements = (tree as InstanceType<typeof G.ProgramContext>).statements();
  if (statements.length !== 1) {
    throw new TranslateError('INVALID_INPUT', `Only one sql statement is allowed. Got: ${athenaSql}`, 0);
  }
  let statement = statements[0]!.singleStatement().statement();
  let explain: Translation['explain'];
  if (statement instanceof G.ExplainContext || statement instanceof G.ExplainAnalyzeContext) {
    explain = statement instanceof G.ExplainAnalyzeContext ? 'analyze' : 'plain';
    statement = statement.statement();
  }
  if (!(statement instanceof G.StatementDefaultContext)) {
    const at = statement.start?.start ?? 0;
    throw new TranslateError('NOT_SUPPORTED', 'This statement is not supported by the local Athena (it runs queries, SHOW and DESCRIBE)', at);
  }
  const emitter = new Emitter(athenaSql, G, database, catalog);
  emitter.collectCtes(statement);
  const sql = emitter.emit(statement.rootQuery());
  return { sql, tables: emitter.tables, explain, hidden: emitter.usesHidden };
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
