// IAM users, groups, policies on them, access keys and login profiles through the in-process emulator and
// through `serve` (where requests carry the signing key, so a user's key signs as that user).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { startServer } from '../../../src/local/server.js';
import { openLocalForTest } from '../../support/local-clients.js';
import { accountSuite } from './account-suite.js';
import { credentialsSuite } from './credentials-suite.js';
import { groupsSuite } from './groups-suite.js';
import { usersSuite } from './users-suite.js';

const region = 'us-east-1';
const root = { accessKeyId: 'test', secretAccessKey: 'test' };

async function serve() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-iam-users-'));
  const server = await startServer({ dataDir, port: 0 });
  const endpoint = server.endpoint;
  return {
    iam: new IAMClient({ region, endpoint, credentials: root }),
    as: (credentials: { accessKeyId: string; secretAccessKey: string }) => ({
      iam: new IAMClient({ region, endpoint, credentials }),
      sts: new STSClient({ region, endpoint, credentials }),
    }),
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

usersSuite('in-process', () => openLocalForTest());
usersSuite('serve', serve);
groupsSuite('in-process', () => openLocalForTest());
groupsSuite('serve', serve);
credentialsSuite('serve', serve);
accountSuite('in-process', () => openLocalForTest());
