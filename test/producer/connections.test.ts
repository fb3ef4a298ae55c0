// The producer lets the Kinesis client's HTTP/2 handler share sessions (the SDK's default opens one per request).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { shareHttpSessions } from '../../src/producer/connections.js';

test('shareHttpSessions turns off the Kinesis client default of one HTTP/2 session per request', async () => {
  const kinesis = new KinesisClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  try {
    const handler = kinesis.config.requestHandler as unknown as { constructor: { name: string }; configProvider: Promise<Record<string, unknown>> };
    assert.equal(handler.constructor.name, 'NodeHttp2Handler');
    assert.equal((await handler.configProvider).disableConcurrentStreams, true);
    shareHttpSessions(kinesis);
    assert.equal((await handler.configProvider).disableConcurrentStreams, false);
  } finally {
    kinesis.destroy();
  }
});
