// The producer's shard map agrees with Kinesis: MD5 of the partition key as a 128-bit big-endian integer,
// inside an open shard's hash key range (checked against the emulator's ListShards and PutRecords answers).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateStreamCommand, PutRecordsCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { openClients } from '../../src/aws/clients.js';
import { ShardMap } from '../../src/producer/shard-map.js';
import { tempDirForFile } from '../support/tmp.js';

const dataDir = tempDirForFile('lakehouse-shard-map-');

test('shardOf: binary search over the ranges, ends inclusive', () => {
  const max = 2n ** 128n - 1n;
  const half = 2n ** 127n;
  const m = ShardMap.of([
    { id: 'b', start: half, end: max },
    { id: 'a', start: 0n, end: half - 1n },
  ]);
  // md5("") = d41d8cd9… ≥ 2^127; md5("a") = 0cc175b9… < 2^127
  assert.equal(m.shardOf(''), 'b');
  assert.equal(m.shardOf('a'), 'a');
  assert.equal(m.size, 2);
});

test('the map read with ListShards puts every record where the stream does (5 shards)', async () => {
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir, faults: '' });
  try {
    await c.kinesis.send(new CreateStreamCommand({ StreamName: 'm', ShardCount: 5 }));
    await waitUntilStreamExists({ client: c.kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: 'm' });
    const map = await ShardMap.load(c.kinesis, 'm');
    assert.equal(map.size, 5);
    const keys = Array.from({ length: 200 }, (_, i) => `key-${i}`);
    const out = await c.kinesis.send(new PutRecordsCommand({ StreamName: 'm', Records: keys.map((k) => ({ PartitionKey: k, Data: new Uint8Array([1]) })) }));
    out.Records!.forEach((r, i) => assert.equal(map.shardOf(keys[i]!), r.ShardId, keys[i]));
  } finally {
    await c.close();
  }
});
