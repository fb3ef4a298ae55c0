// Drives `produce` (and `up`) the way the CLI core does: a CommandContext over real SDK clients on the local
// in-process emulator, LakehouseErrors turned into exit codes; plus helpers to read a stream back.
import { PassThrough, Readable } from 'node:stream';
import { CreateStreamCommand, GetRecordsCommand, waitUntilStreamExists, GetShardIteratorCommand, ListShardsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { openClients } from '../../src/aws/clients.js';
import type { CommandContext, CommandDef, OutputFormat, Ui } from '../../src/cli/command.js';
import type { Pipeline } from '../../src/config/types.js';
import { LakehouseError } from '../../src/errors.js';
import { seedFields } from './fields.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '30';
process.env.LAKEHOUSE_KINESIS_TRANSITION_MS ??= '20';

export function testPipeline(dataDir: string, over: { name?: string; shards?: number; limits?: boolean } = {}): Pipeline {
  const name = over.name ?? 'prod';
  const bucket = `${name}-lake`;
  return {
    sourceFile: `${dataDir}/lakehouse.yaml`,
    name,
    provider: 'local',
    aws: {},
    local: { dataDir, enforceShardLimits: over.limits ?? false },
    region: 'us-east-1',
    tags: { 'lakehouse:pipeline': name },
    stream: { name: `${name}-stream`, mode: 'provisioned', shards: over.shards ?? 2, retentionHours: 24, encryption: false },
    delivery: {
      name: `${name}-delivery`,
      bufferSizeMb: 64,
      bufferIntervalS: 60,
      prefix: 'events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/',
      errorPrefix: 'errors/!{firehose:error-output-type}/',
      compression: 'SNAPPY',
      roleName: `${name}-firehose`,
    },
    bucket: { name: bucket },
    table: {
      database: 'lakehouse',
      name: 'events',
      location: `s3://${bucket}/events/`,
      partitions: [
        { name: 'year', type: 'int', format: 'yyyy', range: [2020, 2100] },
        { name: 'month', type: 'int', format: 'MM', range: [1, 12], digits: 2 },
        { name: 'day', type: 'int', format: 'dd', range: [1, 31], digits: 2 },
        { name: 'hour', type: 'int', format: 'HH', range: [0, 23], digits: 2 },
      ],
      locationTemplate: `s3://${bucket}/events/year=\${year}/month=\${month}/day=\${day}/hour=\${hour}/`,
    },
    athena: {
      workgroup: name,
      resultsPrefix: 'athena-results/',
      outputLocation: `s3://${bucket}/athena-results/`,
      scanLimitBytes: 1024 * 1024 * 1024,
    },
    fields: seedFields,
    producer: { partitionKey: 'uuid' },
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function plainUi(stderr: PassThrough): Ui {
  return {
    color: false,
    info: (m) => void stderr.write(`${m}\n`),
    warn: (m) => void stderr.write(`${m}\n`),
    bold: (s) => s,
    dim: (s) => s,
    green: (s) => s,
    red: (s) => s,
    yellow: (s) => s,
    step: (label, work) => {
      stderr.write(`… ${label}\n`);
      return work();
    },
    confirm: async () => true,
  };
}

export interface RunOpts {
  output?: OutputFormat;
  /** LAKEHOUSE_FAULTS syntax for the emulator this command opens. */
  faults?: string;
  signal?: AbortSignal;
}

export async function runCommand(def: CommandDef, pipeline: Pipeline, args: Record<string, unknown> = {}, o: RunOpts = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b) => out.push(b));
  stderr.on('data', (b) => err.push(b));
  const ctx: CommandContext = {
    io: { stdout, stderr, stdin: Readable.from(['']), env: {}, cwd: process.cwd(), isTTY: false },
    args: { config: pipeline.sourceFile, output: o.output ?? 'table', color: false, debug: false, yes: true, ...args },
    ui: plainUi(stderr),
    loadPipeline: async () => pipeline,
    openClients: (p) =>
      openClients({
        provider: 'local',
        region: p.region,
        dataDir: p.local.dataDir,
        faults: o.faults ?? '',
        enforceShardLimits: p.local.enforceShardLimits,
      }),
    signal: o.signal ?? new AbortController().signal,
  };
  let code: number;
  try {
    code = await def.run(ctx);
  } catch (e) {
    if (!(e instanceof LakehouseError)) throw e;
    stderr.write(`${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
    code = e.exitCode;
  }
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

export interface StreamRecord {
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  data: string;
}

/** Every record of every shard, oldest first per shard (GetRecords until the shard's tip). */
export async function readStream(kinesis: KinesisClient, streamName: string): Promise<StreamRecord[]> {
  const shards = (await kinesis.send(new ListShardsCommand({ StreamName: streamName }))).Shards ?? [];
  const out: StreamRecord[] = [];
  for (const shard of shards) {
    let it = (
      await kinesis.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))
    ).ShardIterator;
    while (it) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10_000 }));
      for (const r of page.Records ?? []) {
        out.push({ shardId: shard.ShardId!, sequenceNumber: r.SequenceNumber!, partitionKey: r.PartitionKey!, data: Buffer.from(r.Data!).toString('utf8') });
      }
      if (!page.Records?.length && page.MillisBehindLatest === 0) break;
      it = page.NextShardIterator;
    }
  }
  return out;
}

/** The JSON object lines of a text (progress, summary). */
export function jsonLines(text: string): Array<Record<string, any>> {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

/** Just the stream (all `produce` needs), created with the SDK. */
export async function createStream(p: Pipeline): Promise<void> {
  const c = await openClients({ provider: 'local', region: p.region, dataDir: p.local.dataDir, faults: '' });
  try {
    await c.kinesis.send(new CreateStreamCommand({ StreamName: p.stream.name, ShardCount: p.stream.shards }));
    await waitUntilStreamExists({ client: c.kinesis, maxWaitTime: 30, minDelay: 0.05 } as never, { StreamName: p.stream.name });
  } finally {
    await c.close();
  }
}
