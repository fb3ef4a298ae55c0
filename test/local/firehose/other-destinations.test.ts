// Redshift, Snowflake, Elasticsearch/OpenSearch and Splunk destinations with the JS SDK in-process: validated as
// AWS's model says (every problem in one ValidationException), described without credentials, updated with their
// *DestinationUpdate shapes and version checks; their records, which cannot reach the destination offline, end in
// the S3 (backup/intermediate) bucket as AWS writes them after a failed delivery.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, PutRecordBatchCommand, UpdateDestinationCommand } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { openLocalForTest, type LocalTestClients } from '../../support/local-clients.js';
import { ROLE, waitActive } from './helpers.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '0';

const s3 = { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::stage' };
const JDBC = 'jdbc:redshift://cluster.abc123.us-east-1.redshift.amazonaws.com:5439/dev';
const records = ['one', 'two', 'three'].map((d) => ({ Data: Buffer.from(d) }));

async function objects(c: LocalTestClients): Promise<Array<{ key: string; body: string }>> {
  const list = await c.s3.send(new ListObjectsV2Command({ Bucket: 'stage' }));
  return Promise.all(
    (list.Contents ?? []).map(async (o) => ({ key: o.Key!, body: await (await c.s3.send(new GetObjectCommand({ Bucket: 'stage', Key: o.Key! }))).Body!.transformToString() })),
  );
}

test('Redshift: described without the password; records stay in the intermediate bucket and a failed COPY leaves a manifest under errors/', async () => {
  const c = await openLocalForTest();
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'stage' }));
    await c.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'rs',
        RedshiftDestinationConfiguration: {
          RoleARN: ROLE,
          ClusterJDBCURL: JDBC,
          CopyCommand: { DataTableName: 'events', CopyOptions: "JSON 'auto'" },
          Username: 'loader',
          Password: 'password1',
          RetryOptions: { DurationInSeconds: 0 },
          S3Configuration: { ...s3, Prefix: 'rs/', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
        },
      }),
    );
    const d = await waitActive(c, 'rs');
    const r = d.Destinations![0]!.RedshiftDestinationDescription!;
    assert.equal((r as unknown as Record<string, unknown>).Password, undefined);
    assert.equal(r.Username, 'loader');
    assert.equal(r.S3BackupMode, 'Disabled');
    assert.deepEqual(r.S3DestinationDescription!.BufferingHints, { SizeInMBs: 1, IntervalInSeconds: 60 });
    assert.deepEqual(r.CopyCommand, { DataTableName: 'events', CopyOptions: "JSON 'auto'" });

    await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'rs', Records: records }));
    await c.emulator!.firehose.waitDelivered({ deliveryStream: 'rs', flush: true, timeoutMs: 10_000 });
    const [manifest, data] = (await objects(c)).sort((a, b) => a.key.localeCompare(b.key));
    assert.match(data!.key, /^rs\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/rs-1-/);
    assert.equal(data!.body, 'onetwothree');
    assert.match(manifest!.key, /^errors\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/rs-1-/);
    assert.deepEqual(JSON.parse(manifest!.body), { entries: [{ url: `s3://stage/${data!.key}`, mandatory: true }] });
  } finally {
    await c.close();
  }
});

test('Splunk and OpenSearch: failed events go to splunk-failed/ and AmazonOpenSearchService-failed/ with AWS error documents', async () => {
  const c = await openLocalForTest();
  try {
    await c.s3.send(new CreateBucketCommand({ Bucket: 'stage' }));
    await c.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'splunk',
        SplunkDestinationConfiguration: { HECEndpoint: 'https://splunk.example.com:8088', HECEndpointType: 'Raw', HECToken: 'token', RetryOptions: { DurationInSeconds: 0 }, S3Configuration: s3 },
      }),
    );
    await c.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'search',
        AmazonopensearchserviceDestinationConfiguration: { RoleARN: ROLE, DomainARN: 'arn:aws:es:us-east-1:000000000000:domain/logs', IndexName: 'logs', RetryOptions: { DurationInSeconds: 0 }, S3Configuration: s3 },
      }),
    );
    const d = await waitActive(c, 'search');
    const o = d.Destinations![0]!.AmazonopensearchserviceDestinationDescription!;
    assert.equal(o.IndexRotationPeriod, 'OneDay');
    assert.equal(o.S3BackupMode, 'FailedDocumentsOnly');
    const sp = (await waitActive(c, 'splunk')).Destinations![0]!.SplunkDestinationDescription!;
    assert.deepEqual([sp.HECAcknowledgmentTimeoutInSeconds, sp.S3BackupMode, sp.BufferingHints], [180, 'FailedEventsOnly', { SizeInMBs: 5, IntervalInSeconds: 60 }]);

    for (const name of ['splunk', 'search']) await c.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records }));
    await c.emulator!.firehose.waitDelivered({ flush: true, timeoutMs: 10_000 });
    const found = await objects(c);
    assert.equal(found.length, 2);
    for (const [prefix, code] of [['splunk-failed/', 'Splunk.'], ['AmazonOpenSearchService-failed/', 'OS.']]) {
      const o = found.find((x) => x.key.startsWith(prefix!));
      assert.ok(o, `an object under ${prefix}`);
      const docs = o.body.trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(docs.map((x) => Buffer.from(x.rawData, 'base64').toString()), ['one', 'two', 'three']);
      assert.ok(docs[0].errorCode.startsWith(code), docs[0].errorCode);
      assert.deepEqual(Object.keys(docs[0]), ['attemptsMade', 'arrivalTimestamp', 'errorCode', 'errorMessage', 'attemptEndingTimestamp', 'rawData']);
    }
  } finally {
    await c.close();
  }
});

test('the model is checked: every problem in one ValidationException, then Firehose rules (InvalidArgumentException)', async () => {
  const c = await openLocalForTest();
  try {
    await assert.rejects(
      c.firehose.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: 'bad/name',
          HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: 'google.com' }, BufferingHints: { SizeInMBs: 123, IntervalInSeconds: 124 }, S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3::nope' } },
        }),
      ),
      {
        name: 'ValidationException',
        message:
          "4 validation errors detected: Value 'bad/name' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
          "Value at 'httpEndpointDestinationConfiguration.endpointConfiguration.url' failed to satisfy constraint: Member must satisfy regular expression pattern: https://.*; " +
          "Value '123' at 'httpEndpointDestinationConfiguration.bufferingHints.sizeInMBs' failed to satisfy constraint: Member must have value less than or equal to 64; " +
          "Value 'arn:aws:s3::nope' at 'httpEndpointDestinationConfiguration.s3Configuration.bucketARN' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:.*:s3:::[\\w\\.\\-]{1,255}",
      },
    );
    // A null list entry (the SDKs drop them; a raw request can send one) is refused, not stored: a stored one
    // made every delivery attempt fail inside the engine, so the stream never delivered.
    const raw = await c.emulator!.handle({
      method: 'POST',
      path: '/',
      query: '',
      headers: { 'x-amz-target': 'Firehose_20150804.CreateDeliveryStream', 'content-type': 'application/x-amz-json-1.1' },
      body: Buffer.from(JSON.stringify({
        DeliveryStreamName: 'nulls',
        HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: 'https://example.com' }, RequestConfiguration: { CommonAttributes: [null] }, S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::stage' } },
      })),
    });
    assert.equal(raw.status, 400, String(raw.body));
    assert.deepEqual(JSON.parse(String(raw.body)), {
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'httpEndpointDestinationConfiguration.requestConfiguration.commonAttributes.1.member' failed to satisfy constraint: Member must not be null",
    });
    await assert.rejects(
      c.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'bad', SnowflakeDestinationConfiguration: { AccountUrl: 'x', Database: 'd', Schema: 's', Table: 't', RoleARN: ROLE } as any })),
      {
        name: 'ValidationException',
        message:
          "3 validation errors detected: Value at 'snowflakeDestinationConfiguration.accountUrl' failed to satisfy constraint: Member must satisfy regular expression pattern: .+?\\.snowflakecomputing\\.com; " +
          "Value at 'snowflakeDestinationConfiguration.accountUrl' failed to satisfy constraint: Member must have length greater than or equal to 24; " +
          "Value null at 'snowflakeDestinationConfiguration.s3Configuration' failed to satisfy constraint: Member must not be null",
      },
    );
    await assert.rejects(
      c.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'bad', HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: 'https://a' }, BufferingHints: { SizeInMBs: 2 }, S3Configuration: s3 } })),
      { name: 'InvalidArgumentException', message: 'BufferingHints must specify both SizeInMBs and IntervalInSeconds, or neither.' },
    );
    await assert.rejects(
      c.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'bad', ElasticsearchDestinationConfiguration: { RoleARN: ROLE, IndexName: 'i', S3Configuration: s3 } })),
      { name: 'InvalidArgumentException', message: 'Exactly one of DomainARN or ClusterEndpoint must be specified.' },
    );
    await assert.rejects(
      c.firehose.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: 'bad',
          RedshiftDestinationConfiguration: { RoleARN: ROLE, ClusterJDBCURL: JDBC, CopyCommand: { DataTableName: 't' }, Username: 'u', Password: 'password', S3Configuration: { ...s3, CompressionFormat: 'Snappy' } },
        }),
      ),
      { name: 'InvalidArgumentException', message: /CompressionFormat Snappy is not supported for an Amazon Redshift destination/ },
    );
  } finally {
    await c.close();
  }
});

test('UpdateDestination: *DestinationUpdate merges (same type) or replaces (another type), checks the version id, bumps it with LastUpdateTimestamp', async () => {
  const c = await openLocalForTest();
  try {
    await c.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'snow',
        SnowflakeDestinationConfiguration: { AccountUrl: 'acct.us-east-1.snowflakecomputing.com', Database: 'db', Schema: 'sc', Table: 't', RoleARN: ROLE, User: 'u', S3Configuration: s3 },
      }),
    );
    const before = await waitActive(c, 'snow');
    assert.equal(before.VersionId, '1');
    const update = (version: string, extra: Record<string, unknown>) =>
      c.firehose.send(new UpdateDestinationCommand({ DeliveryStreamName: 'snow', CurrentDeliveryStreamVersionId: version, DestinationId: 'destinationId-000000000001', ...extra }));
    await update('1', { SnowflakeDestinationUpdate: { Table: 't2', PrivateKey: 'A'.repeat(256), S3Update: { ErrorOutputPrefix: 'failed/' } } });
    const after = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'snow' }))).DeliveryStreamDescription!;
    const sf = after.Destinations![0]!.SnowflakeDestinationDescription!;
    assert.equal(after.VersionId, '2');
    assert.ok(after.LastUpdateTimestamp instanceof Date);
    assert.deepEqual([sf.Table, sf.Database, sf.S3DestinationDescription!.ErrorOutputPrefix, sf.S3DestinationDescription!.BucketARN], ['t2', 'db', 'failed/', s3.BucketARN]);
    assert.equal((sf as unknown as Record<string, unknown>).PrivateKey, undefined, 'the private key is never described');
    await assert.rejects(update('1', { SnowflakeDestinationUpdate: { Table: 't3' } }), { name: 'ConcurrentModificationException' });
    // Another destination type: nothing is merged, the update must be a whole configuration.
    await assert.rejects(update('2', { HttpEndpointDestinationUpdate: { RetryOptions: { DurationInSeconds: 1 } } }), {
      name: 'ValidationException',
      message:
        "2 validation errors detected: Value null at 'httpEndpointDestinationUpdate.endpointConfiguration' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'httpEndpointDestinationUpdate.s3Configuration' failed to satisfy constraint: Member must not be null",
    });
    await assert.rejects(update('2', { ElasticsearchDestinationUpdate: { IndexName: 'i', DomainARN: 'arn:aws:es:us-east-1:000000000000:domain/logs', S3Update: s3 } }), {
      name: 'InvalidArgumentException',
      message: 'Switching between Amazon OpenSearch Service and other services is not supported.',
    });
    await update('2', { HttpEndpointDestinationUpdate: { EndpointConfiguration: { Url: 'https://example.com/in' }, S3Update: s3 } });
    const switched = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'snow' }))).DeliveryStreamDescription!;
    assert.equal(switched.VersionId, '3');
    assert.deepEqual(Object.keys(switched.Destinations![0]!).sort(), ['DestinationId', 'HttpEndpointDestinationDescription']);
    assert.equal(switched.Destinations![0]!.HttpEndpointDestinationDescription!.RetryOptions!.DurationInSeconds, 300, 'defaults, not the Snowflake values');
    await update('3', { ExtendedS3DestinationUpdate: { ...s3, Prefix: 'back/' } });
    const back = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'snow' }))).DeliveryStreamDescription!;
    assert.equal(back.Destinations![0]!.ExtendedS3DestinationDescription!.Prefix, 'back/');
    await assert.rejects(update('4', { SnowflakeDestinationUpdate: { RetryOptions: { DurationInSeconds: 7201 } } }), {
      name: 'ValidationException',
      message: "1 validation error detected: Value '7201' at 'snowflakeDestinationUpdate.retryOptions.durationInSeconds' failed to satisfy constraint: Member must have value less than or equal to 7200",
    });
  } finally {
    await c.close();
  }
});
