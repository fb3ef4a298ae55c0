// IAM and STS through `serve` over HTTP/1.1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openClients } from '../../../src/aws/clients.js';
import { startServer } from '../../../src/local/server.js';
import { iamStsSuite } from '../iam-sts/suite.js';

iamStsSuite('serve', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-serve-iam-'));
  const server = await startServer({ dataDir, port: 0 });
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir });
  return {
    iam: c.iam,
    sts: c.sts,
    async close() {
      await c.close();
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
