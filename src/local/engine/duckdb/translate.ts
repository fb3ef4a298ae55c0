// Athena (Trino) SQL → DuckDB SQL: parse with Trino's grammar (translate/parse.ts), emit DuckDB text from the
// tree (translate/emit.ts), with function calls translated through the registry (functions/registry.ts; the
// built-in set is core-functions.ts, the library registers in functions/index.ts). Refusals carry Athena's
// error codes and the offset in the user's text.
//
// Translator-level differences from Athena are listed in docs/local-athena.md (function-level ones in the
// conformance corpus's known failures). In short: the kind of a subscript's container is inferred (a string key,
// a map-making call or a map-typed Glue column → map, else array); binder error positions are the first occurrence of the quoted name;
// EXPLAIN prints DuckDB's plan; try() catches every runtime error.
//
import './core-functions.js';
import './functions/index.js';
import { registeredMacros } from './functions/registry.js';
import { Emitter, type TableReference } from './translate/emit.js';
import { TranslateError } from './translate/tree.js';
import { MultipleStatements, parseTrino, TrinoSyntaxError } from './translate/parse.js';

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

/** What the catalog tells the translation: the map-typed columns of the tables a query names (a subscript on
 * one is a key lookup even with a numeric key). */
export type MapColumns = (tables: Array<{ database: string; name: string }>) => Set<string>;

/** Parses and translates one Athena query; throws TrinoSyntaxError or TranslateError. */
export async function translateQuery(athenaSql: string, database: string, catalog = 'awsdatacatalog', mapColumns?: MapColumns): Promise<Translation> {
  let parsed;
  try {
    parsed = await parseTrino(athenaSql);
  } catch (e) {
    if (e instanceof MultipleStatements) throw new TranslateError('INVALID_INPUT', `Only one sql statement is allowed. Got: ${athenaSql}`, 0);
    throw e;
  }
  const { tree, grammar: G } = parsed;
  let statement = (tree as InstanceType<typeof G.SingleStatementContext>).statement();
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
  if (mapColumns) emitter.mapColumns = mapColumns(emitter.referencedTables);
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
