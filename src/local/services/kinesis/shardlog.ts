// One shard's records: an append-only file of frames, written with writeSync before PutRecord(s)
// answers, so a killed process loses nothing it acknowledged. Frame (little endian):
//   u32 bodyLength, u32 crc32(body), body = f64 counter, f64 arrivalMs, u16 keyLength, key (utf8), data.
// Memory holds only an index (counter, arrival, file offset per record); reads go to the file
// (the OS page cache keeps recent records hot). A torn or corrupt tail is cut off on open.
import * as fs from 'node:fs';
import { crc32 } from 'node:zlib';
import { asDiskFull } from '../../store/disk-full.js';


/** Builds one record from a frame: counter, arrival ms, the frames' buffer and the key/data bounds in it. */
export type FrameReader<T> = (counter: number, arrival: number, buf: Buffer, keyStart: number, dataStart: number, dataEnd: number) => T;
export const HEADER = 8;
const FIXED = 18;
/** Rewrite the file without expired records once they take this much space (and half the file). */
const COMPACT_BYTES = 64 * 1024 * 1024;

export interface LogRecord {
  counter: number;
  arrival: number;
  key: string;
  data: Buffer;
}

export function frameSize(keyBytes: number, dataBytes: number): number {
  return HEADER + FIXED + keyBytes + dataBytes;
}

/** Writes a frame's fixed part and key at `off`; the caller has written the data after it. Returns data offset. */
export function writeFrameHead(buf: Buffer, off: number, counter: number, arrival: number, key: string, keyBytes: number): number {
  buf.writeDoubleLE(counter, off + HEADER);
  buf.writeDoubleLE(arrival, off + HEADER + 8);
  buf.writeUInt16LE(keyBytes, off + HEADER + 16);
  buf.write(key, off + HEADER + FIXED, keyBytes, 'utf8');
  return off + HEADER + FIXED + keyBytes;
}

/** Seals a frame once its body (fixed part, key, data) is in place. */
export function sealFrame(buf: Buffer, off: number, end: number): void {
  buf.writeUInt32LE(end - off - HEADER, off);
  buf.writeUInt32LE(crc32(buf.subarray(off + HEADER, end)), off + 4);
}

export class ShardLog {
  counters: number[] = [];
  arrivals: number[] = [];
  offsets: number[] = [];
  /** Index of the first record still kept (older ones are expired). */
  head = 0;
  size = 0;
  lastCounter = 0;
  private fd: number;

  private constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'a+');
  }

  static open(path: string): ShardLog {
    const log = new ShardLog(path);
    log.scan();
    return log;
  }

  get length(): number {
    return this.counters.length;
  }

  /** Rebuilds the index; truncates at the first incomplete or corrupt frame (a torn last write). */
  private scan(): void {
    const total = fs.fstatSync(this.fd).size;
    const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
    let pos = 0;
    let buf = Buffer.alloc(0);
    let bufStart = 0;
    for (;;) {
      const rel = pos - bufStart;
      if (buf.length - rel < HEADER || buf.length - rel < HEADER + buf.readUInt32LE(rel)) {
        if (bufStart + buf.length >= total) break;
        const n = fs.readSync(this.fd, chunk, 0, chunk.length, bufStart + buf.length);
        buf = Buffer.concat([buf.subarray(rel), chunk.subarray(0, n)]);
        bufStart = pos;
        continue;
      }
      const bodyLen = buf.readUInt32LE(rel);
      const body = buf.subarray(rel + HEADER, rel + HEADER + bodyLen);
      if (bodyLen < FIXED || crc32(body) !== buf.readUInt32LE(rel + 4)) break;
      this.counters.push(body.readDoubleLE(0));
      this.arrivals.push(body.readDoubleLE(8));
      this.offsets.push(pos);
      pos += HEADER + bodyLen;
    }
    if (pos < total) fs.ftruncateSync(this.fd, pos);
    this.size = pos;
    if (this.counters.length) this.lastCounter = this.counters[this.counters.length - 1]!;
  }

  /** Appends sealed frames (`buf`) whose records have these counters, arrivals and offsets within `buf`. */
  append(buf: Buffer, counters: number[], arrivals: number[], relOffsets: number[]): void {
    let written = 0;
    try {
      while (written < buf.length) written += fs.writeSync(this.fd, buf, written, buf.length - written);
    } catch (e) {
      // Never leave half a batch behind: nothing of it was acknowledged.
      try { fs.ftruncateSync(this.fd, this.size); } catch { /* the scan on open cuts it anyway */ }
      throw asDiskFull(e, this.path); // a full disk answers 503 naming it (store/disk-full.ts)
    }
    for (let i = 0; i < counters.length; i++) {
      this.counters.push(counters[i]!);
      this.arrivals.push(arrivals[i]!);
      this.offsets.push(this.size + relOffsets[i]!);
    }
    this.size += buf.length;
    this.lastCounter = counters[counters.length - 1]!;
  }

  /** First index (≥ head) whose counter is greater than `counter`. */
  indexAfter(counter: number): number {
    return this.search(this.counters, counter, true);
  }

  /** First index (≥ head) whose arrival is at or after `ms`. */
  indexAtTime(ms: number): number {
    return this.search(this.arrivals, ms, false);
  }

  private search(values: number[], target: number, strict: boolean): number {
    let lo = this.head;
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const v = values[mid]!;
      if (strict ? v <= target : v < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Records [from, from+limit) capped at `maxBytes` of frames (at least one record). */
  read(from: number, limit: number, maxBytes = Infinity): LogRecord[] {
    from = Math.max(from, this.head);
    let to = Math.min(this.length, from + limit);
    if (to <= from) return [];
    const start = this.offsets[from]!;
    while (to > from + 1 && this.frameEnd(to) - start > maxBytes) to--;
    return this.decode(from, to, (counter, arrival, buf, keyStart, dataStart, dataEnd) => ({
      counter,
      arrival,
      key: buf.toString('utf8', keyStart, dataStart),
      data: buf.subarray(dataStart, dataEnd),
    }));
  }

  /** Records [from, from+limit) built by `make` straight from the frame bytes (`buf` holds the frames; the
   * key is buf[keyStart, dataStart), the data buf[dataStart, dataEnd)): no key string unless `make` wants it. */
  readWith<T>(from: number, limit: number, make: FrameReader<T>): T[] {
    from = Math.max(from, this.head);
    const to = Math.min(this.length, from + limit);
    return to <= from ? [] : this.decode(from, to, make);
  }

  /** Where frame `i` ends on disk (the next frame's offset, or the file size for the last). */
  private frameEnd(i: number): number {
    return i < this.length ? this.offsets[i]! : this.size;
  }

  /** One read of frames [from, to), each handed to `make`. */
  private decode<T>(from: number, to: number, make: FrameReader<T>): T[] {
    const start = this.offsets[from]!;
    const buf = Buffer.allocUnsafe(this.frameEnd(to) - start);
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(this.fd, buf, got, buf.length - got, start + got);
      if (n === 0) throw new Error(`short read in ${this.path}`);
      got += n;
    }
    const out: T[] = new Array(to - from);
    let off = 0;
    for (let i = 0; i < out.length; i++) {
      const bodyLen = buf.readUInt32LE(off);
      const b = off + HEADER;
      const keyStart = b + FIXED;
      out[i] = make(buf.readDoubleLE(b), buf.readDoubleLE(b + 8), buf, keyStart, keyStart + buf.readUInt16LE(b + 16), b + bodyLen);
      off = b + bodyLen;
    }
    return out;
  }

  /** Forgets records that arrived before `cutoffMs`; compacts the file when they take real space. */
  expireBefore(cutoffMs: number): void {
    this.head = this.indexAtTime(cutoffMs);
    const dead = this.head < this.length ? this.offsets[this.head]! : this.size;
    if (dead >= COMPACT_BYTES && dead * 2 >= this.size) this.compact();
  }

  /** Rewrites the file without the expired records (tmp file + rename, so a crash keeps one or the other). */
  compact(): void {
    if (this.head === 0) return;
    const from = this.head < this.length ? this.offsets[this.head]! : this.size;
    const tmp = this.path + '.tmp';
    const out = fs.openSync(tmp, 'w');
    const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
    for (let pos = from; pos < this.size; ) {
      const n = fs.readSync(this.fd, chunk, 0, Math.min(chunk.length, this.size - pos), pos);
      fs.writeSync(out, chunk, 0, n);
      pos += n;
    }
    fs.closeSync(out);
    fs.renameSync(tmp, this.path);
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.path, 'a+');
    this.counters = this.counters.slice(this.head);
    this.arrivals = this.arrivals.slice(this.head);
    this.offsets = this.offsets.slice(this.head).map((o) => o - from);
    this.size -= from;
    this.head = 0;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
