// The CloudWatch store's durability and bounds, and the service's checks through the real JS SDK client
// (in-process): a journal left by a crash is folded once (also when the crash came between the fold and
// the journal's removal), days past the retention go, and AWS's refusals come back as the SDK's errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { GetMetricDataCommand, GetMetricStatisticsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { openClients } from '../../src/aws/clients.js';
import { cloudWatchFor } from '../../src/console/metrics.js';
import { MetricStore, seriesKey, type Point } from '../../src/local/services/cloudwatch/store.js';
import { tempDirForFile } from '../support/tmp.js';

const base = tempDirForFile('lh-cw-store-');
const T0 = Date.UTC(2026, 11, 1, 12, 0, 30);
const point = (t: number, x: number): Point => ({ namespace: 'App', name: 'm', dims: [{ Name: 'a', Value: 'b' }], unit: 'Count', t, stats: { n: 1, sum: x, min: x, max: x } });
const total = (s: MetricStore) => [...(s.series.get(seriesKey('App', 'm', [{ Name: 'a', Value: 'b' }]))?.minutes.values() ?? [])].reduce((a, st) => a + st.sum, 0);

test('a journal left by a crash is folded once, also when the crash came after the fold wrote its line', () => {
  const dataDir = path.join(base, 'crash');
  let now = T0;
  const a = new MetricStore(dataDir, () => now);
  a.add([point(now, 5)]);
  a.add([point(now, 7)]);
  // "kill -9": no close. The next opener replays the journal.
  const b = new MetricStore(dataDir, () => now);
  assert.equal(total(b), 12);
  b.add([point(now, 1)]);
  const dir = path.join(dataDir, 'cloudwatch');
  const journal = fs.readdirSync(dir).find((f) => f.startsWith('journal-'))!;
  const saved = fs.readFileSync(path.join(dir, journal));
  now += 60_000;
  b.compact(); // folds journal N into the day file and removes it…
  fs.writeFileSync(path.join(dir, journal), saved); // …but pretend the removal never happened
  const c = new MetricStore(dataDir, () => now);
  assert.equal(total(c), 13, 'the journal already folded is not counted again');
  assert.equal(fs.readdirSync(dir).filter((f) => f.startsWith('journal-')).length, 0);
});

test('data older than the retention (16 whole days) is dropped from disk and memory', () => {
  const dataDir = path.join(base, 'retention');
  let now = T0;
  const s = new MetricStore(dataDir, () => now);
  s.add([point(now, 3)]);
  s.compact();
  now += 17 * 86_400_000;
  s.add([point(now, 4)]);
  s.compact();
  const files = fs.readdirSync(path.join(dataDir, 'cloudwatch')).filter((f) => f.startsWith('data-'));
  assert.deepEqual(files, ['data-2026-12-18.jsonl']);
  assert.equal(total(s), 4);
  assert.equal(total(new MetricStore(dataDir, () => now)), 4);
});

test("AWS's refusals through the JS SDK, and statistics over one-minute data", async () => {
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: path.join(base, 'sdk') });
  const cw = await cloudWatchFor(c);
  try {
    await assert.rejects(cw.send(new PutMetricDataCommand({ Namespace: 'AWS/Mine', MetricData: [{ MetricName: 'x', Value: 1 }] })), {
      name: 'InvalidParameterValueException',
      message: 'The value AWS/ for parameter Namespace is invalid.',
    });
    await assert.rejects(cw.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: 'x', Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }] })), {
      name: 'InvalidParameterCombinationException',
    });
    const now = Date.now();
    await cw.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: 'lat', Values: [10, 30], Counts: [1, 3], Unit: 'Milliseconds' }, { MetricName: 'lat', Value: 2, Unit: 'Milliseconds' }] }));
    const start = new Date(now - 120_000);
    const end = new Date(now + 120_000);
    const st = await cw.send(new GetMetricStatisticsCommand({ Namespace: 'App', MetricName: 'lat', StartTime: start, EndTime: end, Period: 240, Statistics: ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'] }));
    assert.deepEqual(st.Datapoints!.map(({ Timestamp: _t, ...d }) => d), [{ SampleCount: 5, Sum: 102, Average: 20.4, Minimum: 2, Maximum: 30, Unit: 'Milliseconds' }]);
    await assert.rejects(cw.send(new GetMetricStatisticsCommand({ Namespace: 'App', MetricName: 'lat', StartTime: new Date(now - 86_400_000 * 2), EndTime: end, Period: 60, Statistics: ['Sum'] })), {
      name: 'InvalidParameterCombinationException',
      message: /You have requested up to 2,88\d datapoints, which exceeds the limit of 1,440/,
    });
    await assert.rejects(cw.send(new GetMetricStatisticsCommand({ Namespace: 'App', MetricName: 'lat', StartTime: start, EndTime: end, Period: 10, Statistics: ['Sum'] })), /multiple of 60/);
    const md = await cw.send(new GetMetricDataCommand({
      StartTime: start,
      EndTime: end,
      MetricDataQueries: [
        { Id: 'n', MetricStat: { Metric: { Namespace: 'App', MetricName: 'lat' }, Period: 240, Stat: 'SampleCount' }, ReturnData: false },
        { Id: 'avg', Expression: 'SUM([n]) * 0 + AVG(n) + 1', Label: 'avg+1' },
      ],
    }));
    assert.deepEqual(md.MetricDataResults!.map((r) => [r.Id, r.Label, r.Values]), [['avg', 'avg+1', [6]]]);

    // Paging by MaxDatapoints: three one-minute points, two a page, oldest first.
    const minute = Math.floor(now / 60_000) * 60_000;
    await cw.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [1, 2, 3].map((k) => ({ MetricName: 'paged', Value: k, Timestamp: new Date(minute - k * 60_000) })) }));
    const page = (NextToken?: string) => cw.send(new GetMetricDataCommand({
      StartTime: new Date(minute - 10 * 60_000),
      EndTime: new Date(minute + 60_000),
      ScanBy: 'TimestampAscending',
      MaxDatapoints: 2,
      NextToken,
      MetricDataQueries: [{ Id: 'p', MetricStat: { Metric: { Namespace: 'App', MetricName: 'paged' }, Period: 60, Stat: 'Sum' } }],
    }));
    const first = await page();
    assert.deepEqual([first.MetricDataResults![0]!.Values, first.MetricDataResults![0]!.StatusCode], [[3, 2], 'PartialData']);
    const second = await page(first.NextToken);
    assert.deepEqual([second.MetricDataResults![0]!.Values, second.MetricDataResults![0]!.StatusCode, second.NextToken], [[1], 'Complete', undefined]);
  } finally {
    cw.destroy();
    await c.close();
  }
});
