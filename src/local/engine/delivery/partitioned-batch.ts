// A shard's buffer when dynamic partitioning is on: one BatchBuilder (buffer, CSV stage, object) per
// partition, keyed by the values the MetadataExtraction query gave, plus the records that could not be
// partitioned. The shard's records still advance one checkpoint, so the whole set is flushed together (when
// any partition's buffer reaches SizeInMBs, or the oldest record its interval) and redone together after a
// crash, each partition to the same key as before. Past the active-partition limit, records for new
// partitions go to the error prefix, as AWS does.
import type { StoredRecord } from '../../types.js';
import { BatchBuilder, type BatchDeps, type BatchOwner, type BatchResult } from './batch-builder.js';
import { partitioningErrorDocuments, type FailedRecord } from './error-docs.js';
import { batchNames, bucketFromArn, objectKey } from './object-names.js';
import { RecordTally } from './record-tally.js';
import { makeExtractor, PARTITIONING_FAILED, type PartitionKeyExtractor } from './partition-keys.js';

/** AWS's default quota of active partitions per delivery stream (raisable to 5,000 on request). */
export const ACTIVE_PARTITION_LIMIT = 500;
export const ACTIVE_PARTITIONS_EXCEEDED = 'DynamicPartitioning.ActivePartitionsLimitExceeded';

export class PartitionedBatch extends RecordTally {
  /** Bytes of the largest partition buffer: SizeInMBs applies per partition, as on AWS. */
  bytes = 0;
  totalBytes = 0;
  private readonly parts = new Map<string, BatchBuilder>();
  private readonly failed: FailedRecord[] = [];
  private readonly extractor: PartitionKeyExtractor;

  constructor(
    private readonly deps: BatchDeps,
    private readonly owner: BatchOwner,
    /** Active partitions of the stream's other shards' buffers (the limit is per delivery stream). */
    private readonly activeElsewhere: () => number = () => 0,
    private readonly limit = ACTIVE_PARTITION_LIMIT,
  ) {
    super();
    this.extractor = makeExtractor(owner.destination);
  }

  get partitions(): number {
    return this.parts.size;
  }

  add(r: StoredRecord): void {
    this.tally(r);
    this.totalBytes += r.data.length;
    const got = this.extractor.extract(r.data);
    if ('code' in got) {
      this.failed.push({ record: r, code: got.code, message: got.message });
      return;
    }
    let part = this.parts.get(got.id);
    if (!part) {
      if (this.parts.size + this.activeElsewhere() >= this.limit) {
        const message = `The number of active partitions reached the limit of ${this.limit} for this delivery stream`;
        this.failed.push({ record: r, code: ACTIVE_PARTITIONS_EXCEEDED, message });
        return;
      }
      part = new BatchBuilder(this.deps, { ...this.owner, partition: { id: got.id, keys: got.keys } });
      this.parts.set(got.id, part);
    }
    part.add(r);
    if (part.bytes > this.bytes) this.bytes = part.bytes;
  }

  current(destination: unknown): boolean {
    if (destination !== this.owner.destination) return false;
    for (const p of this.parts.values()) if (!p.current(destination)) return false;
    return true;
  }

  discard(): void {
    for (const p of this.parts.values()) p.discard();
  }

  async finish(version: number): Promise<BatchResult> {
    const result: BatchResult = { delivered: 0, failed: 0, keys: [] };
    try {
      for (const p of this.parts.values()) {
        const r = await p.finish(version);
        result.delivered += r.delivered;
        result.failed += r.failed;
        result.keys.push(...r.keys);
      }
      if (this.failed.length) {
        const dest = this.owner.destination;
        const bucket = bucketFromArn(dest.BucketARN);
        if (!this.deps.s3.bucketExists(bucket)) throw new Error(`The bucket ${bucket} does not exist; delivery will be retried.`);
        const names = batchNames({
          deliveryStream: this.owner.deliveryStream,
          incarnation: this.owner.incarnation,
          shardId: this.owner.shardId,
          firstSequence: this.firstSequence!,
          lastSequence: this.lastSequence!,
          partition: PARTITIONING_FAILED,
        });
        const oldest = Math.min(...this.failed.map((f) => f.record.arrival));
        const key = objectKey({
          prefix: dest.ErrorOutputPrefix,
          errorPrefix: true,
          errorOutputType: PARTITIONING_FAILED,
          deliveryStream: this.owner.deliveryStream,
          version,
          timestamp: oldest,
          names,
          extension: '',
        });
        await this.deps.s3.putObject(bucket, key, partitioningErrorDocuments(this.failed, this.deps.now()));
        result.failed += this.failed.length;
        result.keys.push(key);
      }
      return result;
    } finally {
      this.discard();
    }
  }
}
