// Parses Athena SQL with Trino's own grammar (SqlBase.g4 as packaged by dt-sql-parser, run on antlr4ng).
// Why this parser: Athena engine v3 *is* Trino, and its syntax errors are ANTLR errors from this grammar, so the
// same grammar accepts exactly Athena's dialect (lambdas, `VALUES 1, 2`, `max(x) last`, TRY_CAST, UNNEST … WITH
// ORDINALITY) and reports positions the way Athena does. DuckDB's parser (json_serialize_sql) knows DuckDB's
// dialect only; node-sql-parser's "trino" mode is a hand-written PEG that drifts from Trino. Cost: the Trino parser
// and lexer are ~1.5 MB of JS, loaded on the first query only (dynamic import); the first query of a process
// takes ~0.5 s while ANTLR warms its DFA, later ones well under a millisecond (bench/translate.ts measures it).
import type { ParserRuleContext } from 'antlr4ng';

/** A syntax error at a 1-based line and column, in Trino's words. */
export class TrinoSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

type Modules = {
  antlr: typeof import('antlr4ng');
  lexer: typeof import('dt-sql-parser/dist/lib/trino/TrinoSqlLexer.js');
  parser: typeof import('dt-sql-parser/dist/lib/trino/TrinoSqlParser.js');
};
let modules: Promise<Modules> | undefined;

/** The grammar's context classes (TrinoSqlParser module), for `instanceof` checks in the emitter. */
export type Grammar = Modules['parser'];

export function loadParser(): Promise<Modules> {
  modules ??= (async () => ({
    antlr: await import('antlr4ng'),
    lexer: await import('dt-sql-parser/dist/lib/trino/TrinoSqlLexer.js'),
    parser: await import('dt-sql-parser/dist/lib/trino/TrinoSqlParser.js'),
  }))();
  return modules;
}

/** ANTLR's expected-token text → Trino's (`expecting {'a', 'b'}` → `Expecting: 'a', 'b'`). */
function trinoMessage(msg: string): string {
  const m = /^(mismatched|extraneous) input (.*) expecting \{?(.*?)\}?$/.exec(msg);
  if (m) return `mismatched input ${m[2]}. Expecting: ${m[3]}`;
  const missing = /^missing (.*) at (.*)$/.exec(msg);
  if (missing) return `mismatched input ${missing[2]}. Expecting: ${missing[1]}`;
  return msg;
}

/** More than one statement (`SELECT 1; SELECT 2`): Athena runs one per query. */
export class MultipleStatements extends Error {}

export interface Parsed {
  /** The one statement (Trino's `singleStatement`). */
  tree: ParserRuleContext;
  grammar: Grammar;
}

/** Parses one statement (a trailing `;` allowed); throws TrinoSyntaxError at the first error, MultipleStatements
 * when another statement follows. Trino's own rule, `singleStatement`, then EOF: dt-sql-parser's `program` accepts
 * statements without separators and splits `x = ANY (VALUES 1)` into two.
 * Two stages, the usual ANTLR speed-up: SLL prediction with bail-out first (a few ms), and only when that fails
 * the full LL parse, which also produces the error message and position for a real syntax error. */
export async function parseTrino(sql: string): Promise<Parsed> {
  const { antlr, lexer: L, parser: P } = await loadParser();
  const fastLexer = new L.TrinoSqlLexer(antlr.CharStreams.fromString(sql));
  // A character the lexer cannot read is skipped, not fatal: note it, so the full parse reports it.
  let lexError = false;
  fastLexer.removeErrorListeners();
  fastLexer.addErrorListener({ syntaxError: () => (lexError = true), reportAmbiguity() {}, reportAttemptingFullContext() {}, reportContextSensitivity() {} } as never);
  const parser = new P.TrinoSqlParser(new antlr.CommonTokenStream(fastLexer));
  parser.removeErrorListeners();
  parser.interpreter.predictionMode = antlr.PredictionMode.SLL;
  parser.errorHandler = new antlr.BailErrorStrategy();
  try {
    const tree = parser.singleStatement();
    if (!lexError && parser.tokenStream.LA(1) === antlr.Token.EOF) return { tree, grammar: P };
  } catch (e) {
    if (!(e instanceof antlr.ParseCancellationException)) throw e;
  }
  const lexer = new L.TrinoSqlLexer(antlr.CharStreams.fromString(sql));
  const full = new P.TrinoSqlParser(new antlr.CommonTokenStream(lexer));
  let first: TrinoSyntaxError | undefined;
  const listener = {
    syntaxError(_r: unknown, _s: unknown, line: number, col: number, msg: string) {
      first ??= new TrinoSyntaxError(trinoMessage(msg), line, col + 1);
    },
    reportAmbiguity() {},
    reportAttemptingFullContext() {},
    reportContextSensitivity() {},
  };
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener as never);
  full.removeErrorListeners();
  full.addErrorListener(listener as never);
  const tree = full.singleStatement();
  if (first) throw first;
  const next = full.tokenStream.LT(1);
  if (next && next.type !== antlr.Token.EOF) {
    if ((tree as InstanceType<Grammar['SingleStatementContext']>).SEMICOLON()) throw new MultipleStatements();
    throw new TrinoSyntaxError(`mismatched input '${next.text}'. Expecting: <EOF>`, next.line, next.column + 1);
  }
  return { tree, grammar: P };
}
