// PutRecords throughput of the local Kinesis: 500-record batches of ~160-byte records, through
// (1) the real SDK KinesisClient, the in-process handler and the whole emulator, with 1 and 4 calls in
// flight, and (2) the kinesis service's PutRecords action alone (no SDK, no JSON), to show where time goes.
// Run: node --import tsx bench/kinesis-putrecords.ts [seconds per case, default 3]
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { LocalHttpHandler } from '../src/local/handler.js';
import { Emulator } from '../src/local/emulator.js';
import { faultHook } from '../src/local/faults.js';
import type { JsonHandler, Neighbours } from '../src/local/service.js';
import { create } from '../src/local/services/kinesis/index.js';
import { printFigure } from './figure.js';

const SECONDS = Number(process.argv[2] ?? 3);
const BATCH = 500;
const SHARDS = 4;

function record(i: number) {
  const body = JSON.stringify({
    uuid: randomUUID(),
    event_date: new Date().toISOString().slice(0, 19).replace('T', ' '),
    name: 'John',
    last: `Smith${i}`,
    email: `j${i}@ex.com`,
    phone: 5551234000 + i,
  });
  return { PartitionKey: randomUUID(), Data: Buffer.from(body) };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-bench-kinesis-'));
const settings = { enforceShardLimits: false, faults: [], kinesisTransitionMs: 10 };
const emulator = await Emulator.open({ dataDir: path.join(dataDir, 'emu'), settings });
const kinesis = new KinesisClient({
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:4566',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  requestHandler: new LocalHttpHandler(emulator),
});
await kinesis.send(new CreateStreamCommand({ StreamName: 'bench', ShardCount: SHARDS }));
while ((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'bench' }))).StreamDescriptionSummary!.StreamStatus !== 'ACTIVE') {
  await new Promise((r) => setTimeout(r, 10));
}

// A pool of distinct batches, built once so generation is not measured.
const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: BATCH }, (_, i) => record(b * BATCH + i)));
const avgBytes = batches[0]!.reduce((n, r) => n + r.Data.length, 0) / BATCH;

async function viaSdk(inFlight: number): Promise<number> {
  let records = 0;
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async (_, w) => {
      for (let i = w; performance.now() < end; i += inFlight) {
        const res = await kinesis.send(new PutRecordsCommand({ StreamName: 'bench', Records: batches[i % batches.length] }));
        if (res.FailedRecordCount) throw new Error('records failed');
        records += BATCH;
      }
    }),
  );
  return records / ((performance.now() - start) / 1000);
}

async function direct(): Promise<number> {
  const ctx = { region: 'us-east-1', accountId: '000000000000', now: Date.now };
  // The action alone: no metrics (a feed that drops them), no faults.
  const metrics = new Proxy({}, { get: () => () => undefined }) as Neighbours['metrics'];
  const svc = create({ env: { dataDir: path.join(dataDir, 'svc'), ...ctx, settings, faults: faultHook(settings) }, metrics });
  const { actions } = svc.handler as JsonHandler;
  actions.CreateStream!({ StreamName: 'bench', ShardCount: SHARDS }, ctx);
  const status = () => (actions.DescribeStreamSummary!({ StreamName: 'bench' }, ctx) as any).StreamDescriptionSummary.StreamStatus;
  while (status() !== 'ACTIVE') await new Promise((r) => setTimeout(r, 10));
  // The action as the JSON protocol hands it over: Data already base64 strings.
  const inputs = batches.map((b) => ({ StreamName: 'bench', Records: b.map((r) => ({ PartitionKey: r.PartitionKey, Data: r.Data.toString('base64') })) }));
  let records = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  for (let i = 0; performance.now() < end; i++) {
    actions.PutRecords!(inputs[i % inputs.length], ctx);
    records += BATCH;
  }
  const rate = records / ((performance.now() - start) / 1000);
  await svc.close?.();
  return rate;
}

const note = `${BATCH}-record batches, ~${Math.round(avgBytes)}-byte records, ${SHARDS} shards, writeSync per shard per call`;
await viaSdk(1); // warm-up
const sdk1 = await viaSdk(1);
printFigure({ name: 'kinesis PutRecords via SDK in-process (1 in flight)', value: Math.round(sdk1), unit: 'records/s', note });
const sdk4 = await viaSdk(4);
printFigure({ name: 'kinesis PutRecords via SDK in-process (4 in flight)', value: Math.round(sdk4), unit: 'records/s', note });
const raw = await direct();
printFigure({ name: 'kinesis PutRecords action alone (no SDK, no JSON)', value: Math.round(raw), unit: 'records/s', note });

kinesis.destroy();
await emulator.close();
fs.rmSync(dataDir, { recursive: true, force: true });
