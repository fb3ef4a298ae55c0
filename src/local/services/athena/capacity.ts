// Capacity reservations (Create/Get/List/Update/Cancel/DeleteCapacityReservation) and their workgroup
// assignments (Put/GetCapacityAssignmentConfiguration), kept in <dataDir>/athena/capacity.json. They follow
// AWS's lifecycle: PENDING → ACTIVE once the DPUs are "allocated", UPDATE_PENDING → ACTIVE after a change,
// CANCELLING → CANCELLED; only a CANCELLED or FAILED reservation can be deleted. Each transition takes the
// configured delay, worked out from the stored times when read. Nothing is reserved: local queries run the same
// with or without a reservation.
import path from 'node:path';
import type { Rule, Rules } from '../../kit/validate.js';
import { page } from '../../kit/paginate.js';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import type { JsonAction } from '../../types.js';
import { checkedActions, invalidRequest } from './errors.js';
import type { AthenaStore } from './store.js';
import { tagsToMap, type TagTarget } from './tags.js';

type Status = 'PENDING' | 'ACTIVE' | 'UPDATE_PENDING' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

interface Reservation {
  Name: string;
  TargetDpus: number;
  status: Status;
  allocatedDpus: number;
  created: number;
  /** When the last allocation was requested, and when the transition under way ends. */
  requested: number;
  settlesAt: number;
  lastSuccess?: number;
  /** Creation or the last increase: DPUs cannot be decreased for a minute after it. */
  lastIncrease: number;
  Tags: Record<string, string>;
  assignments?: Array<{ WorkGroupNames: string[] }>;
}

/** AWS's minimum hold before DPUs can be decreased (1 minute since February 2026). */
const MIN_HOLD_MS = 60_000;

const Name: Rule = { type: 'string', required: true, min: 1, max: 128, pattern: '[a-zA-Z0-9._-]+' };
const TargetDpus: Rule = { type: 'integer', required: true, gte: 4 };
const Tag: Rule = { type: 'structure', members: { Key: { type: 'string', required: true, min: 1, max: 128 }, Value: { type: 'string', min: 0, max: 256 } } };
const WorkGroupNames: Rule = { type: 'list', member: { type: 'string', pattern: '[a-zA-Z0-9._-]{1,128}' } };
const rules: Record<string, Rules> = {
  CreateCapacityReservation: { TargetDpus, Name, Tags: { type: 'list', member: Tag } },
  GetCapacityReservation: { Name },
  ListCapacityReservations: { NextToken: { type: 'string', min: 1, max: 1024 }, MaxResults: { type: 'integer', gte: 1, lte: 50 } },
  UpdateCapacityReservation: { TargetDpus, Name },
  CancelCapacityReservation: { Name },
  DeleteCapacityReservation: { Name },
  PutCapacityAssignmentConfiguration: {
    CapacityReservationName: Name,
    // A null entry is refused as AWS refuses it (it reached the handler and failed there: 500).
    CapacityAssignments: { type: 'list', required: true, member: { type: 'structure', required: true, members: { WorkGroupNames } } },
  },
  GetCapacityAssignmentConfiguration: { CapacityReservationName: Name },
};

/** Ends the transition under way if its time has come (the state a caller sees at `now`). */
function settle(r: Reservation, now: number): Reservation {
  if (now < r.settlesAt) return r;
  if (r.status === 'PENDING' || r.status === 'UPDATE_PENDING') {
    r.status = 'ACTIVE';
    r.allocatedDpus = r.TargetDpus;
    r.lastSuccess = r.settlesAt;
  } else if (r.status === 'CANCELLING') {
    r.status = 'CANCELLED';
    r.allocatedDpus = 0;
  }
  return r;
}

function output(r: Reservation) {
  const allocating = r.status === 'PENDING' || r.status === 'UPDATE_PENDING';
  return {
    Name: r.Name,
    Status: r.status,
    TargetDpus: r.TargetDpus,
    AllocatedDpus: r.allocatedDpus,
    LastAllocation: {
      Status: allocating ? 'PENDING' : r.lastSuccess !== undefined ? 'SUCCEEDED' : 'FAILED',
      RequestTime: r.requested / 1000,
      ...(allocating || r.lastSuccess === undefined ? {} : { RequestCompletionTime: r.lastSuccess / 1000 }),
    },
    ...(r.lastSuccess !== undefined ? { LastSuccessfulAllocationTime: r.lastSuccess / 1000 } : {}),
    CreationTime: r.created / 1000,
  };
}

export function capacityActions(store: AthenaStore, transitionMs: number): { actions: Record<string, JsonAction>; tags: TagTarget } {
  const file = path.join(store.dir, 'capacity.json');
  const reservations = readJson<Record<string, Reservation>>(file, {});
  const save = () => writeJsonAtomic(file, reservations);

  function reservation(name: string, now: number): Reservation {
    const r = reservations[name];
    if (!r) throw invalidRequest('Capacity reservation does not exist');
    return settle(r, now);
  }
  function usable(r: Reservation, what: string): void {
    if (r.status === 'CANCELLING' || r.status === 'CANCELLED' || r.status === 'FAILED') {
      throw invalidRequest(`Capacity reservation ${r.Name} is ${r.status} and cannot ${what}.`);
    }
  }

  const actions: Record<string, JsonAction> = {
    CreateCapacityReservation(input, ctx) {
      // A cancelled reservation keeps its name until it is deleted (AWS keeps it 45 days).
      if (reservations[input.Name]) throw invalidRequest(`Capacity reservation ${input.Name} already exists.`);
      const now = ctx.now();
      reservations[input.Name] = {
        Name: input.Name, TargetDpus: input.TargetDpus, status: 'PENDING', allocatedDpus: 0, created: now,
        requested: now, settlesAt: now + transitionMs, lastIncrease: now, Tags: tagsToMap(input.Tags),
      };
      save();
      return {};
    },
    GetCapacityReservation: (input, ctx) => ({ CapacityReservation: output(reservation(input.Name, ctx.now())) }),
    ListCapacityReservations(input, ctx) {
      const all = Object.values(reservations).sort((a, b) => (a.Name < b.Name ? -1 : 1)).map((r) => output(settle(r, ctx.now())));
      const p = page(all, input.NextToken, input.MaxResults ?? 50, invalidRequest);
      return { CapacityReservations: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
    UpdateCapacityReservation(input, ctx) {
      const now = ctx.now();
      const r = reservation(input.Name, now);
      usable(r, 'be updated');
      if (input.TargetDpus < r.TargetDpus && now - r.lastIncrease < MIN_HOLD_MS) {
        throw invalidRequest(`The DPUs of capacity reservation ${r.Name} cannot be decreased until 1 minute after it was created or its DPUs were last increased.`);
      }
      if (input.TargetDpus > r.TargetDpus) r.lastIncrease = now;
      r.TargetDpus = input.TargetDpus;
      if (r.status === 'ACTIVE') r.status = 'UPDATE_PENDING';
      r.requested = now;
      r.settlesAt = now + transitionMs;
      save();
      return {};
    },
    CancelCapacityReservation(input, ctx) {
      const now = ctx.now();
      const r = reservation(input.Name, now);
      usable(r, 'be cancelled');
      r.status = 'CANCELLING';
      r.settlesAt = now + transitionMs;
      delete r.assignments;
      save();
      return {};
    },
    DeleteCapacityReservation(input, ctx) {
      const r = reservation(input.Name, ctx.now());
      if (r.status !== 'CANCELLED' && r.status !== 'FAILED') {
        throw invalidRequest(`Capacity reservation ${r.Name} is ${r.status}: a reservation must be cancelled before it can be deleted.`);
      }
      delete reservations[r.Name];
      save();
      return {};
    },
    PutCapacityAssignmentConfiguration(input, ctx) {
      const r = reservation(input.CapacityReservationName, ctx.now());
      usable(r, 'take workgroup assignments');
      const assignments = (input.CapacityAssignments as Array<{ WorkGroupNames?: string[] }>).map((a) => ({ WorkGroupNames: a.WorkGroupNames ?? [] }));
      for (const wg of assignments.flatMap((a) => a.WorkGroupNames)) {
        if (!store.workGroups[wg]) throw invalidRequest(`WorkGroup ${wg} is not found.`);
        // A workgroup uses at most one reservation at a time.
        const other = Object.values(reservations).find((o) => o !== r && o.assignments?.some((a) => a.WorkGroupNames.includes(wg)));
        if (other) throw invalidRequest(`WorkGroup ${wg} is already assigned to capacity reservation ${other.Name}.`);
      }
      r.assignments = assignments;
      save();
      return {};
    },
    GetCapacityAssignmentConfiguration(input, ctx) {
      const r = reservation(input.CapacityReservationName, ctx.now());
      return { CapacityAssignmentConfiguration: { CapacityReservationName: r.Name, CapacityAssignments: r.assignments ?? [] } };
    },
  };
  const tags: TagTarget = { tags: (name) => reservations[name]?.Tags, save };
  return { actions: checkedActions(actions, rules), tags };
}
