// The `aws` provider path of openClients: the default credential chain, region and --endpoint-url
// (path-style S3), pointed at `serve` so it runs offline.
// Every request checked against AWS's API models (test/aws/check-models.ts), as in every provider-aws test.
import '../../aws/check-models.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { openClients } from '../../../src/aws/clients.js';
import { startServer } from '../../../src/local/server.js';

test('provider aws with an endpoint uses the env credential chain and path-style S3', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-aws-provider-'));
  const server = await startServer({ dataDir, port: 0 });
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_CONFIG_FILE: path.join(dataDir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dataDir, 'none'),
  });
  try {
    const c = await openClients({ provider: 'aws', region: 'us-east-1', endpointUrl: server.endpoint });
    try {
      assert.equal(c.provider, 'aws');
      assert.equal(c.emulator, undefined);
      assert.equal(await c.s3.config.forcePathStyle, true);
      const creds = await c.sts.config.credentials();
      assert.equal(creds.accessKeyId, 'AKIAEXAMPLE');
      assert.equal((await c.sts.send(new GetCallerIdentityCommand({}))).Account, '000000000000');
      await c.s3.send(new CreateBucketCommand({ Bucket: 'aws-path' }));
      assert.deepEqual((await c.s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name), ['aws-path']);
    } finally {
      await c.close();
    }
    // Without an endpoint: virtual-hosted S3 and AWS's own endpoints (nothing is called here).
    const real = await openClients({ provider: 'aws', region: 'eu-west-1' });
    assert.equal(await real.s3.config.forcePathStyle, false);
    assert.equal(await real.kinesis.config.region(), 'eu-west-1');
    await real.close();
  } finally {
    process.env = saved;
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('provider local with --endpoint-url talks to that endpoint and leaves its data dir alone', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-local-endpoint-'));
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-local-endpoint-other-'));
  const server = await startServer({ dataDir, port: 0 });
  try {
    const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: other, endpointUrl: server.endpoint });
    try {
      assert.equal(c.emulator, undefined);
      assert.equal(c.endpoint, server.endpoint);
      await c.s3.send(new CreateBucketCommand({ Bucket: 'over-there' }));
      assert.ok(fs.existsSync(path.join(dataDir, 's3', 'over-there')));
      assert.deepEqual(fs.readdirSync(other), [], 'the unused data dir is not opened or locked');
    } finally {
      await c.close();
    }
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(other, { recursive: true, force: true });
  }
});
