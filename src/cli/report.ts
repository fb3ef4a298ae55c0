// How failures reach the user: spec problems one per line, other errors with their hint, stack traces
// only with --debug, and the exit code each kind of failure documents (src/errors.ts).
import { ExitCode, LakehouseError, SpecError } from '../errors.js';
import type { Io } from './command.js';

export interface ReportStyle {
  red(s: string): string;
  dim(s: string): string;
  debug: boolean;
}

export function reportError(io: Io, err: unknown, style: ReportStyle): number {
  const out = (s: string) => void io.stderr.write(`${s}\n`);
  if (err instanceof SpecError) {
    for (const p of err.problems) out(`${style.red(`${p.file}:${p.line}:${p.col}`)} ${p.message}`);
    const files = [...new Set(err.problems.map((p) => p.file))].join(', ');
    const n = err.problems.length;
    out(style.dim(`${n} problem${n === 1 ? '' : 's'} in ${files}`));
  } else if (err instanceof LakehouseError) {
    out(`${style.red('error:')} ${err.message}`);
    if (err.hint) out(style.dim(`hint: ${err.hint}`));
  } else {
    const msg = err instanceof Error ? err.message : String(err);
    out(`${style.red('internal error:')} ${msg}`);
    if (!style.debug) out(style.dim('this is a bug in lakehouse; run again with --debug for the stack trace and report it'));
  }
  if (style.debug && err instanceof Error && err.stack) out(style.dim(err.stack));
  return err instanceof LakehouseError ? err.exitCode : ExitCode.internal;
}
