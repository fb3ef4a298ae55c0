// The console's first page with a 1M-record lake: `lakehouse up`, `produce -n 1000000 --wait --flush`, then
// `lakehouse console --no-open` and headless Chromium (Debian's chromium via playwright-core) timing from
// navigation to the page showing the resources and the incoming-records graph, in a fresh browser profile
// each time (no cache). Median of BENCH_CONSOLE_RUNS (default 5). Env: BENCH_CONSOLE_N (records).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { runLakehouse, startLakehouse } from '../test/support/lakehouse-proc.js';
import { printFigure } from './figure.js';

const N = Number(process.env.BENCH_CONSOLE_N ?? 1_000_000);
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 5);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function main(): Promise<void> {
  if (!fs.existsSync('/usr/bin/chromium')) {
    console.log('console-first-load: skipped (no /usr/bin/chromium; make test-deps)');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-bench-console-'));
  try {
    const must = async (args: string[]) => {
      const r = await runLakehouse(args, { cwd: dir });
      if (r.code !== 0) throw new Error(`lakehouse ${args.join(' ')}: ${r.stderr}`);
      return r;
    };
    await must(['init']);
    // The starter spec has one shard throttled like AWS (1,000 records/s): lift the limit so 1M records take
    // seconds, not 17 minutes; the console's page load is what is measured here.
    fs.appendFileSync(path.join(dir, 'config.yaml'), '\nlocal:\n  enforce_shard_limits: false\n');
    await must(['up', '--yes']);
    const t0 = Date.now();
    await must(['produce', '-n', String(N), '--wait', '--flush']);
    const lakeBytes = Number(spawnSync('du', ['-sb', path.join(dir, '.lakehouse', 's3')], { encoding: 'utf8' }).stdout.split('\t')[0]);
    console.log(`console-first-load: ${N.toLocaleString('en-US')} records produced and delivered in ${((Date.now() - t0) / 1000).toFixed(1)} s (lake ${(lakeBytes / 1e6).toFixed(1)} MB)`);

    const con = startLakehouse(['console', '--no-open'], { cwd: dir });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        con.child.stdout!.on('data', (d) => {
          out += d;
          const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        void con.done.then((r) => reject(new Error(`console exited: ${r.stderr}`)));
      });
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const ctx = await chromium.launchPersistentContext(path.join(dir, `profile-${i}`), { executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
        const page = ctx.pages()[0] ?? (await ctx.newPage());
        const start = performance.now();
        await page.goto(url);
        await page.getByTestId('resources').waitFor();
        await page.getByTestId('chart-incoming').locator('rect.bar').first().waitFor();
        times.push(performance.now() - start);
        await ctx.close();
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      console.log(`console-first-load: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
      printFigure({ name: `console first page (resources + graphs), ${N.toLocaleString('en-US')}-record lake, median of ${RUNS}`, value: Math.round(median), unit: 'ms' });
    } finally {
      con.child.kill('SIGINT');
      await con.done;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
