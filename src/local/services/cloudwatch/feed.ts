// The one interface through which the emulated services report metrics (their `metrics` neighbour, see service.ts), with AWS's
// namespaces, names, dimensions and units. Each call site in Kinesis, the Firehose engine and Athena makes
// one call; the arithmetic (which records succeeded, throttled, bytes) lives here, not in those services.
// Every call writes its points to the journal before it returns (see store.ts).
import type { MetricStore, Point } from './store.js';

export interface MetricsFeed {
  /** PutRecords (or PutRecord when `single`): the input records and the per-record outcome. */
  kinesisPut(stream: string, input: Array<{ Data: string; PartitionKey: string }>, out: Array<{ ErrorCode?: string }>, startMs: number, single?: boolean): void;
  /** GetRecords: the records returned. */
  kinesisGet(stream: string, records: Array<{ data: Buffer; arrival: number }>, startMs: number): void;
  /** Firehose Direct PUT: PutRecordBatch (or PutRecord when `single`) accepted `records` of `bytes`;
   * `throttled` more were refused inside the answer. */
  firehosePut(deliveryStream: string, o: { records: number; bytes: number; throttled: number; startMs: number; single?: boolean }): void;
  /** The Firehose engine read these records from its source (named as a Kinesis source's: see the README). */
  firehoseRead(deliveryStream: string, records: Array<{ data: Buffer; arrival: number }>): void;
  /** A batch reached S3 (its checkpoint is committed): rows delivered, records failed to convert. */
  firehoseDelivered(deliveryStream: string, batch: { delivered: number; failed: number; bytes: number; oldestArrival: number; converting: boolean }): void;
  /** A batch for a destination that is not S3 (`kind`: the engine's HttpEndpoint, Redshift, Snowflake, …) ended:
   * `delivered` records reached it, `failed` went to the S3 backup after RetryOptions. */
  firehoseEndpointDelivered(deliveryStream: string, kind: string, batch: { delivered: number; failed: number; bytes: number; oldestArrival: number }): void;
  /** An Athena query ended (only for workgroups with PublishCloudWatchMetricsEnabled). */
  athenaQuery(workGroup: string, q: { state: string; type: string; scannedBytes: number; totalMs: number; engineMs: number; queueMs: number }): void;
}

type Unit = 'Count' | 'Bytes' | 'Milliseconds' | 'Seconds' | 'None';

/** DeliveryTo<name>.* per non-S3 destination kind, and whether AWS documents a DataFreshness metric for it. */
const ENDPOINT_METRICS: Record<string, { name: string; freshness: boolean }> = {
  HttpEndpoint: { name: 'HttpEndpoint', freshness: true },
  Snowflake: { name: 'Snowflake', freshness: true },
  Splunk: { name: 'Splunk', freshness: true },
  Redshift: { name: 'Redshift', freshness: false },
  Elasticsearch: { name: 'Elasticsearch', freshness: false },
  Amazonopensearchservice: { name: 'AmazonOpenSearchService', freshness: false },
  AmazonOpenSearchServerless: { name: 'AmazonOpenSearchServerless', freshness: false },
};

const base64Bytes = (b64: string) => {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - pad;
};

export function feedFor(store: MetricStore, now: () => number): MetricsFeed {
  const emit = (namespace: string, dims: Record<string, string>, values: Array<[string, number, Unit] | false>) => {
    const t = now();
    const d = Object.entries(dims).map(([Name, Value]) => ({ Name, Value }));
    const points: Point[] = [];
    for (const v of values) {
      if (!v) continue;
      const [name, x, unit] = v;
      points.push({ namespace, name, dims: d, unit, t, stats: { n: 1, sum: x, min: x, max: x } });
    }
    store.add(points);
  };
  return {
    kinesisPut(stream, input, out, startMs, single) {
      let ok = 0;
      let bytes = 0;
      let throttled = 0;
      for (let i = 0; i < out.length; i++) {
        const code = out[i]!.ErrorCode;
        if (!code) {
          ok++;
          bytes += base64Bytes(input[i]!.Data);
        } else if (code === 'ProvisionedThroughputExceededException') throttled++;
      }
      const op = single ? 'PutRecord' : 'PutRecords';
      const latency = Math.max(0, now() - startMs);
      emit('AWS/Kinesis', { StreamName: stream }, [
        ['IncomingRecords', ok, 'Count'],
        ['IncomingBytes', bytes, 'Bytes'],
        [`${op}.Bytes`, bytes, 'Bytes'],
        [`${op}.Latency`, latency, 'Milliseconds'],
        [`${op}.Success`, ok > 0 ? 1 : 0, 'Count'],
        !single && ['PutRecords.TotalRecords', out.length, 'Count'],
        !single && ['PutRecords.SuccessfulRecords', ok, 'Count'],
        !single && ['PutRecords.FailedRecords', out.length - ok - throttled, 'Count'],
        !single && ['PutRecords.ThrottledRecords', throttled, 'Count'],
        ['WriteProvisionedThroughputExceeded', throttled, 'Count'],
      ]);
    },
    firehosePut(name, o) {
      // AWS's Direct PUT metrics (Firehose docs, "Data ingestion through Direct PUT").
      const op = o.single ? 'PutRecord' : 'PutRecordBatch';
      emit('AWS/Firehose', { DeliveryStreamName: name }, [
        ['IncomingRecords', o.records, 'Count'],
        ['IncomingBytes', o.bytes, 'Bytes'],
        ['IncomingPutRequests', 1, 'Count'],
        [`${op}.Bytes`, o.bytes, 'Bytes'],
        [`${op}.Latency`, Math.max(0, now() - o.startMs), 'Milliseconds'],
        [`${op}.Requests`, 1, 'Count'],
        !o.single && ['PutRecordBatch.Records', o.records, 'Count'],
        ['ThrottledRecords', o.throttled, 'Count'],
      ]);
    },
    kinesisGet(stream, records, startMs) {
      const t = now();
      const last = records[records.length - 1];
      emit('AWS/Kinesis', { StreamName: stream }, [
        ['GetRecords.Records', records.length, 'Count'],
        ['GetRecords.Bytes', records.reduce((a, r) => a + r.data.length, 0), 'Bytes'],
        ['GetRecords.IteratorAgeMilliseconds', last ? Math.max(0, t - last.arrival) : 0, 'Milliseconds'],
        ['GetRecords.Latency', Math.max(0, t - startMs), 'Milliseconds'],
        ['GetRecords.Success', 1, 'Count'],
      ]);
    },
    firehoseRead(name, records) {
      if (records.length === 0) return;
      const last = records[records.length - 1]!;
      const bytes = records.reduce((a, r) => a + r.data.length, 0);
      emit('AWS/Firehose', { DeliveryStreamName: name }, [
        ['DataReadFromKinesisStream.Records', records.length, 'Count'],
        ['DataReadFromKinesisStream.Bytes', bytes, 'Bytes'],
        ['KinesisMillisBehindLatest', Math.max(0, now() - last.arrival), 'Milliseconds'],
      ]);
    },
    firehoseDelivered(name, b) {
      const freshness = Number.isFinite(b.oldestArrival) ? Math.max(0, (now() - b.oldestArrival) / 1000) : 0;
      emit('AWS/Firehose', { DeliveryStreamName: name }, [
        ['DeliveryToS3.Records', b.delivered, 'Count'],
        ['DeliveryToS3.Bytes', b.bytes, 'Bytes'],
        ['DeliveryToS3.Success', 1, 'None'],
        ['DeliveryToS3.DataFreshness', freshness, 'Seconds'],
        b.converting && ['SucceedConversion.Records', b.delivered, 'Count'],
        b.converting && ['FailedConversion.Records', b.failed, 'Count'],
      ]);
    },
    firehoseEndpointDelivered(name, kind, b) {
      const metric = ENDPOINT_METRICS[kind];
      if (!metric) return;
      const freshness = Number.isFinite(b.oldestArrival) ? Math.max(0, (now() - b.oldestArrival) / 1000) : 0;
      const prefix = `DeliveryTo${metric.name}`;
      emit('AWS/Firehose', { DeliveryStreamName: name }, [
        [`${prefix}.Records`, b.delivered, 'Count'],
        [`${prefix}.Bytes`, b.delivered > 0 ? b.bytes : 0, 'Bytes'],
        [`${prefix}.Success`, b.failed === 0 ? 1 : 0, 'None'],
        metric.freshness && b.failed === 0 && [`${prefix}.DataFreshness`, freshness, 'Seconds'],
      ]);
    },
    athenaQuery(workGroup, q) {
      emit('AWS/Athena', { QueryState: q.state, QueryType: q.type, WorkGroup: workGroup }, [
        ['ProcessedBytes', q.scannedBytes, 'Bytes'],
        ['TotalExecutionTime', q.totalMs, 'Milliseconds'],
        ['EngineExecutionTime', q.engineMs, 'Milliseconds'],
        ['QueryQueueTime', q.queueMs, 'Milliseconds'],
      ]);
    },
  };
}
