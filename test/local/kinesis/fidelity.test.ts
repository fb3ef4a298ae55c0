// Kinesis answers as AWS does (wording measured by kinesalite against AWS): validation before lookup with
// every problem listed, SerializationException's `Message`, empty bodies for output-less actions, inputs
// AWS accepts (shardId-0, SequenceNumberForOrdering "0"), tag characters, and the stored settings:
// enhanced monitoring, resource policies, stream consumers. Raw HTTP through serve where the wire matters.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DeleteResourcePolicyCommand,
  DeregisterStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  DisableEnhancedMonitoringCommand,
  EnableEnhancedMonitoringCommand,
  GetResourcePolicyCommand,
  GetShardIteratorCommand,
  ListStreamConsumersCommand,
  PutRecordCommand,
  PutResourcePolicyCommand,
  RegisterStreamConsumerCommand,
} from '@aws-sdk/client-kinesis';
import { startServer } from '../../../src/local/server.js';
import { openKinesis } from './harness.js';

async function call(endpoint: string, action: string, body: unknown): Promise<{ status: number; text: string; json: any }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Kinesis_20131202.${action}`, authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=x' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

test('over the wire: Message on SerializationException, every problem in AWS order, empty bodies, validation before lookup', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-kinesis-wire-'));
  const server = await startServer({ dataDir, port: 0 });
  const ep = server.endpoint;
  try {
    assert.deepEqual((await call(ep, 'CreateStream', { StreamName: 'w', ShardCount: true })).json, {
      __type: 'SerializationException',
      Message: 'class java.lang.Boolean can not be converted to an Integer',
    });
    assert.deepEqual((await call(ep, 'AddTagsToStream', { StreamName: 'w', Tags: { a: 1 } })).json, {
      __type: 'SerializationException',
      Message: 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String',
    });
    assert.deepEqual((await call(ep, 'PutRecord', { StreamName: 'w', PartitionKey: 'a', Data: '=+/=' })).json.Message, "'=+/=' can not be converted to a Blob: Invalid Base64 character: '='");
    const many = await call(ep, 'PutRecord', { StreamName: '', PartitionKey: '', Data: '', ExplicitHashKey: '', SequenceNumberForOrdering: '' });
    assert.equal(many.json.__type, 'ValidationException');
    assert.equal(
      many.json.message,
      "5 validation errors detected: Value '' at 'sequenceNumberForOrdering' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128}); " +
        "Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38}); " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    // Validation and argument checks come before the (missing) stream is looked up.
    assert.equal((await call(ep, 'GetShardIterator', { StreamName: 'missing', ShardId: 'shardId-0', ShardIteratorType: 'AT_SEQUENCE_NUMBER' })).json.__type, 'InvalidArgumentException');
    assert.deepEqual((await call(ep, 'GetShardIterator', { StreamName: 'missing', ShardId: 'shardId-7', ShardIteratorType: 'LATEST' })).json, {
      __type: 'ResourceNotFoundException',
      message: 'Shard shardId-000000000007 in stream missing under account 000000000000 does not exist',
    });
    const created = await call(ep, 'CreateStream', { StreamName: 'w', ShardCount: 1 });
    assert.deepEqual([created.status, created.text], [200, ''], 'an operation without output answers an empty body');
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('inputs AWS accepts, tag characters, monitoring, resource policies and consumers', async () => {
  const h = await openKinesis();
  const k = h.kinesis;
  try {
    await k.send(new CreateStreamCommand({ StreamName: 'f', ShardCount: 2 }));
    await new Promise((r) => setTimeout(r, 60));
    const arn = (await k.send(new DescribeStreamSummaryCommand({ StreamName: 'f' }))).StreamDescriptionSummary!.StreamARN!;
    // shardId-1 and shardId-000000000001 are the same shard; "0" is a valid SequenceNumberForOrdering.
    assert.ok((await k.send(new GetShardIteratorCommand({ StreamName: 'f', ShardId: 'shardId-1', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator);
    const put = await k.send(new PutRecordCommand({ StreamName: 'f', PartitionKey: 'a', Data: Buffer.from('x'), SequenceNumberForOrdering: '0' }));
    assert.match(put.SequenceNumber!, /^\d{56}$/);

    await assert.rejects(k.send(new AddTagsToStreamCommand({ StreamName: 'f', Tags: { 'a;b': '1' } })), {
      name: 'InvalidArgumentException',
      message: 'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.',
    });
    await assert.rejects(k.send(new AddTagsToStreamCommand({ StreamName: 'f', Tags: { a: 'line\nbreak' } })), { name: 'InvalidArgumentException' });
    await assert.rejects(k.send(new AddTagsToStreamCommand({ StreamName: 'f', Tags: { 'a%b': '1' } })), { message: /because some tags contained illegal characters/ });

    const on = await k.send(new EnableEnhancedMonitoringCommand({ StreamName: 'f', ShardLevelMetrics: ['IncomingBytes', 'OutgoingRecords'] }));
    assert.deepEqual([on.CurrentShardLevelMetrics, on.DesiredShardLevelMetrics], [[], ['IncomingBytes', 'OutgoingRecords']]);
    const off = await k.send(new DisableEnhancedMonitoringCommand({ StreamName: 'f', ShardLevelMetrics: ['IncomingBytes'] }));
    assert.deepEqual(off.DesiredShardLevelMetrics, ['OutgoingRecords']);
    const all = await k.send(new EnableEnhancedMonitoringCommand({ StreamName: 'f', ShardLevelMetrics: ['ALL'] }));
    assert.equal(all.DesiredShardLevelMetrics?.length, 7);

    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kinesis:GetRecords', Resource: arn }] });
    await k.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: policy }));
    assert.equal((await k.send(new GetResourcePolicyCommand({ ResourceARN: arn }))).Policy, policy);
    await assert.rejects(k.send(new PutResourcePolicyCommand({ ResourceARN: arn, Policy: 'nope' })), { name: 'InvalidArgumentException' });
    await k.send(new DeleteResourcePolicyCommand({ ResourceARN: arn }));
    assert.equal((await k.send(new GetResourcePolicyCommand({ ResourceARN: arn }))).Policy, '{}');
    // Addressed by ARN only: an unknown resource or a missing policy is named by its whole ARN.
    await assert.rejects(k.send(new DeleteResourcePolicyCommand({ ResourceARN: arn })), { name: 'ResourceNotFoundException', message: `No resource policy found for resource ARN ${arn}.` });
    const account = arn.split(':')[4];
    const unknown = { name: 'ResourceNotFoundException', message: `Stream ${arn}unknown under account ${account} not found.` };
    await assert.rejects(k.send(new GetResourcePolicyCommand({ ResourceARN: `${arn}unknown` })), unknown);
    await assert.rejects(k.send(new DeleteResourcePolicyCommand({ ResourceARN: `${arn}unknown` })), unknown);

    const c = await k.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'one' }));
    assert.match(c.Consumer!.ConsumerARN!, new RegExp(`^${arn}/consumer/one:\\d+$`));
    await assert.rejects(k.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'one' })), { name: 'ResourceInUseException' });
    assert.equal((await k.send(new DescribeStreamSummaryCommand({ StreamName: 'f' }))).StreamDescriptionSummary?.ConsumerCount, 1);
    assert.deepEqual((await k.send(new ListStreamConsumersCommand({ StreamARN: arn }))).Consumers?.map((x) => x.ConsumerName), ['one']);
    await k.send(new DeregisterStreamConsumerCommand({ ConsumerARN: c.Consumer!.ConsumerARN }));
    assert.deepEqual((await k.send(new ListStreamConsumersCommand({ StreamARN: arn }))).Consumers, []);
    await assert.rejects(k.send(new DeregisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: 'one' })), { name: 'ResourceNotFoundException' });
  } finally {
    await h.dispose();
  }
});
