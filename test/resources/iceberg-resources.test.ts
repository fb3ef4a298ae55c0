// Provider aws resources of a table.format iceberg pipeline, without AWS: the Glue CreateTable with
// OpenTableFormatInput, the Firehose IcebergDestinationConfiguration (both checked against AWS's API models),
// the role's policy, and what plan does when the format, keys or partitioning change.
import '../aws/check-models.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPipelineText } from '../../src/config/load.js';
import { checkInput } from '../../src/aws/model-check.js';
import { arnIds } from '../../src/resources/arns.js';
import { icebergDestination } from '../../src/resources/iceberg-delivery.js';
import { icebergCreateTable } from '../../src/resources/iceberg-table.js';
import { estimateCost } from '../../src/resources/cost.js';
import { planUp } from '../../src/resources/plan.js';
import { firehoseDeliveryPolicy } from '../../src/resources/policy.js';
import { MODULES, desiredState } from '../../src/resources/registry.js';
import type { Desired, Observed, ResourceContext, ResourceKind } from '../../src/resources/types.js';
import { APPLY_ORDER } from '../../src/resources/types.js';

const ids = arnIds('eu-west-1', '123456789012');
const replaceOn = Object.fromEntries(APPLY_ORDER.map((k) => [k, MODULES[k].replaceOn])) as Record<ResourceKind, string[]>;
const SPEC = `name: shop
provider: aws
aws: { region: eu-west-1 }
delivery: { buffer: { size_mb: 16, interval_s: 30 } }
table:
  database: lake
  name: orders
  format: iceberg
  unique_keys: [uuid]
fields:
  - { name: uuid,       type: string,    gen: uuid }
  - { name: event_date, type: timestamp, gen: now }
  - { name: qty,        type: smallint,  gen: { faker: number.int, args: { min: 1, max: 9 } } }
  - { name: total,      type: bigint,    gen: { faker: number.int, args: { min: 1, max: 9 } }, comment: cents }
`;
const load = (text = SPEC) => loadPipelineText(text, 'spec.yaml', { cwd: '/tmp', env: {}, checkFaker: false });
const models = process.env.LAKEHOUSE_CHECK_MODELS;

function observedAsDesired(desired: Record<ResourceKind, Desired>): Record<ResourceKind, Observed> {
  return Object.fromEntries(
    APPLY_ORDER.map((k) => [k, { kind: k, name: desired[k].name, exists: true, owned: true, arn: desired[k].arn, props: structuredClone(desired[k].props) }]),
  ) as Record<ResourceKind, Observed>;
}

describe('iceberg resources', () => {
  it('CreateTable carries the Iceberg schema, identifier fields and partition spec, and passes the Glue model', async () => {
    const p = await load();
    const input = icebergCreateTable(p);
    const ice = input.OpenTableFormatInput!.IcebergInput!;
    assert.equal(ice.MetadataOperation, 'CREATE');
    assert.equal(ice.Version, '2');
    const t = ice.CreateIcebergTableInput!;
    assert.equal(t.Location, 's3://shop-lake-eu-west-1/orders/');
    assert.deepEqual(t.Schema!.Fields!.map((f) => [f.Id, f.Name, f.Type, f.Required]), [
      [1, 'uuid', 'string', true],
      [2, 'event_date', 'timestamp', false],
      [3, 'qty', 'int', false],
      [4, 'total', 'long', false],
    ]);
    assert.equal(t.Schema!.Fields![3]!.Doc, 'cents');
    assert.deepEqual(t.Schema!.IdentifierFieldIds, [1]);
    assert.deepEqual(t.PartitionSpec, { SpecId: 0, Fields: [{ SourceId: 2, Transform: 'day', Name: 'event_date_day', FieldId: 1000 }] });
    assert.equal(t.Properties!['write.delete.mode'], 'merge-on-read');
    assert.deepEqual(input.TableInput!.Parameters, { 'lakehouse:pipeline': 'shop' });
    if (models) assert.deepEqual(checkInput(models, 'glue', 'CreateTable', input, true), []);
  });

  it('the delivery stream gets an IcebergDestinationConfiguration routing operations by JQ, and passes the Firehose model', async () => {
    const p = await load();
    const desired = desiredState(p, ids);
    const ctx = { pipeline: p, desired, accountId: ids.accountId } as unknown as ResourceContext;
    const dest = icebergDestination(ctx);
    assert.equal(dest.CatalogConfiguration!.CatalogARN, 'arn:aws:glue:eu-west-1:123456789012:catalog');
    assert.deepEqual(dest.DestinationTableConfigurationList, [
      { DestinationDatabaseName: 'lake', DestinationTableName: 'orders', UniqueKeys: ['uuid'], S3ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/' },
    ]);
    assert.deepEqual(dest.ProcessingConfiguration!.Processors![0]!.Parameters, [
      { ParameterName: 'MetadataExtractionQuery', ParameterValue: '{destinationDatabaseName: "lake", destinationTableName: "orders", operation: (.op // "insert")}' },
      { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
    ]);
    assert.deepEqual(dest.BufferingHints, { SizeInMBs: 16, IntervalInSeconds: 30 });
    assert.equal(dest.S3BackupMode, 'FailedDataOnly');
    assert.equal(dest.S3Configuration!.BucketARN, 'arn:aws:s3:::shop-lake-eu-west-1');
    const create = {
      DeliveryStreamName: p.delivery.name,
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: desired.stream.arn, RoleARN: desired.role.arn },
      IcebergDestinationConfiguration: dest,
    };
    if (models) assert.deepEqual(checkInput(models, 'firehose', 'CreateDeliveryStream', create, true), []);
    // Append only: no routing processor, no UniqueKeys.
    const a = await load(SPEC.replace('  unique_keys: [uuid]\n', ''));
    const plain = icebergDestination({ pipeline: a, desired: desiredState(a, ids), accountId: ids.accountId } as unknown as ResourceContext);
    assert.equal(plain.ProcessingConfiguration, undefined);
    assert.deepEqual(plain.DestinationTableConfigurationList![0]!.UniqueKeys, undefined);
  });

  it('the role may commit to exactly this table: GetDatabase/GetTable/UpdateTable on catalog, db, table', async () => {
    const doc = firehoseDeliveryPolicy(await load(), ids) as { Statement: Array<{ Sid: string; Action: string[]; Resource: string[] }> };
    const glue = doc.Statement.find((s) => s.Sid === 'CommitIcebergTable')!;
    assert.deepEqual(glue.Action, ['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable']);
    assert.deepEqual(glue.Resource, [
      'arn:aws:glue:eu-west-1:123456789012:catalog',
      'arn:aws:glue:eu-west-1:123456789012:database/lake',
      'arn:aws:glue:eu-west-1:123456789012:table/lake/orders',
    ]);
    assert.ok(doc.Statement.find((s) => s.Sid === 'WriteLake')!.Action.includes('s3:DeleteObject'));
    assert.deepEqual(doc.Statement.find((s) => s.Sid === 'ReadSourceStream')!.Resource, ['arn:aws:kinesis:eu-west-1:123456789012:stream/shop']);
  });

  it('the cost estimate has no Parquet conversion for an Iceberg destination', async () => {
    const items = estimateCost(await load()).lines.map((l) => l.item);
    assert.ok(items.includes('Firehose ingestion'));
    assert.ok(!items.includes('Firehose Parquet conversion'), items.join(', '));
  });

  it('plan: hive → iceberg replaces table and delivery stream; a new unique key or partition spec replaces the table', async () => {
    const hive = desiredState(await load(SPEC.replace("  format: iceberg\n  unique_keys: [uuid]\n", "").replace("size_mb: 16", "size_mb: 64")), ids);
    const ice = await load();
    let plan = planUp({ pipeline: 'shop', desired: desiredState(ice, ids), observed: observedAsDesired(hive), replaceOn });
    const action = (k: ResourceKind) => plan.actions.find((a) => a.kind === k)!;
    assert.equal(action('table').action, 'replace');
    assert.ok(action('table').diffs.some((d) => d.field === 'tableType' && d.from === 'EXTERNAL_TABLE' && d.to === 'ICEBERG'));
    assert.equal(action('delivery').action, 'replace');
    assert.equal(action('role').action, 'update');
    plan = planUp({ pipeline: 'shop', desired: desiredState(ice, ids), observed: observedAsDesired(desiredState(ice, ids)), replaceOn });
    assert.deepEqual(plan.summary, { create: 0, update: 0, replace: 0, delete: 0, noop: 7, refuse: 0 });
    const moved = await load(SPEC.replace('unique_keys: [uuid]', 'unique_keys: [uuid]\n  partitioning: [{ field: event_date, transform: hour }]'));
    plan = planUp({ pipeline: 'shop', desired: desiredState(moved, ids), observed: observedAsDesired(desiredState(ice, ids)), replaceOn });
    assert.equal(action('table').action, 'replace');
    assert.deepEqual(action('table').diffs.map((d) => [d.field, d.to]), [['partitionSpec', ['event_date_hour: hour(event_date)']]]);
    assert.equal(action('delivery').action, 'noop');
  });

  it('plan: an added field is an in-place schema update, a column only the table has is kept, a type change replaces and says the data goes', async () => {
    const ice = await load();
    const grown = await load(`${SPEC}  - { name: note, type: string, gen: uuid }\n`);
    let plan = planUp({ pipeline: 'shop', desired: desiredState(grown, ids), observed: observedAsDesired(desiredState(ice, ids)), replaceOn });
    const table = () => plan.actions.find((a) => a.kind === 'table')!;
    assert.equal(table().action, 'update');
    assert.deepEqual(table().diffs.map((d) => [d.field, d.forcesReplace]), [['schema', false]]);
    assert.deepEqual(table().schemaChanges!.map((c) => [c.change, c.column, c.safe]), [['added', 'note', true]]);
    // The table has a column the spec lacks (ALTER TABLE ADD COLUMNS): nothing to do, reported.
    plan = planUp({ pipeline: 'shop', desired: desiredState(ice, ids), observed: observedAsDesired(desiredState(grown, ids)), replaceOn });
    assert.equal(table().action, 'noop');
    assert.match(table().note!, /note in the table, not in the spec: kept/);
    assert.equal(plan.summary.noop, 7);
    // A changed type cannot evolve in place here: a replacement that says the rows are lost.
    const retyped = await load(SPEC.replace('type: bigint', 'type: string'));
    plan = planUp({ pipeline: 'shop', desired: desiredState(retyped, ids), observed: observedAsDesired(desiredState(ice, ids)), replaceOn });
    assert.equal(table().action, 'replace');
    assert.match(table().note!, /created again empty: the data it holds is deleted/);
  });
});
