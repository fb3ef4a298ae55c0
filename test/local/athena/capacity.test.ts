// Athena capacity reservations with the JS SDK in-process: AWS's lifecycle (PENDING → ACTIVE, UPDATE_PENDING,
// CANCELLING → CANCELLED, delete only once cancelled), the model's limits, workgroup assignments and tags.
// The transition delay is set per emulator through LAKEHOUSE_ATHENA_CAPACITY_TRANSITION_MS: a minute to see the
// in-between states, 0 to see where they end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CancelCapacityReservationCommand,
  CreateCapacityReservationCommand,
  DeleteCapacityReservationCommand,
  GetCapacityAssignmentConfigurationCommand,
  GetCapacityReservationCommand,
  ListCapacityReservationsCommand,
  ListTagsForResourceCommand,
  PutCapacityAssignmentConfigurationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateCapacityReservationCommand,
} from '@aws-sdk/client-athena';
import { openLocalForTest } from './helpers.js';

async function openWithTransition(ms: number) {
  process.env.LAKEHOUSE_ATHENA_CAPACITY_TRANSITION_MS = String(ms);
  try {
    return await openLocalForTest();
  } finally {
    delete process.env.LAKEHOUSE_ATHENA_CAPACITY_TRANSITION_MS;
  }
}

const ARN = 'arn:aws:athena:us-east-1:000000000000:capacity-reservation/';

test('a reservation is PENDING, then UPDATE-able, CANCELLING, and refuses what AWS refuses on the way', async () => {
  const c = await openWithTransition(60_000);
  try {
    const get = async (Name: string) => (await c.athena.send(new GetCapacityReservationCommand({ Name }))).CapacityReservation!;
    await c.athena.send(new CreateCapacityReservationCommand({ Name: 'etl', TargetDpus: 24, Tags: [{ Key: 'team', Value: 'data' }] }));
    const pending = await get('etl');
    assert.deepEqual([pending.Status, pending.TargetDpus, pending.AllocatedDpus, pending.LastAllocation?.Status], ['PENDING', 24, 0, 'PENDING']);
    assert.ok(pending.CreationTime instanceof Date && pending.LastAllocation?.RequestTime instanceof Date);
    assert.equal(pending.LastSuccessfulAllocationTime, undefined);

    await assert.rejects(c.athena.send(new CreateCapacityReservationCommand({ Name: 'etl', TargetDpus: 24 })), { name: 'InvalidRequestException', message: 'Capacity reservation etl already exists.' });
    await assert.rejects(c.athena.send(new CreateCapacityReservationCommand({ Name: 'small', TargetDpus: 3 })), {
      name: 'InvalidRequestException',
      message: "1 validation error detected: Value '3' at 'targetDpus' failed to satisfy constraint: Member must have value greater than or equal to 4",
    });
    await assert.rejects(c.athena.send(new CreateCapacityReservationCommand({ Name: 'bad name', TargetDpus: 8 })), { name: 'InvalidRequestException', message: /at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: \[a-zA-Z0-9\._-\]\+/ });
    await assert.rejects(get('ghost'), { name: 'InvalidRequestException', message: 'Capacity reservation does not exist' });
    await assert.rejects(c.athena.send(new UpdateCapacityReservationCommand({ Name: 'ghost', TargetDpus: 8 })), { name: 'InvalidRequestException', message: 'Capacity reservation does not exist' });

    // More DPUs at any time; fewer only a minute after the reservation was created or last grew.
    await c.athena.send(new UpdateCapacityReservationCommand({ Name: 'etl', TargetDpus: 32 }));
    assert.deepEqual([(await get('etl')).Status, (await get('etl')).TargetDpus], ['PENDING', 32]);
    await assert.rejects(c.athena.send(new UpdateCapacityReservationCommand({ Name: 'etl', TargetDpus: 28 })), { name: 'InvalidRequestException', message: /cannot be decreased until 1 minute after/ });

    await assert.rejects(c.athena.send(new DeleteCapacityReservationCommand({ Name: 'etl' })), { name: 'InvalidRequestException', message: /PENDING: a reservation must be cancelled before it can be deleted/ });
    await c.athena.send(new CancelCapacityReservationCommand({ Name: 'etl' }));
    assert.equal((await get('etl')).Status, 'CANCELLING');
    await assert.rejects(c.athena.send(new DeleteCapacityReservationCommand({ Name: 'etl' })), { name: 'InvalidRequestException', message: /CANCELLING: a reservation must be cancelled/ });
    await assert.rejects(c.athena.send(new UpdateCapacityReservationCommand({ Name: 'etl', TargetDpus: 40 })), { name: 'InvalidRequestException', message: 'Capacity reservation etl is CANCELLING and cannot be updated.' });
    await assert.rejects(c.athena.send(new CancelCapacityReservationCommand({ Name: 'etl' })), { name: 'InvalidRequestException', message: 'Capacity reservation etl is CANCELLING and cannot be cancelled.' });

    // Tags by the reservation's ARN, as for workgroups and data catalogs.
    const arn = `${ARN}etl`;
    assert.deepEqual((await c.athena.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'team', Value: 'data' }]);
    await c.athena.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'cost', Value: 'c1' }] }));
    await c.athena.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['team'] }));
    assert.deepEqual((await c.athena.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'cost', Value: 'c1' }]);
    await assert.rejects(c.athena.send(new ListTagsForResourceCommand({ ResourceARN: `${ARN}ghost` })), { name: 'ResourceNotFoundException', message: `Resource ${ARN}ghost is not found.` });
  } finally {
    await c.close();
  }
});

test('a reservation becomes ACTIVE with its DPUs allocated, takes workgroups, and is deleted once CANCELLED', async () => {
  const c = await openWithTransition(0);
  try {
    await c.athena.send(new CreateCapacityReservationCommand({ Name: 'b-res', TargetDpus: 8 }));
    await c.athena.send(new CreateCapacityReservationCommand({ Name: 'a-res', TargetDpus: 4 }));
    const active = (await c.athena.send(new GetCapacityReservationCommand({ Name: 'b-res' }))).CapacityReservation!;
    assert.deepEqual([active.Status, active.AllocatedDpus, active.LastAllocation?.Status], ['ACTIVE', 8, 'SUCCEEDED']);
    assert.ok(active.LastSuccessfulAllocationTime instanceof Date && active.LastAllocation?.RequestCompletionTime instanceof Date);

    await c.athena.send(new UpdateCapacityReservationCommand({ Name: 'b-res', TargetDpus: 12 }));
    const grown = (await c.athena.send(new GetCapacityReservationCommand({ Name: 'b-res' }))).CapacityReservation!;
    assert.deepEqual([grown.Status, grown.TargetDpus, grown.AllocatedDpus], ['ACTIVE', 12, 12]);

    const first = await c.athena.send(new ListCapacityReservationsCommand({ MaxResults: 1 }));
    const rest = await c.athena.send(new ListCapacityReservationsCommand({ NextToken: first.NextToken }));
    assert.deepEqual([...first.CapacityReservations!, ...rest.CapacityReservations!].map((r) => r.Name), ['a-res', 'b-res']);
    assert.equal(rest.NextToken, undefined);

    assert.deepEqual((await c.athena.send(new GetCapacityAssignmentConfigurationCommand({ CapacityReservationName: 'b-res' }))).CapacityAssignmentConfiguration, { CapacityReservationName: 'b-res', CapacityAssignments: [] });
    await assert.rejects(c.athena.send(new PutCapacityAssignmentConfigurationCommand({ CapacityReservationName: 'b-res', CapacityAssignments: [{ WorkGroupNames: ['ghost'] }] })), { name: 'InvalidRequestException', message: 'WorkGroup ghost is not found.' });
    // The SDKs drop null list entries; a raw request with one gets AWS's validation answer, not an internal error.
    const raw = await c.emulator!.handle({
      method: 'POST',
      path: '/',
      query: '',
      headers: { 'x-amz-target': 'AmazonAthena.PutCapacityAssignmentConfiguration', 'content-type': 'application/x-amz-json-1.1' },
      body: Buffer.from(JSON.stringify({ CapacityReservationName: 'b-res', CapacityAssignments: [null] })),
    });
    assert.equal(raw.status, 400, String(raw.body));
    assert.deepEqual(JSON.parse(String(raw.body)).__type, 'InvalidRequestException');
    assert.match(String(raw.body), /Value null at 'capacityAssignments\.1\.member' failed to satisfy constraint: Member must not be null/);
    await c.athena.send(new PutCapacityAssignmentConfigurationCommand({ CapacityReservationName: 'b-res', CapacityAssignments: [{ WorkGroupNames: ['primary'] }] }));
    assert.deepEqual((await c.athena.send(new GetCapacityAssignmentConfigurationCommand({ CapacityReservationName: 'b-res' }))).CapacityAssignmentConfiguration?.CapacityAssignments, [{ WorkGroupNames: ['primary'] }]);
    await assert.rejects(c.athena.send(new PutCapacityAssignmentConfigurationCommand({ CapacityReservationName: 'a-res', CapacityAssignments: [{ WorkGroupNames: ['primary'] }] })), { name: 'InvalidRequestException', message: 'WorkGroup primary is already assigned to capacity reservation b-res.' });

    await c.athena.send(new CancelCapacityReservationCommand({ Name: 'b-res' }));
    const cancelled = (await c.athena.send(new GetCapacityReservationCommand({ Name: 'b-res' }))).CapacityReservation!;
    assert.deepEqual([cancelled.Status, cancelled.AllocatedDpus], ['CANCELLED', 0]);
    // Cancelled reservations keep their name (AWS keeps them 45 days) until deleted.
    await assert.rejects(c.athena.send(new CreateCapacityReservationCommand({ Name: 'b-res', TargetDpus: 8 })), { name: 'InvalidRequestException' });
    await c.athena.send(new DeleteCapacityReservationCommand({ Name: 'b-res' }));
    await assert.rejects(c.athena.send(new GetCapacityReservationCommand({ Name: 'b-res' })), { message: 'Capacity reservation does not exist' });
    assert.deepEqual((await c.athena.send(new ListCapacityReservationsCommand({}))).CapacityReservations?.map((r) => r.Name), ['a-res']);
  } finally {
    await c.close();
  }
});
