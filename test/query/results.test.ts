import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnsOf, rowsOf } from '../../src/query/results.js';
import { eventsFirstPage, eventsSecondPage, showTablesPage } from './fixtures.js';

test('first page of a SELECT drops the header row and types every cell', () => {
  const cols = columnsOf(eventsFirstPage);
  assert.deepEqual(cols.map((c) => c.name), ['uuid', 'event_date', 'status', 'phone', 'score', 'price', 'active', 'day']);
  const rows = rowsOf(eventsFirstPage, cols, true, 'DML');
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[0]!.map((c) => c.value), ['0b6f3f5e-1', '2026-11-25 06:41:02.123', 'Active', 912345678, 0.5, 12.5, true, '2026-11-25']);
  // bigint beyond 2^53 and a 19-digit decimal keep their digits as strings; 1.0E10 parses as a double.
  assert.deepEqual(rows[1]!.map((c) => c.value), ['0b6f3f5e-2', '2026-11-25 06:41:03.000', 'Canceled', '9007199254740993', 1e10, '12345678901234567.89', false, '2026-11-24']);
  // Absent VarCharValue is NULL; an empty string stays an empty string; NaN has no JSON number.
  assert.deepEqual(rows[2]!.map((c) => c.value), ['0b6f3f5e-3', null, '', null, 'NaN', null, null, null]);
  assert.equal(rows[2]![1]!.text, null);
});

test('later pages keep their first row', () => {
  const cols = columnsOf(eventsFirstPage);
  assert.equal(rowsOf(eventsSecondPage, cols, false, 'DML').length, 1);
});

test('UTILITY results (SHOW TABLES) have no header row to drop', () => {
  const cols = columnsOf(showTablesPage);
  assert.deepEqual(rowsOf(showTablesPage, cols, true, 'UTILITY').map((r) => r[0]!.value), ['events', 'other']);
});

test('without a statement type the header is recognised by matching the column names', () => {
  const cols = columnsOf(eventsFirstPage);
  assert.equal(rowsOf(eventsFirstPage, cols, true).length, 3);
  assert.equal(rowsOf(showTablesPage, columnsOf(showTablesPage), true).length, 2);
});
