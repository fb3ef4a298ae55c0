// The provider-aws lifecycle (lifecycle.ts) against `lakehouse serve` on 127.0.0.1: the emulator must pass
// the very flow moto passes, with every request model-checked.
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../../src/local/server.js';
import { tempDirForFile } from '../support/tmp.js';
import { lifecycle } from './lifecycle.js';

// Removed after the file's last test (created here, not in a hook, so it outlives the hook).
const dir = tempDirForFile('lakehouse-aws-serve-');

describe('provider aws against lakehouse serve', () => {
  let server: RunningServer;
  before(async () => (server = await startServer({ dataDir: path.join(dir, 'data'), port: 0 })));
  after(() => server?.close());
  it('up, no-op, plan --detailed-exitcode, field/shards/buffer/on-demand/rename, produce, down; boto3 finds nothing of ours', () =>
    lifecycle(server.endpoint, 'servelife'));
});
