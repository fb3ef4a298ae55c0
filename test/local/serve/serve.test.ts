// `serve` over real sockets: the same SDK clients (S3 over HTTP/1.1, Kinesis over h2c), the lock hand-off
// (other openers of the data dir use serve's endpoint), and a clean stop that releases the lock.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { openClients } from '../../../src/aws/clients.js';
import { LakehouseError } from '../../../src/errors.js';
import { readLock } from '../../../src/local/lock.js';
import { startServer } from '../../../src/local/server.js';
import { s3Suite } from '../s3/suite.js';

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lh-serve-'));

s3Suite('serve', async () => {
  const dataDir = tmpDir();
  const server = await startServer({ dataDir, port: 0 });
  const clients = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
  assert.equal(clients.endpoint, server.endpoint, 'clients go to serve, not to the files');
  return {
    s3: clients.s3,
    objectPath: (b, k) => server.emulator.s3.objectPath(b, k),
    async close() {
      await clients.close();
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

test('serve publishes its endpoint in the lock, refuses a second owner, and releases on close', async () => {
  const dataDir = tmpDir();
  try {
    const server = await startServer({ dataDir, port: 0 });
    assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    const lock = readLock(dataDir);
    assert.equal(lock?.kind, 'serve');
    assert.equal(lock?.endpoint, server.endpoint);
    await assert.rejects(startServer({ dataDir, port: 0 }), (e: unknown) => e instanceof LakehouseError && /already owns/.test(e.message));
    const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
    assert.equal(c.emulator, undefined);
    const who = await c.sts.send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, '000000000000');
    await c.close();
    await server.close();
    assert.equal(readLock(dataDir), undefined);
    // With serve gone, the next opener runs the emulator in-process on the same (durable) files.
    const c2 = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
    assert.ok(c2.emulator);
    await c2.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('query-protocol errors over HTTP/1.1 carry the AWS ErrorResponse shape', async () => {
  const dataDir = tmpDir();
  const server = await startServer({ dataDir, port: 0 });
  try {
    const body = 'Action=GetRole&Version=2010-05-08&RoleName=nobody';
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        `${server.endpoint}/`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
            authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x',
          },
        },
        (r) => {
          let text = '';
          r.on('data', (d) => (text += d));
          r.on('end', () => resolve({ status: r.statusCode!, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(res.status, 404);
    assert.match(res.text, /<ErrorResponse><Error><Type>Sender<\/Type><Code>NoSuchEntity<\/Code><Message>The role with name nobody cannot be found\.<\/Message><\/Error><RequestId>[0-9a-f-]+<\/RequestId><\/ErrorResponse>/);
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the JS SDK Kinesis client (HTTP/2 cleartext) works against serve', async () => {
  const dataDir = tmpDir();
  const server = await startServer({ dataDir, port: 0 });
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
  try {
    await c.kinesis.send(new CreateStreamCommand({ StreamName: 's1', ShardCount: 1 }));
    for (let i = 0; i < 50; i++) {
      const s = await c.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 's1' }));
      if (s.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const put = await c.kinesis.send(new PutRecordCommand({ StreamName: 's1', PartitionKey: 'pk', Data: Buffer.from('hello') }));
    assert.ok(put.SequenceNumber);
    const shards = await c.kinesis.send(new ListShardsCommand({ StreamName: 's1' }));
    const it = await c.kinesis.send(
      new GetShardIteratorCommand({ StreamName: 's1', ShardId: shards.Shards![0].ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const recs = await c.kinesis.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator! }));
    assert.equal(Buffer.from(recs.Records![0].Data!).toString(), 'hello');
  } finally {
    await c.close();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
