// Drives `produce` (and `up`) the way the CLI core does: a CommandContext over real SDK clients on the local
// in-process emulator, LakehouseErrors turned into exit codes; plus helpers to read a stream back.
import { CreateStreamCommand, GetRecordsCommand, waitUntilStreamExists, GetShardIteratorCommand, ListShardsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { openClients } from '../../src/aws/clients.js';
import type { CommandDef } from '../../src/cli/command.js';
import type { Pipeline } from '../../src/config/types.js';
import { runCommand as runCommandOn, type CliRun, type CommandRunOptions } from '../support/cli.js';
import { pipelineFixture } from '../support/pipeline.js';
import { seedFields } from './fields.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '30';
process.env.LAKEHOUSE_KINESIS_TRANSITION_MS ??= '20';

export function testPipeline(dataDir: string, over: { name?: string; shards?: number; limits?: boolean } = {}): Pipeline {
  return pipelineFixture({
    name: over.name ?? 'prod',
    sourceFile: `${dataDir}/lakehouse.yaml`,
    dataDir,
    shards: over.shards ?? 2,
    enforceShardLimits: over.limits ?? false,
    fields: seedFields,
  });
}

/** Runs `def` as with --yes: confirmations say yes, step labels are echoed to stderr. */
export function runCommand(def: CommandDef, pipeline: Pipeline, args: Record<string, unknown> = {}, o: Pick<CommandRunOptions, 'output' | 'faults' | 'signal'> = {}): Promise<CliRun> {
  return runCommandOn(def, pipeline, { yes: true, ...args }, { ...o, answer: true, echoSteps: true });
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
