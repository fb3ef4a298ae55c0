// The line after the results, on stderr so stdout stays pure data: which query, how it ended, what it
// scanned and cost in engine time, and where Athena keeps the results CSV. Machine-readable with --output json.
import type { QueryStats } from './types.js';

// Decimal units, as Athena bills and as the spec's athena.scan_limit_mb counts (1 MB = 1,000,000 bytes).
const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

export function humanBytes(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${v} B` : `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v)} ${UNITS[u]}`;
}

export function humanMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function footerText(s: QueryStats): string {
  const parts = [`query ${s.queryId}`, s.state];
  if (s.dataScannedBytes !== undefined) parts.push(`scanned ${humanBytes(s.dataScannedBytes)}`);
  if (s.engineTimeMs !== undefined) parts.push(`engine ${humanMs(s.engineTimeMs)}`);
  if (s.outputLocation) parts.push(`results ${s.outputLocation}`);
  return parts.join(' · ');
}

/** One JSON object on one line: the stats the json/jsonl output modes put on stderr. */
export function footerJson(s: QueryStats): string {
  return JSON.stringify({
    queryId: s.queryId,
    state: s.state,
    workgroup: s.workgroup ?? null,
    database: s.database ?? null,
    dataScannedBytes: s.dataScannedBytes ?? null,
    engineExecutionTimeMs: s.engineTimeMs ?? null,
    totalExecutionTimeMs: s.totalTimeMs ?? null,
    outputLocation: s.outputLocation ?? null,
    rows: s.rows ?? null,
    ...(s.updateCount !== undefined ? { updateCount: s.updateCount } : {}),
    truncated: s.truncated ?? false,
    ...(s.state === 'SUCCEEDED' ? {} : { stateChangeReason: s.stateChangeReason ?? null }),
  });
}
