// Test harness: the real @aws-sdk/client-kinesis KinesisClient, through the in-process SDK handler, talking
// to the whole embedded emulator (a fresh temp data dir per test unless one is given to reopen). Built on
// Emulator.open rather than openClients so tests can move the clock and set the transition delay.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LocalHttpHandler } from '../../../src/local/handler.js';
import { Emulator } from '../../../src/local/emulator.js';
import type { EmulatorSettings } from '../../../src/local/service.js';
import type { KinesisInternal } from '../../../src/local/types.js';

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
  const emulator = await Emulator.open({ dataDir, region: 'us-east-1', now, settings });
  const kinesis = new KinesisClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:4566',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new LocalHttpHandler(emulator),
    maxAttempts: 1,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    kinesis.destroy();
    await emulator.close();
  };
  return {
    kinesis,
    internal: emulator.kinesis,
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
