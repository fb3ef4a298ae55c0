// Packing generated records into PutRecords-sized batches: ≤ 500 records, ≤ 5 MiB per request, each record
// (data + partition key) ≤ 1 MiB. A batch is one byte buffer plus end offsets, so it can cross a worker
// thread boundary as a transferable and each record's Data is a zero-copy view into it.
import type { RecordGenerator } from './generator.js';
import { recordsJson } from './records-json.js';
import { MAX_RECORD_BYTES, MAX_RECORDS_PER_REQUEST, MAX_REQUEST_BYTES } from './limits.js';

export interface PackedBatch {
  /** UTF-8 of every record's data, back to back. */
  bytes: Uint8Array;
  /** ends[i] = offset just after record i in `bytes`. */
  ends: Uint32Array;
  keys: string[];
  /** Records that could never be sent (data + key > 1 MiB); counted as not accepted. */
  oversized: number;
  /** The batch as PutRecords' JSON `Records` array, when serialized ahead (see wire.ts). */
  recordsJson?: Uint8Array;
}

export interface BatchRecord {
  Data: Uint8Array;
  PartitionKey: string;
}

export function batchSize(b: PackedBatch): number {
  return b.keys.length;
}

/** Views of a packed batch as PutRecords entries (no copies). */
export function toEntries(b: PackedBatch): BatchRecord[] {
  const out: BatchRecord[] = new Array(b.keys.length);
  let start = 0;
  for (let i = 0; i < b.keys.length; i++) {
    const end = b.ends[i]!;
    out[i] = { Data: b.bytes.subarray(start, end), PartitionKey: b.keys[i]! };
    start = end;
  }
  return out;
}

/** Pulls records from a generator into batches, carrying a record that did not fit into the next batch. */
export class BatchPacker {
  private carry: { data: string; key: string; size: number } | undefined;
  private produced = 0;

  /** @param total records to generate in all (Infinity for until-stopped). */
  constructor(
    private readonly gen: RecordGenerator,
    private readonly total: number,
  ) {}

  /** Records handed out so far (including oversized ones). */
  get taken(): number {
    return this.produced;
  }

  get done(): boolean {
    return this.produced >= this.total && this.carry === undefined;
  }

  /** The next batch of at most `maxRecords`, or undefined when `total` records were produced. */
  next(maxRecords: number = MAX_RECORDS_PER_REQUEST): PackedBatch | undefined {
    const limit = Math.max(1, Math.min(maxRecords, MAX_RECORDS_PER_REQUEST));
    const texts: string[] = [];
    const keys: string[] = [];
    const sizes: number[] = [];
    let requestBytes = 0;
    let oversized = 0;
    while (keys.length < limit) {
      let rec = this.carry;
      this.carry = undefined;
      if (!rec) {
        if (this.produced >= this.total) break;
        const r = this.gen.next();
        this.produced++;
        const dataBytes = Buffer.byteLength(r.data);
        rec = { data: r.data, key: r.partitionKey, size: dataBytes + Buffer.byteLength(r.partitionKey) };
        if (rec.size > MAX_RECORD_BYTES) {
          oversized++;
          continue;
        }
      }
      if (requestBytes + rec.size > MAX_REQUEST_BYTES) {
        this.carry = rec;
        break;
      }
      requestBytes += rec.size;
      texts.push(rec.data);
      keys.push(rec.key);
      sizes.push(rec.size - Buffer.byteLength(rec.key));
    }
    if (keys.length === 0 && oversized === 0) return undefined;
    const bytes = Buffer.from(texts.join(''));
    const ends = new Uint32Array(keys.length);
    let offset = 0;
    for (let i = 0; i < sizes.length; i++) {
      offset += sizes[i]!;
      ends[i] = offset;
    }
    const batch: PackedBatch = { bytes, ends, keys, oversized };
    if (keys.length) batch.recordsJson = recordsJson(batch);
    return batch;
  }
}
