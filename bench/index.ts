// `make bench`: runs every benchmark of the project one after another and prints one table of figures.
// Each benchmark is a standalone script (runnable alone) printing `FIGURE {json}` lines (bench/figure.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseFigures, type Figure } from './figure.js';

const here = import.meta.dirname;
const only = process.argv.slice(2);
const scripts = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['index.ts', 'figure.ts'].includes(f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const all: Array<Figure & { bench: string }> = [];
for (const script of scripts) {
  console.log(`\n=== ${script} ===`);
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, script)], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  process.stdout.write(r.stdout.split('\n').filter((l) => !l.startsWith('FIGURE ')).join('\n'));
  if (r.status !== 0) console.log(`(${script} exited ${r.status})`);
  for (const f of parseFigures(r.stdout)) all.push({ ...f, bench: script });
}

const rows = all.map((f) => [f.bench, f.name, String(f.value), f.unit, f.peer ?? '', f.ratio === undefined ? '' : `${f.ratio}×`]);
const head = ['bench', 'figure', 'value', 'unit', 'peer (same run)', 'ratio'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => (i === 2 || i === 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const r of rows) console.log(line(r));
