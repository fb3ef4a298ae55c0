// CloudWatch's metric actions: PutMetricData, ListMetrics, GetMetricStatistics, GetMetricData, over the
// one-minute store. Inputs arrive from three protocols (see wire.ts), so numbers and timestamps are read
// leniently (JSON numbers, Query strings, CBOR tags) and checked here with AWS's codes and wording.
import { AwsError } from '../../types.js';
import { evaluate, type TS } from './math.js';
import { MINUTE, seriesKey, type Dimension, type MetricStore, type Point, type Series, type Stats } from './store.js';

export const UNITS = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits',
  'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second',
  'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second', 'Kilobits/Second', 'Megabits/Second',
  'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
];
const STATS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
type Stat = (typeof STATS)[number];

const invalid = (msg: string) => new AwsError('InvalidParameterValue', msg, 400);
const missing = (name: string) => new AwsError('MissingParameter', `The parameter ${name} is required.`, 400);
const combination = (msg: string) => new AwsError('InvalidParameterCombination', msg, 400);

function num(v: unknown, name: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw invalid(`The value ${String(v)} for parameter ${name} is invalid.`);
  return n;
}

/** Epoch seconds (JSON), ISO text or seconds (Query), a tag-1 (CBOR) or a Date → ms. */
export function time(v: unknown, name: string): number {
  if (v instanceof Date) return v.getTime();
  if (v && typeof v === 'object' && 'value' in v) return Number((v as { value: number }).value) * 1000;
  if (typeof v === 'number') return v * 1000;
  if (typeof v === 'string') {
    const ms = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
    if (Number.isFinite(ms)) return ms;
  }
  throw invalid(`The value ${String(v)} for parameter ${name} is invalid.`);
}

function dims(v: unknown, where: string): Dimension[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw invalid(`The parameter ${where} must be a list.`);
  if (v.length > 30) throw invalid(`The collection ${where} must not have a size greater than 30.`);
  return v.map((d: any, i) => {
    if (!d?.Name) throw missing(`${where}.member.${i + 1}.Name`);
    if (d.Value === undefined) throw missing(`${where}.member.${i + 1}.Value`);
    return { Name: String(d.Name), Value: String(d.Value) };
  });
}

function unit(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (!UNITS.includes(String(v))) throw invalid(`The value ${String(v)} for parameter ${name} is invalid.`);
  return String(v);
}

export function putMetricData(store: MetricStore, input: any, now: number): Record<string, unknown> {
  const ns = input.Namespace;
  if (ns === undefined || ns === '') throw missing('Namespace');
  if (String(ns).startsWith('AWS/')) throw invalid('The value AWS/ for parameter Namespace is invalid.');
  if (!Array.isArray(input.MetricData) || input.MetricData.length === 0) throw missing('MetricData');
  if (input.MetricData.length > 1000) throw invalid('The collection MetricData must not have a size greater than 1000.');
  const points: Point[] = [];
  input.MetricData.forEach((d: any, i: number) => {
    const at = `MetricData.member.${i + 1}`;
    if (!d.MetricName) throw missing(`${at}.MetricName`);
    const t = d.Timestamp === undefined ? now : time(d.Timestamp, `${at}.Timestamp`);
    if (t < now - 14 * 86_400_000) throw invalid(`The parameter ${at}.Timestamp must specify a time no more than two weeks in the past.`);
    if (t > now + 2 * 3_600_000) throw invalid(`The parameter ${at}.Timestamp must specify a time no more than two hours in the future.`);
    const given = [d.Value !== undefined && 'Value', d.StatisticValues !== undefined && 'StatisticValues', d.Values !== undefined && 'Values'].filter(Boolean);
    if (given.length > 1) throw combination(`The parameters ${at}.${given[0]} and ${at}.${given[1]} are mutually exclusive and you have specified both.`);
    const base = { namespace: String(ns), name: String(d.MetricName), dims: dims(d.Dimensions, `${at}.Dimensions`), unit: unit(d.Unit, `${at}.Unit`) ?? 'None', t };
    if (d.StatisticValues !== undefined) {
      const sv = d.StatisticValues;
      const s = { n: num(sv.SampleCount, `${at}.StatisticValues.SampleCount`), sum: num(sv.Sum, `${at}.StatisticValues.Sum`), min: num(sv.Minimum, `${at}.StatisticValues.Minimum`), max: num(sv.Maximum, `${at}.StatisticValues.Maximum`) };
      points.push({ ...base, stats: s });
    } else if (d.Values !== undefined) {
      const counts: unknown[] = d.Counts ?? [];
      if (d.Counts !== undefined && counts.length !== d.Values.length) throw combination(`The parameters ${at}.Values and ${at}.Counts must be of the same size.`);
      d.Values.forEach((v: unknown, k: number) => {
        const x = num(v, `${at}.Values.member.${k + 1}`);
        const c = counts[k] === undefined ? 1 : num(counts[k], `${at}.Counts.member.${k + 1}`);
        points.push({ ...base, stats: { n: c, sum: x * c, min: x, max: x } });
      });
    } else {
      const x = num(d.Value, `${at}.Value`);
      points.push({ ...base, stats: { n: 1, sum: x, min: x, max: x } });
    }
  });
  store.add(points);
  return {};
}

const PAGE = 500;

export function listMetrics(store: MetricStore, input: any, now: number): Record<string, unknown> {
  const filters = (input.Dimensions ?? []) as Array<{ Name: string; Value?: string }>;
  const recent = input.RecentlyActive === 'PT3H' ? now - 3 * 3_600_000 : -Infinity;
  if (input.RecentlyActive !== undefined && input.RecentlyActive !== 'PT3H') throw invalid(`The value ${input.RecentlyActive} for parameter RecentlyActive is invalid.`);
  const matches = [...store.series.values()]
    .filter((s) => (input.Namespace === undefined || s.namespace === input.Namespace) && (input.MetricName === undefined || s.name === input.MetricName))
    .filter((s) => filters.every((f) => s.dims.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value))))
    .filter((s) => s.lastMs >= recent)
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const start = input.NextToken === undefined ? 0 : Number(Buffer.from(String(input.NextToken), 'base64').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidNextToken', 'The service returned an invalid token.', 400);
  const page = matches.slice(start, start + PAGE);
  return {
    Metrics: page.map((s) => ({ Namespace: s.namespace, MetricName: s.name, Dimensions: s.dims })),
    NextToken: start + PAGE < matches.length ? Buffer.from(String(start + PAGE)).toString('base64') : undefined,
  };
}

function period(v: unknown, name = 'Period'): number {
  const p = num(v, name);
  if (!Number.isInteger(p) || p <= 0) throw invalid(`The parameter ${name} must be greater than 0.`);
  // Local keeps one-minute aggregates only: high-resolution periods (1, 5, 10, 30 s) cannot be answered.
  if (p % 60 !== 0) throw invalid(`The parameter ${name} must be a multiple of 60 (local CloudWatch keeps one-minute resolution only).`);
  return p;
}

/** Bucket start (ms) → combined stats of the minutes in [start, end). */
function buckets(s: Series | undefined, startMs: number, endMs: number, periodMs: number): Map<number, Stats> {
  const out = new Map<number, Stats>();
  if (!s) return out;
  for (const [m, st] of s.minutes) {
    if (m < startMs || m >= endMs) continue;
    const b = startMs + Math.floor((m - startMs) / periodMs) * periodMs;
    const cur = out.get(b);
    if (!cur) out.set(b, { ...st });
    else {
      cur.n += st.n;
      cur.sum += st.sum;
      cur.min = Math.min(cur.min, st.min);
      cur.max = Math.max(cur.max, st.max);
    }
  }
  return out;
}

function statOf(st: Stats, stat: Stat): number {
  switch (stat) {
    case 'SampleCount': return st.n;
    case 'Sum': return st.sum;
    case 'Minimum': return st.min;
    case 'Maximum': return st.max;
    default: return st.n ? st.sum / st.n : 0;
  }
}

function range(input: any, now: number): { start: number; end: number } {
  if (input.StartTime === undefined) throw missing('StartTime');
  if (input.EndTime === undefined) throw missing('EndTime');
  // CloudWatch rounds StartTime down to the minute; our data is per minute anyway.
  const start = Math.floor(time(input.StartTime, 'StartTime') / MINUTE) * MINUTE;
  const end = time(input.EndTime, 'EndTime');
  if (start >= end) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
  void now;
  return { start, end };
}

export function getMetricStatistics(store: MetricStore, input: any, now: number): Record<string, unknown> {
  for (const k of ['Namespace', 'MetricName']) if (input[k] === undefined) throw missing(k);
  const { start, end } = range(input, now);
  if (input.Period === undefined) throw missing('Period');
  const p = period(input.Period);
  const stats = (input.Statistics ?? []) as string[];
  if (input.ExtendedStatistics?.length) throw invalid('ExtendedStatistics (percentiles) are not kept by local CloudWatch: it stores one-minute SampleCount, Sum, Minimum and Maximum.');
  if (stats.length === 0) throw missing('Statistics');
  for (const s of stats) if (!STATS.includes(s as Stat)) throw invalid(`The value ${s} for parameter Statistics is invalid.`);
  const count = Math.ceil((end - start) / (p * 1000));
  if (count > 1440) {
    throw combination(`You have requested up to ${count.toLocaleString('en-US')} datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`);
  }
  const s = store.series.get(seriesKey(input.Namespace, input.MetricName, dims(input.Dimensions, 'Dimensions')));
  const wanted = unit(input.Unit, 'Unit');
  const points = wanted && s && s.unit !== wanted ? new Map() : buckets(s, start, end, p * 1000);
  return {
    Label: input.MetricName,
    Datapoints: [...points].sort((a, b) => a[0] - b[0]).map(([t, st]) => {
      const dp: Record<string, unknown> = { Timestamp: new Date(t) };
      for (const name of stats) dp[name] = statOf(st, name as Stat);
      dp.Unit = s?.unit ?? 'None';
      return dp;
    }),
  };
}

export function getMetricData(store: MetricStore, input: any, now: number): Record<string, unknown> {
  const queries = input.MetricDataQueries as any[];
  if (!Array.isArray(queries) || queries.length === 0) throw missing('MetricDataQueries');
  if (queries.length > 500) throw invalid('The collection MetricDataQueries must not have a size greater than 500.');
  const { start, end } = range(input, now);
  const ids = new Set<string>();
  for (const q of queries) {
    if (!q.Id || !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id)) throw invalid(`The value ${q.Id} for parameter MetricDataQueries.Id is invalid.`);
    if (ids.has(q.Id)) throw invalid(`The value ${q.Id} for parameter MetricDataQueries.Id is not unique.`);
    ids.add(q.Id);
    if (!!q.MetricStat === !!q.Expression) throw combination('Exactly one of MetricStat and Expression must be set in a MetricDataQuery.');
  }
  const computed = new Map<string, TS>();
  const labels = new Map<string, string>();
  const stats: TS[] = [];
  let defaultPeriod = 60;
  for (const q of queries.filter((x) => x.MetricStat)) {
    const ms = q.MetricStat;
    const m = ms.Metric ?? {};
    const p = period(ms.Period, 'MetricStat.Period');
    defaultPeriod = p;
    const stat = ms.Stat as Stat;
    if (!STATS.includes(stat)) throw invalid(`The value ${ms.Stat} for parameter MetricStat.Stat is invalid (local CloudWatch answers ${STATS.join(', ')}).`);
    const s = store.series.get(seriesKey(m.Namespace, m.MetricName, dims(m.Dimensions, 'MetricStat.Metric.Dimensions')));
    const wanted = unit(ms.Unit, 'MetricStat.Unit');
    const b = wanted && s && s.unit !== wanted ? new Map<number, Stats>() : buckets(s, start, end, p * 1000);
    const ts: TS = new Map([...b].map(([t, st]) => [t, statOf(st, stat)]));
    computed.set(q.Id, ts);
    stats.push(ts);
    labels.set(q.Id, q.Label ?? m.MetricName);
  }
  // Expressions may use each other: evaluate in order, retrying those that name one not yet computed.
  let todo = queries.filter((x) => x.Expression);
  for (let round = 0; todo.length && round <= queries.length; round++) {
    const next: any[] = [];
    for (const q of todo) {
      try {
        const env = { series: (id: string) => computed.get(id), all: () => stats, periodSeconds: q.Period ?? defaultPeriod };
        const v = evaluate(q.Expression, env);
        const ts = typeof v === 'number' ? constant(v, stats) : Array.isArray(v) ? (v.length === 1 ? v[0]! : multiple(q.Id)) : v;
        computed.set(q.Id, ts);
        labels.set(q.Id, q.Label ?? q.Id);
      } catch (e) {
        if (e instanceof AwsError && e.message.startsWith('Unrecognized reference') && round < queries.length) next.push(q);
        else throw e;
      }
    }
    todo = next;
  }
  const descending = (input.ScanBy ?? 'TimestampDescending') === 'TimestampDescending';
  // Pages of MaxDatapoints points over all results in order; NextToken is how many were already sent.
  const max = input.MaxDatapoints === undefined ? 100_800 : num(input.MaxDatapoints, 'MaxDatapoints');
  const skip = input.NextToken === undefined ? 0 : Number(Buffer.from(String(input.NextToken), 'base64').toString('utf8'));
  if (!Number.isInteger(skip) || skip < 0) throw new AwsError('InvalidNextToken', 'The service returned an invalid token.', 400);
  let seen = 0;
  let sent = 0;
  const results = queries
    .filter((q) => q.ReturnData !== false && q.ReturnData !== 'false')
    .map((q) => {
      const all = [...computed.get(q.Id)!].filter(([, v]) => Number.isFinite(v)).sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
      const from = Math.min(all.length, Math.max(0, skip - seen));
      const pts = all.slice(from, from + Math.max(0, max - sent));
      seen += all.length;
      sent += pts.length;
      const complete = from + pts.length === all.length;
      return { Id: q.Id, Label: labels.get(q.Id), Timestamps: pts.map(([t]) => new Date(t)), Values: pts.map(([, v]) => v), StatusCode: complete ? 'Complete' : 'PartialData' };
    });
  return { MetricDataResults: results, NextToken: skip + sent < seen ? Buffer.from(String(skip + sent)).toString('base64') : undefined, Messages: [] };
}

function constant(v: number, stats: TS[]): TS {
  const out: TS = new Map();
  for (const s of stats) for (const t of s.keys()) out.set(t, v);
  return out;
}

function multiple(id: string): never {
  throw new AwsError('ValidationError', `The expression for ${id} returns several time series; local CloudWatch answers one series per query.`, 400);
}
