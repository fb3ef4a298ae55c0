// Glue CreateTable with OpenTableFormatInput.IcebergInput in the emulator, through the real SDK clients: Glue
// writes the first metadata.json (v2, the schema with identifier fields, the partition spec, the properties)
// and shows the table as table_type=ICEBERG with metadata_location; bad requests fail as Glue's
// InvalidInputException / AlreadyExistsException.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateDatabaseCommand, CreateTableCommand, GetTableCommand, type CreateTableCommandInput } from '@aws-sdk/client-glue';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { openLocalForTest, type LocalTestClients } from '../../support/local-clients.js';
// These tests are about the emulator's own validation: the client-side AWS model check must not answer first.
delete process.env.LAKEHOUSE_CHECK_MODELS;

function request(name: string, over: Record<string, unknown> = {}): CreateTableCommandInput {
  return {
    DatabaseName: 'ice',
    TableInput: { Name: name, TableType: 'EXTERNAL_TABLE', Parameters: { 'lakehouse:pipeline': 'shop' } },
    OpenTableFormatInput: {
      IcebergInput: {
        MetadataOperation: 'CREATE',
        Version: '2',
        CreateIcebergTableInput: {
          Location: `s3://ice-lake/${name}/`,
          Schema: {
            SchemaId: 0,
            Type: 'struct',
            IdentifierFieldIds: [1],
            Fields: [
              { Id: 1, Name: 'uuid', Type: 'string', Required: true },
              { Id: 2, Name: 'event_date', Type: 'timestamp', Required: false },
              { Id: 3, Name: 'total', Type: 'long', Required: false, Doc: 'cents' },
              { Id: 4, Name: 'price', Type: 'decimal(10,2)', Required: false },
            ],
          },
          PartitionSpec: { SpecId: 0, Fields: [{ SourceId: 2, Transform: 'day', Name: 'event_date_day', FieldId: 1000 }] },
          Properties: { 'write.parquet.compression-codec': 'zstd', 'custom.prop': 'x' },
          ...over,
        },
      },
    },
  };
}

describe('glue CreateTable with OpenTableFormatInput (Iceberg)', () => {
  let c: LocalTestClients;
  before(async () => {
    c = await openLocalForTest();
    await c.s3.send(new CreateBucketCommand({ Bucket: 'ice-lake' }));
    await c.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'ice' } }));
  });
  after(async () => c.close());

  it('writes metadata.json v2 and shows the table as Glue does', async () => {
    await c.glue.send(new CreateTableCommand(request('orders')));
    const t = (await c.glue.send(new GetTableCommand({ DatabaseName: 'ice', Name: 'orders' }))).Table!;
    assert.equal(t.TableType, 'EXTERNAL_TABLE');
    assert.equal(t.Parameters!.table_type, 'ICEBERG');
    assert.equal(t.Parameters!['lakehouse:pipeline'], 'shop');
    assert.match(t.Parameters!.metadata_location!, /^s3:\/\/ice-lake\/orders\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/);
    assert.deepEqual(t.StorageDescriptor!.Columns!.map((col) => [col.Name, col.Type]), [
      ['uuid', 'string'], ['event_date', 'timestamp'], ['total', 'bigint'], ['price', 'decimal(10,2)'],
    ]);
    assert.equal(t.StorageDescriptor!.Columns![2]!.Comment, 'cents');
    assert.equal(t.StorageDescriptor!.Location, 's3://ice-lake/orders');
    assert.deepEqual(t.PartitionKeys, []);
    const key = t.Parameters!.metadata_location!.replace('s3://ice-lake/', '');
    const meta = JSON.parse(await (await c.s3.send(new GetObjectCommand({ Bucket: 'ice-lake', Key: key }))).Body!.transformToString());
    assert.equal(meta['format-version'], 2);
    assert.equal(meta.location, 's3://ice-lake/orders');
    const schema = meta.schemas.find((s: any) => s['schema-id'] === meta['current-schema-id']);
    assert.deepEqual(schema['identifier-field-ids'], [1]);
    assert.deepEqual(schema.fields.map((f: any) => [f.id, f.name, String(f.type).replace(/\s/g, ''), f.required]), [
      [1, 'uuid', 'string', true], [2, 'event_date', 'timestamp', false], [3, 'total', 'long', false], [4, 'price', 'decimal(10,2)', false],
    ]);
    const spec = meta['partition-specs'].find((s: any) => s['spec-id'] === meta['default-spec-id']);
    assert.deepEqual(spec.fields.map((f: any) => [f.name, f.transform, f['source-id']]), [['event_date_day', 'day', 2]]);
    assert.equal(meta.properties['custom.prop'], 'x');
    assert.equal(meta.properties['write.delete.mode'], 'merge-on-read');
    assert.equal(meta['current-snapshot-id'] ?? -1, -1);
  });

  it('the older form: columns from TableInput, IcebergInput without CreateIcebergTableInput', async () => {
    await c.glue.send(new CreateTableCommand({
      DatabaseName: 'ice',
      TableInput: { Name: 'legacy', TableType: 'EXTERNAL_TABLE', StorageDescriptor: { Columns: [{ Name: 'id', Type: 'bigint' }], Location: 's3://ice-lake/legacy/' } },
      OpenTableFormatInput: { IcebergInput: { MetadataOperation: 'CREATE', Version: '2' } },
    }));
    const t = (await c.glue.send(new GetTableCommand({ DatabaseName: 'ice', Name: 'legacy' }))).Table!;
    assert.equal(t.Parameters!.table_type, 'ICEBERG');
    assert.deepEqual(t.StorageDescriptor!.Columns!.map((col) => [col.Name, col.Type]), [['id', 'bigint']]);
  });

  it('refuses what Glue refuses', async () => {
    const refused = (input: CreateTableCommandInput, code: string, re: RegExp) =>
      assert.rejects(c.glue.send(new CreateTableCommand(input)), (e: Error) => {
        assert.equal(e.name, code, e.message);
        assert.match(e.message, re);
        return true;
      });
    await refused(request('orders'), 'AlreadyExistsException', /Table already exists/);
    const bad = request('b1');
    bad.OpenTableFormatInput!.IcebergInput!.MetadataOperation = 'UPDATE' as never;
    await refused(bad, 'InvalidInputException', /metadataOperation.*\[CREATE\]/);
    await refused(request('b2', { PartitionSpec: { Fields: [{ SourceId: 9, Transform: 'day', Name: 'x' }] } }), 'InvalidInputException', /Partition source id 9 is not a field id/);
    await refused(request('b3', { PartitionSpec: { Fields: [{ SourceId: 1, Transform: 'day', Name: 'x' }] } }), 'InvalidInputException', /day/);
    const v1 = request('b4');
    v1.OpenTableFormatInput!.IcebergInput!.Version = '1';
    await refused(v1, 'InvalidInputException', /version 1/);
    // Nothing was created by the refused requests.
    await assert.rejects(c.glue.send(new GetTableCommand({ DatabaseName: 'ice', Name: 'b2' })), /EntityNotFoundException|not found/);
  });
});
