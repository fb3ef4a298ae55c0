// The shared start of plan/up/down/status: spec → clients → resource context → observed state.
import type { Clients } from '../aws/clients.js';
import type { CommandContext } from '../cli/command.js';
import type { Pipeline } from '../config/types.js';
import { bucketUsage } from './bucket.js';
import { resourceContext } from './context.js';
import { discoverOwned, orphansOf } from './discover.js';
import { observeAll, replaceRules } from './observe.js';
import { planUp } from './plan.js';
import type { Observed, Plan, ResourceContext, ResourceKind } from './types.js';

export interface Session {
  pipeline: Pipeline;
  clients: Clients;
  rctx: ResourceContext;
}

/** Opens a session, runs `work`, always closes the clients. */
export async function withSession<T>(ctx: CommandContext, work: (s: Session) => Promise<T>): Promise<T> {
  const pipeline = await ctx.loadPipeline();
  const clients = await ctx.openClients(pipeline);
  try {
    const rctx = await resourceContext(clients, pipeline, { step: (l, w) => ctx.ui.step(l, w), signal: ctx.signal });
    return await work({ pipeline, clients, rctx });
  } finally {
    await clients.close();
  }
}

export interface UpPlan {
  plan: Plan;
  observed: Record<ResourceKind, Observed>;
  /** Ours (by tag) but not named by the spec: deleted or renamed by the plan. */
  orphans: Observed[];
  /** Services that could not be listed for discovery (shown, not fatal). */
  warnings: string[];
}

export async function computeUpPlan(rctx: ResourceContext): Promise<UpPlan> {
  const [observed, found] = await Promise.all([observeAll(rctx), discoverOwned(rctx)]);
  const orphans = orphansOf(rctx, found.owned);
  const plan = planUp({ pipeline: rctx.pipeline.name, desired: rctx.desired, observed, replaceOn: replaceRules(), orphans });
  await noteBucketContents(rctx, plan);
  return { plan, observed, orphans, warnings: found.warnings };
}

/** A bucket the plan deletes (dropped from the spec, or renamed away) takes its objects: say how many. */
async function noteBucketContents(rctx: ResourceContext, plan: Plan): Promise<void> {
  for (const a of plan.actions) {
    const gone = a.kind === 'bucket' ? (a.action === 'delete' ? a.name : a.replaces) : undefined;
    if (!gone) continue;
    const u = await bucketUsage(rctx.clients.s3, gone).catch(() => undefined);
    if (u) a.note = `${a.note ?? ''}; ${gone} holds ${u.objects.toLocaleString('en-US')} object${u.objects === 1 ? '' : 's'} (${u.bytes.toLocaleString('en-US')} bytes), deleted with it`;
  }
}
