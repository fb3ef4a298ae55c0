// The monthly cost estimate `plan` prints, from the dated price table (prices.ts), as the README's cost
// paragraph does by hand: the stream's fixed hourly cost, plus what scales with volume for an assumed
// volume (10 GB a month of JSON unless --monthly-gb), and the most one query can cost (scan_limit_mb).
import type { Ui } from '../cli/command.js';
import { isDirectPut, isIceberg, type Pipeline } from '../config/types.js';
import { HOURS_PER_MONTH, PRICES } from './prices.js';

export interface CostLine {
  item: string;
  usd: number;
  basis: string;
}

export interface CostEstimate {
  pricesDate: string;
  pricesRegion: string;
  region: string;
  assumedGbPerMonth: number;
  monthlyUsd: number;
  lines: CostLine[];
  /** The most one Athena query can cost: the workgroup's bytes-scanned cutoff at the per-TB price. */
  maxQueryUsd: number;
}

/** Assumed average record size for PUT payload units (1 KB: one 25 KB unit per record). */
const RECORD_KB = 1;
/** Parquet (Snappy) is typically ~4x smaller than the JSON it comes from. */
const PARQUET_RATIO = 0.25;

export function estimateCost(p: Pipeline, gbPerMonth = 10): CostEstimate {
  const k = PRICES.kinesis;
  const lines: CostLine[] = [];
  if (isDirectPut(p)) {
    // No stream to pay for; Firehose bills Direct PUT records rounded up to 5 KB each (below).
  } else if (p.stream.mode === 'on_demand') {
    lines.push({ item: 'Kinesis stream (on-demand)', usd: k.onDemandStreamHour * HOURS_PER_MONTH, basis: `$${k.onDemandStreamHour}/stream-hour` });
    lines.push({ item: 'Kinesis data in', usd: k.onDemandGbIn * gbPerMonth, basis: `$${k.onDemandGbIn}/GB` });
  } else {
    const shards = p.stream.shards;
    lines.push({ item: `Kinesis stream (${shards} shard${shards === 1 ? '' : 's'})`, usd: k.shardHour * shards * HOURS_PER_MONTH, basis: `$${k.shardHour}/shard-hour` });
    const records = (gbPerMonth * 1024 * 1024) / RECORD_KB;
    lines.push({ item: 'Kinesis PUT payload units', usd: (records / 1e6) * k.millionPutUnits, basis: `$${k.millionPutUnits}/million (1 KB records)` });
    if (p.stream.retentionHours > 24) {
      lines.push({ item: 'Kinesis extended retention', usd: k.extendedRetentionShardHour * shards * HOURS_PER_MONTH, basis: `$${k.extendedRetentionShardHour}/shard-hour` });
    }
  }
  const f = PRICES.firehose;
  if (isDirectPut(p)) {
    const billedGb = gbPerMonth * (Math.ceil(RECORD_KB / 5) * 5) / RECORD_KB;
    lines.push({ item: 'Firehose ingestion (Direct PUT)', usd: f.gbIn * billedGb, basis: `$${f.gbIn}/GB, each record billed as 5 KB (${RECORD_KB} KB records)` });
  } else lines.push({ item: 'Firehose ingestion', usd: f.gbIn * gbPerMonth, basis: `$${f.gbIn}/GB${isIceberg(p) ? ' (the S3 rate; check the Iceberg destination\'s rate on the Firehose pricing page)' : ''}` });
  // An Iceberg destination writes Parquet itself: there is no format conversion to pay for.
  if (!isIceberg(p)) lines.push({ item: 'Firehose Parquet conversion', usd: f.conversionGb * gbPerMonth, basis: `$${f.conversionGb}/GB` });
  // Storage grows: the first month holds on average half of the month's Parquet.
  const parquetGb = gbPerMonth * PARQUET_RATIO;
  lines.push({ item: 'S3 storage (first month)', usd: PRICES.s3.gbMonth * parquetGb * 0.5, basis: `$${PRICES.s3.gbMonth}/GB-month, Parquet ~${PARQUET_RATIO * 100}% of JSON` });
  // Firehose writes one object per buffer interval (or per size_mb) per partition: at least every interval.
  const objects = (HOURS_PER_MONTH * 3600) / Math.max(60, p.delivery.bufferIntervalS);
  lines.push({ item: 'S3 PUT requests', usd: (objects / 1000) * PRICES.s3.thousandPuts, basis: `$${PRICES.s3.thousandPuts}/1,000, an object per ${p.delivery.bufferIntervalS} s buffer` });
  lines.push({ item: 'Glue Data Catalog', usd: 0, basis: `free under ${PRICES.glue.catalogFreeObjects.toLocaleString('en-US')} objects` });
  const monthlyUsd = lines.reduce((s, l) => s + l.usd, 0);
  const maxQueryUsd = (p.athena.scanLimitBytes / 1e12) * PRICES.athena.tbScanned;
  return { pricesDate: PRICES.date, pricesRegion: PRICES.region, region: p.region, assumedGbPerMonth: gbPerMonth, monthlyUsd, lines, maxQueryUsd };
}

const usd = (n: number) => (n >= 100 ? `$${n.toFixed(0)}` : n >= 0.01 || n === 0 ? `$${n.toFixed(2)}` : `<$0.01`);

export function renderCost(s: Pick<Ui, 'bold' | 'dim'>, c: CostEstimate): string {
  const width = Math.max(...c.lines.map((l) => l.item.length));
  const lines = [
    `Estimated cost: ${s.bold(`~${usd(c.monthlyUsd)}/month`)} ${s.dim(`at ${c.assumedGbPerMonth} GB of events a month (${c.pricesRegion} list prices of ${c.pricesDate})`)}`,
    ...c.lines.map((l) => `  ${l.item.padEnd(width)}  ${usd(l.usd).padStart(7)}  ${s.dim(l.basis)}`),
    `  Athena: $${PRICES.athena.tbScanned}/TB scanned; one query costs at most ${usd(c.maxQueryUsd)} (scan_limit_mb).`,
  ];
  if (c.region !== c.pricesRegion) lines.push(s.dim(`  Prices are ${c.pricesRegion}'s; ${c.region} may differ.`));
  lines.push(s.dim('  Nothing is billed once `lakehouse down` has run (the bucket goes too, unless --keep-data).'));
  return `${lines.join('\n')}\n`;
}
