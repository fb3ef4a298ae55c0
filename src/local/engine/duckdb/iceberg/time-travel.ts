// `FOR VERSION AS OF` / `FOR TIMESTAMP AS OF` on an Iceberg table: the pointer (already evaluated by DuckDB as a
// constant) checked as Trino's analyzer checks it, then resolved to a snapshot as Trino's Iceberg connector does
// (IcebergMetadata.getSnapshotIdFromVersion): a bigint is a snapshot id that must exist, a varchar names a
// branch or tag, a timestamp/date picks the last snapshot-log entry at or before it. Errors carry Trino's words.
import type { TableMetadata } from '../../../../iceberg/types.js';
import { duckToTrino } from '../types.js';

export interface Pointer {
  kind: 'VERSION' | 'TIMESTAMP';
  /** DuckDB's typeof() of the pointer expression ('"NULL"' for a bare NULL). */
  duckType: string;
  /** The value as DuckDB text, null when it is NULL. */
  text: string | null;
  /** TIMESTAMP pointers: the instant in epoch milliseconds. */
  millis?: number;
  /** The pointer's Trino source text (a string literal's length types it varchar(n)). */
  source: string;
}

/** A refusal: `positioned` errors come from Trino's analyzer (line:col of the FOR), the others from the connector. */
export class PointerError extends Error {
  constructor(readonly code: string, message: string, readonly positioned: boolean) {
    super(message);
  }
}

const INTEGERS = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT']);
const TEMPORAL = new Set(['DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS']);

function trinoType(p: Pointer): string {
  const lit = /^\s*'((?:[^']|'')*)'\s*$/.exec(p.source);
  if (p.duckType === 'VARCHAR') return lit ? `varchar(${[...lit[1]!.replace(/''/g, "'")].length})` : 'varchar';
  return duckToTrino(p.duckType);
}

/** Trino's text of a temporal pointer value in the "is not in the past" message. */
function pointerText(p: Pointer): string {
  if (p.duckType === 'TIMESTAMP WITH TIME ZONE') return `${p.text!.replace(/\+00(:00)?$/, '')} UTC`;
  return p.text!;
}

/** Analyzer checks (Trino's StatementAnalyzer), in its order: a NULL-typed pointer, the type, a NULL value, the future. */
export function checkPointer(p: Pointer, now: number): void {
  if (p.duckType === '"NULL"') throw new PointerError('INVALID_ARGUMENTS', 'Pointer value cannot be NULL', true);
  if (p.kind === 'TIMESTAMP' && !TEMPORAL.has(p.duckType)) {
    throw new PointerError('TYPE_MISMATCH', `Type ${trinoType(p)} invalid. Temporal pointers must be of type Timestamp, Timestamp with Time Zone, or Date.`, true);
  }
  if (p.text === null) throw new PointerError('INVALID_ARGUMENTS', 'Pointer value cannot be NULL', true);
  if (p.kind === 'TIMESTAMP' && p.millis! >= now) throw new PointerError('INVALID_ARGUMENTS', `Pointer value '${pointerText(p)}' is not in the past`, true);
}

/** Java's Instant.toString (ISO_INSTANT): milliseconds only when not zero. */
const instantText = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The snapshot id the pointer selects (connector rules). `label` is Trino's table name: schema."table". */
export function snapshotForPointer(m: TableMetadata, p: Pointer, label: string): number {
  if (p.kind === 'TIMESTAMP') {
    let best: { 'timestamp-ms': number; 'snapshot-id': number } | undefined;
    for (const e of m['snapshot-log'] ?? []) if (e['timestamp-ms'] <= p.millis! && (!best || e['timestamp-ms'] >= best['timestamp-ms'])) best = e;
    if (!best) throw new PointerError('INVALID_ARGUMENTS', `No version history table ${label} at or before ${instantText(p.millis!)}`, false);
    return best['snapshot-id'];
  }
  let id: string;
  if (INTEGERS.has(p.duckType)) id = p.text!;
  else if (p.duckType === 'VARCHAR') {
    const ref = m.refs?.[p.text!] ?? (p.text === 'main' && m['current-snapshot-id'] !== -1 ? { 'snapshot-id': m['current-snapshot-id'] } : undefined);
    if (!ref) throw new PointerError('INVALID_ARGUMENTS', `Cannot find snapshot with reference name: ${p.text}`, false);
    id = String(ref['snapshot-id']);
  } else throw new PointerError('NOT_SUPPORTED', `Unsupported type for table version: ${trinoType(p)}`, false);
  // Compared as text: a 19-digit id a user types is not a safe JS number.
  const snap = m.snapshots.find((s) => String(s['snapshot-id']) === id);
  if (!snap) throw new PointerError('INVALID_ARGUMENTS', `Iceberg snapshot ID does not exists: ${id}`, false);
  return snap['snapshot-id'];
}
