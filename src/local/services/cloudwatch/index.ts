// Amazon CloudWatch metrics (PutMetricData, ListMetrics, GetMetricStatistics, GetMetricData) over the three
// protocols today's clients speak (wire.ts), and the feed the other services report through (feed.ts).
// Its handler is the first row of the routing table: CloudWatch's requests look like S3 (CBOR's path) or
// like IAM/STS (Query) to the other rows. Its internal face is the metrics feed.
import type { Inputs, OwnWireHandler, Service } from '../../service.js';
import { AwsError } from '../../types.js';
import { getMetricData, getMetricStatistics, listMetrics, putMetricData } from './actions.js';
import { feedFor, type MetricsFeed } from './feed.js';
import { MetricStore } from './store.js';
import { decode, encode, encodeError, wireOf } from './wire.js';

type Action = (store: MetricStore, input: any, now: number) => Record<string, unknown>;
const ACTIONS: Record<string, Action> = {
  PutMetricData: putMetricData,
  ListMetrics: listMetrics,
  GetMetricStatistics: getMetricStatistics,
  GetMetricData: getMetricData,
};

export function create({ env }: Inputs): Service<MetricsFeed> {
  const store = new MetricStore(env.dataDir, env.now);
  // Fold the journal once a minute even when nothing is written, so a quiet emulator leaves data files.
  const timer = setInterval(() => store.compact(), 60_000);
  timer.unref();
  const handler: OwnWireHandler = {
    protocol: 'cloudwatch',
    service: 'cloudwatch',
    match(req, _ctx, requestId) {
      const wire = wireOf(req);
      if (!wire) return undefined;
      const call = decode(req, wire);
      return {
        service: 'cloudwatch',
        action: call.action,
        run() {
          const action = Object.hasOwn(ACTIONS, call.action) ? ACTIONS[call.action] : undefined;
          if (!action) {
            // Alarms, dashboards, Logs... are not emulated: say so in the client's error shape.
            const code = wire === 'query' ? 'InvalidAction' : 'UnknownOperationException';
            throw new AwsError(code, `Operation ${call.action} is not supported by local CloudWatch (metrics only: ${Object.keys(ACTIONS).join(', ')}).`, 400);
          }
          return encode(wire, call.action, action(store, call.input, env.now()), requestId);
        },
      };
    },
    error: (err, req, requestId) => encodeError(wireOf(req) ?? 'json', err, requestId),
  };
  return {
    handler,
    internal: feedFor(store, env.now),
    async close() {
      clearInterval(timer);
      store.close();
    },
  };
}
