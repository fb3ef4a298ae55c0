// One query, shown: the renderer for the output format (table, expanded when rows do not fit or with -x,
// csv, json, jsonl), a spinner on a terminal while it runs, the footer on stderr, and FAILED/CANCELLED as
// errors with Athena's reason. Shared by `query` and the `sql` shell.
import type { AthenaClient } from '@aws-sdk/client-athena';
import { ExitCode } from '../errors.js';
import type { Pipeline } from '../config/types.js';
import type { CommandContext } from './command.js';

export interface QueryOneOptions {
  sql: string;
  workgroup: string;
  database: string;
  output: 'table' | 'csv' | 'json' | 'jsonl';
  expanded: boolean;
  maxRows?: number;
  footer: boolean;
  signal: AbortSignal;
}

/** Runs and prints; returns 0 or 130 (Ctrl-C), throws the failure of a FAILED/CANCELLED query. */
export async function queryOne(ctx: CommandContext, pipeline: Pipeline, athena: AthenaClient, o: QueryOneOptions): Promise<number> {
  const { runQuery } = await import('../query/run.js');
  const { rendererFor } = await import('../query/render/index.js');
  const { footerJson, footerText } = await import('../query/footer.js');
  const { failedError, cancelledError } = await import('../query/failure.js');
  const { OutputClosed, streamWriter } = await import('../query/output.js');
  const { querySpinner } = await import('../query/spinner.js');

  const machine = o.output === 'json' || o.output === 'jsonl';
  const columns = (ctx.io.stdout as { columns?: number }).columns;
  const renderer = rendererFor(o.output, {
    maxWidth: ctx.io.isTTY ? (columns ?? 120) : undefined,
    maxColumnWidth: ctx.io.isTTY ? 50 : undefined,
    expanded: o.expanded ? 'always' : 'auto',
    style: { bold: (s) => ctx.ui.bold(s), dim: (s) => ctx.ui.dim(s) },
  });
  const stderrTTY = (ctx.io.stderr as { isTTY?: boolean }).isTTY === true;
  const spinner = querySpinner(ctx.io.stderr, stderrTTY, (s) => ctx.ui.dim(s));
  const write = streamWriter(ctx.io.stdout);
  try {
    const { stats, interrupted } = await runQuery({
      athena,
      // The pipeline's results location, client-side: a workgroup that enforces its own wins over it.
      target: { sql: o.sql, workgroup: o.workgroup, database: o.database, outputLocation: pipeline.athena.outputLocation },
      renderer,
      write: (chunk) => {
        if (chunk) spinner.stop();
        return write(chunk);
      },
      maxRows: o.maxRows,
      signal: o.signal,
      onProgress: (p) => spinner.update(p),
    });
    spinner.stop();
    if (interrupted) {
      ctx.io.stderr.write(stats.queryId ? `Interrupted: stopped query ${stats.queryId}.\n` : 'Interrupted before the query started.\n');
      return ExitCode.interrupted;
    }
    if (o.footer) ctx.io.stderr.write((machine ? footerJson(stats) : ctx.ui.dim(footerText(stats))) + '\n');
    if (stats.state === 'FAILED') {
      const t = pipeline.table;
      const cols = [...pipeline.fields.map((f) => f.name), ...t.partitions.map((p) => p.name)];
      throw failedError(stats, o.sql, { database: t.database, table: t.name, columns: cols });
    }
    if (stats.state === 'CANCELLED') {
      throw cancelledError(stats, {
        scanLimitBytes: o.workgroup === pipeline.athena.workgroup ? pipeline.athena.scanLimitBytes : undefined,
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
    spinner.stop();
  }
}
