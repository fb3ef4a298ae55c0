// Enhanced fan-out consumers (Register/Deregister/Describe/ListStreamConsumers), enhanced monitoring and
// resource policies: stored with the stream and returned as AWS shapes them. SubscribeToShard is in
// subscribe.ts.
import { AwsError } from '../../../types.js';
import { NO_OUTPUT } from '../../../protocol/json.js';
import { seconds, type Kinesis } from '../context.js';
import { invalidArgument, limitExceeded, notFound } from '../errors.js';
import type { ConsumerMeta, Stream } from '../model.js';
import { findActive, findStream, nameFromArn } from '../resolve.js';

const MAX_CONSUMERS = 20;
const ALL_METRICS = ['IncomingBytes', 'IncomingRecords', 'OutgoingBytes', 'OutgoingRecords', 'WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded', 'IteratorAgeMilliseconds'];

const consumerShape = (c: ConsumerMeta) => ({
  ConsumerName: c.name,
  ConsumerARN: c.arn,
  ConsumerStatus: c.status,
  ConsumerCreationTimestamp: seconds(c.createdMs),
});

function consumerNotFound(what: string, k: Kinesis): AwsError {
  return new AwsError('ResourceNotFoundException', `Consumer ${what} under account ${k.store.accountId} not found.`);
}

/** The consumer named by ConsumerARN, or by StreamARN + ConsumerName. */
export function findConsumer(input: any, k: Kinesis): { stream: Stream; consumer: ConsumerMeta } {
  if (input.ConsumerARN) {
    const stream = k.store.streams.get(nameFromArn(input.ConsumerARN));
    const consumer = stream?.meta.consumers?.find((c) => c.arn === input.ConsumerARN);
    if (!stream || !consumer) throw consumerNotFound(input.ConsumerARN, k);
    return { stream, consumer };
  }
  if (!input.StreamARN || !input.ConsumerName) {
    throw invalidArgument('Either ConsumerARN or both ConsumerName and StreamARN must be provided.');
  }
  const stream = findStream(k.store, { StreamARN: input.StreamARN });
  const consumer = stream.meta.consumers?.find((c) => c.name === input.ConsumerName);
  if (!consumer) throw consumerNotFound(input.ConsumerName, k);
  return { stream, consumer };
}

export function RegisterStreamConsumer(input: any, k: Kinesis): unknown {
  const stream = findStream(k.store, { StreamARN: input.StreamARN });
  const consumers = (stream.meta.consumers ??= []);
  if (consumers.some((c) => c.name === input.ConsumerName)) {
    throw new AwsError('ResourceInUseException', `Consumer ${input.ConsumerName} under account ${k.store.accountId} already exists for stream ${stream.name}.`);
  }
  if (consumers.length >= MAX_CONSUMERS) {
    throw limitExceeded(`Stream ${stream.name} under account ${k.store.accountId} already has ${MAX_CONSUMERS} consumers, the maximum allowed.`);
  }
  const now = k.store.now();
  // Consumers become ACTIVE at once locally (AWS takes seconds); clients that wait for ACTIVE see it first poll.
  const consumer: ConsumerMeta = { name: input.ConsumerName, arn: `${stream.meta.arn}/consumer/${input.ConsumerName}:${Math.floor(now / 1000)}`, createdMs: now, status: 'ACTIVE', ...(input.Tags ? { tags: input.Tags } : {}) };
  consumers.push(consumer);
  k.store.save(stream);
  return { Consumer: { ...consumerShape(consumer), ConsumerStatus: 'CREATING' } };
}

export function DeregisterStreamConsumer(input: any, k: Kinesis): unknown {
  const { stream, consumer } = findConsumer(input, k);
  stream.meta.consumers = stream.meta.consumers!.filter((c) => c !== consumer);
  k.store.save(stream);
  return NO_OUTPUT;
}

export function DescribeStreamConsumer(input: any, k: Kinesis): unknown {
  const { stream, consumer } = findConsumer(input, k);
  return { ConsumerDescription: { ...consumerShape(consumer), StreamARN: stream.meta.arn } };
}

export function ListStreamConsumers(input: any, k: Kinesis): unknown {
  const stream = findStream(k.store, { StreamARN: input.StreamARN });
  const all = stream.meta.consumers ?? [];
  const limit = Math.min(input.MaxResults ?? 100, 100);
  const start = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64').toString('utf8').replace(/^lc\|/, '')) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidArgument(`Invalid NextToken: ${input.NextToken}`);
  const page = all.slice(start, start + limit);
  return {
    Consumers: page.map(consumerShape),
    ...(start + limit < all.length ? { NextToken: Buffer.from(`lc|${start + limit}`).toString('base64') } : {}),
  };
}

function setMetrics(input: any, k: Kinesis, enable: boolean): unknown {
  const stream = findActive(k.store, input);
  const current = stream.meta.enhancedMetrics ?? [];
  const asked: string[] = input.ShardLevelMetrics.includes('ALL') ? ALL_METRICS : input.ShardLevelMetrics;
  const desired = enable ? [...new Set([...current, ...asked])] : current.filter((m) => !asked.includes(m));
  stream.meta.enhancedMetrics = ALL_METRICS.filter((m) => desired.includes(m));
  k.store.save(stream);
  return { StreamName: stream.name, StreamARN: stream.meta.arn, CurrentShardLevelMetrics: current, DesiredShardLevelMetrics: stream.meta.enhancedMetrics };
}

export const EnableEnhancedMonitoring = (input: any, k: Kinesis) => setMetrics(input, k, true);
export const DisableEnhancedMonitoring = (input: any, k: Kinesis) => setMetrics(input, k, false);

/** The stream a resource ARN (stream or consumer) belongs to. The resource-policy actions are addressed by
 * ARN only, so AWS names the whole ARN when it is unknown ("Stream <arn> under account <id> not found."). */
function policyStream(arn: string, k: Kinesis): Stream {
  const stream = k.store.streams.get(nameFromArn(arn));
  if (!stream || (arn !== stream.meta.arn && !stream.meta.consumers?.some((c) => c.arn === arn))) {
    throw arn.includes('/consumer/') ? consumerNotFound(arn, k) : notFound(arn, k.store.accountId);
  }
  return stream;
}

export function PutResourcePolicy(input: any, k: Kinesis): unknown {
  const stream = policyStream(input.ResourceARN, k);
  try {
    const doc = JSON.parse(input.Policy);
    if (!doc || typeof doc !== 'object' || !doc.Statement) throw new Error('no Statement');
  } catch {
    throw invalidArgument('Invalid policy document: the policy must be a JSON object with a Statement.');
  }
  stream.meta.policies = { ...stream.meta.policies, [input.ResourceARN]: input.Policy };
  k.store.save(stream);
  return NO_OUTPUT;
}

export function GetResourcePolicy(input: any, k: Kinesis): unknown {
  const stream = policyStream(input.ResourceARN, k);
  return { Policy: stream.meta.policies?.[input.ResourceARN] ?? '{}' };
}

export function DeleteResourcePolicy(input: any, k: Kinesis): unknown {
  const stream = policyStream(input.ResourceARN, k);
  if (!stream.meta.policies?.[input.ResourceARN]) throw new AwsError('ResourceNotFoundException', `No resource policy found for resource ARN ${input.ResourceARN}.`);
  delete stream.meta.policies[input.ResourceARN];
  k.store.save(stream);
  return NO_OUTPUT;
}
