// `produce --from events.jsonl`: send a file's records instead of generated ones. Every line is one JSON
// object whose keys are the spec's fields; each value is checked against its field's Glue type before
// anything is sent (a file with problems sends nothing), then re-serialized in the generator's canonical
// form (timestamps as ISO-8601 with Z, dates yyyy-MM-dd) so Firehose converts it like generated records.
// For an Iceberg table with unique keys the operation key (table.operation_field: insert|update|delete) may
// come too, and a number for a timestamp is epoch microseconds, as `produce --dry-run [--changes]` prints
// them: its output replays as it is.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Field } from '../config/types.js';
import { UsageError } from '../errors.js';
import { BatchPacker } from './batch.js';
import { codecFor, EPOCH_MICROS_TYPE } from './coerce.js';
import type { GeneratedRecord, RecordGenerator } from './generator.js';
import { MAX_PARTITION_KEY_CHARS } from './limits.js';
import type { BatchSource } from './source.js';

const MAX_PROBLEMS = 20;
const INT: Record<string, [number, number]> = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
  integer: [-2147483648, 2147483647],
  bigint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const OPERATIONS = ['insert', 'update', 'delete'];

/** What the file may hold besides the fields: the operation key, and how numbers for timestamps read. */
export interface FileOptions {
  /** table.operation_field of an Iceberg table with unique keys. */
  operationField?: string;
  /** Iceberg: a number for a timestamp is epoch microseconds (the wire form), not milliseconds. */
  epochMicros?: boolean;
}

/** Why `v` does not fit a column of Glue type `type`, or undefined when it does (null always fits). */
export function typeProblem(type: string, v: unknown, epochMicros = false): string | undefined {
  if (v === null) return undefined;
  const t = type.trim().toLowerCase();
  const got = `got ${JSON.stringify(v)?.slice(0, 60)}`;
  if (t === 'string' || t.startsWith('varchar') || t.startsWith('char')) return typeof v === 'string' ? undefined : `expected a string, ${got}`;
  if (t in INT) {
    const [min, max] = INT[t]!;
    if (typeof v !== 'number' || !Number.isInteger(v)) return `expected an integer (${t}), ${got}`;
    return v < min || v > max ? `${v} does not fit ${t} (${min}..${max})` : undefined;
  }
  if (t === 'double' || t === 'float' || t.startsWith('decimal')) return typeof v === 'number' ? undefined : `expected a number (${t}), ${got}`;
  if (t === 'boolean') return typeof v === 'boolean' ? undefined : `expected true or false, ${got}`;
  if (t === 'timestamp') {
    const ok = (typeof v === 'string' && !Number.isNaN(Date.parse(v))) || (typeof v === 'number' && Number.isFinite(v));
    return ok ? undefined : `expected an ISO-8601 timestamp or epoch ${epochMicros ? 'microseconds' : 'milliseconds'}, ${got}`;
  }
  if (t === 'date') return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? undefined : `expected a date yyyy-MM-dd, ${got}`;
  if (t.startsWith('array')) return Array.isArray(v) ? undefined : `expected an array (${t}), ${got}`;
  if (t.startsWith('struct') || t.startsWith('map')) return typeof v === 'object' && !Array.isArray(v) ? undefined : `expected an object (${t}), ${got}`;
  return undefined;
}

/** Read and check every line; throws a UsageError listing the problems (file:line) when there are any. */
export function readRecordsFile(file: string, cwd: string, fields: Field[], opts: FileOptions = {}): Array<Record<string, unknown>> {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --from ${file}: ${(e as Error).message}`);
  }
  const byName = new Map(fields.map((f) => [f.name, f]));
  const problems: string[] = [];
  const records: Array<Record<string, unknown>> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && problems.length < MAX_PROBLEMS; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const at = `${file}:${i + 1}`;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      problems.push(`${at}: not JSON (${(e as Error).message})`);
      continue;
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      problems.push(`${at}: expected one JSON object per line`);
      continue;
    }
    for (const [k, v] of Object.entries(rec)) {
      const f = byName.get(k);
      if (k === opts.operationField && !f) {
        if (!OPERATIONS.includes(v as string)) problems.push(`${at}: operation "${k}" must be one of ${OPERATIONS.join(', ')}, got ${JSON.stringify(v)?.slice(0, 60)}`);
      } else if (!f) problems.push(`${at}: "${k}" is not a field of the spec (fields: ${fields.map((x) => x.name).join(', ')})`);
      else {
        const why = typeProblem(f.type, v, opts.epochMicros);
        if (why) problems.push(`${at}: field "${k}" (${f.type}): ${why}`);
      }
    }
    records.push(rec as Record<string, unknown>);
  }
  if (problems.length) {
    const more = problems.length >= MAX_PROBLEMS ? '\n(stopped after the first 20 problems)' : '';
    throw new UsageError(`--from ${file} has records that do not match the spec's fields; nothing was sent:\n${problems.join('\n')}${more}`);
  }
  if (records.length === 0) throw new UsageError(`--from ${file} holds no records`);
  return records;
}

/** The records as the generator would write them: the spec's field order, its JSON for each type. */
export function recordsGenerator(records: Array<Record<string, unknown>>, fields: Field[], partitionKey?: string, opts: FileOptions = {}): RecordGenerator {
  const codecs = fields.map((f, i) => codecFor(f.type, `fields[${i}] (${f.name})`));
  // A number for an Iceberg timestamp already is epoch microseconds: sent as it is, not scaled.
  const json = (i: number, v: unknown) =>
    opts.epochMicros && fields[i]!.type === EPOCH_MICROS_TYPE && typeof v === 'number' ? String(Math.trunc(v)) : codecs[i]!.json(codecs[i]!.coerce(v));
  let index = 0;
  return {
    get generated() {
      return index;
    },
    next(): GeneratedRecord {
      const rec = records[index++] ?? {};
      let data = '';
      fields.forEach((f, i) => {
        if (!(f.name in rec)) return;
        data += `${data ? ',' : '{'}${JSON.stringify(f.name)}:${json(i, rec[f.name])}`;
      });
      // The operation last, as --changes writes it (Firehose routes by it; it is not a column).
      const op = opts.operationField;
      if (op && !fields.some((f) => f.name === op) && typeof rec[op] === 'string') data += `${data ? ',' : '{'}${JSON.stringify(op)}:${JSON.stringify(rec[op])}`;
      data = (data || '{') + '}\n';
      const key = partitionKey !== undefined && rec[partitionKey] != null ? String(rec[partitionKey]) : randomUUID();
      return { data, partitionKey: key.slice(0, MAX_PARTITION_KEY_CHARS) || '_' };
    },
  };
}

/** A batch source over given records (the `records` option of produce). */
export function recordsSource(gen: RecordGenerator, total: number, batchRecords: number): BatchSource {
  const packer = new BatchPacker(gen, total);
  return { kind: 'inline', next: async () => packer.next(batchRecords), close: async () => {} };
}
