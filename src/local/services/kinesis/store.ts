// Streams on disk and in memory. Layout: <dataDir>/kinesis/streams/s-<name>/meta.json (atomic
// tmp+rename) and one <shardId>.log per shard. Status changes (CREATING/UPDATING → ACTIVE,
// DELETING → gone) complete after `transitionMs`; on close or reopen they complete at once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { notFound } from './errors.js';
import { splitRange } from './hashkeys.js';
import { Stream, type ShardMeta, type StreamMeta, type StreamStatus } from './model.js';
import { shardIdOf, shardPrefix } from './sequence.js';
import { ShardLog } from './shardlog.js';
import { within } from '../../store/paths.js';

export interface StoreOptions {
  dataDir: string;
  region: string;
  accountId: string;
  now(): number;
  transitionMs: number;
}

export class KinesisStore {
  readonly streams = new Map<string, Stream>();
  private readonly root: string;
  private readonly pending = new Map<Stream, { timer: NodeJS.Timeout; finish: () => void }>();
  private readonly listeners = new Set<(stream: string) => void>();

  constructor(readonly opts: StoreOptions) {
    this.root = path.join(opts.dataDir, 'kinesis', 'streams');
    fs.mkdirSync(this.root, { recursive: true });
    this.load();
  }

  get accountId(): string {
    return this.opts.accountId;
  }

  now(): number {
    return this.opts.now();
  }

  arn(name: string): string {
    return `arn:aws:kinesis:${this.opts.region}:${this.opts.accountId}:stream/${name}`;
  }

  /** The stream or ResourceNotFoundException. */
  get(name: string): Stream {
    const s = this.streams.get(name);
    if (!s) throw notFound(name, this.accountId);
    return s;
  }

  private load(): void {
    for (const entry of fs.readdirSync(this.root)) {
      const dir = path.join(this.root, entry);
      let meta: StreamMeta;
      try {
        meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
      } catch {
        // A create that died before its metadata was written, or a finished delete: nothing acknowledged.
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (meta.status === 'DELETING') {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const stream = new Stream(meta, dir);
      for (const shard of meta.shards) this.openShard(stream, shard);
      stream.reroute();
      stream.expire(this.now());
      for (const s of stream.shards.values()) s.log.compact();
      if (meta.status !== 'ACTIVE') {
        meta.status = 'ACTIVE';
        this.save(stream);
      }
      this.streams.set(meta.name, stream);
    }
  }

  private openShard(stream: Stream, meta: ShardMeta): void {
    const log = ShardLog.open(path.join(stream.dir, `${meta.id}.log`));
    stream.shards.set(meta.id, { meta, log, prefix: shardPrefix(meta.index, meta.createdMs) });
  }

  create(init: Omit<StreamMeta, 'arn' | 'status' | 'createdMs' | 'shards' | 'nextShardIndex'>, shardCount: number): Stream {
    const now = this.now();
    const meta: StreamMeta = { ...init, arn: this.arn(init.name), status: 'CREATING', createdMs: now, shards: [], nextShardIndex: 0 };
    const dir = within(this.root, 's-' + init.name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const stream = new Stream(meta, dir);
    this.addShards(stream, splitRange(shardCount), () => ({}));
    this.streams.set(init.name, stream);
    this.save(stream);
    this.transition(stream, 'CREATING');
    return stream;
  }

  /** Creates open shards over the given ranges (parents as UpdateShardCount assigns them). */
  addShards(stream: Stream, ranges: Array<[bigint, bigint]>, parents: (r: [bigint, bigint]) => { parent?: string; adjacentParent?: string }): void {
    const now = this.now();
    for (const r of ranges) {
      const index = stream.meta.nextShardIndex++;
      const shard: ShardMeta = {
        id: shardIdOf(index),
        index,
        ...parents(r),
        start: r[0].toString(),
        end: r[1].toString(),
        createdMs: now,
        startCounter: now * 1000,
      };
      stream.meta.shards.push(shard);
      this.openShard(stream, shard);
    }
    stream.reroute();
  }

  save(stream: Stream): void {
    const file = path.join(stream.dir, 'meta.json');
    fs.writeFileSync(file + '.tmp', JSON.stringify(stream.meta));
    fs.renameSync(file + '.tmp', file);
  }

  /** Sets a passing status (CREATING, UPDATING) that becomes ACTIVE after the transition delay; `done`
   * (a reshard's shard changes) runs just before, as AWS applies them at the end of UPDATING. */
  transition(stream: Stream, status: StreamStatus, done?: () => void): void {
    stream.meta.status = status;
    this.save(stream);
    this.schedule(stream, () => {
      done?.();
      stream.meta.status = 'ACTIVE';
      this.save(stream);
    });
  }

  delete(stream: Stream): void {
    stream.meta.status = 'DELETING';
    this.save(stream);
    this.schedule(stream, () => {
      for (const s of stream.shards.values()) s.log.close();
      fs.rmSync(stream.dir, { recursive: true, force: true });
      if (this.streams.get(stream.name) === stream) this.streams.delete(stream.name);
    });
  }

  private schedule(stream: Stream, finish: () => void): void {
    // A newer status replaces the pending one (e.g. DeleteStream while UPDATING).
    const old = this.pending.get(stream);
    if (old) clearTimeout(old.timer);
    const timer = setTimeout(() => {
      this.pending.delete(stream);
      finish();
    }, this.opts.transitionMs);
    timer.unref();
    this.pending.set(stream, { timer, finish });
  }

  onAppend(listener: (stream: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(stream: string): void {
    for (const l of this.listeners) {
      try {
        l(stream);
      } catch {
        // A listener's failure is its own business, never the producer's.
      }
    }
  }

  close(): void {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.finish();
    }
    this.pending.clear();
    for (const s of this.streams.values()) for (const sh of s.shards.values()) sh.log.close();
    this.streams.clear();
  }
}
