// Builds what the resource modules act with: the account id (STS GetCallerIdentity), the ARNs and
// desired state, and polling speed (the emulator is instant; AWS takes seconds to minutes).
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Clients } from '../aws/clients.js';
import type { Pipeline } from '../config/types.js';
import { arnIds } from './arns.js';
import { awsCall } from './aws-errors.js';
import { desiredState } from './registry.js';
import type { ResourceContext } from './types.js';

export interface ContextOptions {
  step?: ResourceContext['step'];
  signal?: AbortSignal;
  /** Override the polling base interval (ms). */
  pollMs?: number;
}

export async function resourceContext(clients: Clients, pipeline: Pipeline, o: ContextOptions = {}): Promise<ResourceContext> {
  const who = await awsCall('STS GetCallerIdentity', () => clients.sts.send(new GetCallerIdentityCommand({})));
  const accountId = who.Account ?? '000000000000';
  const ids = arnIds(pipeline.region, accountId);
  // `local` answers at once; `aws` pointed at `lakehouse serve` is local too, so only real AWS waits long.
  const isRealAws = clients.provider === 'aws' && !pipeline.aws.endpointUrl;
  return {
    clients,
    pipeline,
    accountId,
    desired: desiredState(pipeline, ids),
    pollMs: o.pollMs ?? (isRealAws ? 1000 : 20),
    step: o.step ?? ((_label, work) => work()),
    signal: o.signal,
  };
}
