// `lakehouse sql`: an interactive SQL shell over the lake, as psql or duckdb's: a prompt with line editing
// and history (~/.lakehouse_sql_history), statements over several lines ending with `;`, Ctrl-C cancels the
// running query (or drops the statement being typed), \x toggles expanded output, \q or Ctrl-D leaves.
// Off a terminal it runs the `;`-separated statements read from stdin, stopping at the first failure.
import os from 'node:os';
import path from 'node:path';
import type { Argv } from 'yargs';
import { ExitCode, LakehouseError } from '../../errors.js';
import type { CommandContext, CommandDef } from '../command.js';
import { reportError } from '../report.js';

const HELP = `  end a statement with ;   \\x  expanded output on/off   \\q or Ctrl-D  quit   Ctrl-C  cancel the running query`;

function builder(y: Argv): Argv {
  return y
    .option('database', { type: 'string', requiresArg: true, describe: "Glue database to run in (default: the spec's table.database)" })
    .option('workgroup', { type: 'string', requiresArg: true, describe: "Athena workgroup (default: the spec's athena.workgroup)" })
    .option('expanded', { alias: 'x', type: 'boolean', default: false, describe: 'Start with expanded output (\\x toggles it)' }) as Argv;
}

/** Statements of a script: split at `;` ending a line (a `;` inside a string on one line stays). */
export function splitStatements(text: string): string[] {
  return text
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

async function run(ctx: CommandContext): Promise<number> {
  const a = ctx.args;
  const { queryOne } = await import('../query-one.js');
  const pipeline = await ctx.loadPipeline();
  const workgroup = (a.workgroup as string | undefined) ?? pipeline.athena.workgroup;
  const database = (a.database as string | undefined) ?? pipeline.table.database;
  const output = a.output;
  let expanded = a.expanded === true;
  const clients = await ctx.openClients(pipeline);
  const one = (sql: string, signal: AbortSignal) =>
    queryOne(ctx, pipeline, clients.athena, { sql, workgroup, database, output, expanded, footer: true, signal });
  try {
    if ((ctx.io.stdin as { isTTY?: boolean }).isTTY !== true) {
      const chunks: Buffer[] = [];
      for await (const c of ctx.io.stdin) chunks.push(Buffer.from(c));
      for (const sql of splitStatements(Buffer.concat(chunks).toString('utf8'))) {
        const code = await one(sql, ctx.signal);
        if (code !== 0) return code;
      }
      return ExitCode.ok;
    }
    const { statementReader } = await import('../../query/sql-prompt.js');
    const home = ctx.io.env.HOME || os.homedir();
    const reader = statementReader({
      input: ctx.io.stdin,
      output: ctx.io.stderr,
      prompt: `${database}> `,
      more: `${' '.repeat(Math.max(0, database.length - 3))}...> `,
      historyFile: path.join(home, '.lakehouse_sql_history'),
    });
    ctx.io.stderr.write(`lakehouse sql: ${pipeline.name} (${pipeline.provider}), database ${database}, workgroup ${workgroup}\n${ctx.ui.dim(HELP)}\n`);
    try {
      for (;;) {
        const sql = await reader.read({ keepOnInterrupt: true });
        if (sql === undefined) break;
        if (!sql.trim()) continue;
        if (/^\\x$/.test(sql)) {
          expanded = !expanded;
          ctx.io.stderr.write(`Expanded display is ${expanded ? 'on' : 'off (automatic when rows do not fit)'}.\n`);
          continue;
        }
        if (sql.startsWith('\\')) {
          ctx.io.stderr.write(`${HELP}\n`);
          continue;
        }
        const cancel = new AbortController();
        reader.onInterrupt(() => cancel.abort());
        try {
          await one(sql, cancel.signal);
        } catch (e) {
          // A failed query is reported and the shell goes on, as psql does.
          if (!(e instanceof LakehouseError)) throw e;
          reportError(ctx.io, e, { red: ctx.ui.red, dim: ctx.ui.dim, debug: a.debug });
        } finally {
          reader.onInterrupt(undefined);
        }
      }
    } finally {
      reader.close();
    }
    ctx.io.stderr.write('\n');
    return ExitCode.ok;
  } finally {
    await clients.close();
  }
}

const sql: CommandDef = {
  command: 'sql',
  describe: 'Interactive SQL shell over the lake (history, multi-line statements, Ctrl-C cancels a query)',
  builder,
  examples: [
    ['$0 sql', 'Type statements ending with ;'],
    ['$0 sql < report.sql', 'Run the statements of a file, stop at the first failure'],
  ],
  run,
};
export default sql;
