// For tests across the project: `const c = await openLocalForTest()` gives local SDK clients on a fresh
// temp data directory (in-process emulator); `await c.close()` closes them and deletes the directory.
// Pass `dataDir` to reopen an existing directory (then it is kept), `faults` to inject failures
// (LAKEHOUSE_FAULTS syntax), `enforceShardLimits` for Kinesis write limits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openClients, type Clients } from '../../src/aws/clients.js';

export interface LocalTestClients extends Clients {
  dataDir: string;
}

export async function openLocalForTest(
  opts: { dataDir?: string; faults?: string; enforceShardLimits?: boolean; region?: string } = {},
): Promise<LocalTestClients> {
  const created = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-test-'));
  const clients = await openClients({
    provider: 'local',
    region: opts.region ?? 'us-east-1',
    dataDir,
    faults: opts.faults ?? '',
    enforceShardLimits: opts.enforceShardLimits ?? false,
  });
  return {
    ...clients,
    dataDir,
    async close() {
      await clients.close();
      if (created) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
