// The local API: the few things lakehouse's own commands ask the local emulator that AWS has no action for
// (wait until delivered, stream counters). A JSON 1.1 service (`X-Amz-Target: LakehouseLocal.<Action>`) so
// it answers the same in-process, through a session host's socket and through `lakehouse serve`; product
// code reaches it only through src/aws/local-target.ts's LocalApi. Not an AWS service: AWS clients never
// send this target.
import type { Inputs, Service } from '../service.js';
import { AwsError } from '../types.js';

export const LOCAL_API_PREFIX = 'LakehouseLocal';

/** Output of StreamCounters. */
export interface StreamCountersOutput {
  StreamName: string;
  Records: number;
  Bytes: number;
  NewestArrival: number | null;
  Shards: Array<{ ShardId: string; Open: boolean; Records: number; Bytes: number; NewestArrival: number | null }>;
}

function str(v: unknown, name: string): string {
  if (typeof v !== 'string' || !v) throw new AwsError('ValidationException', `${name} is required`);
  return v;
}

export const create = ({ env, kinesis, firehose }: Inputs<'kinesis' | 'firehose'>): Service => ({
  internal: undefined,
  handler: {
    protocol: 'json',
    service: 'lakehouselocal',
    targetPrefix: LOCAL_API_PREFIX,
    actions: {
      /** {DeliveryStreamName?, Flush?, TimeoutMs?} → {} once everything accepted before the call is in S3. */
      async WaitDelivered(input: { DeliveryStreamName?: string; Flush?: boolean; TimeoutMs?: number }) {
        try {
          await firehose.waitDelivered({ deliveryStream: input.DeliveryStreamName, flush: !!input.Flush, timeoutMs: input.TimeoutMs });
        } catch (e) {
          if (e instanceof AwsError) throw e;
          throw new AwsError('ServiceUnavailableException', (e as Error).message, 503);
        }
        return {};
      },
      /** {StreamName} → retained records and bytes per shard from the shard index (nothing is read). */
      StreamCounters(input: { StreamName?: string }): StreamCountersOutput {
        const name = str(input.StreamName, 'StreamName');
        const shards = kinesis.stats?.(name);
        if (!shards) throw new AwsError('ResourceNotFoundException', `Stream ${name} under account ${env.accountId} not found.`);
        let newest: number | null = null;
        for (const s of shards) if (s.newestArrival !== null && (newest === null || s.newestArrival > newest)) newest = s.newestArrival;
        return {
          StreamName: name,
          Records: shards.reduce((n, s) => n + s.records, 0),
          Bytes: shards.reduce((n, s) => n + s.bytes, 0),
          NewestArrival: newest,
          Shards: shards.map((s) => ({ ShardId: s.shardId, Open: s.open, Records: s.records, Bytes: s.bytes, NewestArrival: s.newestArrival })),
        };
      },
    },
  },
});
