// The aws provider's Kinesis transport: HTTP/2 only to servers that speak it (lakehouse serve), HTTP/1.1 to
// HTTP/1.1-only servers (moto, a plain node http server), LAKEHOUSE_HTTP forcing either.
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateStreamCommand, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { openClients } from '../../src/aws/clients.js';
import { NegotiatingHandler, parseHttpSetting, speaksHttp2 } from '../../src/aws/transport.js';
import { startServer, type RunningServer } from '../../src/local/server.js';
import { tempDirForFile } from '../support/tmp.js';
import { motoMissing, startMoto, type Moto } from './moto.js';

Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });

function handlerOf(c: { kinesis: { config: object } }): unknown {
  return (c.kinesis.config as { requestHandler?: unknown }).requestHandler;
}

// Removed after the file's last test (created here, not in a hook, so it outlives the hook).
const dir = tempDirForFile('lakehouse-transport-');

describe('Kinesis transport of the aws provider', () => {
  let serve: RunningServer;
  let plain: http.Server;
  let plainUrl: string;
  before(async () => {
    serve = await startServer({ dataDir: path.join(dir, 'data'), port: 0 });
    plain = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
    plainUrl = `http://127.0.0.1:${(plain.address() as { port: number }).port}`;
  });
  after(async () => {
    await serve.close();
    await new Promise((r) => plain.close(r));
  });

  it('probes: serve speaks h2c, a plain HTTP/1.1 server does not, a closed port does not', async () => {
    assert.equal(await speaksHttp2(serve.endpoint), true);
    assert.equal(await speaksHttp2(plainUrl), false);
    assert.equal(await speaksHttp2('http://127.0.0.1:1'), false);
  });

  it('through serve the Kinesis client negotiates HTTP/2 (the producer keeps its speed)', async () => {
    const c = await openClients({ provider: 'aws', region: 'us-east-1', endpointUrl: serve.endpoint });
    try {
      await c.kinesis.send(new CreateStreamCommand({ StreamName: 'h2check', ShardCount: 1 }));
      const h = handlerOf(c);
      assert.ok(h instanceof NegotiatingHandler);
      assert.equal(h.version, '2');
    } finally {
      await c.close();
    }
  });

  it('LAKEHOUSE_HTTP / the http option force HTTP/1.1 (serve answers it too)', async () => {
    const c = await openClients({ provider: 'aws', region: 'us-east-1', endpointUrl: serve.endpoint, http: '1.1' });
    try {
      const out = await c.kinesis.send(new ListStreamsCommand({}));
      assert.ok(Array.isArray(out.StreamNames));
      assert.equal((handlerOf(c) as { constructor: { name: string } }).constructor.name, 'NodeHttpHandler');
    } finally {
      await c.close();
    }
  });

  it('to AWS itself (no endpoint) the SDK default HTTP/2 handler stays', async () => {
    const c = await openClients({ provider: 'aws', region: 'us-east-1' });
    try {
      assert.equal((handlerOf(c) as { constructor: { name: string } }).constructor.name, 'NodeHttp2Handler');
    } finally {
      await c.close();
    }
  });

  it('parses the setting and refuses nonsense', () => {
    assert.equal(parseHttpSetting(undefined), 'auto');
    assert.equal(parseHttpSetting('1.1'), '1.1');
    assert.equal(parseHttpSetting('h2'), '2');
    assert.throws(() => parseHttpSetting('3'), /expected auto, 1.1 or 2/);
  });
});

describe('Kinesis transport against moto (HTTP/1.1 only)', () => {
  const missing = motoMissing();
  let moto: Moto | undefined;
  before(async () => {
    if (!missing) moto = await startMoto();
  });
  after(() => moto?.stop());

  it('negotiates HTTP/1.1 and every Kinesis call works', { skip: missing }, async () => {
    assert.equal(await speaksHttp2(moto!.endpoint), false);
    const c = await openClients({ provider: 'aws', region: 'us-east-1', endpointUrl: moto!.endpoint });
    try {
      await c.kinesis.send(new CreateStreamCommand({ StreamName: 'h1check', ShardCount: 1 }));
      const out = await c.kinesis.send(new ListStreamsCommand({}));
      assert.ok(out.StreamNames?.includes('h1check'));
      assert.equal((handlerOf(c) as NegotiatingHandler).version, '1.1');
    } finally {
      await c.close();
    }
  });
});
