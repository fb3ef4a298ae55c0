// Test harness: the real @aws-sdk/client-kinesis KinesisClient, through the in-process SDK handler, talking
// to the kinesis service alone (a fresh temp data dir per test unless one is given to reopen).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LocalHttpHandler } from '../../../src/local/handler.js';
import { dispatchJson } from '../../../src/local/protocol/json.js';
import type { EmulatorSettings } from '../../../src/local/service.js';
import { create } from '../../../src/local/services/kinesis/index.js';
import type { EmuRequest, KinesisInternal } from '../../../src/local/types.js';

export interface Harness {
  kinesis: KinesisClient;
  internal: KinesisInternal;
  dataDir: string;
  /** Close the service (keeps the data dir). */
  close(): Promise<void>;
  /** Close and delete the data dir. */
  dispose(): Promise<void>;
}

export async function openKinesis(
  opts: { dataDir?: string; settings?: Partial<EmulatorSettings>; now?: () => number } = {},
): Promise<Harness> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-kinesis-'));
  const now = opts.now ?? Date.now;
  const settings: EmulatorSettings = { enforceShardLimits: false, faults: [], kinesisTransitionMs: 20, ...opts.settings };
  const svc = await create({ dataDir, region: 'us-east-1', accountId: '000000000000', now, settings });
  const emulator = {
    handle(req: EmuRequest) {
      const target = req.headers['x-amz-target'] ?? '';
      const action = target.slice(target.indexOf('.') + 1);
      return dispatchJson(svc.json!, action, req, { region: 'us-east-1', accountId: '000000000000', now }, randomUUID());
    },
  };
  const kinesis = new KinesisClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4566',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new LocalHttpHandler(emulator as any),
    maxAttempts: 1,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    kinesis.destroy();
    await svc.close?.();
  };
  return {
    kinesis,
    internal: svc.internal!,
    dataDir,
    close,
    async dispose() {
      await close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls DescribeStreamSummary until the stream is ACTIVE. */
export async function waitActive(h: Harness, StreamName: string): Promise<void> {
  const { DescribeStreamSummaryCommand } = await import('@aws-sdk/client-kinesis');
  for (let i = 0; i < 200; i++) {
    const d = await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName }));
    if (d.StreamDescriptionSummary!.StreamStatus === 'ACTIVE') return;
    await sleep(10);
  }
  throw new Error(`stream ${StreamName} never became ACTIVE`);
}
