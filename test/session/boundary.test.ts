// Product code sees the emulator only through src/aws/local-target.ts: no file under src/ outside
// src/local/ imports from src/local/ except that one module (static, re-export, dynamic import, require),
// and none reaches for the emulator behind the clients (`clients.emulator` is for tests).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const SRC = path.resolve(import.meta.dirname, '../../src');
const LOCAL = path.join(SRC, 'local') + path.sep;
const ALLOWED = path.join(SRC, 'aws', 'local-target.ts');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(ts|mts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

const SPECIFIERS = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

test('no file under src/ outside src/local/ imports src/local/ except src/aws/local-target.ts', () => {
  const offenders: string[] = [];
  let checked = 0;
  for (const file of files(SRC)) {
    if (file.startsWith(LOCAL) || file === ALLOWED) continue;
    checked++;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(SPECIFIERS)) {
      const spec = m[1]!;
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      if ((target + path.sep).startsWith(LOCAL)) offenders.push(`${path.relative(SRC, file)} → ${spec}`);
    }
  }
  assert.ok(checked > 50, `scanned the product code (${checked} files)`);
  assert.deepEqual(offenders, []);
});

test('product code does not use the emulator behind the clients (only the local API)', () => {
  const offenders = files(SRC)
    .filter((f) => !f.startsWith(LOCAL) && !f.startsWith(path.join(SRC, 'aws') + path.sep))
    .filter((f) => /\bclients\??\.emulator\b|\.emulator\??\.(firehose|kinesis|s3|glue)\b/.test(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(SRC, f));
  assert.deepEqual(offenders, []);
});

test('the scanner catches each way of importing', () => {
  const found = (text: string) => [...text.matchAll(SPECIFIERS)].map((m) => m[1]);
  assert.deepEqual(found(`import x from '../local/a.js';`), ['../local/a.js']);
  assert.deepEqual(found(`import type { T } from "../local/b.js";`), ['../local/b.js']);
  assert.deepEqual(found(`export { y } from '../local/c.js';`), ['../local/c.js']);
  assert.deepEqual(found(`const m = await import('../../local/d.js');`), ['../../local/d.js']);
  assert.deepEqual(found(`import '../local/e.js';`), ['../local/e.js']);
  assert.deepEqual(found(`const r = require('../local/f.js');`), ['../local/f.js']);
});
