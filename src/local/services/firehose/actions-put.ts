// PutRecord and PutRecordBatch for DirectPut streams (a Kinesis-source stream refuses them, as AWS does),
// plus the local-only LakehouseWaitDelivered, so `serve` clients can wait for delivery too.
import { AwsError, type JsonAction } from '../../types.js';
import type { FirehoseContext } from './context.js';
import { invalidArgument, inUse, validation } from './errors.js';
import type { DeliveryStreamRecord } from './store.js';

const MAX_RECORD_BYTES = 1_024_000;
const MAX_BATCH_RECORDS = 500;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

function decode(record: any, member: string): Buffer {
  if (typeof record?.Data !== 'string') throw validation(`${member}.data`, null, 'Member must not be null');
  const data = Buffer.from(record.Data, 'base64');
  if (data.length > MAX_RECORD_BYTES) {
    throw validation(`${member}.data`, `java.nio.HeapByteBuffer[pos=0 lim=${data.length} cap=${data.length}]`, `Member must have length less than or equal to ${MAX_RECORD_BYTES}`);
  }
  return data;
}

function writable(ctx: FirehoseContext, name: unknown): DeliveryStreamRecord {
  const rec = ctx.require(name);
  if (rec.type !== 'DirectPut') {
    throw invalidArgument(`This operation is not permitted on KinesisStreamAsSource delivery stream type.`);
  }
  const status = ctx.status(rec);
  if (status !== 'ACTIVE') throw inUse(rec.name, status);
  return rec;
}

export function putActions(ctx: FirehoseContext): Record<string, JsonAction> {
  return {
    PutRecord(input) {
      const startMs = ctx.env.now();
      const rec = writable(ctx, input.DeliveryStreamName);
      const data = decode(input.Record, 'record');
      const [id] = ctx.directLog(rec.name).append([data], ctx.env.now());
      ctx.engine.kick();
      ctx.metrics.firehosePut(rec.name, { records: 1, bytes: data.length, throttled: 0, startMs, single: true });
      return { RecordId: id, Encrypted: false };
    },

    PutRecordBatch(input) {
      const startMs = ctx.env.now();
      const rec = writable(ctx, input.DeliveryStreamName);
      const records: unknown = input.Records;
      if (!Array.isArray(records) || records.length < 1 || records.length > MAX_BATCH_RECORDS) {
        throw validation('records', `[${Array.isArray(records) ? records.length : 0} records]`, `Member must have length between 1 and ${MAX_BATCH_RECORDS}`);
      }
      const datas = records.map((r, i) => decode(r, `records.${i + 1}.member`));
      const total = datas.reduce((n, d) => n + d.length, 0);
      if (total > MAX_BATCH_BYTES) {
        throw invalidArgument(`Records size exceeds 4 MB limit`);
      }
      // Injected faults (LAKEHOUSE_FAULTS=firehose:PutRecordBatch=…) fail records inside the 200, with the two
      // per-record codes AWS documents; only the others are logged.
      const faults = datas.map(() => ctx.env.faults.forRecord('firehose', 'PutRecordBatch'));
      const kept = datas.filter((_, i) => !faults[i]);
      const ids = kept.length ? ctx.directLog(rec.name).append(kept, ctx.env.now()) : [];
      if (ids.length) ctx.engine.kick();
      const keptBytes = kept.reduce((n, d) => n + d.length, 0);
      const throttled = faults.filter((f) => f && f !== '500').length;
      ctx.metrics.firehosePut(rec.name, { records: ids.length, bytes: keptBytes, throttled, startMs });
      let next = 0;
      const RequestResponses = faults.map((f) =>
        !f
          ? { RecordId: ids[next++] }
          : f === '500'
            ? { ErrorCode: 'InternalFailure', ErrorMessage: 'The request processing has failed because of an unknown error, exception or failure.' }
            : { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' },
      );
      return { FailedPutCount: datas.length - ids.length, Encrypted: false, RequestResponses };
    },

    /** Local-only extension (not an AWS action): resolves when everything accepted before the call is in S3.
     * Input {DeliveryStreamName?, Flush?, TimeoutMs?}; output {}. */
    async LakehouseWaitDelivered(input) {
      try {
        await ctx.engine.waitDelivered({
          deliveryStream: input.DeliveryStreamName,
          flush: !!input.Flush,
          timeoutMs: input.TimeoutMs,
        });
      } catch (e) {
        if (e instanceof AwsError) throw e;
        throw new AwsError('ServiceUnavailableException', (e as Error).message, 503);
      }
      return {};
    },
  };
}
