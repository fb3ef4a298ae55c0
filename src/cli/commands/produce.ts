// `lakehouse produce`: generate records from the spec's fields and put them on the stream, fast and
// without losing any; optionally wait until they are queryable.
import type { Writable } from 'node:stream';
import type { Argv } from 'yargs';
import type { RecordGenerator } from '../../producer/generator.js';
import { ExitCode, LakehouseError, UsageError } from '../../errors.js';
import type { CommandContext, CommandDef } from '../command.js';

const EPILOG = `A record counts as accepted only when the stream returned a sequence number for it. Records that fail
inside a PutRecords response (throttling, internal errors) are re-sent, only those, with exponential backoff and
jitter, up to --max-retries rounds per batch.

Progress goes to stderr: a bar on a terminal, a line every 5 s otherwise, and with --output json one JSON line
a second ({"event":"progress","accepted",...,"lastSequenceNumbers":{shard: seq}}). The summary goes to stdout
(to stderr with --print, whose records own stdout).

--seed makes the data reproducible: the same seed (and spec) gives the same records, uuids and picks. Fields
with \`gen: now\` then carry made-up event times that start at 2025-01-01T00:00:00Z and advance 1 ms per record
(so they land in the 2025/01/01 partitions), not the wall clock; without --seed, \`gen: now\` is the time each
record is generated.

--from events.jsonl sends the file's records in order instead: one JSON object per line, keys from the spec's
fields (missing ones are null), values of the field's type (timestamps as ISO-8601 or epoch ms). Every line is
checked first; a file with problems sends nothing (exit 2, each problem as file:line). --dry-run prints what
would be sent (generated, or the checked --from records) and sends nothing; it needs no stream.

Exit codes: 0 every record accepted; 7 some records were not accepted (the summary says how many and why);
3 the stream refused the calls (e.g. it does not exist: run \`lakehouse up\`); 130 Ctrl-C before the amount.`;

function builder(y: Argv): Argv {
  return y
    .option('amount', { requiresArg: true, alias: 'n', type: 'number', default: 1000, describe: 'Records to produce' })
    .option('duration', { requiresArg: true, alias: 'd', type: 'string', describe: 'Produce for this long instead (30s, 5m, 1h); Ctrl-C stops early' })
    .option('rate', { requiresArg: true, alias: 'r', type: 'number', describe: 'Records per second, steady (default: as fast as the stream takes them)' })
    .option('seed', { requiresArg: true, type: 'string', describe: 'Reproducible data: the same seed gives the same records (`gen: now` then starts at 2025-01-01T00:00:00Z, 1 ms apart)' })
    .option('print', { type: 'boolean', default: false, describe: 'Echo each accepted record as a JSON line on stdout' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Print the records that would be sent (JSON lines on stdout); send nothing' })
    .option('changes', { type: 'boolean', default: false, describe: 'Iceberg tables with unique_keys: a change stream (inserts, then updates and deletes of earlier keys) with the operation in table.operation_field' })
    .option('from', { requiresArg: true, type: 'string', describe: "Send this file's records (JSON Lines, one object per line, checked against the spec's fields) instead of generated ones" })
    .option('wait', { type: 'boolean', default: false, describe: 'Afterwards, wait until the records are delivered to the lake and queryable' })
    .option('flush', { type: 'boolean', default: false, describe: 'local: with --wait, deliver buffered records now instead of after the buffer interval' })
    .option('wait-timeout', { requiresArg: true, type: 'string', describe: 'Give up waiting after this long (default: buffer interval + 5m)' })
    .option('concurrency', { requiresArg: true, type: 'number', default: 4, describe: 'PutRecords calls in flight (1 with --changes: each shard in order)' })
    .option('max-retries', { requiresArg: true, type: 'number', default: 12, describe: 'Retry rounds per batch before giving records up' })
    .epilog(EPILOG) as Argv;
}

function positive(name: string, v: unknown, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v > 0) || (integer && !Number.isInteger(v)) || !Number.isFinite(v)) {
    // yargs turns a non-numeric value into NaN: say that rather than echo "NaN".
    const got = typeof v === 'number' && Number.isNaN(v) ? 'a value that is not a number' : String(v);
    throw new UsageError(`--${name} must be a ${integer ? 'whole ' : ''}number > 0 (got ${got})`);
  }
  return v;
}

function writer(stream: Writable): (chunk: string | Buffer) => Promise<void> {
  return (chunk) =>
    new Promise((resolve, reject) => {
      const ok = stream.write(chunk, (err) => err && reject(err));
      if (ok) resolve();
      else stream.once('drain', resolve);
    });
}

async function run(ctx: CommandContext): Promise<number> {
  const a = ctx.args;
  const { parseDuration } = await import('../../producer/duration.js');
  const durationMs = a.duration !== undefined ? parseDuration(String(a.duration)) : undefined;
  const amount = positive('amount', a.amount, true) ?? 1000;
  const rate = positive('rate', a.rate, false);
  const concurrency = positive('concurrency', a.concurrency, true) ?? 4;
  const maxRetries = a['max-retries'] === 0 ? 0 : (positive('max-retries', a['max-retries'], true) ?? 12);
  const print = a.print === true;
  const json = a.output === 'json';

  const { produce } = await import('../../producer/run.js');
  const { ProduceStats } = await import('../../producer/stats.js');
  const { ProgressReporter } = await import('../../producer/progress.js');
  const { summaryText } = await import('../../producer/summary-text.js');
  const wait = await import('../../producer/wait.js');

  const pipeline = await ctx.loadPipeline();
  const { wireFields } = await import('../../producer/iceberg-wire.js');
  // Iceberg tables take timestamps as epoch microseconds (Firehose's Iceberg destination).
  const fields = wireFields(pipeline);
  const fromFile = a.from as string | undefined;
  let records: RecordGenerator | undefined;
  let recordCount = amount;
  if (fromFile !== undefined) {
    if (durationMs !== undefined) throw new UsageError('--from sends the records of the file: leave out --duration');
    if (a.seed !== undefined) throw new UsageError('--seed makes generated data reproducible; with --from the file is the data');
    const { readRecordsFile, recordsGenerator } = await import('../../producer/from-file.js');
    // An Iceberg file may carry the operation and epoch-microsecond timestamps (what --dry-run --changes prints).
    const fileOpts = { operationField: pipeline.table.iceberg?.operationField, epochMicros: pipeline.table.format === 'iceberg' };
    const list = readRecordsFile(fromFile, ctx.io.cwd, pipeline.fields, fileOpts);
    records = recordsGenerator(list, fields, pipeline.producer.partitionKey, fileOpts);
    recordCount = list.length;
  }
  let changes: import('../../producer/changes.js').ChangeGenerator | undefined;
  if (a.changes === true) {
    if (fromFile !== undefined) throw new UsageError('--changes generates a change stream; with --from the file is the data (give its records an operation field yourself)');
    const ice = pipeline.table.iceberg;
    if (!ice?.operationField) {
      throw new UsageError('--changes needs an Iceberg table with unique keys: set table.format: iceberg and table.unique_keys in the spec');
    }
    const { createGenerator } = await import('../../producer/generator.js');
    const { changeStream } = await import('../../producer/changes.js');
    const seed = a.seed as string | undefined;
    if (a.wait === true && pipeline.provider === 'aws') {
      throw new UsageError('--wait on provider aws counts rows with Athena, which updates and deletes do not add to: leave out --wait and watch the table\'s snapshots with `lakehouse status`');
    }
    changes = changeStream(await createGenerator(fields, pipeline.producer.partitionKey, { seed }), { keys: ice.uniqueKeys, operationField: ice.operationField, seed });
    records = changes;
  }
  if (fromFile === undefined && a.seed !== undefined && pipeline.fields.some((f) => f.gen.kind === 'now')) {
    ctx.ui.info(ctx.ui.dim('note: with --seed, `gen: now` fields start at 2025-01-01T00:00:00Z and advance 1 ms per record (reproducible, not the wall clock)'));
  }
  if (a['dry-run'] === true) {
    if (durationMs !== undefined) throw new UsageError('--dry-run prints --amount records (or the --from file): leave out --duration');
    const { dryRun } = await import('../../producer/dry-run.js');
    const n = await dryRun({
      fields,
      partitionKey: pipeline.producer.partitionKey,
      seed: a.seed as string | undefined,
      amount: recordCount,
      records,
      write: writer(ctx.io.stdout),
      signal: ctx.signal,
    });
    const target = pipeline.source === 'direct_put' ? `delivery stream ${pipeline.delivery.name}` : `stream ${pipeline.stream.name}`;
    ctx.ui.info(ctx.ui.dim(`dry run: ${n} records printed, none sent to ${target}`));
    return ctx.signal.aborted ? ExitCode.interrupted : ExitCode.ok;
  }
  const clients = await ctx.openClients(pipeline);
  try {
    const waitTimeoutMs = a['wait-timeout'] !== undefined ? parseDuration(String(a['wait-timeout'])) : wait.defaultWaitTimeoutMs(pipeline);
    const baseline = a.wait && clients.provider === 'aws' ? await wait.countRows(clients, pipeline, ctx.signal) : undefined;

    const stats = new ProduceStats();
    const stderrTTY = (ctx.io.stderr as { isTTY?: boolean }).isTTY === true;
    const mode = json ? 'json' : stderrTTY && !(print && ctx.io.isTTY) ? 'bar' : 'lines';
    const progress = new ProgressReporter({ mode, out: ctx.io.stderr, stats, total: durationMs ? Infinity : recordCount, durationMs });
    const out = writer(ctx.io.stdout);
    const onAccepted = print
      ? (records: Array<{ Data: Uint8Array }>) =>
          out(Buffer.concat(records.map((r) => Buffer.from(r.Data.buffer, r.Data.byteOffset, r.Data.byteLength))))
      : undefined;

    progress.start();
    const result = await produce({
      kinesis: clients.kinesis,
      streamName: pipeline.stream.name,
      fields,
      partitionKey: pipeline.producer.partitionKey,
      amount: recordCount,
      durationMs,
      records,
      rate,
      // AWS enforces Kinesis' per-shard limits; the emulator when the spec says so (enforce_shard_limits).
      shardLimits: pipeline.provider === 'aws' || pipeline.local.enforceShardLimits,
      // source direct_put: Firehose PutRecordBatch, no stream.
      directPut: pipeline.source === 'direct_put' ? { firehose: clients.firehose, deliveryStreamName: pipeline.delivery.name } : undefined,
      seed: a.seed as string | undefined,
      concurrency,
      // A change stream keeps each shard in order (concurrent calls could land a key's delete before its insert).
      ordered: changes !== undefined,
      retry: { maxRetries },
      signal: ctx.signal,
      stats,
      onAccepted,
    }).finally(() => progress.stop());
    const { summary } = result;

    const summaryOut = print ? ctx.io.stderr : ctx.io.stdout;
    if (json) summaryOut.write(JSON.stringify({ event: 'summary', ...summary, ...(changes ? { changes: changes.counts } : {}), error: errorText(result.error) }) + '\n');
    else summaryOut.write(summaryText(summary, ctx.ui) + (changes ? changesLine(changes.counts) : ''));
    if (result.error) throw result.error;

    if (a.wait && summary.accepted > 0 && !summary.interrupted) {
      await ctx.ui.step(`waiting for ${summary.accepted} records to be delivered to the lake`, () =>
        wait.waitDelivered({
          clients,
          pipeline,
          flush: a.flush === true,
          timeoutMs: waitTimeoutMs,
          expected: summary.accepted,
          baseline,
          signal: ctx.signal,
          log: (m) => ctx.ui.info(m),
        }),
      );
    }
    if (summary.failed > 0) {
      throw new LakehouseError(
        `${summary.failed} of ${summary.accepted + summary.failed} records were not accepted by ${summary.api ? 'delivery stream' : 'stream'} ${summary.stream}`,
        ExitCode.notAccepted,
        summary.api ? 'raise --max-retries, lower --rate or --concurrency, or ask AWS for a higher Firehose throughput quota' : 'raise --max-retries, lower --rate or --concurrency, or add shards',
      );
    }
    return summary.interrupted ? ExitCode.interrupted : ExitCode.ok;
  } finally {
    await clients.close();
  }
}

/** The operations sent with --changes (generated ones: a record not accepted is counted under failed too). */
function changesLine(c: { insert: number; update: number; delete: number }): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `  changes   ${n(c.insert)} inserts, ${n(c.update)} updates, ${n(c.delete)} deletes\n`;
}

function errorText(e: unknown): string | undefined {
  return e === undefined ? undefined : `${(e as Error).name}: ${(e as Error).message}`;
}

export const produceCommand: CommandDef = {
  command: 'produce',
  describe: "Generate records from the spec's fields and put them on the stream",
  builder,
  examples: [
    ['lakehouse produce -n 100000', 'Send 100,000 records as fast as the stream takes them'],
    ['lakehouse produce --rate 500 --duration 10m', 'A steady 500 records/s for ten minutes'],
    ['lakehouse produce -n 10 --seed 42 --print', 'Ten reproducible records, echoed as JSON lines'],
    ['lakehouse produce -n 5000 --wait --flush', 'Send, then wait until the records are queryable (local)'],
    ['lakehouse produce --from events.jsonl', "Send your own events (checked against the spec's fields)"],
    ['lakehouse produce -n 3 --dry-run', 'Show three records; send nothing'],
    ['lakehouse produce -n 100000 --changes', 'Iceberg with unique_keys: inserts, then updates and deletes of earlier keys'],
  ],
  run,
};

export default produceCommand;
