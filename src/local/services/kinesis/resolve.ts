// Finding the stream an action addresses: StreamARN or StreamName (AWS accepts either, ARN preferred).
import { ACCOUNT, invalidArgument, notActive, notFound } from './errors.js';
import { AwsError } from '../../types.js';
import type { LiveShard, Stream } from './model.js';
import { shardIdOf, shardIndexOf } from './sequence.js';
import type { KinesisStore } from './store.js';

export function nameFromArn(arn: string): string {
  const i = arn.indexOf(':stream/');
  if (i < 0) return arn;
  const rest = arn.slice(i + ':stream/'.length);
  // Consumer ARNs continue with /consumer/...; the stream name never contains '/'.
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

export function streamNameOf(input: { StreamName?: string; StreamARN?: string }): string {
  if (input.StreamARN) return nameFromArn(input.StreamARN);
  if (input.StreamName) return input.StreamName;
  throw invalidArgument('Either StreamName or StreamARN should be provided.');
}

/** The addressed stream, or ResourceNotFoundException (also for an ARN of another account/region). */
export function findStream(store: KinesisStore, input: { StreamName?: string; StreamARN?: string }): Stream {
  const stream = store.get(streamNameOf(input));
  if (input.StreamARN && input.StreamARN !== stream.meta.arn) throw notFound(stream.name, store.accountId);
  return stream;
}

/** Readable/writable: ACTIVE or UPDATING (AWS keeps serving data while resharding). */
export function findServing(store: KinesisStore, input: { StreamName?: string; StreamARN?: string }): Stream {
  const stream = findStream(store, input);
  if (stream.meta.status !== 'ACTIVE' && stream.meta.status !== 'UPDATING') throw notFound(stream.name, store.accountId);
  return stream;
}

/** For control-plane changes: the stream must be ACTIVE, else ResourceInUseException. */
export function findActive(store: KinesisStore, input: { StreamName?: string; StreamARN?: string }): Stream {
  const stream = findStream(store, input);
  if (stream.meta.status !== 'ACTIVE') throw notActive(stream.name, stream.meta.status, store.accountId);
  return stream;
}

/** The canonical id of a shard id as AWS reads it (`shardId-5` → `shardId-000000000005`), or AWS's
 * "Could not find shard" error, which comes before the stream is looked up. */
export function canonicalShardId(shardId: string, streamName: string | undefined, account = ACCOUNT): string {
  const index = shardIndexOf(shardId);
  if (index === undefined) {
    throw new AwsError('ResourceNotFoundException', `Could not find shard ${shardId} in stream ${streamName} under account ${account}.`);
  }
  return shardIdOf(index);
}

/** A shard of a stream by any spelling AWS accepts, or `missing(canonicalId)`. */
export function findShard(stream: Stream, shardId: string, missing: (id: string) => AwsError, account = ACCOUNT): LiveShard {
  const id = canonicalShardId(shardId, stream.name, account);
  const shard = stream.shards.get(id);
  if (!shard) throw missing(id);
  return shard;
}
