// Which shard a record goes to, as Kinesis decides it: MD5 of the partition key read as a 128-bit
// big-endian integer, inside one open shard's hash key range. Read from ListShards (open shards only: a
// closed parent of a reshard takes no writes) and refreshed now and then, since streams reshard.
import { createHash } from 'node:crypto';
import { ListShardsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';

interface Range {
  id: string;
  start: bigint;
  end: bigint;
}

export class ShardMap {
  private constructor(private readonly ranges: Range[]) {}

  static async load(kinesis: KinesisClient, streamName: string, signal?: AbortSignal): Promise<ShardMap> {
    const ranges: Range[] = [];
    let NextToken: string | undefined;
    for (let page = 0; page < 100; page++) {
      const out = await kinesis.send(
        new ListShardsCommand(NextToken ? { NextToken } : { StreamName: streamName, ShardFilter: { Type: 'AT_LATEST' } }),
        { abortSignal: signal },
      );
      for (const s of out.Shards ?? []) {
        // AT_LATEST lists open shards; a server ignoring the filter still marks closed ones with an end.
        if (s.SequenceNumberRange?.EndingSequenceNumber) continue;
        ranges.push({ id: s.ShardId!, start: BigInt(s.HashKeyRange!.StartingHashKey!), end: BigInt(s.HashKeyRange!.EndingHashKey!) });
      }
      NextToken = out.NextToken;
      if (!NextToken) break;
    }
    ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    return new ShardMap(ranges);
  }

  static of(ranges: Array<{ id: string; start: bigint; end: bigint }>): ShardMap {
    return new ShardMap([...ranges].sort((a, b) => (a.start < b.start ? -1 : 1)));
  }

  get size(): number {
    return this.ranges.length;
  }

  /** The open shard for this partition key (undefined if the map has a gap there). */
  shardOf(partitionKey: string): string | undefined {
    const h = BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid]!;
      if (h < r.start) hi = mid - 1;
      else if (h > r.end) lo = mid + 1;
      else return r.id;
    }
    return undefined;
  }
}
