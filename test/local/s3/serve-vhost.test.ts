// Virtual-host style over serve: a bucket whose name starts with `s3` (only `s3.localhost` and
// `s3.<region>.localhost` name the service itself) takes a large upload streamed like any other.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { startServer } from '../../../src/local/server.js';
import { tempDirForFile } from '../../support/tmp.js';
import { send, signed } from '../serve/raw.js';

test('a 9 MiB PutObject to <s3…>.localhost is an upload of that bucket, not an XML body', async () => {
  const dataDir = tempDirForFile('lh-s3-vhost-');
  const server = await startServer({ dataDir, port: 0 });
  try {
    const auth = { authorization: signed() };
    assert.equal((await send(server, { method: 'PUT', path: '/s3data', headers: auth })).status, 200);
    const body = Buffer.alloc(9 * 1024 * 1024, 'v');
    const put = await send(server, { method: 'PUT', path: '/big.bin', headers: { ...auth, host: `s3data.localhost:${server.port}` }, body });
    assert.equal(put.status, 200, put.text);
    const head = await send(server, { method: 'HEAD', path: '/s3data/big.bin', headers: auth });
    assert.equal(head.headers['content-length'], String(body.length));
    assert.equal(fs.statSync(server.emulator.s3.objectPath('s3data', 'big.bin')).size, body.length);
  } finally {
    await server.close();
  }
});
