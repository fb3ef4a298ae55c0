// ListShards and UpdateShardCount (uniform scaling, applied at the end of UPDATING like SplitShard and
// MergeShards: close every open shard, open the new count over an even split of the hash key space,
// each new shard naming the old shards it overlaps as parents).
import { AwsError } from '../../../types.js';
import { invalidArgument, limitExceeded } from '../errors.js';
import { splitRange } from '../hashkeys.js';
import type { Kinesis } from '../context.js';
import type { LiveShard, Stream } from '../model.js';
import { findActive, findStream } from '../resolve.js';
import { shardShape } from '../shapes.js';
import { replaceShards } from './reshard.js';
import { openShardsInAccount } from './streams.js';

const TOKEN_TTL_MS = 300_000;
const MAX_SHARDS_PER_STREAM = 10000;

function encodeToken(stream: Stream, lastShardId: string, now: number): string {
  return Buffer.from(JSON.stringify([stream.name, stream.meta.createdMs, lastShardId, now])).toString('base64');
}

function decodeToken(token: string, k: Kinesis): { stream: Stream; after: string } {
  let parts: [string, number, string, number];
  try {
    parts = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (!Array.isArray(parts) || parts.length !== 4) throw new Error();
  } catch {
    throw invalidArgument('Invalid ShardId in NextToken.');
  }
  if (k.store.now() - parts[3] > TOKEN_TTL_MS) {
    throw new AwsError('ExpiredNextTokenException', 'The timestamp in the NextToken has expired.');
  }
  const stream = k.store.get(parts[0]);
  return { stream, after: parts[2] };
}

function matchesFilter(s: LiveShard, filter: any): boolean {
  if (!filter) return true;
  const m = s.meta;
  const ts = filter.Timestamp !== undefined ? filter.Timestamp * 1000 : undefined;
  switch (filter.Type) {
    case 'AFTER_SHARD_ID':
      return m.id > (filter.ShardId ?? '');
    case 'AT_LATEST':
      return m.endCounter === undefined;
    case 'AT_TIMESTAMP':
      return ts !== undefined && m.createdMs <= ts && (m.closedMs === undefined || m.closedMs > ts);
    case 'FROM_TIMESTAMP':
      return ts !== undefined && (m.closedMs === undefined || m.closedMs > ts);
    default: // AT_TRIM_HORIZON, FROM_TRIM_HORIZON: every shard still kept
      return true;
  }
}

export function ListShards(input: any, k: Kinesis): unknown {
  if (input.NextToken && (input.StreamName || input.StreamARN)) {
    throw invalidArgument('NextToken and StreamName cannot be provided together.');
  }
  if (!input.NextToken && !input.StreamName && !input.StreamARN) {
    throw invalidArgument('Either NextToken or StreamName should be provided.');
  }
  let stream: Stream;
  let after: string | undefined = input.ExclusiveStartShardId;
  if (input.NextToken) ({ stream, after } = decodeToken(input.NextToken, k));
  else stream = findStream(k.store, input);
  const limit: number = input.MaxResults ?? 1000;
  const shards = [...stream.shards.values()].filter((s) => (after === undefined || s.meta.id > after) && matchesFilter(s, input.ShardFilter));
  const page = shards.slice(0, limit);
  return {
    Shards: page.map(shardShape),
    ...(shards.length > limit ? { NextToken: encodeToken(stream, page[page.length - 1]!.meta.id, k.store.now()) } : {}),
  };
}

export function UpdateShardCount(input: any, k: Kinesis): unknown {
  const stream = findActive(k.store, input);
  const target: number = input.TargetShardCount;
  const current = stream.open.length;
  if (stream.meta.mode === 'ON_DEMAND') {
    throw new AwsError('ValidationException', `Request is invalid. Stream ${stream.name} under account ${k.store.accountId} is in On-Demand mode.`);
  }
  if (target > current * 2) {
    throw limitExceeded(`UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: ${current} Target shard count: ${target}`);
  }
  if (target * 2 < current) {
    throw limitExceeded(`UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: ${current} Target shard count: ${target}`);
  }
  if (target > MAX_SHARDS_PER_STREAM) {
    throw limitExceeded(`UpdateShardCount cannot scale up over ${MAX_SHARDS_PER_STREAM} shards in a stream. Target shard count: ${target}`);
  }
  const others = openShardsInAccount(k) - current;
  if (others + target > k.shardLimit) {
    throw limitExceeded(`This request would exceed the shard limit for the account ${k.store.accountId} in ${k.env.region}. Current shard count for the account: ${others + current}. Limit: ${k.shardLimit}.`);
  }
  if (target !== current) reshard(stream, target, k);
  return { StreamName: stream.name, StreamARN: stream.meta.arn, CurrentShardCount: current, TargetShardCount: target };
}

/** Uniform scaling through the same reshard as SplitShard/MergeShards: at the end of UPDATING every open
 * shard closes and `target` children open over an even split, each naming the (at most two) old shards
 * it overlaps as parents, so consumers keep per-key order across it. */
function reshard(stream: Stream, target: number, k: Kinesis): void {
  const old = stream.open.map((s) => ({ id: s.meta.id, start: BigInt(s.meta.start), end: BigInt(s.meta.end) }));
  replaceShards(stream, [...stream.open], splitRange(target), ([lo, hi]) => {
    const overlapping = old.filter((o) => o.start <= hi && o.end >= lo);
    return { parent: overlapping[0]?.id, adjacentParent: overlapping[1]?.id };
  }, k);
}
