// The durable record log of a DirectPut delivery stream (PutRecord/PutRecordBatch): an append-only file of
// JSON lines under <dataDir>/firehose/direct/, kept in memory too. It serves the engine as a one-shard source.
// A put is acknowledged only after its lines are fsynced (as a Kinesis put is durable before its 200), and
// once the engine's checkpoint has passed a prefix of the log that prefix is cut away (the file rewritten
// atomically, starting with a `{"b": base}` line so record ids keep counting from where they were).
import fs from 'node:fs';
import path from 'node:path';
import type { StoredRecord } from '../../types.js';
import type { DeliverySource } from './source.js';
import { within } from '../../store/paths.js';

export const DIRECT_PUT_SHARD = 'shardId-000000000000';
const SEQ_DIGITS = 20;
/** Rewrite the file only when this many delivered records can go (and they are at least half the log). */
const TRIM_AT = 10_000;

export class DirectPutLog implements DeliverySource {
  private records: StoredRecord[] = [];
  /** Sequence number of the record before records[0] (0 when nothing was ever trimmed). */
  private base = 0n;
  private readonly file: string;
  private fd?: number;

  constructor(dataDir: string, deliveryStream: string) {
    this.file = within(path.join(dataDir, 'firehose', 'direct'), `${deliveryStream}.jsonl`);
    let text = '';
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      // no log yet
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const r = JSON.parse(line) as { s: string; t: number; d: string } | { b: string };
        if ('b' in r) this.base = BigInt(r.b);
        else this.records.push({ sequenceNumber: r.s, partitionKey: '', data: Buffer.from(r.d, 'base64'), arrival: r.t });
      } catch {
        break; // a torn last line from a crash: the put was never acknowledged
      }
    }
  }

  /** Append records durably (written and fsynced before this returns); returns their record ids. */
  append(datas: Buffer[], arrival: number): string[] {
    let next = this.base + BigInt(this.records.length) + 1n;
    const added: StoredRecord[] = datas.map((data) => ({
      sequenceNumber: (next++).toString().padStart(SEQ_DIGITS, '0'),
      partitionKey: '',
      data,
      arrival,
    }));
    if (this.fd === undefined) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.fd = fs.openSync(this.file, 'a');
    }
    fs.writeSync(this.fd, added.map((r) => JSON.stringify({ s: r.sequenceNumber, t: r.arrival, d: r.data.toString('base64') })).join('\n') + '\n');
    fs.fsyncSync(this.fd);
    this.records.push(...added);
    return added.map((r) => r.sequenceNumber);
  }

  shardIds(): string[] {
    return [DIRECT_PUT_SHARD];
  }

  read(_shard: string, after: string | undefined, limit: number): StoredRecord[] {
    // Sequence numbers are dense (base+1, base+2, ...): the index is the number less the base.
    const start = after === undefined ? 0 : Math.max(0, Number(BigInt(after) - this.base));
    return this.records.slice(start, start + limit);
  }

  /** Records up to `delivered` are in S3: drop them from memory and the file once enough have gathered. */
  trim(_shard: string, delivered: string): void {
    const n = Number(BigInt(delivered) - this.base);
    if (n < TRIM_AT || n < this.records.length / 2) return;
    const keep = this.records.slice(n);
    const tmp = `${this.file}.${process.pid}.tmp`;
    const lines = [JSON.stringify({ b: delivered }), ...keep.map((r) => JSON.stringify({ s: r.sequenceNumber, t: r.arrival, d: r.data.toString('base64') }))];
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, lines.join('\n') + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.closeFd();
    fs.renameSync(tmp, this.file);
    this.records = keep;
    this.base = BigInt(delivered);
  }

  /** How many records the log holds (delivered ones not yet trimmed included). */
  get size(): number {
    return this.records.length;
  }

  close(): void {
    this.closeFd();
  }

  remove(): void {
    this.closeFd();
    fs.rmSync(this.file, { force: true });
  }

  private closeFd(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
