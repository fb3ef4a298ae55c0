// bench/produce: records/s of `produce` for 1M records through the in-process handler (under tsx, and
// bundled with esbuild as the binary is) and through `lakehouse serve`; the producer's peak RSS for 1M and
// 10M records (flat memory); and the seed article's one-put_record-per-call boto3 loop against the same
// serve, so the ratio is measured in one run. Each producer runs in its own child process; serve too
// (bundled like the binary when esbuild works, so neither side pays tsx's transform).
// Env: BENCH_PRODUCE_N (1,000,000), BENCH_PRODUCE_RSS_N (10,000,000), BENCH_SEED_N (5,000).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

interface ChildOpts {
  dataDir: string;
  stream: string;
  amount: number;
  shards: number;
}

interface ChildResult {
  accepted: number;
  failed: number;
  elapsedMs: number;
  recordsPerSecond: number;
  maxRssMb: number;
  /** CPU of the whole producer process (all threads) per accepted record: steadier than records/s on a
   * shared machine, where neighbours take cores. Via serve, the server's CPU is not in it. */
  cpuUsPerRecord: number;
  source: string;
  path: string;
}

async function child(o: ChildOpts): Promise<void> {
  const { CreateStreamCommand, waitUntilStreamExists } = await import('@aws-sdk/client-kinesis');
  const { openClients } = await import('../src/aws/clients.js');
  const { produce } = await import('../src/producer/run.js');
  const { createSource } = await import('../src/producer/source.js');
  const c = await openClients({ provider: 'local', region: 'us-east-1', dataDir: o.dataDir, faults: '' });
  try {
    try {
      await c.kinesis.send(new CreateStreamCommand({ StreamName: o.stream, ShardCount: o.shards }));
    } catch (e) {
      if ((e as Error).name !== 'ResourceInUseException') throw e;
    }
    await waitUntilStreamExists({ client: c.kinesis, maxWaitTime: 60, minDelay: 1 }, { StreamName: o.stream });
    const fields = seedFields();
    // Which source `auto` picks here (a worker thread needs gen-worker.js beside the bundle).
    const probe = await createSource({ fields, partitionKey: 'uuid', total: 1, batchRecords: 1, useWorker: true });
    await probe.close();
    const cpu0 = process.cpuUsage();
    const { summary } = await produce({ kinesis: c.kinesis, streamName: o.stream, fields, partitionKey: 'uuid', amount: o.amount });
    const cpu = process.cpuUsage(cpu0);
    const r: ChildResult = {
      accepted: summary.accepted,
      failed: summary.failed,
      elapsedMs: summary.elapsedMs,
      recordsPerSecond: summary.recordsPerSecond,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      cpuUsPerRecord: Math.round(((cpu.user + cpu.system) / Math.max(1, summary.accepted)) * 100) / 100,
      source: probe.kind,
      path: c.emulator ? 'in-process' : `serve ${c.endpoint}`,
    };
    console.log(`RESULT ${JSON.stringify(r)}`);
  } finally {
    await c.close();
  }
}

/** The seed article's record shape (the spec sketch's fields). */
function seedFields() {
  return [
    { name: 'uuid', type: 'string', gen: { kind: 'uuid' as const } },
    { name: 'event_date', type: 'timestamp', gen: { kind: 'now' as const } },
    { name: 'status', type: 'string', gen: { kind: 'pick' as const, values: ['Active', 'Inactive', 'Canceled'] } },
    { name: 'name', type: 'string', gen: { kind: 'faker' as const, method: 'person.firstName' } },
    { name: 'last_name', type: 'string', gen: { kind: 'faker' as const, method: 'person.lastName' } },
    { name: 'email', type: 'string', gen: { kind: 'faker' as const, method: 'internet.email' } },
    { name: 'phone', type: 'bigint', gen: { kind: 'faker' as const, method: 'number.int', args: { min: 900000000, max: 999999999 } } },
  ];
}

/** Run a child asynchronously: `serve` lives in this process and must keep answering meanwhile. */
function exec(cmd: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 20 * 60_000);
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

async function runChild(argv: string[], o: ChildOpts): Promise<ChildResult | undefined> {
  console.log(`… ${argv.at(-1)!.endsWith('.mjs') ? 'bundled' : 'tsx'} producer: ${o.amount.toLocaleString('en-US')} records into ${o.stream}`);
  const r = await exec(process.execPath, [...argv, '--child', JSON.stringify(o)]);
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) {
    console.log(`(child failed: ${r.status}) ${r.stderr.split('\n').filter((l) => !/NodeVersion|node >=22|upgrade to node|a\.co|trace-warnings|versions published|continue receiving|^$/.test(l)).slice(-5).join(' | ')}`);
    return undefined;
  }
  return JSON.parse(line.slice('RESULT '.length)) as ChildResult;
}

/** esbuild bundles of this script and the generator worker, as the binary ships code (no tsx transform). */
async function bundle(dir: string): Promise<string | undefined> {
  try {
    const esbuild = await import('esbuild');
    const common = {
      bundle: true,
      platform: 'node' as const,
      format: 'esm' as const,
      external: ['@duckdb/*'],
      logLevel: 'silent' as const,
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    };
    const root = path.resolve(path.dirname(self), '..');
    await esbuild.build({ ...common, entryPoints: [self], outfile: path.join(dir, 'produce.mjs') });
    await esbuild.build({ ...common, entryPoints: [path.join(root, 'src/producer/gen-worker.ts')], outfile: path.join(dir, 'gen-worker.js') });
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    // Resolve @duckdb from the project's node_modules.
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    return path.join(dir, 'produce.mjs');
  } catch (e) {
    console.log(`(bundle failed: ${(e as Error).message})`);
    return undefined;
  }
}

async function seedLoop(endpoint: string, stream: string, n: number): Promise<number | undefined> {
  const py = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import boto3'], { encoding: 'utf8' }).status === 0);
  if (!py) {
    console.log('(seed loop skipped: no python3 with boto3; `apt-get install -y python3-boto3`)');
    return undefined;
  }
  console.log(`… seed loop (${py}, boto3 put_record): ${n.toLocaleString('en-US')} records into ${stream}`);
  const r = await exec(py, [path.join(path.dirname(self), 'seed_producer.py'), endpoint, stream, String(n)]);
  if (r.status !== 0) {
    console.log(`(seed loop failed: ${r.stderr.trim().split('\n').at(-1)})`);
    return undefined;
  }
  return JSON.parse(r.stdout.trim()).records_per_second as number;
}

async function main(): Promise<void> {
  const { printFigure } = await import('./figure.js');
  const N = Number(process.env.BENCH_PRODUCE_N ?? 1_000_000);
  const RSS_N = Number(process.env.BENCH_PRODUCE_RSS_N ?? 10_000_000);
  const SEED_N = Number(process.env.BENCH_SEED_N ?? 5_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-bench-produce-'));
  const tsx = ['--import', 'tsx', self];
  const rows: Array<[string, string, string, string]> = [];
  const row = (what: string, r: ChildResult | undefined) =>
    rows.push([what, r ? r.recordsPerSecond.toLocaleString('en-US') : 'n/a', r ? `${r.maxRssMb} MB` : '', r ? `${r.source}, ${r.path}, ${r.cpuUsPerRecord} µs CPU/record` : '']);
  try {
    console.log(`produce bench: ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)}, N=${N.toLocaleString('en-US')}`);
    const inproc = await runChild(tsx, { dataDir: path.join(tmp, 'a'), stream: 'bench', amount: N, shards: 4 });
    row(`in-process, tsx, ${N.toLocaleString('en-US')}`, inproc);
    const bundled = await bundle(path.join(tmp, 'bundle'));
    const inprocBundled = bundled ? await runChild([bundled], { dataDir: path.join(tmp, 'b'), stream: 'bench', amount: N, shards: 4 }) : undefined;
    row(`in-process, esbuild bundle, ${N.toLocaleString('en-US')}`, inprocBundled);

    const server = await startServe(bundled ? [bundled] : tsx, path.join(tmp, 'serve'));
    let viaServe: ChildResult | undefined;
    let big: ChildResult | undefined;
    let seed: number | undefined;
    try {
      viaServe = await runChild(bundled ? [bundled] : tsx, { dataDir: path.join(tmp, 'serve'), stream: 'bench', amount: N, shards: 4 });
      row(`via serve (${server.endpoint}), ${N.toLocaleString('en-US')}`, viaServe);
      big = await runChild(bundled ? [bundled] : tsx, { dataDir: path.join(tmp, 'serve'), stream: 'bench', amount: RSS_N, shards: 4 });
      row(`via serve, ${RSS_N.toLocaleString('en-US')} (producer RSS)`, big);
      // The seed's loop: one put_record per event, one constant partition key → a 1-shard stream.
      await runChild(bundled ? [bundled] : tsx, { dataDir: path.join(tmp, 'serve'), stream: 'seed', amount: 1, shards: 1 });
      seed = await seedLoop(server.endpoint, 'seed', SEED_N);
      rows.push([`seed loop (boto3 put_record), ${SEED_N.toLocaleString('en-US')}`, seed ? Math.round(seed).toLocaleString('en-US') : 'n/a', '', 'python3-boto3, via serve']);
    } finally {
      await server.stop();
    }

    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 10));
    console.log(['run', 'records/s', 'peak RSS', 'notes'].map((h, i) => h.padEnd(widths[i]!)).join('  '));
    for (const r of rows) console.log(r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  '));

    if (inproc) printFigure({ name: `produce ${N} in-process (tsx)`, value: inproc.recordsPerSecond, unit: 'records/s', note: inproc.source });
    if (inprocBundled) printFigure({ name: `produce ${N} in-process (bundled)`, value: inprocBundled.recordsPerSecond, unit: 'records/s', note: inprocBundled.source });
    if (inprocBundled) printFigure({ name: `producer CPU per record, in-process (bundled)`, value: inprocBundled.cpuUsPerRecord, unit: 'µs', note: 'all threads of the producer process, emulator included' });
    if (viaServe) printFigure({ name: `produce ${N} via serve`, value: viaServe.recordsPerSecond, unit: 'records/s', ...(seed ? { peer: 'seed boto3 put_record loop via serve', ratio: Math.round(viaServe.recordsPerSecond / seed) } : {}) });
    if (viaServe) printFigure({ name: `producer peak RSS, ${N} records`, value: viaServe.maxRssMb, unit: 'MB' });
    if (big) printFigure({ name: `producer peak RSS, ${RSS_N} records`, value: big.maxRssMb, unit: 'MB' });
    if (seed) printFigure({ name: 'seed loop (boto3 put_record) via serve', value: Math.round(seed), unit: 'records/s' });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `serve` in its own process (bundled like the binary when possible), printing its endpoint. */
async function serveMode(dataDir: string): Promise<void> {
  const { startServer } = await import('../src/local/server.js');
  const server = await startServer({ dataDir, port: 0 });
  console.log(`ENDPOINT ${server.endpoint}`);
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

function startServe(argv: string[], dataDir: string): Promise<{ endpoint: string; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...argv, '--serve', dataDir], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
      const m = /ENDPOINT (\S+)/.exec(out);
      if (m) {
        resolve({
          endpoint: m[1]!,
          stop: () =>
            new Promise<void>((done) => {
              p.once('exit', () => done());
              p.kill('SIGTERM');
            }),
        });
      }
    });
    p.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening`)));
  });
}

const at = process.argv.indexOf('--child');
const serveAt = process.argv.indexOf('--serve');
if (at >= 0) await child(JSON.parse(process.argv[at + 1]!) as ChildOpts);
else if (serveAt >= 0) await serveMode(process.argv[serveAt + 1]!);
else await main();
