// The product's own client factory (openClients via openLocalForTest) reaches the local Kinesis.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { openLocalForTest } from '../../support/local-clients.js';

it('creates a stream, puts and gets a record through openClients', async () => {
  const c = await openLocalForTest();
  try {
    await c.kinesis.send(new CreateStreamCommand({ StreamName: 'factory', ShardCount: 1 }));
    await waitUntilStreamExists({ client: c.kinesis, minDelay: 0.05, maxDelay: 0.1, maxWaitTime: 10 }, { StreamName: 'factory' });
    const put = await c.kinesis.send(new PutRecordCommand({ StreamName: 'factory', PartitionKey: 'k', Data: Buffer.from('{"a":1}') }));
    const it = await c.kinesis.send(
      new GetShardIteratorCommand({ StreamName: 'factory', ShardId: put.ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: put.SequenceNumber }),
    );
    const got = await c.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
    assert.equal(Buffer.from(got.Records![0]!.Data!).toString(), '{"a":1}');
    assert.equal(got.Records![0]!.SequenceNumber, put.SequenceNumber);
  } finally {
    await c.close();
  }
});
