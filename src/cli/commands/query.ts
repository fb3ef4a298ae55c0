// `lakehouse query [sql]`: run SQL in the pipeline's Athena workgroup and database, show the rows.
import type { Argv } from 'yargs';
import { UsageError } from '../../errors.js';
import type { CommandContext, CommandDef } from '../command.js';

const EPILOG = `Output (global --output): table on a terminal (numbers right-aligned, long values cut with …, row count;
rows too wide for the terminal are shown expanded, one \`column | value\` block per row, as with -x);
csv is RFC 4180 quoting with LF line ends and a header row (NULL is an empty field, an empty string is ""); json is one array of
objects with typed values (numbers, booleans, null; a bigint beyond 2^53 or a decimal over 15 digits stays a string);
--jsonl writes JSON Lines (one object per line) instead.

On a terminal, a spinner on stderr shows the query's state, elapsed time and data scanned while it runs.
\`query -\` on a terminal prompts for the SQL (end it with ; or Ctrl-D); \`lakehouse sql\` is an interactive shell.

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
    .option('expanded', { alias: 'x', type: 'boolean', default: false, describe: 'One `column | value` block per row (automatic when rows do not fit the terminal)' })
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
  const output = a.jsonl ? 'jsonl' : a.output;
  if (a.expanded && output !== 'table') throw new UsageError(`-x/--expanded applies to table output, not ${output}`);
  // Heavy modules load only when the command runs, so `--help` stays fast.
  const { resolveSql } = await import('../../query/sql-source.js');
  const { queryOne } = await import('../query-one.js');

  const pipeline = await ctx.loadPipeline();
  const stdinTTY = (ctx.io.stdin as { isTTY?: boolean }).isTTY === true;
  const sql = await resolveSql({
    sql: a.sql as string | undefined,
    file: a.file as string | undefined,
    stdin: ctx.io.stdin,
    cwd: ctx.io.cwd,
    table: pipeline.table.name,
    prompt: stdinTTY ? ctx.io.stderr : undefined,
  });
  const clients = await ctx.openClients(pipeline);
  try {
    return await queryOne(ctx, pipeline, clients.athena, {
      sql,
      workgroup: (a.workgroup as string | undefined) ?? pipeline.athena.workgroup,
      database: (a.database as string | undefined) ?? pipeline.table.database,
      output,
      expanded: a.expanded === true,
      maxRows,
      footer: a.footer !== false,
      signal: ctx.signal,
    });
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
