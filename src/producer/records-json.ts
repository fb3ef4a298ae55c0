// PutRecords' JSON `Records` array for a packed batch, written by the packer (on the generator's worker
// thread when there is one) so the sending thread skips the SDK's serializer; see wire.ts.
import type { PackedBatch } from './batch.js';

/** Characters a JSON string must escape. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

/** UTF-8 of the JSON array `[{"Data":"<base64>","PartitionKey":"…"},…]` for a packed batch. */
export function recordsJson(b: PackedBatch): Buffer {
  const bytes = Buffer.isBuffer(b.bytes) ? b.bytes : Buffer.from(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength);
  let out = '[';
  let start = 0;
  for (let i = 0; i < b.keys.length; i++) {
    const end = b.ends[i]!;
    out += (i === 0 ? '{"Data":"' : ',{"Data":"') + bytes.toString('base64', start, end) + '","PartitionKey":' + jsonString(b.keys[i]!) + '}';
    start = end;
  }
  return Buffer.from(out + ']', 'utf8');
}

/** The same array for loose entries (records re-sent from the retry queue, gathered from many batches). */
export function entriesJson(records: Array<{ Data: Uint8Array; PartitionKey: string }>): Buffer {
  let out = '[';
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const data = Buffer.from(r.Data.buffer, r.Data.byteOffset, r.Data.byteLength).toString('base64');
    out += (i === 0 ? '{"Data":"' : ',{"Data":"') + data + '","PartitionKey":' + jsonString(r.PartitionKey) + '}';
  }
  return Buffer.from(out + ']', 'utf8');
}
