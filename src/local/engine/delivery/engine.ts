// The Firehose delivery engine: for every ACTIVE delivery stream, reads each shard of its source from the
// durable checkpoint, buffers by size (SizeInMBs of input) and by interval measured from the arrival of the
// oldest buffered record, and delivers each shard's buffer as its own objects. Each stream's work runs one
// step at a time on its own lane (stream-lanes.ts), woken by appends, by timers and by waitDelivered; lanes
// of different streams run side by side, so one stream's slow or failing destination never holds up another.
import { AwsError, LOCAL_ACCOUNT_ID, type FirehoseInternal } from '../../types.js';
import { BatchBuilder, type BatchDeps } from './batch-builder.js';
import { Checkpoints } from './checkpoints.js';
import { DirectPutLog } from './direct-put-log.js';
import { EndpointBatch } from './endpoint-batch.js';
import { IcebergBatch } from './iceberg-batch.js';
import { isIcebergDestination, ICEBERG_BUFFERING } from './iceberg-route.js';
import { dynamicPartitioning } from './partition-keys.js';
import { PartitionedBatch } from './partitioned-batch.js';
import { compareSequence, type DeliverySource } from './source.js';
import { StreamLanes } from './stream-lanes.js';
import type { MetricsFeed } from '../../services/cloudwatch/feed.js';

export interface EngineStream {
  name: string;
  /** createdAt: records that arrived before it are not delivered (Firehose starts at LATEST). */
  incarnation: number;
  versionId: number;
  status: 'CREATING' | 'ACTIVE' | 'DELETING';
  /** When a CREATING stream becomes ACTIVE (ms, emulator clock). */
  activeAt: number;
  destination: any;
  /** Redshift, HttpEndpoint, Snowflake, Elasticsearch, OpenSearch (Serverless), Splunk; absent for S3/Iceberg. */
  destinationKind?: string;
  arn: string;
  source: DeliverySource;
}

export interface EngineHost {
  streams(): EngineStream[];
}

/** A shard's buffer: one object's worth, (dynamic partitioning) one per partition, or an Iceberg commit's. */
type ShardBatch = BatchBuilder | PartitionedBatch | IcebergBatch | EndpointBatch;

interface ShardRuntime {
  readPos?: string;
  /** The buffer: records read since the checkpoint, converted as they came. */
  batch?: ShardBatch;
  /** The shard's flush being written (Parquet by DuckDB) while the next shard is converted. */
  inflight?: Promise<void>;
}

interface StreamRuntime {
  incarnation: number;
  checkpoints: Checkpoints;
  shards: Map<string, ShardRuntime>;
  delivered: number;
  failed: number;
  objects: number;
  lastError?: string;
  /** Aborts the stream's HTTP requests in flight when it is deleted or the engine closes. */
  stop: AbortController;
}

const READ_LIMIT = 10_000;
const RETRY_MS = 1_000;

export class DeliveryEngine implements FirehoseInternal {
  private readonly runtimes = new Map<string, StreamRuntime>();
  private readonly lanes = new StreamLanes();
  private kickTimer?: NodeJS.Timeout;
  private kickDue = Infinity;
  private wakeTimer?: NodeJS.Timeout;
  private closed = false;
  private batches = 0;

  constructor(
    private readonly host: EngineHost,
    private readonly deps: BatchDeps,
    private readonly metrics?: MetricsFeed,
  ) {}

  /** Something may have arrived: pump soon (coalesced, so a burst of appends costs one pass). */
  kick(delayMs = 10): void {
    const due = Date.now() + delayMs;
    // An earlier wake-up replaces a later one: a stream retrying every second does not slow another's appends.
    if (this.closed || (this.kickTimer && this.kickDue <= due)) return;
    clearTimeout(this.kickTimer);
    this.kickDue = due;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = undefined;
      this.kickDue = Infinity;
      this.pumpAll();
    }, delayMs);
    this.kickTimer.unref();
  }

  stats(name: string): { delivered: number; failed: number; objects: number; lastError?: string } | undefined {
    const rt = this.runtimes.get(name);
    return rt && { delivered: rt.delivered, failed: rt.failed, objects: rt.objects, lastError: rt.lastError };
  }

  /** The delivery stream was deleted: forget its state and checkpoints. */
  async drop(name: string): Promise<void> {
    this.runtimes.get(name)?.stop.abort();
    await this.lanes.run(name, async () => {
      const rt = this.runtimes.get(name);
      for (const sh of rt?.shards.values() ?? []) sh.batch?.discard();
      rt?.checkpoints.remove();
      this.runtimes.delete(name);
    });
  }

  async waitDelivered(opts: { deliveryStream?: string; flush?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
    const pick = () => this.host.streams().filter((s) => s.status !== 'DELETING' && (!opts.deliveryStream || s.name === opts.deliveryStream));
    if (opts.deliveryStream && pick().length === 0) {
      throw new AwsError('ResourceNotFoundException', `Firehose ${opts.deliveryStream} under account ${LOCAL_ACCOUNT_ID} not found.`);
    }
    // Targets: the last record of every shard at the time of the call. Each stream is pumped on its own lane,
    // so waiting for one stream never waits for another's destination.
    let targets: Map<string, Map<string, string | undefined>> | undefined;
    for (;;) {
      const streams = pick();
      if (!targets && streams.every((s) => s.status === 'ACTIVE')) {
        const found = new Map<string, Map<string, string | undefined>>();
        const all = await untilDeadline(deadline, Promise.all(
          streams.map((s) =>
            this.lanes.run(s.name, async () => {
              // With flush, each shard's buffer goes to DuckDB as soon as the shard is read, so its Parquet
              // is written while the next shard is converted (not all at the end).
              await this.pump(s, !!opts.flush);
              const rt = this.runtime(s);
              found.set(s.name, new Map([...rt.shards].map(([id, sh]) => [id, sh.readPos])));
            }),
          ),
        ));
        if (all) targets = found;
      }
      const reached = targets
        ? await untilDeadline(deadline, Promise.all(
            streams
              .filter((s) => targets!.has(s.name))
              .map((s) =>
                this.lanes.run(s.name, async () => {
                  await this.pump(s, !!opts.flush);
                  return this.reached(s, targets!.get(s.name)!);
                }),
              ),
          ))
        : undefined;
      const done = !!reached?.every(Boolean);
      if (done) return;
      if (this.closed) throw new Error('The emulator closed before Firehose delivery completed; it resumes when the data directory is opened again.');
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
    for (const rt of this.runtimes.values()) rt.stop.abort();
    await this.lanes.idle();
    // Unflushed buffers are simply re-read next time: their checkpoint did not move.
    for (const rt of this.runtimes.values()) for (const sh of rt.shards.values()) sh.batch?.discard();
    await this.deps.writer.close();
  }

  private reached(s: EngineStream, targets: Map<string, string | undefined>): boolean {
    const rt = this.runtime(s);
    for (const [shardId, target] of targets) {
      if (target === undefined) continue;
      const sh = rt.shards.get(shardId);
      const cp = rt.checkpoints.get(shardId);
      if (!sh || sh.batch || cp.pending) {
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
        stop: new AbortController(),
      };
      this.runtimes.set(s.name, rt);
    }
    return rt;
  }

  /** Queue a pass on every stream's lane (one waiting pass per lane at most). */
  private pumpAll(): void {
    if (this.closed) return;
    for (const { name } of this.host.streams()) {
      this.lanes.once(name, async () => {
        // The stream as it is when the pass starts (an update or deletion may have come meanwhile).
        const s = this.host.streams().find((x) => x.name === name);
        if (s) await this.pump(s, false);
        this.scheduleWake();
      });
    }
    this.scheduleWake();
  }

  /** Read what is new on every shard of one stream and deliver the buffers that are due. */
  private async pump(s: EngineStream, force: boolean): Promise<void> {
    if (s.status !== 'ACTIVE' || this.closed) return;
    const rt = this.runtime(s);
    const hints = bufferingHints(s.destination);
    const sizeBytes = hints.SizeInMBs * 1024 * 1024;
    const intervalMs = hints.IntervalInSeconds * 1000;
    try {
      for (const shardId of s.source.shardIds()) {
        let sh = rt.shards.get(shardId);
        const cp = rt.checkpoints.get(shardId);
        if (!sh) {
          sh = { readPos: cp.delivered };
          rt.shards.set(shardId, sh);
        }
        await sh.inflight;
        if (cp.pending) await this.redo(s, rt, shardId, sh);
        while (!this.closed) {
          const records = s.source.read(shardId, sh.readPos, READ_LIMIT);
          if (records.length === 0) break;
          // AWS publishes DataReadFromKinesisStream.* only for a Kinesis source (Direct PUT counts IncomingRecords at the put).
          if (!(s.source instanceof DirectPutLog)) this.metrics?.firehoseRead(s.name, records);
          for (const r of records) {
            if (r.arrival < s.incarnation) continue; // before the delivery stream existed (LATEST)
            sh.batch ??= this.builder(s, shardId);
            sh.batch.add(r);
            if (sh.batch.bytes >= sizeBytes) {
              sh.readPos = r.sequenceNumber;
              await this.flush(s, rt, shardId, sh);
            }
          }
          // Sequence numbers are made on demand (see FrameRecord): once per page, not per record.
          sh.readPos = records[records.length - 1]!.sequenceNumber;
        }
        if (sh.batch && (force || sh.batch.oldestArrival + intervalMs <= this.deps.now())) await this.flush(s, rt, shardId, sh);
      }
      rt.lastError = undefined;
    } catch (e) {
      rt.lastError = (e as Error).message;
      this.kick(RETRY_MS);
    }
    // A pump ends with everything it started written, so waitDelivered and the next pump see settled state.
    for (const [shardId, sh] of rt.shards) {
      await sh.inflight;
      if (!sh.batch && sh.readPos && !rt.checkpoints.get(shardId).pending) rt.checkpoints.advance(shardId, sh.readPos);
    }
  }

  private builder(s: EngineStream, shardId: string): ShardBatch {
    const owner = { deliveryStream: s.name, incarnation: s.incarnation, shardId, destination: s.destination };
    if (s.destinationKind) return new EndpointBatch(this.deps, { ...owner, kind: s.destinationKind, deliveryStreamArn: s.arn, signal: this.runtime(s).stop.signal });
    if (isIcebergDestination(s.destination)) return new IcebergBatch(this.deps, owner);
    if (!dynamicPartitioning(s.destination)) return new BatchBuilder(this.deps, owner);
    const rt = this.runtime(s);
    // The active-partition limit is per delivery stream: count the other shards' buffers too.
    const elsewhere = () => {
      let n = 0;
      for (const [id, sh] of rt.shards) if (id !== shardId && sh.batch instanceof PartitionedBatch) n += sh.batch.partitions;
      return n;
    };
    return new PartitionedBatch(this.deps, owner, elsewhere);
  }

  /** Deliver the shard's buffer as one batch; the write goes on while the caller converts more records. */
  private async flush(s: EngineStream, rt: StreamRuntime, shardId: string, sh: ShardRuntime): Promise<void> {
    let batch = sh.batch!;
    sh.batch = undefined;
    await sh.inflight; // one flush per shard at a time, so checkpoints advance in order
    if (rt.checkpoints.get(shardId).pending) {
      // The previous flush failed: drop this buffer; the next pump redoes the failed batch and re-reads.
      batch.discard();
      sh.readPos = rt.checkpoints.get(shardId).pending!.to;
      throw new Error(rt.lastError ?? 'delivery failed; retrying');
    }
    rt.checkpoints.begin(shardId, { to: batch.lastSequence!, version: s.versionId });
    if (!batch.current(s.destination)) {
      // UpdateDestination or a Glue table change while buffering: convert again with the configuration of now.
      batch.discard();
      batch = this.rebuild(s, shardId, rt.checkpoints.get(shardId).delivered, batch.lastSequence!);
    }
    const done: Promise<void> = this.finish(s, rt, shardId, batch, s.versionId).then(
      () => {
        if (sh.inflight === done) sh.inflight = undefined;
      },
      (e: Error) => {
        if (sh.inflight === done) sh.inflight = undefined;
        rt.lastError = e.message;
        this.kick(RETRY_MS);
      },
    );
    sh.inflight = done;
  }

  /** A flush was in progress when the process died (or failed): deliver exactly the same records again. */
  private async redo(s: EngineStream, rt: StreamRuntime, shardId: string, sh: ShardRuntime): Promise<void> {
    const cp = rt.checkpoints.get(shardId);
    const pending = cp.pending!;
    sh.batch?.discard();
    sh.batch = undefined;
    const batch = this.rebuild(s, shardId, cp.delivered, pending.to);
    if (batch.count > 0) await this.finish(s, rt, shardId, batch, pending.version);
    else {
      batch.discard();
      rt.checkpoints.commit(shardId);
    }
    sh.readPos = pending.to;
  }

  /** The batch of records in (from, to] read again from the source. */
  private rebuild(s: EngineStream, shardId: string, from: string | undefined, to: string): ShardBatch {
    const batch = this.builder(s, shardId);
    let pos = from;
    for (;;) {
      const page = s.source.read(shardId, pos, READ_LIMIT);
      if (page.length === 0) return batch;
      for (const r of page) {
        if (compareSequence(r.sequenceNumber, to) > 0) return batch;
        pos = r.sequenceNumber;
        if (r.arrival >= s.incarnation) batch.add(r);
      }
    }
  }

  private async finish(s: EngineStream, rt: StreamRuntime, shardId: string, batch: ShardBatch, version: number): Promise<void> {
    const result = await batch.finish(version);
    crashPointForTests(++this.batches);
    rt.checkpoints.commit(shardId);
    s.source.trim?.(shardId, rt.checkpoints.get(shardId).delivered!);
    if (batch instanceof EndpointBatch) this.metrics?.firehoseEndpointDelivered(s.name, batch.kind, { ...result, bytes: batch.bytes, oldestArrival: batch.oldestArrival });
    else this.metrics?.firehoseDelivered(s.name, { ...result, bytes: batch instanceof PartitionedBatch ? batch.totalBytes : batch.bytes, oldestArrival: batch.oldestArrival, converting: !!s.destination.DataFormatConversionConfiguration && s.destination.DataFormatConversionConfiguration.Enabled !== false });
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
      const intervalMs = bufferingHints(s.destination).IntervalInSeconds * 1000;
      for (const sh of rt.shards.values()) if (sh.batch) next = Math.min(next, sh.batch.oldestArrival + intervalMs);
    }
    if (next === Infinity) return;
    this.wakeTimer = setTimeout(() => this.kick(0), Math.max(0, Math.min(next - this.deps.now(), 2 ** 31 - 1)));
    this.wakeTimer.unref();
  }
}

/** An Iceberg destination may leave BufferingHints out (AWS then applies its defaults); Redshift buffers by its
 * intermediate S3 configuration's. */
function bufferingHints(destination: any): { SizeInMBs: number; IntervalInSeconds: number } {
  return destination.BufferingHints ?? (isIcebergDestination(destination) ? ICEBERG_BUFFERING : destination.S3Configuration.BufferingHints);
}

/** The promise's value, or undefined once the deadline passes first (a lane may be waiting on a destination
 * for minutes; the caller's timeout still holds). */
async function untilDeadline<T>(deadline: number, p: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** LAKEHOUSE_DELIVERY_CRASH_AFTER_OBJECTS=N kills the process right after the N-th batch's objects are written
 * and before its checkpoint: the worst moment, used by the crash-safety test. */
function crashPointForTests(batch: number): void {
  const n = Number(process.env.LAKEHOUSE_DELIVERY_CRASH_AFTER_OBJECTS);
  if (n > 0 && batch === n) process.kill(process.pid, 'SIGKILL');
}
