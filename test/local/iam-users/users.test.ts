// IAM users, groups, access keys and login profiles through the in-process emulator and through `serve`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { startServer } from '../../../src/local/server.js';
import { openLocalForTest } from '../../support/local-clients.js';
import { usersSuite } from './users-suite.js';

const base = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

async function serve() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-iam-users-'));
  const server = await startServer({ dataDir, port: 0 });
  return {
    endpoint: server.endpoint,
    iam: new IAMClient({ ...base, endpoint: server.endpoint }),
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

usersSuite('in-process', () => openLocalForTest());
usersSuite('serve', serve);
