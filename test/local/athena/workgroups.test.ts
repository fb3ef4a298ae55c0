// Athena workgroups through the real SDK client: CRUD, the primary workgroup, the cutoff's minimum, tags.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CreateWorkGroupCommand,
  DeleteWorkGroupCommand,
  GetWorkGroupCommand,
  ListTagsForResourceCommand,
  ListWorkGroupsCommand,
  UpdateWorkGroupCommand,
} from '@aws-sdk/client-athena';
import { openLocalForTest, type LocalTestClients } from './helpers.js';

let c: LocalTestClients;
before(async () => {
  c = await openLocalForTest();
});
after(async () => {
  await c.close();
});

test('primary always exists and cannot be deleted', async () => {
  const { WorkGroup } = await c.athena.send(new GetWorkGroupCommand({ WorkGroup: 'primary' }));
  assert.equal(WorkGroup?.State, 'ENABLED');
  await assert.rejects(c.athena.send(new DeleteWorkGroupCommand({ WorkGroup: 'primary' })), { name: 'InvalidRequestException' });
});

test('create, get, list, update and delete a workgroup', async () => {
  await c.athena.send(new CreateWorkGroupCommand({
    Name: 'lakehouse',
    Description: 'demo',
    Configuration: {
      ResultConfiguration: { OutputLocation: 's3://lake/results/' },
      EnforceWorkGroupConfiguration: true,
      PublishCloudWatchMetricsEnabled: false,
      BytesScannedCutoffPerQuery: 10_000_000,
    },
    Tags: [{ Key: 'app', Value: 'lakehouse' }],
  }));
  const wg = (await c.athena.send(new GetWorkGroupCommand({ WorkGroup: 'lakehouse' }))).WorkGroup!;
  assert.equal(wg.Description, 'demo');
  assert.equal(wg.Configuration?.ResultConfiguration?.OutputLocation, 's3://lake/results/');
  assert.equal(wg.Configuration?.BytesScannedCutoffPerQuery, 10_000_000);
  assert.equal(wg.Configuration?.EnforceWorkGroupConfiguration, true);
  assert.ok(wg.CreationTime instanceof Date);
  const tags = await c.athena.send(new ListTagsForResourceCommand({ ResourceARN: 'arn:aws:athena:us-east-1:000000000000:workgroup/lakehouse' }));
  assert.deepEqual(tags.Tags, [{ Key: 'app', Value: 'lakehouse' }]);

  const names = (await c.athena.send(new ListWorkGroupsCommand({}))).WorkGroups?.map((w) => w.Name);
  assert.deepEqual(names, ['lakehouse', 'primary']);

  await c.athena.send(new UpdateWorkGroupCommand({
    WorkGroup: 'lakehouse',
    State: 'DISABLED',
    ConfigurationUpdates: { BytesScannedCutoffPerQuery: 20_000_000, ResultConfigurationUpdates: { OutputLocation: 's3://lake/other/' } },
  }));
  const updated = (await c.athena.send(new GetWorkGroupCommand({ WorkGroup: 'lakehouse' }))).WorkGroup!;
  assert.equal(updated.State, 'DISABLED');
  assert.equal(updated.Configuration?.BytesScannedCutoffPerQuery, 20_000_000);
  assert.equal(updated.Configuration?.ResultConfiguration?.OutputLocation, 's3://lake/other/');
  await c.athena.send(new UpdateWorkGroupCommand({ WorkGroup: 'lakehouse', ConfigurationUpdates: { RemoveBytesScannedCutoffPerQuery: true } }));
  const removed = (await c.athena.send(new GetWorkGroupCommand({ WorkGroup: 'lakehouse' }))).WorkGroup!;
  assert.equal(removed.Configuration?.BytesScannedCutoffPerQuery, undefined);

  await assert.rejects(c.athena.send(new CreateWorkGroupCommand({ Name: 'lakehouse' })), { name: 'InvalidRequestException' });
  await c.athena.send(new DeleteWorkGroupCommand({ WorkGroup: 'lakehouse', RecursiveDeleteOption: true }));
  await assert.rejects(c.athena.send(new GetWorkGroupCommand({ WorkGroup: 'lakehouse' })), {
    name: 'InvalidRequestException',
    message: 'WorkGroup lakehouse is not found.',
  });
});

test('BytesScannedCutoffPerQuery below 10,000,000 is refused with the model-validation wording', async () => {
  await assert.rejects(
    c.athena.send(new CreateWorkGroupCommand({ Name: 'cheap', Configuration: { BytesScannedCutoffPerQuery: 9_999_999 } })),
    {
      name: 'InvalidRequestException',
      message: "1 validation error detected: Value '9999999' at 'configuration.bytesScannedCutoffPerQuery' failed to satisfy constraint: Member must have value greater than or equal to 10000000",
    },
  );
  await assert.rejects(
    c.athena.send(new UpdateWorkGroupCommand({ WorkGroup: 'primary', ConfigurationUpdates: { BytesScannedCutoffPerQuery: 5 } })),
    { name: 'InvalidRequestException', message: /configurationUpdates\.bytesScannedCutoffPerQuery/ },
  );
});
