// Where the SQL comes from: the argument, --file, or stdin (`-`); with none, a first look at the table.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ExitCode, LakehouseError, UsageError } from '../errors.js';

export interface SqlSourceInput {
  sql?: string;
  file?: string;
  stdin: Readable;
  cwd: string;
  /** Table the default query looks at. */
  table: string;
  /** stdin is a terminal: `-` prompts on this stream (stderr) instead of waiting silently for EOF. */
  prompt?: Writable;
}

/** Glue names are lower-case identifiers; anything else needs double quotes in Athena SQL. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export function defaultSql(table: string): string {
  return `SELECT * FROM ${quoteIdent(table)} LIMIT 10`;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Trailing semicolons are what .sql files end with; Athena takes one statement, without them. Trimming
 * only the end keeps line:column positions in error messages pointing at the same characters. */
export function tidySql(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}

export async function resolveSql(i: SqlSourceInput): Promise<string> {
  if (i.sql !== undefined && i.file !== undefined) {
    throw new UsageError('Give the SQL either as an argument or with --file, not both.');
  }
  let sql: string;
  if ((i.sql === '-' || i.file === '-') && i.prompt) sql = await promptSql(i.stdin, i.prompt);
  else if (i.sql === '-' || i.file === '-') sql = await readAll(i.stdin);
  else if (i.file !== undefined) {
    try {
      sql = await readFile(resolve(i.cwd, i.file), 'utf8');
    } catch (e) {
      throw new UsageError(`Cannot read --file ${i.file}: ${(e as Error).message}`);
    }
  } else if (i.sql !== undefined) sql = i.sql;
  else return defaultSql(i.table);
  sql = tidySql(sql);
  if (!sql.trim()) throw new UsageError('The SQL is empty.', 'Pass a statement, e.g. lakehouse query "SELECT count(*) FROM events".');
  return sql;
}

/** One statement typed at the terminal: ends with `;` or Ctrl-D; one Ctrl-C gives up (exit 130). */
async function promptSql(input: Readable, output: Writable): Promise<string> {
  const { statementReader, Interrupted } = await import('./sql-prompt.js');
  output.write('Type the SQL; end it with ; (or Ctrl-D). Ctrl-C cancels.\n');
  const reader = statementReader({ input, output, prompt: 'sql> ', more: '...> ' });
  try {
    return (await reader.read()) ?? '';
  } catch (e) {
    if (e instanceof Interrupted) throw new LakehouseError('interrupted', ExitCode.interrupted);
    throw e;
  } finally {
    reader.close();
  }
}
