// The durable record log of a DirectPut delivery stream (PutRecord/PutRecordBatch): an append-only file of
// JSON lines under <dataDir>/firehose/direct/, kept in memory too. It serves the engine as a one-shard source.
import fs from 'node:fs';
import path from 'node:path';
import type { StoredRecord } from '../../types.js';
import type { DeliverySource } from './source.js';

export const DIRECT_PUT_SHARD = 'shardId-000000000000';
const SEQ_DIGITS = 20;

export class DirectPutLog implements DeliverySource {
  private readonly records: StoredRecord[] = [];
  private readonly file: string;

  constructor(dataDir: string, deliveryStream: string) {
    this.file = path.join(dataDir, 'firehose', 'direct', `${deliveryStream}.jsonl`);
    let text = '';
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      // no log yet
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as { s: string; t: number; d: string };
        this.records.push({ sequenceNumber: r.s, partitionKey: '', data: Buffer.from(r.d, 'base64'), arrival: r.t });
      } catch {
        break; // a torn last line from a crash: the put was never acknowledged
      }
    }
  }

  /** Append records durably; returns their record ids (sequence numbers). */
  append(datas: Buffer[], arrival: number): string[] {
    let next = this.records.length ? BigInt(this.records[this.records.length - 1]!.sequenceNumber) + 1n : 1n;
    const added: StoredRecord[] = datas.map((data) => ({
      sequenceNumber: (next++).toString().padStart(SEQ_DIGITS, '0'),
      partitionKey: '',
      data,
      arrival,
    }));
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.appendFileSync(this.file, added.map((r) => JSON.stringify({ s: r.sequenceNumber, t: r.arrival, d: r.data.toString('base64') })).join('\n') + '\n');
    this.records.push(...added);
    return added.map((r) => r.sequenceNumber);
  }

  shardIds(): string[] {
    return [DIRECT_PUT_SHARD];
  }

  read(_shard: string, after: string | undefined, limit: number): StoredRecord[] {
    // Sequence numbers are dense (1, 2, 3...) and fixed-width: the index is the number itself.
    const start = after === undefined ? 0 : Number(after);
    return this.records.slice(start, start + limit);
  }

  remove(): void {
    fs.rmSync(this.file, { force: true });
  }
}
