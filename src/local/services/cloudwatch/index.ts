// Amazon CloudWatch metrics (PutMetricData, ListMetrics, GetMetricStatistics, GetMetricData) over the three
// protocols today's clients speak (wire.ts), and the feed the other services report through (feed.ts).
// The emulator asks `route` first for every request: CloudWatch's requests look like S3 (CBOR's path) or
// like IAM/STS (Query) to the other routes.
import type { ServiceFactory } from '../../service.js';
import { AwsError, type EmuRequest, type EmuResponse } from '../../types.js';
import { getMetricData, getMetricStatistics, listMetrics, putMetricData } from './actions.js';
import { feedFor, type MetricsFeed } from './feed.js';
import { MetricStore } from './store.js';
import { decode, encode, encodeError, wireOf, type Wire } from './wire.js';

export interface CloudWatchInternal {
  /** The protocol when this request is CloudWatch's. */
  route(req: EmuRequest): Wire | undefined;
  handle(req: EmuRequest, wire: Wire, requestId: string): EmuResponse;
  feed: MetricsFeed;
  store: MetricStore;
}

type Action = (store: MetricStore, input: any, now: number) => Record<string, unknown>;
const ACTIONS: Record<string, Action> = {
  PutMetricData: putMetricData,
  ListMetrics: listMetrics,
  GetMetricStatistics: getMetricStatistics,
  GetMetricData: getMetricData,
};

export const create: ServiceFactory<CloudWatchInternal> = (env) => {
  const store = new MetricStore(env.dataDir, env.now);
  // Fold the journal once a minute even when nothing is written, so a quiet emulator leaves data files.
  const timer = setInterval(() => store.compact(), 60_000);
  timer.unref();
  const internal: CloudWatchInternal = {
    route: wireOf,
    store,
    feed: feedFor(store, env.now),
    handle(req, wire, requestId) {
      try {
        const call = decode(req, wire);
        const action = Object.hasOwn(ACTIONS, call.action) ? ACTIONS[call.action] : undefined;
        if (!action) {
          // Alarms, dashboards, Logs... are not emulated: say so in the client's error shape.
          const code = wire === 'query' ? 'InvalidAction' : 'UnknownOperationException';
          throw new AwsError(code, `Operation ${call.action} is not supported by local CloudWatch (metrics only: ${Object.keys(ACTIONS).join(', ')}).`, 400);
        }
        return encode(wire, call.action, action(store, call.input, env.now()), requestId);
      } catch (e) {
        if (e instanceof AwsError) return encodeError(wire, e, requestId);
        throw e;
      }
    },
  };
  return {
    internal,
    async close() {
      clearInterval(timer);
      store.close();
    },
  };
};
