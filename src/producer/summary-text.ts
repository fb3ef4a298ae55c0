// The final summary as text (JSON output is the ProduceSummary object itself).
import { formatDuration } from './duration.js';
import { int, megabytes } from './format.js';
import type { ProduceSummary } from './stats.js';

export interface Styles {
  bold(s: string): string;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

export function summaryText(s: ProduceSummary, st: Styles): string {
  const lines: string[] = [];
  const head = s.interrupted ? 'Stopped after' : 'Produced';
  lines.push(
    `${st.bold(head)} ${int(s.accepted)} records to ${s.stream} in ${formatDuration(s.elapsedMs)} ` +
      `(${s.elapsedMs} ms): ${int(s.recordsPerSecond)} rec/s, ${s.megabytesPerSecond} MB/s`,
  );
  lines.push(`  accepted  ${st.green(int(s.accepted))} (${megabytes(s.bytes)}) in ${int(s.requests)} ${s.api ?? 'PutRecords'} calls`);
  const retried = `  retried   ${int(s.retried)}` + (s.throttled ? ` (${int(s.throttled)} throttling failures)` : '');
  lines.push(s.retried ? st.yellow(retried) : retried);
  const failed = `  failed    ${int(s.failed)}` + failedDetail(s.failedByCode);
  lines.push(s.failed ? st.red(failed) : failed);
  if (s.shards.length) {
    const width = Math.max(...s.shards.map((x) => int(x.records).length));
    lines.push('  per shard');
    for (const x of s.shards) {
      lines.push(`    ${x.shardId}  ${int(x.records).padStart(width)} records  ${int(x.recordsPerSecond)} rec/s`);
    }
  }
  return lines.join('\n') + '\n';
}

function failedDetail(byCode: Record<string, number>): string {
  const parts = Object.entries(byCode).map(([code, n]) => `${code}: ${int(n)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
