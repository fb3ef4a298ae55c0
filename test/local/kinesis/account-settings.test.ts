// Account settings, max record size and warm throughput through the real SDK client, errors included.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStreamCommand,
  DescribeAccountSettingsCommand,
  DescribeStreamSummaryCommand,
  PutRecordCommand,
  PutRecordsCommand,
  UpdateAccountSettingsCommand,
  UpdateMaxRecordSizeCommand,
  UpdateStreamWarmThroughputCommand,
} from '@aws-sdk/client-kinesis';
import { openKinesis, waitActive, type Harness } from './harness.js';

const arn = (name: string) => `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`;
const rejects = (p: Promise<unknown>, name: string, message?: RegExp) =>
  assert.rejects(p, (e: any) => e.name === name && (!message || message.test(e.message)));

describe('kinesis account settings, max record size and warm throughput', () => {
  let h: Harness;
  before(async () => {
    h = await openKinesis();
    await h.kinesis.send(new CreateStreamCommand({ StreamName: 'sized', ShardCount: 1 }));
    await h.kinesis.send(new CreateStreamCommand({ StreamName: 'demand', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    await waitActive(h, 'sized');
    await waitActive(h, 'demand');
  });
  after(async () => h.dispose());

  it('starts with the billing commitment disabled, enables it for at least 24 hours', async () => {
    const before = await h.kinesis.send(new DescribeAccountSettingsCommand({}));
    assert.deepEqual(before.MinimumThroughputBillingCommitment, { Status: 'DISABLED' });
    const on = await h.kinesis.send(new UpdateAccountSettingsCommand({ MinimumThroughputBillingCommitment: { Status: 'ENABLED' } }));
    const c = on.MinimumThroughputBillingCommitment!;
    assert.equal(c.Status, 'ENABLED');
    assert.equal(c.EarliestAllowedEndAt!.getTime() - c.StartedAt!.getTime(), 24 * 3600_000);
    const described = await h.kinesis.send(new DescribeAccountSettingsCommand({}));
    assert.equal(described.MinimumThroughputBillingCommitment!.Status, 'ENABLED');
    await rejects(
      h.kinesis.send(new UpdateAccountSettingsCommand({ MinimumThroughputBillingCommitment: { Status: 'PAUSED' as any } })),
      'ValidationException',
      /Member must satisfy enum value set: \[ENABLED, DISABLED\]/,
    );
  });

  it('sets warm throughput on an on-demand stream and describes it', async () => {
    const out = await h.kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: 'demand', WarmThroughputMiBps: 100 }));
    assert.equal(out.StreamARN, arn('demand'));
    assert.deepEqual(out.WarmThroughput, { TargetMiBps: 100, CurrentMiBps: 100 });
    await waitActive(h, 'demand');
    const d = await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'demand' }));
    assert.deepEqual(d.StreamDescriptionSummary!.WarmThroughput, { TargetMiBps: 100, CurrentMiBps: 100 });
    await rejects(h.kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: 'sized', WarmThroughputMiBps: 10 })), 'InvalidArgumentException', /on-demand/);
    await rejects(h.kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: 'nope', WarmThroughputMiBps: 10 })), 'ResourceNotFoundException');
    await rejects(h.kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: 'demand', WarmThroughputMiBps: -1 })), 'ValidationException');
  });

  it('refuses warm throughput once the commitment has ended', async () => {
    const clock = { now: Date.now() };
    const other = await openKinesis({ now: () => clock.now });
    try {
      await other.kinesis.send(new CreateStreamCommand({ StreamName: 'od', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
      await waitActive(other, 'od');
      await rejects(other.kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: 'od', WarmThroughputMiBps: 10 })), 'InvalidArgumentException', /MinimumThroughputBillingCommitment/);
      await other.kinesis.send(new UpdateAccountSettingsCommand({ MinimumThroughputBillingCommitment: { Status: 'ENABLED' } }));
      const off = await other.kinesis.send(new UpdateAccountSettingsCommand({ MinimumThroughputBillingCommitment: { Status: 'DISABLED' } }));
      assert.equal(off.MinimumThroughputBillingCommitment!.Status, 'ENABLED_UNTIL_EARLIEST_ALLOWED_END');
      clock.now += 25 * 3600_000;
      const ended = await other.kinesis.send(new DescribeAccountSettingsCommand({}));
      assert.equal(ended.MinimumThroughputBillingCommitment!.Status, 'DISABLED');
      await rejects(other.kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: 'od', WarmThroughputMiBps: 10 })), 'InvalidArgumentException');
    } finally {
      await other.dispose();
    }
  });

  it('raises the max record size, which PutRecord and PutRecords then enforce', async () => {
    const big = new Uint8Array(1024 * 1024 + 10);
    await rejects(h.kinesis.send(new PutRecordCommand({ StreamName: 'sized', PartitionKey: 'k', Data: big })), 'InvalidArgumentException', /maximum record size of 1024 KiB/);
    await h.kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: arn('sized'), MaxRecordSizeInKiB: 2048 }));
    await waitActive(h, 'sized');
    const d = await h.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'sized' }));
    assert.equal(d.StreamDescriptionSummary!.MaxRecordSizeInKiB, 2048);
    const put = await h.kinesis.send(new PutRecordCommand({ StreamName: 'sized', PartitionKey: 'k', Data: big }));
    assert.ok(put.SequenceNumber);
    const tooBig = new Uint8Array(2048 * 1024 + 1);
    await rejects(
      h.kinesis.send(new PutRecordsCommand({ StreamName: 'sized', Records: [{ PartitionKey: 'k', Data: tooBig }] })),
      'InvalidArgumentException',
      /maximum record size of 2048 KiB/,
    );
  });

  it('checks UpdateMaxRecordSize input as AWS does', async () => {
    await rejects(
      h.kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: arn('sized'), MaxRecordSizeInKiB: 1000 })),
      'ValidationException',
      /maxRecordSizeInKiB.*greater than or equal to 1024/,
    );
    await rejects(h.kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: arn('sized'), MaxRecordSizeInKiB: 10241 })), 'ValidationException');
    await rejects(h.kinesis.send(new UpdateMaxRecordSizeCommand({ MaxRecordSizeInKiB: 2048 })), 'InvalidArgumentException');
    await rejects(h.kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: arn('missing'), MaxRecordSizeInKiB: 2048 })), 'ResourceNotFoundException');
  });
});
