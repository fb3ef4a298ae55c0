// Per-shard delivery checkpoints of one delivery stream: the last sequence number delivered, plus the flush
// in progress (written BEFORE its objects, cleared with the checkpoint AFTER them). After a crash the pending
// flush is redone with exactly the same records, so it produces the same object keys: retried deliveries
// overwrite, never duplicate.
import path from 'node:path';
import { readJson, removeFile, writeJsonAtomic } from './durable-file.js';
import { within } from '../../store/paths.js';

export interface PendingFlush {
  /** Last sequence number of the batch (the batch starts right after the checkpoint). */
  to: string;
  /** Delivery stream version used in the object names. */
  version: number;
}

export interface ShardCheckpoint {
  delivered?: string;
  pending?: PendingFlush;
}

interface CheckpointFile {
  /** createdAt of the delivery stream these belong to: a re-created stream of the same name starts over. */
  incarnation: number;
  shards: Record<string, ShardCheckpoint>;
}

export class Checkpoints {
  private readonly file: string;
  private data: CheckpointFile;

  constructor(dataDir: string, deliveryStream: string, incarnation: number) {
    this.file = within(path.join(dataDir, 'firehose', 'checkpoints'), `${deliveryStream}.json`);
    const stored = readJson<CheckpointFile>(this.file);
    this.data = stored?.incarnation === incarnation ? stored : { incarnation, shards: {} };
  }

  get(shardId: string): ShardCheckpoint {
    return (this.data.shards[shardId] ??= {});
  }

  begin(shardId: string, pending: PendingFlush): void {
    this.get(shardId).pending = pending;
    writeJsonAtomic(this.file, this.data);
  }

  commit(shardId: string): void {
    const cp = this.get(shardId);
    if (cp.pending) cp.delivered = cp.pending.to;
    delete cp.pending;
    writeJsonAtomic(this.file, this.data);
  }

  /** Move past records that needed no delivery (older than the stream's start), with nothing pending. */
  advance(shardId: string, to: string): void {
    const cp = this.get(shardId);
    if (cp.pending || cp.delivered === to) return;
    cp.delivered = to;
    writeJsonAtomic(this.file, this.data);
  }

  remove(): void {
    removeFile(this.file);
  }
}
