// Shard iterators expire after 5 minutes, as AWS's do (clock moved by the test).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { openKinesis, waitActive } from './harness.js';

it('rejects an iterator older than 300,000 ms with ExpiredIteratorException; a fresh one works', async () => {
  let clock = Date.UTC(2026, 0, 22, 1, 22, 2);
  const h = await openKinesis({ now: () => clock });
  try {
    await h.kinesis.send(new CreateStreamCommand({ StreamName: 'exp', ShardCount: 1 }));
    await waitActive(h, 'exp');
    await h.kinesis.send(new PutRecordCommand({ StreamName: 'exp', PartitionKey: 'k', Data: Buffer.from('v') }));
    const it = (await h.kinesis.send(new GetShardIteratorCommand({ StreamName: 'exp', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })))
      .ShardIterator!;
    clock += 300_001;
    await assert.rejects(h.kinesis.send(new GetRecordsCommand({ ShardIterator: it })), {
      name: 'ExpiredIteratorException',
      message:
        'Iterator expired. The iterator was created at time Thu Jan 22 01:22:02 UTC 2026 while right now it is Thu Jan 22 01:27:02 UTC 2026 ' +
        'which is further in the future than the tolerated delay of 300000 milliseconds.',
    });
    const fresh = (await h.kinesis.send(new GetShardIteratorCommand({ StreamName: 'exp', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })))
      .ShardIterator!;
    const got = await h.kinesis.send(new GetRecordsCommand({ ShardIterator: fresh }));
    assert.equal(Buffer.from(got.Records![0]!.Data!).toString(), 'v');
  } finally {
    await h.dispose();
  }
});
