// Kinesis Data Firehose (AWS JSON 1.1, `Firehose_20150804`): delivery streams with a Kinesis or DirectPut
// source and an (extended) S3 destination, delivered by the engine in src/local/engine/delivery while this
// emulator is open. See README.md beside this file for the local-only extension and deviations from AWS.
import type { Inputs, Service } from '../../service.js';
import type { FirehoseInternal } from '../../types.js';
import { removeStaleStages } from '../../engine/delivery/batch-builder.js';
import { DeliveryEngine, type EngineStream } from '../../engine/delivery/engine.js';
import { ParquetWriter } from '../../engine/delivery/parquet-writer.js';
import { kinesisSource } from '../../engine/delivery/source.js';
import { manageActions } from './actions-manage.js';
import { encryptionActions } from './actions-encryption.js';
import { putActions } from './actions-put.js';
import { tagActions } from './actions-tags.js';
import { FirehoseContext } from './context.js';
import { DeliveryStreamStore } from './store.js';

export function create({ env, s3, kinesis, glue, metrics }: Inputs<'s3' | 'kinesis' | 'glue' | 'metrics'>): Service<FirehoseInternal> {
  const ctx = new FirehoseContext(env, new DeliveryStreamStore(env.dataDir), kinesis, metrics, glue);
  const streams = (): EngineStream[] => {
    const out: EngineStream[] = [];
    for (const rec of ctx.list()) {
      const status = ctx.status(rec);
      if (status === 'GONE') continue;
      out.push({
        name: rec.name,
        incarnation: rec.createdAt,
        versionId: rec.versionId,
        status,
        activeAt: rec.createdAt + ctx.transitionMs,
        destination: rec.destination,
        destinationKind: rec.destinationKind,
        arn: rec.arn,
        source: rec.source ? kinesisSource(kinesis, rec.source.streamArn) : ctx.directLog(rec.name),
      });
    }
    return out;
  };
  ctx.engine = new DeliveryEngine(
    { streams },
    { s3, glue, writer: new ParquetWriter(), dataDir: env.dataDir, region: env.region, now: env.now },
    metrics,
  );
  let unsubscribe: (() => void) | undefined;
  return {
    handler: {
      protocol: 'json',
      service: 'firehose',
      targetPrefix: 'Firehose_20150804',
      perRecordFaults: ['PutRecordBatch'],
      actions: { ...manageActions(ctx), ...tagActions(ctx), ...putActions(ctx), ...encryptionActions(ctx) },
    },
    internal: ctx.engine,
    async start() {
      removeStaleStages(env.dataDir);
      unsubscribe = kinesis.onAppend(() => ctx.engine.kick());
      ctx.engine.kick(0); // catch up on whatever arrived while no process owned the emulator
    },
    async close() {
      unsubscribe?.();
      await ctx.engine.close();
      ctx.closeLogs();
    },
  };
}
