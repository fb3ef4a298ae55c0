// Cold start of `lakehouse --help` / `--version`: the single binary vs the dev entry (node + tsx).
// Run: node --import tsx bench/startup.ts  (build the binary first: make binary)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { printFigure } from './figure.js';

const root = path.resolve(import.meta.dirname, '..');
const binary = path.join(root, 'dist/lakehouse');
const RUNS = 15;

function medianMs(cmd: string, args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(cmd, args, { stdio: 'ignore', cwd: '/', env: { HOME: '/tmp', PATH: process.env.PATH } });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const dev = medianMs(process.execPath, ['--import', path.join(root, 'node_modules/tsx/dist/esm/index.mjs'), path.join(root, 'src/cli/bin.ts'), '--version']);
if (fs.existsSync(binary)) {
  for (const flag of ['--version', '--help']) {
    const ms = medianMs(binary, [flag]);
    printFigure({ name: `binary cold start ${flag}`, value: Math.round(ms), unit: 'ms (median of 15)', peer: 'node+tsx dev entry', ratio: +(dev / ms).toFixed(1) });
  }
  printFigure({ name: 'binary size', value: Math.round(fs.statSync(binary).size / 1e6), unit: 'MB' });
} else {
  console.log('dist/lakehouse not built (make binary): only the dev entry was measured');
}
printFigure({ name: 'dev entry --version (node + tsx)', value: Math.round(dev), unit: 'ms (median of 15)' });
