// The pipeline's health as CloudWatch tells it, for `status --watch` and the web console: one GetMetricData
// call for the stream's and the delivery stream's series (AWS's names and dimensions, so the same code reads
// the local emulator and real AWS), and the error-prefix object count from S3.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Clients } from '../aws/clients.js';
import type { Pipeline } from '../config/types.js';

export interface Panel {
  id: string;
  title: string;
  /** What one value is, e.g. "records/min", "ms", "s". */
  unit: string;
  /** Sum (counts per minute: a total over the window makes sense) or Maximum (ages). */
  stat: 'Sum' | 'Maximum';
  /** One value per period, oldest first; null where CloudWatch has no data point. */
  values: Array<number | null>;
}

export interface Dashboard {
  /** First period's start (ms) and the period length (ms). */
  startMs: number;
  periodMs: number;
  panels: Panel[];
  /** Objects under the delivery's error prefix (records Firehose could not convert); null when unknown. */
  errorObjects: number | null;
}

interface Spec {
  id: string;
  title: string;
  unit: string;
  ns: 'AWS/Kinesis' | 'AWS/Firehose';
  metric: string;
  stat: 'Sum' | 'Maximum';
}

const SPECS: Spec[] = [
  { id: 'incoming', title: 'Records in · IncomingRecords', unit: 'records/min', ns: 'AWS/Kinesis', metric: 'IncomingRecords', stat: 'Sum' },
  { id: 'delivered', title: 'Records out · DeliveryToS3.Records', unit: 'records/min', ns: 'AWS/Firehose', metric: 'DeliveryToS3.Records', stat: 'Sum' },
  { id: 'throttled', title: 'Throttled · WriteProvisionedThroughputExceeded', unit: 'records/min', ns: 'AWS/Kinesis', metric: 'WriteProvisionedThroughputExceeded', stat: 'Sum' },
  { id: 'age', title: 'Iterator age · KinesisMillisBehindLatest', unit: 'ms', ns: 'AWS/Firehose', metric: 'KinesisMillisBehindLatest', stat: 'Maximum' },
  { id: 'freshness', title: 'Freshness · DeliveryToS3.DataFreshness', unit: 's', ns: 'AWS/Firehose', metric: 'DeliveryToS3.DataFreshness', stat: 'Maximum' },
  { id: 'failed', title: 'Failed conversion · FailedConversion.Records', unit: 'records/min', ns: 'AWS/Firehose', metric: 'FailedConversion.Records', stat: 'Sum' },
];

const DIRECT_PUT: Record<string, Spec> = {
  incoming: { id: 'incoming', title: 'Records in · IncomingRecords', unit: 'records/min', ns: 'AWS/Firehose', metric: 'IncomingRecords', stat: 'Sum' },
  throttled: { id: 'throttled', title: 'Throttled · ThrottledRecords', unit: 'records/min', ns: 'AWS/Firehose', metric: 'ThrottledRecords', stat: 'Sum' },
};

/** A CloudWatch client that goes where the pipeline's other clients go (in-process, serve, or AWS). */
export async function cloudWatchFor(clients: Clients): Promise<CloudWatchClient> {
  const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
  const cfg = clients.glue.config as unknown as Record<string, unknown>;
  return new CloudWatchClient({
    region: clients.region,
    credentials: cfg.credentials as never,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint as never } : {}),
    ...(clients.provider === 'local' ? { requestHandler: cfg.requestHandler as never } : {}),
  });
}

const MINUTE = 60_000;

export async function fetchDashboard(cw: CloudWatchClient, clients: Clients, p: Pipeline, o: { minutes: number; now?: number }): Promise<Dashboard> {
  const { GetMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
  const end = Math.floor((o.now ?? Date.now()) / MINUTE) * MINUTE + MINUTE; // include the current minute
  const start = end - o.minutes * MINUTE;
  // Direct PUT: records come in through Firehose (its IncomingRecords and ThrottledRecords), no stream.
  const specs = p.source === 'direct_put' ? SPECS.map((s) => DIRECT_PUT[s.id] ?? s) : SPECS;
  const dims = (ns: Spec['ns']) => (ns === 'AWS/Kinesis' ? [{ Name: 'StreamName', Value: p.stream.name }] : [{ Name: 'DeliveryStreamName', Value: p.delivery.name }]);
  const [out, errorObjects] = await Promise.all([
    cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(start),
        EndTime: new Date(end),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: specs.map((s) => ({ Id: s.id, MetricStat: { Metric: { Namespace: s.ns, MetricName: s.metric, Dimensions: dims(s.ns) }, Period: 60, Stat: s.stat } })),
      }),
    ),
    countErrorObjects(clients, p).catch(() => null),
  ]);
  const panels = specs.map((s) => {
    const values: Array<number | null> = new Array(o.minutes).fill(null);
    const r = out.MetricDataResults?.find((x) => x.Id === s.id);
    r?.Timestamps?.forEach((t, i) => {
      const k = Math.floor((t.getTime() - start) / MINUTE); // AWS aligns to the period; others may not
      if (k >= 0 && k < o.minutes) values[k] = r.Values![i]!;
    });
    return { id: s.id, title: s.title, unit: s.unit, stat: s.stat, values };
  });
  return { startMs: start, periodMs: MINUTE, panels, errorObjects };
}

/** Objects under the static part of the error prefix (before its first `!{`), up to 10,000. */
async function countErrorObjects(clients: Clients, p: Pipeline): Promise<number> {
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const prefix = p.delivery.errorPrefix.split('!{')[0]!;
  let n = 0;
  let token: string | undefined;
  do {
    const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: p.bucket.name, Prefix: prefix, ContinuationToken: token }));
    n += page.KeyCount ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token && n < 10_000);
  return n;
}
