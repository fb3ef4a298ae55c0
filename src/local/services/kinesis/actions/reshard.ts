// SplitShard and MergeShards: the parent shards close (EndingSequenceNumber set, no more writes), their
// children open over the same hash keys and name them as ParentShardId / AdjacentParentShardId. Every
// child sequence number is above every parent's, and GetRecords on an exhausted parent returns the children
// (ChildShards), so a consumer that drains parents first keeps per-key order across the reshard.
// The stream is UPDATING for the transition delay and the shards change at its end, as on AWS: until
// then the parents stay open and take the writes.
import { AwsError } from '../../../types.js';
import type { Kinesis } from '../context.js';
import { invalidArgument, limitExceeded, notFound } from '../errors.js';
import type { LiveShard, Stream } from '../model.js';
import { canonicalShardId, findActive, streamNameOf } from '../resolve.js';
import { openShardsInAccount } from './streams.js';
import { NO_OUTPUT } from '../../../protocol/json.js';

function couldNotFind(shardId: string, stream: string, account: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Could not find shard ${shardId} in stream ${stream} under account ${account}.`);
}

/** An open shard of the stream: an unknown one is "Could not find", a closed one "already merged or split". */
function openShard(stream: Stream, id: string, k: Kinesis): LiveShard {
  const shard = stream.shards.get(id);
  if (!shard) throw couldNotFind(id, stream.name, k.store.accountId);
  if (shard.meta.endCounter !== undefined) {
    throw invalidArgument(`Shard ${id} in stream ${stream.name} under account ${k.store.accountId} has already been merged or split, and thus is not eligible for merging or splitting.`);
  }
  return shard;
}

function checkShardLimit(extra: number, k: Kinesis): void {
  const current = openShardsInAccount(k);
  if (current + extra > k.shardLimit) {
    throw limitExceeded(
      `This request would exceed the shard limit for the account ${k.store.accountId} in ${k.env.region}. ` +
        `Current shard count for the account: ${current}. Limit: ${k.shardLimit}. ` +
        `Number of additional shards that would have resulted from this request: ${extra}. ` +
        'Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) ' +
        'for current limits and how to request higher limits.',
    );
  }
}

/** Closes `parents` and opens children over `ranges`; children start after the parents' last records. */
export function replaceShards(stream: Stream, parents: LiveShard[], ranges: Array<[bigint, bigint]>, link: (r: [bigint, bigint]) => { parent?: string; adjacentParent?: string }, k: Kinesis): void {
  k.store.transition(stream, 'UPDATING', () => {
    if (k.store.streams.get(stream.name) === stream) applyReshard(stream, parents, ranges, link, k);
  });
}

function applyReshard(stream: Stream, parents: LiveShard[], ranges: Array<[bigint, bigint]>, link: (r: [bigint, bigint]) => { parent?: string; adjacentParent?: string }, k: Kinesis): void {
  const now = k.store.now();
  let floor = 0;
  for (const p of parents) {
    p.meta.endCounter = Math.max(p.log.lastCounter, p.meta.startCounter);
    p.meta.closedMs = now;
    floor = Math.max(floor, p.meta.endCounter);
  }
  const before = new Set(stream.shards.keys());
  k.store.addShards(stream, ranges, link);
  for (const s of stream.shards.values()) if (!before.has(s.meta.id)) s.meta.startCounter = Math.max(s.meta.startCounter, floor + 1);
}

function activeStream(input: any, shardIds: string[], k: Kinesis): { stream: Stream; ids: string[] } {
  const acct = k.store.accountId;
  const name = streamNameOf(input);
  // Shard ids are read before the stream is looked up (an unreadable one is "Could not find shard").
  const ids = shardIds.map((id) => canonicalShardId(id, name, acct));
  let stream: Stream;
  try {
    stream = findActive(k.store, input);
  } catch (e) {
    if (e instanceof AwsError && e.code === 'ResourceNotFoundException') throw notFound(name, acct);
    throw e;
  }
  return { stream, ids };
}

export function SplitShard(input: any, k: Kinesis): unknown {
  const { stream, ids } = activeStream(input, [input.ShardToSplit], k);
  const shard = openShard(stream, ids[0]!, k);
  checkShardLimit(1, k);
  const start = BigInt(shard.meta.start);
  const end = BigInt(shard.meta.end);
  const at = BigInt(input.NewStartingHashKey);
  if (at <= start + 1n || at >= end) {
    throw invalidArgument(
      `NewStartingHashKey ${input.NewStartingHashKey} used in SplitShard() on shard ${shard.meta.id} in stream ${stream.name} under account ${k.store.accountId} ` +
        `is not both greater than one plus the shard's StartingHashKey ${shard.meta.start} and less than the shard's EndingHashKey ${shard.meta.end}.`,
    );
  }
  replaceShards(stream, [shard], [[start, at - 1n], [at, end]], () => ({ parent: shard.meta.id }), k);
  return NO_OUTPUT;
}

export function MergeShards(input: any, k: Kinesis): unknown {
  const { stream, ids } = activeStream(input, [input.ShardToMerge, input.AdjacentShardToMerge], k);
  const a = openShard(stream, ids[0]!, k);
  const b = openShard(stream, ids[1]!, k);
  // AWS wants ShardToMerge right below AdjacentShardToMerge (kinesalite measured the inverted pair refused).
  const [lo, hi] = [a, b];
  if (BigInt(lo.meta.end) + 1n !== BigInt(hi.meta.start)) {
    throw invalidArgument(`Shards ${a.meta.id} and ${b.meta.id} in stream ${stream.name} under account ${k.store.accountId} are not an adjacent pair of shards eligible for merging`);
  }
  replaceShards(stream, [a, b], [[BigInt(lo.meta.start), BigInt(hi.meta.end)]], () => ({ parent: a.meta.id, adjacentParent: b.meta.id }), k);
  return NO_OUTPUT;
}
