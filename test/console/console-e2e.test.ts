// The web console end to end in headless Chromium (Debian's chromium driven by playwright-core): a pipeline
// set up and fed with the CLI, `lakehouse console --no-open` as a real process; the test opens the printed
// link, sees the resources and the stream's graph, browses the lake down to a partition and a Parquet file
// (schema, first rows), reads the Glue table, runs a query, pages its result, sees its chart and history,
// and downloads the CSV. Screenshots of each page go to a temp folder, or to docs/screenshots/ with
// LAKEHOUSE_SCREENSHOTS=1 (how the committed ones were made).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { runLakehouse, startLakehouse } from '../support/lakehouse-proc.js';
import { tempDirForFile } from '../support/tmp.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const dir = tempDirForFile('lh-console-');
const shots = process.env.LAKEHOUSE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs/screenshots') : path.join(dir, 'shots');
const env = { LAKEHOUSE_FIREHOSE_TRANSITION_MS: '30', LAKEHOUSE_KINESIS_TRANSITION_MS: '20' };

export const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `console-${name}.png`), fullPage: true });

test('the console in headless Chromium: pipeline and graph, lake to a Parquet file, table, query with paging, chart and CSV', { skip: fs.existsSync(CHROMIUM) ? false : 'chromium not installed (make test-deps)', timeout: 240_000 }, async (t) => {
  fs.mkdirSync(shots, { recursive: true });
  assert.equal((await runLakehouse(['init'], { cwd: dir, env })).code, 0);
  const spec = path.join(dir, 'config.yaml');
  fs.writeFileSync(spec, fs.readFileSync(spec, 'utf8').replace(/interval_s: \d+/, 'interval_s: 1'));
  const up = await runLakehouse(['up', '--yes'], { cwd: dir, env });
  assert.equal(up.code, 0, up.stderr);
  const produced = await runLakehouse(['produce', '-n', '3000', '--seed', 'console', '--wait', '--flush'], { cwd: dir, env });
  assert.equal(produced.code, 0, produced.stderr);

  const con = startLakehouse(['console', '--no-open'], { cwd: dir, env });
  t.after(() => con.child.kill('SIGKILL'));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    con.child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void con.done.then((r) => reject(new Error(`console exited: ${r.stdout}${r.stderr}`)));
  });

  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: BROWSER_ARGS,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  t.after(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());

  // 1. The link: the key becomes a cookie and leaves the address bar; the pipeline and its graphs.
  await page.goto(url);
  assert.equal(new URL(page.url()).search, '', 'the token is not left in the address bar');
  await page.getByTestId('resources').waitFor();
  const resources = await page.getByTestId('resources').innerText();
  assert.match(resources, /Kinesis stream\s+clickstream\s+ACTIVE/);
  assert.match(resources, /Firehose delivery stream\s+clickstream-delivery\s+ACTIVE/);
  const bars = page.getByTestId('chart-incoming').locator('rect.bar');
  assert.ok((await bars.count()) >= 1, 'the incoming-records graph has a bar');
  const tip = await bars.locator('title').allTextContents();
  assert.equal(tip.reduce((a, s) => a + Number(/: ([\d.]+) /.exec(s)![1]), 0), 3000, 'the bars add up to the records produced');
  assert.match(await page.getByTestId('chart-incoming').textContent() ?? '', /records\/min/);
  assert.match(await page.getByTestId('chart-incoming').textContent() ?? '', /\d\d:\d\d/);
  await shot(page, 'overview');

  // 2. The lake: events/ → year= → month= → day= → hour= → a Parquet file.
  await page.getByRole('link', { name: 'Lake' }).click();
  for (const level of ['events/', 'year=', 'month=', 'day=', 'hour=']) {
    const folder = page.getByTestId('folder').filter({ hasText: level }).first();
    await folder.waitFor();
    await folder.click();
  }
  await page.getByTestId('crumbs').filter({ hasText: 'hour=' }).waitFor();
  assert.match(await page.getByTestId('crumbs').innerText(), /s3:\/\/clickstream-lake\/ events\/ year=\d{4}\/ month=\d\d\/ day=\d\d\/ hour=\d\d\//);
  await shot(page, 'lake');
  await page.getByTestId('object').first().click();
  await page.getByTestId('schema').waitFor();
  const schema = await page.getByTestId('schema').innerText();
  for (const col of ['uuid', 'event_date', 'status', 'email']) assert.match(schema, new RegExp(`\\b${col}\\b`));
  assert.ok((await page.getByTestId('preview').locator('tbody tr').count()) > 0, 'first rows shown');
  assert.match(await page.getByTestId('parquet-summary').innerText(), /rows in \d+ row group/);
  await shot(page, 'parquet');

  // 3. The Glue table and its partition projection.
  await page.getByRole('link', { name: 'Table' }).click();
  await page.getByTestId('columns').waitFor();
  assert.match(await page.getByTestId('columns').innerText(), /event_date\s+timestamp/);
  assert.match(await page.getByTestId('projection').innerText(), /projection\.enabled\s+true/);
  await shot(page, 'table');

  // 4. Athena: run, state and scanned bytes, page through 120 rows (50 a page), chart, history, CSV.
  await page.getByRole('link', { name: 'Query' }).click();
  await page.getByTestId('sql').fill('SELECT last_name, phone FROM events ORDER BY phone LIMIT 120');
  await page.getByTestId('run').click();
  await page.getByTestId('state').filter({ hasText: 'SUCCEEDED' }).waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('scanned').innerText(), /[\d.]+ (B|KB|MB) scanned/);
  await page.getByTestId('page').filter({ hasText: 'Page 1 · 50 rows' }).waitFor();
  assert.equal(await page.getByTestId('results').locator('tbody tr').count(), 50);
  await page.getByTestId('result-chart').waitFor();
  await page.getByTestId('history').filter({ hasText: 'ORDER BY phone LIMIT 120' }).waitFor();
  await shot(page, 'query');
  await page.getByTestId('next').click();
  await page.getByTestId('page').filter({ hasText: 'Page 2 · 50 rows' }).waitFor();
  await page.getByTestId('next').click();
  await page.getByTestId('page').filter({ hasText: 'Page 3 · 20 rows' }).waitFor();
  assert.equal(await page.getByTestId('next').isDisabled(), true, 'no page after the last');
  await page.getByTestId('prev').click();
  await page.getByTestId('page').filter({ hasText: 'Page 2 · 50 rows' }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv').click()]);
  const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\n');
  assert.equal(csv[0], '"last_name","phone"');
  assert.equal(csv.length, 121, 'the header and 120 rows');

  con.child.kill('SIGINT');
  assert.equal((await con.done).code, 0);
});
