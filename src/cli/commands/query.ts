// `lakehouse query [sql]`: run SQL in the pipeline's Athena workgroup and database, show the rows.
import type { Argv } from 'yargs';
import { ExitCode, UsageError } from '../../errors.js';
import type { CommandContext, CommandDef } from '../command.js';

const EPILOG = `Output (global --output): table on a terminal (numbers right-aligned, long values cut with …, row count);
csv is RFC 4180 with a header row (NULL is an empty field, an empty string is ""); json is one array of
objects with typed values (numbers, booleans, null; a bigint beyond 2^53 or a decimal over 15 digits stays a string);
--jsonl writes JSON Lines (one object per line) instead.

After the rows, a footer goes to stderr: query id, state, data scanned, engine time, results location.
With json/jsonl output it is one JSON object on one line, for scripts:
  {"queryId","state","workgroup","database","dataScannedBytes","engineExecutionTimeMs",
   "totalExecutionTimeMs","outputLocation","rows","truncated"[,"stateChangeReason"]}

Exit codes: 0 ok; 6 the query FAILED (Athena's reason and the SQL position are shown) or was CANCELLED
(e.g. over athena.scan_limit_mb); 130 Ctrl-C (the running query is stopped first).`;

function builder(y: Argv): Argv {
  return y
    .positional('sql', { type: 'string', describe: 'SQL to run; `-` reads it from stdin. Default: SELECT * FROM <table> LIMIT 10' })
    .option('file', { alias: 'f', type: 'string', requiresArg: true, describe: 'Read the SQL from a file (`-` for stdin)' })
    .option('max-rows', { type: 'number', requiresArg: true, describe: 'Stop after this many rows (default: all)' })
    .option('database', { type: 'string', requiresArg: true, describe: "Glue database to run in (default: the spec's table.database)" })
    .option('workgroup', { type: 'string', requiresArg: true, describe: "Athena workgroup (default: the spec's athena.workgroup)" })
    .option('jsonl', { type: 'boolean', default: false, describe: 'JSON Lines: one object per row (implies JSON)' })
    .option('footer', { type: 'boolean', default: true, describe: 'Print the stats footer on stderr (--no-footer to hide)' })
    .epilog(EPILOG) as Argv;
}

function maxRowsArg(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new UsageError(`--max-rows must be a whole number ≥ 1 (got ${String(v)})`);
  }
  return v;
}

async function run(ctx: CommandContext): Promise<number> {
  const a = ctx.args;
  const maxRows = maxRowsArg(a['max-rows'] ?? a.maxRows);
  // Heavy modules load only when the command runs, so `--help` stays fast.
  const { resolveSql } = await import('../../query/sql-source.js');
  const { runQuery } = await import('../../query/run.js');
  const { rendererFor } = await import('../../query/render/index.js');
  const { footerJson, footerText } = await import('../../query/footer.js');
  const { failedError, cancelledError } = await import('../../query/failure.js');
  const { OutputClosed, streamWriter } = await import('../../query/output.js');

  const pipeline = await ctx.loadPipeline();
  const sql = await resolveSql({
    sql: a.sql as string | undefined,
    file: a.file as string | undefined,
    stdin: ctx.io.stdin,
    cwd: ctx.io.cwd,
    table: pipeline.table.name,
  });
  const workgroup = (a.workgroup as string | undefined) ?? pipeline.athena.workgroup;
  const database = (a.database as string | undefined) ?? pipeline.table.database;
  const output = a.jsonl ? 'jsonl' : a.output;
  const machine = output === 'json' || output === 'jsonl';
  const columns = (ctx.io.stdout as { columns?: number }).columns;
  const renderer = rendererFor(output, {
    maxWidth: ctx.io.isTTY ? (columns ?? 120) : undefined,
    maxColumnWidth: ctx.io.isTTY ? 50 : undefined,
    style: { bold: (s) => ctx.ui.bold(s), dim: (s) => ctx.ui.dim(s) },
  });

  const clients = await ctx.openClients(pipeline);
  try {
    const { stats, interrupted } = await runQuery({
      athena: clients.athena,
      target: {
        sql,
        workgroup,
        database,
        // The pipeline's results location, client-side: a workgroup that enforces its own wins over it.
        outputLocation: pipeline.athena.outputLocation,
      },
      renderer,
      write: streamWriter(ctx.io.stdout),
      maxRows,
      signal: ctx.signal,
    });
    if (interrupted) {
      ctx.io.stderr.write(stats.queryId ? `Interrupted: stopped query ${stats.queryId}.\n` : 'Interrupted before the query started.\n');
      return ExitCode.interrupted;
    }
    if (a.footer !== false) ctx.io.stderr.write((machine ? footerJson(stats) : ctx.ui.dim(footerText(stats))) + '\n');
    if (stats.state === 'FAILED') {
      const t = pipeline.table;
      const columns = [...pipeline.fields.map((f) => f.name), ...t.partitions.map((p) => p.name)];
      throw failedError(stats, sql, { database: t.database, table: t.name, columns });
    }
    if (stats.state === 'CANCELLED') {
      throw cancelledError(stats, {
        scanLimitBytes: workgroup === pipeline.athena.workgroup ? pipeline.athena.scanLimitBytes : undefined,
        specFile: pipeline.sourceFile,
        partitions: pipeline.table.partitions.map((p) => p.name),
      });
    }
    return ExitCode.ok;
  } catch (e) {
    // The reader closed the pipe (`| head`): it has what it wanted.
    if (e instanceof OutputClosed) return ExitCode.ok;
    throw e;
  } finally {
    await clients.close();
  }
}

export const queryCommand: CommandDef = {
  command: 'query [sql]',
  describe: "Run SQL over the lake in the pipeline's Athena workgroup and print the rows",
  builder,
  examples: [
    ['$0 query', 'First look: SELECT * FROM <table> LIMIT 10'],
    ['$0 query "SELECT status, count(*) AS n FROM events GROUP BY status"', 'Aggregate'],
    ['$0 query -f report.sql --output csv > report.csv', 'SQL from a file, CSV out'],
    ['echo "SELECT 1" | $0 query - --output json --jsonl', 'SQL from stdin, JSON Lines out'],
  ],
  run,
};

export default queryCommand;
