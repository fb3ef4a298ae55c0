import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvField, csvRenderer } from '../../src/query/render/csv.js';
import { jsonLinesRenderer, jsonRenderer } from '../../src/query/render/json.js';
import { fitWidths, rowCountLine, tableRenderer, truncate } from '../../src/query/render/table.js';
import { columnsOf, rowsOf } from '../../src/query/results.js';
import type { Renderer } from '../../src/query/types.js';
import { parseCsv } from './csv-parse.js';
import { eventsFirstPage } from './fixtures.js';

const cols = columnsOf(eventsFirstPage);
const rows = rowsOf(eventsFirstPage, cols, true, 'DML');

function renderAll(r: Renderer, truncated = false): string {
  return r.begin(cols) + rows.map((row) => r.row(row)).join('') + r.end({ rowCount: rows.length, truncated });
}

test('csv quotes only what needs it and keeps NULL apart from the empty string', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(''), '""');
  assert.equal(csvField(null), '');
  const parsed = parseCsv(renderAll(csvRenderer()));
  assert.deepEqual(parsed[0], cols.map((c) => c.name));
  assert.deepEqual(parsed.slice(1), rows.map((r) => r.map((c) => c.text)));
});

test('json is one document of typed objects; jsonl one object a line', () => {
  const doc = JSON.parse(renderAll(jsonRenderer()));
  assert.equal(doc.length, 3);
  assert.deepEqual(doc[0], {
    uuid: '0b6f3f5e-1', event_date: '2026-11-25 06:41:02.123', status: 'Active', phone: 912345678,
    score: 0.5, price: 12.5, active: true, day: '2026-11-25',
  });
  assert.equal(doc[2].phone, null);
  const lines = renderAll(jsonLinesRenderer()).trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines, doc);
  const empty = jsonRenderer();
  assert.deepEqual(JSON.parse(empty.begin(cols) + empty.end({ rowCount: 0, truncated: false })), []);
});

test('table aligns columns, right-aligns numbers, marks NULL and counts rows', () => {
  const lines = renderAll(tableRenderer()).trimEnd().split('\n');
  assert.match(lines[0]!, /^ uuid\s+│ event_date\s+│ status\s+│\s+phone │/);
  assert.match(lines[1]!, /^─+┼─+/);
  assert.equal(lines.length, 2 + rows.length + 1);
  // phone is bigint: right-aligned under its header.
  const phoneEnd = lines[0]!.indexOf('phone') + 'phone'.length;
  assert.equal(lines[2]!.slice(0, phoneEnd).endsWith('912345678'), true);
  assert.match(lines[4]!, /NULL/);
  assert.equal(lines.at(-1), '(3 rows)');
  // Every separator sits at the same offset on every line.
  const bars = (l: string) => [...l].flatMap((ch, i) => (ch === '│' ? [i] : []));
  for (const l of [lines[0]!, ...lines.slice(2, -1)]) assert.deepEqual(bars(l), bars(lines[0]!));
});

test('table (expanded never) shrinks the widest columns to fit the terminal, cutting values with …', () => {
  const out = renderAll(tableRenderer({ maxWidth: 60, maxColumnWidth: 50, expanded: 'never' }));
  const lines = out.trimEnd().split('\n');
  for (const l of lines.slice(0, -1)) assert.ok([...l].length <= 60, `line too wide (${[...l].length}): ${l}`);
  assert.match(out, /…/);
  assert.equal(truncate('abcdefgh', 5), 'abcd…');
  assert.equal(truncate('abc', 5), 'abc');
  assert.deepEqual(fitWidths([10, 40], 30, 50), [10, 15]);
  assert.deepEqual(fitWidths([10, 40], undefined, 20), [10, 20]);
  // Numbers and dates (keep) give up width only after the text columns are at their minimum.
  assert.deepEqual(fitWidths([10, 40], 30, 50, [false, true]), [4, 21]);
});

test('row count line says when --max-rows cut the results', () => {
  assert.equal(rowCountLine({ rowCount: 1, truncated: false }), '(1 row)');
  assert.equal(rowCountLine({ rowCount: 2500, truncated: true }), '(2,500 rows; more not shown, raise --max-rows)');
});

test('rows wider than the terminal are shown expanded (auto), and always with expanded: always', () => {
  const auto = renderAll(tableRenderer({ maxWidth: 60, maxColumnWidth: 50 }));
  const lines = auto.trimEnd().split('\n');
  assert.match(lines[0]!, /^-\[ RECORD 1 \]-*\+-+$/);
  assert.ok(lines.some((l) => /^uuid +\| /.test(l)), auto);
  assert.equal(lines.at(-1), '(3 rows)');
  for (const l of lines.filter((x) => x.startsWith('-['))) assert.ok([...l].length <= 60, l);
  const wide = renderAll(tableRenderer({ maxWidth: 500, maxColumnWidth: 50 }));
  assert.doesNotMatch(wide, /RECORD/, 'fits: a table');
  const always = renderAll(tableRenderer({ maxWidth: 500, expanded: 'always' }));
  assert.match(always, /-\[ RECORD 3 \]/);
  assert.match(always, /NULL/);
});
