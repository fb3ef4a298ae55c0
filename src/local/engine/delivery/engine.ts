// The Firehose delivery engine: for every ACTIVE delivery stream, reads each shard of its source from the
// durable checkpoint, buffers by size (SizeInMBs of input) and by interval measured from the arrival of the
// oldest buffered record, and delivers each shard's buffer as its own objects. All work runs one step at a
// time on a single queue, woken by appends, by timers and by waitDelivered.
import { AwsError, type FirehoseInternal, type StoredRecord } from '../../types.js';
import { Checkpoints } from './checkpoints.js';
import { deliverBatch, type BatchDeps } from './deliver-batch.js';
import { compareSequence, type DeliverySource } from './source.js';

export interface EngineStream {
  name: string;
  /** createdAt: records that arrived before it are not delivered (Firehose starts at LATEST). */
  incarnation: number;
  versionId: number;
  status: 'CREATING' | 'ACTIVE' | 'DELETING';
  /** When a CREATING stream becomes ACTIVE (ms, emulator clock). */
  activeAt: number;
  destination: any;
  source: DeliverySource;
}

export interface EngineHost {
  streams(): EngineStream[];
}

interface ShardRuntime {
  readPos?: string;
  buffer: StoredRecord[];
  bytes: number;
}

interface StreamRuntime {
  incarnation: number;
  checkpoints: Checkpoints;
  shards: Map<string, ShardRuntime>;
  delivered: number;
  failed: number;
  objects: number;
  lastError?: string;
}

const READ_LIMIT = 10_000;
const RETRY_MS = 1_000;

export class DeliveryEngine implements FirehoseInternal {
  private readonly runtimes = new Map<string, StreamRuntime>();
  private queue: Promise<unknown> = Promise.resolve();
  private kickTimer?: NodeJS.Timeout;
  private wakeTimer?: NodeJS.Timeout;
  private closed = false;
  private batches = 0;

  constructor(
    private readonly host: EngineHost,
    private readonly deps: BatchDeps,
  ) {}

  /** Something may have arrived: pump soon (coalesced, so a burst of appends costs one pass). */
  kick(delayMs = 10): void {
    if (this.closed || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = undefined;
      void this.enqueue(() => this.pumpAll(false)).catch(() => undefined);
    }, delayMs);
    this.kickTimer.unref();
  }

  stats(name: string): { delivered: number; failed: number; objects: number; lastError?: string } | undefined {
    const rt = this.runtimes.get(name);
    return rt && { delivered: rt.delivered, failed: rt.failed, objects: rt.objects, lastError: rt.lastError };
  }

  /** The delivery stream was deleted: forget its state and checkpoints. */
  async drop(name: string): Promise<void> {
    await this.enqueue(async () => {
      const rt = this.runtimes.get(name);
      rt?.checkpoints.remove();
      this.runtimes.delete(name);
    });
  }

  async waitDelivered(opts: { deliveryStream?: string; flush?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
    const pick = () => this.host.streams().filter((s) => s.status !== 'DELETING' && (!opts.deliveryStream || s.name === opts.deliveryStream));
    if (opts.deliveryStream && pick().length === 0) {
      throw new AwsError('ResourceNotFoundException', `Firehose ${opts.deliveryStream} not found.`);
    }
    // Targets: the last record of every shard at the time of the call.
    let targets: Map<string, Map<string, string | undefined>> | undefined;
    for (;;) {
      const done = await this.enqueue(async () => {
        const streams = pick();
        if (!targets && streams.every((s) => s.status === 'ACTIVE')) {
          targets = new Map();
          for (const s of streams) {
            await this.pump(s, false);
            const rt = this.runtime(s);
            targets.set(s.name, new Map([...rt.shards].map(([id, sh]) => [id, sh.readPos])));
          }
        }
        if (!targets) return false;
        for (const s of streams) if (targets.has(s.name)) await this.pump(s, !!opts.flush);
        return streams.every((s) => !targets!.has(s.name) || this.reached(s, targets!.get(s.name)!));
      });
      if (done) return;
      if (Date.now() >= deadline) {
        const errors = pick().map((s) => this.runtimes.get(s.name)?.lastError).filter(Boolean);
        throw new Error(`Timed out waiting for Firehose delivery${errors.length ? `: ${errors.join('; ')}` : ''}`);
      }
      await new Promise((r) => setTimeout(r, Math.min(100, Math.max(1, deadline - Date.now()))));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.kickTimer);
    clearTimeout(this.wakeTimer);
    await this.queue.catch(() => undefined);
    await this.deps.writer.close();
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private reached(s: EngineStream, targets: Map<string, string | undefined>): boolean {
    const rt = this.runtime(s);
    for (const [shardId, target] of targets) {
      if (target === undefined) continue;
      const sh = rt.shards.get(shardId);
      const cp = rt.checkpoints.get(shardId);
      if (!sh || sh.buffer.length > 0 || cp.pending) {
        if (!cp.delivered || compareSequence(cp.delivered, target) < 0) return false;
      }
    }
    return true;
  }

  private runtime(s: EngineStream): StreamRuntime {
    let rt = this.runtimes.get(s.name);
    if (!rt || rt.incarnation !== s.incarnation) {
      rt = {
        incarnation: s.incarnation,
        checkpoints: new Checkpoints(this.deps.dataDir, s.name, s.incarnation),
        shards: new Map(),
        delivered: 0,
        failed: 0,
        objects: 0,
      };
      this.runtimes.set(s.name, rt);
    }
    return rt;
  }

  private async pumpAll(force: boolean): Promise<void> {
    if (this.closed) return;
    for (const s of this.host.streams()) await this.pump(s, force);
    this.scheduleWake();
  }

  /** Read what is new on every shard of one stream and deliver the buffers that are due. */
  private async pump(s: EngineStream, force: boolean): Promise<void> {
    if (s.status !== 'ACTIVE' || this.closed) return;
    const rt = this.runtime(s);
    const sizeBytes = s.destination.BufferingHints.SizeInMBs * 1024 * 1024;
    const intervalMs = s.destination.BufferingHints.IntervalInSeconds * 1000;
    try {
      for (const shardId of s.source.shardIds()) {
        let sh = rt.shards.get(shardId);
        const cp = rt.checkpoints.get(shardId);
        if (!sh) {
          sh = { readPos: cp.delivered, buffer: [], bytes: 0 };
          rt.shards.set(shardId, sh);
        }
        if (cp.pending) await this.redo(s, rt, shardId, sh);
        for (;;) {
          const records = s.source.read(shardId, sh.readPos, READ_LIMIT);
          if (records.length === 0) break;
          for (const r of records) {
            sh.readPos = r.sequenceNumber;
            if (r.arrival < s.incarnation) continue; // before the delivery stream existed (LATEST)
            sh.buffer.push(r);
            sh.bytes += r.data.length;
          }
          while (sh.bytes >= sizeBytes) await this.flush(s, rt, shardId, sh, sizeBytes);
        }
        const due = sh.buffer.length > 0 && (force || sh.buffer[0]!.arrival + intervalMs <= this.deps.now());
        if (due) await this.flush(s, rt, shardId, sh, Infinity);
        if (sh.buffer.length === 0 && sh.readPos) rt.checkpoints.advance(shardId, sh.readPos);
      }
      rt.lastError = undefined;
    } catch (e) {
      rt.lastError = (e as Error).message;
      this.kick(RETRY_MS);
    }
  }

  /** Deliver the head of the buffer (up to `maxBytes` of input) as one batch. */
  private async flush(s: EngineStream, rt: StreamRuntime, shardId: string, sh: ShardRuntime, maxBytes: number): Promise<void> {
    let n = 0;
    let bytes = 0;
    while (n < sh.buffer.length && (n === 0 || bytes < maxBytes)) bytes += sh.buffer[n++]!.data.length;
    const records = sh.buffer.slice(0, n);
    rt.checkpoints.begin(shardId, { to: records[n - 1]!.sequenceNumber, version: s.versionId });
    await this.deliver(s, rt, shardId, records, s.versionId);
    sh.buffer = sh.buffer.slice(n);
    sh.bytes -= bytes;
  }

  /** A flush was in progress when the process died: deliver exactly the same records again. */
  private async redo(s: EngineStream, rt: StreamRuntime, shardId: string, sh: ShardRuntime): Promise<void> {
    const cp = rt.checkpoints.get(shardId);
    const pending = cp.pending!;
    const records: StoredRecord[] = [];
    let pos = cp.delivered;
    outer: for (;;) {
      const page = s.source.read(shardId, pos, READ_LIMIT);
      if (page.length === 0) break;
      for (const r of page) {
        if (compareSequence(r.sequenceNumber, pending.to) > 0) break outer;
        pos = r.sequenceNumber;
        if (r.arrival >= s.incarnation) records.push(r);
      }
    }
    if (records.length > 0) await this.deliver(s, rt, shardId, records, pending.version);
    else rt.checkpoints.commit(shardId);
    sh.readPos = pending.to;
    sh.buffer = [];
    sh.bytes = 0;
  }

  private async deliver(s: EngineStream, rt: StreamRuntime, shardId: string, records: StoredRecord[], version: number): Promise<void> {
    const result = await deliverBatch(this.deps, {
      deliveryStream: s.name,
      incarnation: s.incarnation,
      version,
      shardId,
      destination: s.destination,
      records,
    });
    crashPointForTests(++this.batches);
    rt.checkpoints.commit(shardId);
    rt.delivered += result.delivered;
    rt.failed += result.failed;
    rt.objects += result.keys.length;
  }

  /** Wake up when the oldest buffered record of any shard reaches its interval, or a stream turns ACTIVE. */
  private scheduleWake(): void {
    clearTimeout(this.wakeTimer);
    if (this.closed) return;
    let next = Infinity;
    for (const s of this.host.streams()) {
      if (s.status === 'CREATING') next = Math.min(next, s.activeAt);
      const rt = this.runtimes.get(s.name);
      if (s.status !== 'ACTIVE' || !rt) continue;
      const intervalMs = s.destination.BufferingHints.IntervalInSeconds * 1000;
      for (const sh of rt.shards.values()) if (sh.buffer.length) next = Math.min(next, sh.buffer[0]!.arrival + intervalMs);
    }
    if (next === Infinity) return;
    this.wakeTimer = setTimeout(() => this.kick(0), Math.max(0, Math.min(next - this.deps.now(), 2 ** 31 - 1)));
    this.wakeTimer.unref();
  }
}

/** LAKEHOUSE_DELIVERY_CRASH_AFTER_OBJECTS=N kills the process right after the N-th batch's objects are written
 * and before its checkpoint: the worst moment, used by the crash-safety test. */
function crashPointForTests(batch: number): void {
  const n = Number(process.env.LAKEHOUSE_DELIVERY_CRASH_AFTER_OBJECTS);
  if (n > 0 && batch === n) process.kill(process.pid, 'SIGKILL');
}
