// The Kinesis data stream: mode, shard count, retention, server-side encryption (AWS managed key), tags.
// Every one of them changes in place (UpdateStreamMode keeps the stream, its ARN and its unread records).
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DeleteStreamCommand,
  DescribeStreamSummaryCommand,
  IncreaseStreamRetentionPeriodCommand,
  ListTagsForStreamCommand,
  StartStreamEncryptionCommand,
  StopStreamEncryptionCommand,
  UpdateShardCountCommand,
  UpdateStreamModeCommand,
} from '@aws-sdk/client-kinesis';
import { isDirectPut, type Pipeline } from '../config/types.js';
import { arn } from './arns.js';
import { awsCall, orMissing } from './aws-errors.js';
import { shardSteps } from './shard-steps.js';
import type { ArnIds, Desired, Observed, ResourceContext, ResourceModule } from './types.js';
import { OWNER_TAG, pickTags, sameValue, tagMap } from './values.js';
import { waitUntil } from './wait.js';

export const KINESIS_MANAGED_KEY = 'alias/aws/kinesis';

function desired(p: Pipeline, ids: ArnIds): Desired {
  const onDemand = p.stream.mode === 'on_demand';
  return {
    kind: 'stream',
    name: p.stream.name,
    arn: arn.stream(ids, p.stream.name),
    props: {
      mode: onDemand ? 'ON_DEMAND' : 'PROVISIONED',
      // On-demand streams scale themselves: the shard count is not ours to compare.
      shards: onDemand ? null : p.stream.shards,
      retentionHours: p.stream.retentionHours,
      // Only on/off is compared: AWS may report the managed key by alias or by key id.
      encryption: p.stream.encryption ? 'KMS' : 'NONE',
      tags: p.tags,
    },
    ...(isDirectPut(p) ? { absent: true } : {}),
  };
}

async function describe(ctx: ResourceContext, d: Desired): Promise<Observed> {
  // A Direct PUT pipeline has no stream: one by this name is not ours to look at (discovery finds ours).
  if (d.absent) return { kind: 'stream', name: d.name, exists: false, owned: false, props: {} };
  const k = ctx.clients.kinesis;
  const out = await orMissing(`DescribeStreamSummary ${d.name}`, () =>
    k.send(new DescribeStreamSummaryCommand({ StreamName: d.name })),
  );
  const s = out?.StreamDescriptionSummary;
  if (!s) return { kind: 'stream', name: d.name, exists: false, owned: false, props: {} };
  // Going away (a down just ran on AWS): plan it as absent; create waits for it to be gone.
  if (s.StreamStatus === 'DELETING') return { kind: 'stream', name: d.name, exists: false, owned: false, status: 'DELETING', props: {} };
  const tags = await awsCall(`ListTagsForStream ${d.name}`, () => k.send(new ListTagsForStreamCommand({ StreamName: d.name })));
  const all = tagMap(tags.Tags);
  const mode = s.StreamModeDetails?.StreamMode ?? 'PROVISIONED';
  return {
    kind: 'stream',
    name: d.name,
    exists: true,
    owned: all[OWNER_TAG] === ctx.pipeline.name,
    arn: s.StreamARN,
    status: s.StreamStatus,
    meta: s.KeyId ? { keyId: s.KeyId } : undefined,
    props: {
      mode,
      shards: mode === 'ON_DEMAND' ? null : (s.OpenShardCount ?? null),
      retentionHours: s.RetentionPeriodHours ?? null,
      encryption: s.EncryptionType === 'KMS' ? 'KMS' : 'NONE',
      tags: pickTags(all, d.props.tags as Record<string, string>),
    },
  };
}

async function waitActive(ctx: ResourceContext, name: string, why: string): Promise<void> {
  await ctx.step(`Waiting for stream ${name} to be ACTIVE (${why})`, () =>
    waitUntil(
      `stream ${name} ACTIVE`,
      async () => {
        const out = await awsCall(`DescribeStreamSummary ${name}`, () =>
          ctx.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name })),
        );
        return out.StreamDescriptionSummary?.StreamStatus === 'ACTIVE';
      },
      { intervalMs: ctx.pollMs, signal: ctx.signal },
    ),
  );
}

async function create(ctx: ResourceContext, d: Desired): Promise<void> {
  const k = ctx.clients.kinesis;
  const p = ctx.pipeline;
  await waitGone(ctx, d.name);
  const onDemand = d.props.mode === 'ON_DEMAND';
  await awsCall(`CreateStream ${d.name}`, () =>
    k.send(
      new CreateStreamCommand({
        StreamName: d.name,
        ShardCount: onDemand ? undefined : p.stream.shards,
        StreamModeDetails: { StreamMode: onDemand ? 'ON_DEMAND' : 'PROVISIONED' },
        Tags: p.tags,
      }),
    ),
  );
  await waitActive(ctx, d.name, 'created');
  const fresh = await describe(ctx, d);
  const rest = Object.keys(d.props).filter((f) => f !== 'mode' && !sameValue(fresh.props[f], d.props[f]));
  // Retention and encryption cannot be given to CreateStream: set them right after.
  if (rest.length) await update(ctx, d, fresh, rest);
}

async function update(ctx: ResourceContext, d: Desired, o: Observed, changed: string[]): Promise<void> {
  const k = ctx.clients.kinesis;
  const name = d.name;
  // An interrupted up may leave the stream CREATING/UPDATING: Kinesis refuses changes until ACTIVE.
  if (o.status && o.status !== 'ACTIVE') await waitActive(ctx, name, o.status.toLowerCase());
  if (changed.includes('tags')) {
    await awsCall(`AddTagsToStream ${name}`, () => k.send(new AddTagsToStreamCommand({ StreamName: name, Tags: ctx.pipeline.tags })));
  }
  if (changed.includes('retentionHours')) {
    const want = d.props.retentionHours as number;
    const have = (o.props.retentionHours as number | null) ?? 24;
    const input = { StreamName: name, RetentionPeriodHours: want };
    await awsCall(`Change retention of ${name}`, () =>
      want > have
        ? k.send(new IncreaseStreamRetentionPeriodCommand(input))
        : k.send(new DecreaseStreamRetentionPeriodCommand(input)),
    );
    await waitActive(ctx, name, 'retention');
  }
  // Mode first: a stream switched to provisioned keeps the shards it had, then is resharded to the spec's count.
  if (changed.includes('mode')) {
    const mode = d.props.mode as 'ON_DEMAND' | 'PROVISIONED';
    const streamArn = o.arn ?? d.arn;
    await awsCall(`UpdateStreamMode ${name}`, () =>
      k.send(new UpdateStreamModeCommand({ StreamARN: streamArn, StreamModeDetails: { StreamMode: mode } })),
    );
    await waitActive(ctx, name, `switching to ${mode.toLowerCase().replace('_', '-')}`);
  }
  if (changed.includes('shards') && d.props.shards !== null) await reshard(ctx, name, d.props.shards as number);
  if (changed.includes('encryption')) {
    if (d.props.encryption === 'NONE') {
      const keyId = o.meta?.keyId ?? KINESIS_MANAGED_KEY;
      await awsCall(`StopStreamEncryption ${name}`, () =>
        k.send(new StopStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: keyId })),
      );
    } else {
      await awsCall(`StartStreamEncryption ${name}`, () =>
        k.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: KINESIS_MANAGED_KEY })),
      );
    }
    await waitActive(ctx, name, 'encryption');
  }
}

/** UpdateShardCount to `target`, in steps of at most double or half the open shards, ACTIVE between steps. */
async function reshard(ctx: ResourceContext, name: string, target: number): Promise<void> {
  // Counted now, not from the plan: the mode switch or an interrupted earlier up may have changed it.
  const open = (await summary(ctx, name))?.OpenShardCount ?? target;
  for (const step of shardSteps(open, target)) {
    await awsCall(`UpdateShardCount ${name} to ${step}`, () =>
      ctx.clients.kinesis.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: step, ScalingType: 'UNIFORM_SCALING' })),
    );
    await waitActive(ctx, name, `resharding to ${step} shards`);
  }
}

async function summary(ctx: ResourceContext, name: string) {
  const out = await orMissing(`DescribeStreamSummary ${name}`, () =>
    ctx.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name })),
  );
  return out?.StreamDescriptionSummary;
}

/** Waits while a stream of this name is still DELETING (no-op when absent). */
async function waitGone(ctx: ResourceContext, name: string): Promise<void> {
  if ((await summary(ctx, name))?.StreamStatus !== 'DELETING') return;
  await ctx.step(`Waiting for stream ${name} to be deleted`, () =>
    waitUntil(`stream ${name} deleted`, async () => (await summary(ctx, name)) === undefined, {
      intervalMs: ctx.pollMs,
      signal: ctx.signal,
    }),
  );
}

async function remove(ctx: ResourceContext, o: Observed): Promise<void> {
  const k = ctx.clients.kinesis;
  const current = await summary(ctx, o.name);
  if (!current) return;
  if (current.StreamStatus !== 'DELETING') {
    await orMissing(`DeleteStream ${o.name}`, () => k.send(new DeleteStreamCommand({ StreamName: o.name, EnforceConsumerDeletion: true })));
  }
  await ctx.step(`Waiting for stream ${o.name} to be deleted`, () =>
    waitUntil(`stream ${o.name} deleted`, async () => (await summary(ctx, o.name)) === undefined, {
      intervalMs: ctx.pollMs,
      signal: ctx.signal,
    }),
  );
}

export const stream: ResourceModule = { kind: 'stream', replaceOn: [], desired, describe, create, update, delete: remove };
