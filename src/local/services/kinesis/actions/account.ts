// Account-level settings (DescribeAccountSettings / UpdateAccountSettings): the minimum throughput billing
// commitment, which UpdateStreamWarmThroughput requires. Enabling starts a commitment that AWS keeps for at
// least 24 hours; disabling before then leaves it ENABLED_UNTIL_EARLIEST_ALLOWED_END. Durable under
// <dataDir>/kinesis/account.json.
import path from 'node:path';
import { readJson, writeJsonAtomic } from '../../../store/atomic.js';
import { seconds, type Kinesis } from '../context.js';

/** AWS's minimum commitment window. */
const MIN_COMMITMENT_MS = 24 * 3600_000;

interface Commitment {
  status: 'ENABLED' | 'DISABLED';
  startedMs?: number;
  endedMs?: number;
}

const file = (k: Kinesis) => path.join(k.env.dataDir, 'kinesis', 'account.json');
const load = (k: Kinesis): Commitment => readJson<Commitment>(file(k), { status: 'DISABLED' });

/** True while the account's commitment is in force (warm throughput is allowed). */
export function commitmentInForce(k: Kinesis): boolean {
  const c = load(k);
  return c.status === 'ENABLED' || (c.endedMs !== undefined && k.store.now() < c.endedMs);
}

function shape(c: Commitment, now: number) {
  const earliest = c.startedMs === undefined ? undefined : c.startedMs + MIN_COMMITMENT_MS;
  const winding = c.status === 'DISABLED' && c.endedMs !== undefined && now < c.endedMs;
  return {
    MinimumThroughputBillingCommitment: {
      Status: winding ? 'ENABLED_UNTIL_EARLIEST_ALLOWED_END' : c.status,
      ...(c.startedMs !== undefined ? { StartedAt: seconds(c.startedMs) } : {}),
      ...(c.endedMs !== undefined ? { EndedAt: seconds(c.endedMs) } : {}),
      ...(earliest !== undefined && (c.status === 'ENABLED' || winding) ? { EarliestAllowedEndAt: seconds(earliest) } : {}),
    },
  };
}

export function DescribeAccountSettings(_input: any, k: Kinesis): unknown {
  return shape(load(k), k.store.now());
}

export function UpdateAccountSettings(input: any, k: Kinesis): unknown {
  const now = k.store.now();
  const current = load(k);
  const wanted: 'ENABLED' | 'DISABLED' = input.MinimumThroughputBillingCommitment.Status;
  let next = current;
  if (wanted === 'ENABLED' && !commitmentInForce(k)) next = { status: 'ENABLED', startedMs: now };
  else if (wanted === 'ENABLED') next = { status: 'ENABLED', startedMs: current.startedMs ?? now };
  else if (current.status === 'ENABLED') {
    // A commitment ends no earlier than 24 hours after it started.
    next = { status: 'DISABLED', startedMs: current.startedMs, endedMs: Math.max(now, (current.startedMs ?? now) + MIN_COMMITMENT_MS) };
  }
  if (next !== current) writeJsonAtomic(file(k), next);
  return shape(next, now);
}
