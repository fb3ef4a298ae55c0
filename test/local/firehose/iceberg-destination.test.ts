// The local Firehose control plane for Apache Iceberg destinations, through the real SDK clients: an
// IcebergDestinationConfiguration is validated as AWS validates it (model constraints, both-or-neither
// buffering, this account's catalog ARN, a JQ-1.6 MetadataExtraction query, and with UniqueKeys a Glue
// Iceberg table that has those columns), stored with AWS's defaults, described as IcebergDestinationDescription
// and updated with IcebergDestinationUpdate.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  UpdateDestinationCommand,
  type IcebergDestinationConfiguration,
} from '@aws-sdk/client-firehose';
import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import { openLocalForTest, type LocalTestClients } from '../../support/local-clients.js';
import { ROLE, waitActive } from './helpers.js';

process.env.LAKEHOUSE_FIREHOSE_TRANSITION_MS ??= '30';
// These tests are about the emulator's own validation: the client-side AWS model check must not answer first.
delete process.env.LAKEHOUSE_CHECK_MODELS;

const CATALOG = 'arn:aws:glue:us-east-1:000000000000:catalog';

function iceberg(over: Partial<IcebergDestinationConfiguration> = {}): IcebergDestinationConfiguration {
  return {
    RoleARN: ROLE,
    CatalogConfiguration: { CatalogARN: CATALOG },
    DestinationTableConfigurationList: [{ DestinationDatabaseName: 'ice', DestinationTableName: 'orders', UniqueKeys: ['id'], S3ErrorOutputPrefix: 'errors/' }],
    ProcessingConfiguration: {
      Enabled: true,
      Processors: [
        {
          Type: 'MetadataExtraction',
          Parameters: [
            { ParameterName: 'MetadataExtractionQuery', ParameterValue: '{destinationDatabaseName: "ice", destinationTableName: "orders", operation: (.op // "insert")}' },
            { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
          ],
        },
      ],
    },
    BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 10 },
    S3BackupMode: 'FailedDataOnly',
    S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::ice-lake', ErrorOutputPrefix: 'errors/' },
    ...over,
  };
}

describe('firehose Iceberg destinations (control plane)', () => {
  let c: LocalTestClients;
  const create = (name: string, cfg: IcebergDestinationConfiguration) =>
    c.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, DeliveryStreamType: 'DirectPut', IcebergDestinationConfiguration: cfg }));
  const refused = async (cfg: IcebergDestinationConfiguration, code: string, message: RegExp) =>
    assert.rejects(create(`bad-${Math.random().toString(36).slice(2, 8)}`, cfg), (e: Error) => {
      assert.equal(e.name, code, e.message);
      assert.match(e.message, message);
      return true;
    });

  before(async () => {
    c = await openLocalForTest();
    await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'ice' } }));
    // Registered as Athena registers an Iceberg table in Glue (the metadata file itself is not needed here).
    const columns = [{ Name: 'id', Type: 'string' }, { Name: 'amount', Type: 'double' }];
    await c.glue.send(new CreateTableCommand({ DatabaseName: 'ice', TableInput: { Name: 'orders', TableType: 'EXTERNAL_TABLE', Parameters: { table_type: 'ICEBERG', metadata_location: 's3://ice-lake/orders/metadata/00000-x.metadata.json' }, StorageDescriptor: { Columns: columns, Location: 's3://ice-lake/orders' } } }));
    await c.glue.send(new CreateTableCommand({ DatabaseName: 'ice', TableInput: { Name: 'hive', TableType: 'EXTERNAL_TABLE', StorageDescriptor: { Columns: columns, Location: 's3://ice-lake/hive/' } } }));
  });
  after(async () => c.close());

  it('accepts, stores and describes the configuration with AWS defaults filled in', async () => {
    await create('ice-ok', iceberg());
    const d = await waitActive(c, 'ice-ok');
    assert.equal(d.Destinations!.length, 1);
    const x = d.Destinations![0]!;
    assert.equal(x.ExtendedS3DestinationDescription, undefined);
    const ice = x.IcebergDestinationDescription!;
    assert.deepEqual(ice.CatalogConfiguration, { CatalogARN: CATALOG });
    assert.deepEqual(ice.DestinationTableConfigurationList, iceberg().DestinationTableConfigurationList);
    assert.deepEqual(ice.BufferingHints, { SizeInMBs: 1, IntervalInSeconds: 10 });
    assert.equal(ice.S3BackupMode, 'FailedDataOnly');
    assert.deepEqual(ice.RetryOptions, { DurationInSeconds: 300 });
    assert.equal(ice.AppendOnly, false);
    assert.equal(ice.ProcessingConfiguration!.Processors![0]!.Type, 'MetadataExtraction');
    assert.deepEqual(ice.S3DestinationDescription, {
      RoleARN: ROLE,
      BucketARN: 'arn:aws:s3:::ice-lake',
      ErrorOutputPrefix: 'errors/',
      BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
      CompressionFormat: 'UNCOMPRESSED',
      EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
      CloudWatchLoggingOptions: { Enabled: false },
    });
    // No BufferingHints at all: Firehose's defaults. No UniqueKeys: the table need not exist yet.
    await create('ice-defaults', iceberg({ BufferingHints: undefined, ProcessingConfiguration: undefined, DestinationTableConfigurationList: [{ DestinationDatabaseName: 'ice', DestinationTableName: 'later' }] }));
    const dd = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'ice-defaults' }))).DeliveryStreamDescription!;
    assert.deepEqual(dd.Destinations![0]!.IcebergDestinationDescription!.BufferingHints, { SizeInMBs: 5, IntervalInSeconds: 300 });
  });

  it('refuses what AWS refuses', async () => {
    await refused(iceberg({ BufferingHints: { SizeInMBs: 5 } }), 'InvalidArgumentException', /both SizeInMBs and IntervalInSeconds, or neither/);
    await refused(iceberg({ BufferingHints: { SizeInMBs: 200, IntervalInSeconds: 10 } }), 'ValidationException', /icebergDestinationConfiguration\.bufferingHints\.sizeInMBs.*less than or equal to 128/);
    await refused(iceberg({ CatalogConfiguration: { CatalogARN: 'arn:aws:glue:us-east-1:000000000000:table/ice/orders' } }), 'ValidationException', /catalogARN.*regular expression pattern/);
    await refused(iceberg({ CatalogConfiguration: { CatalogARN: 'arn:aws:glue:eu-west-1:111111111111:catalog' } }), 'InvalidArgumentException', /not the Glue Data Catalog of account 000000000000 in region us-east-1/);
    await refused(iceberg({ CatalogConfiguration: {} }), 'InvalidArgumentException', /CatalogARN is required/);
    await refused(iceberg({ RoleARN: 'role' }), 'ValidationException', /roleARN/);
    await refused(iceberg({ S3BackupMode: 'Sometimes' as never }), 'ValidationException', /s3BackupMode.*FailedDataOnly, AllData/);
    await refused(iceberg({ DestinationTableConfigurationList: [{ DestinationDatabaseName: 'ice', DestinationTableName: 'or-ders' }] }), 'ValidationException', /destinationTableName.*\[a-zA-Z0-9\\\.\\_\]\+/);
    await refused(iceberg({ DestinationTableConfigurationList: [{ DestinationDatabaseName: 'ice', DestinationTableName: 'missing', UniqueKeys: ['id'] }] }), 'InvalidArgumentException', /ice\.missing was not found in the Glue Data Catalog/);
    await refused(iceberg({ DestinationTableConfigurationList: [{ DestinationDatabaseName: 'ice', DestinationTableName: 'hive', UniqueKeys: ['id'] }] }), 'InvalidArgumentException', /ice\.hive is not an Apache Iceberg table/);
    await refused(iceberg({ DestinationTableConfigurationList: [{ DestinationDatabaseName: 'ice', DestinationTableName: 'orders', UniqueKeys: ['nope'] }] }), 'InvalidArgumentException', /UniqueKeys nope are not columns/);
    const badJq = iceberg();
    badJq.ProcessingConfiguration!.Processors![0]!.Parameters![0]!.ParameterValue = '{destinationTableName: .t';
    await refused(badJq, 'InvalidArgumentException', /not a valid JQ expression/);
    const noEngine = iceberg();
    noEngine.ProcessingConfiguration!.Processors![0]!.Parameters!.pop();
    await refused(noEngine, 'InvalidArgumentException', /JsonParsingEngine JQ-1\.6/);
    await refused(iceberg({ TableCreationConfiguration: { Enabled: true } }), 'InvalidArgumentException', /not supported by the local emulator/);
    await assert.rejects(
      c.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: 'two', IcebergDestinationConfiguration: iceberg(), ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::ice-lake' } })),
      /Exactly one destination configuration/,
    );
  });

  it('UpdateDestination takes an IcebergDestinationUpdate, keeps what it leaves out, refuses an S3 update', async () => {
    await create('ice-up', iceberg());
    const d = await waitActive(c, 'ice-up');
    await c.firehose.send(new UpdateDestinationCommand({ DeliveryStreamName: 'ice-up', CurrentDeliveryStreamVersionId: d.VersionId, DestinationId: d.Destinations![0]!.DestinationId, IcebergDestinationUpdate: { BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 } } }));
    const after = (await c.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'ice-up' }))).DeliveryStreamDescription!;
    assert.equal(after.VersionId, '2');
    const ice = after.Destinations![0]!.IcebergDestinationDescription!;
    assert.deepEqual(ice.BufferingHints, { SizeInMBs: 64, IntervalInSeconds: 60 });
    assert.deepEqual(ice.DestinationTableConfigurationList![0]!.UniqueKeys, ['id']);
    await assert.rejects(
      c.firehose.send(new UpdateDestinationCommand({ DeliveryStreamName: 'ice-up', CurrentDeliveryStreamVersionId: '2', DestinationId: d.Destinations![0]!.DestinationId, ExtendedS3DestinationUpdate: { BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 } } })),
      /between Amazon S3 and Apache Iceberg Tables/,
    );
    await assert.rejects(
      c.firehose.send(new UpdateDestinationCommand({ DeliveryStreamName: 'ice-up', CurrentDeliveryStreamVersionId: '2', DestinationId: d.Destinations![0]!.DestinationId, IcebergDestinationUpdate: { AppendOnly: true } })),
      /AppendOnly can only be set when the delivery stream is created/,
    );
  });
});
