import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExitCode } from '../../src/errors.js';
import { backoffDelays } from '../../src/query/backoff.js';
import { cancelledError, caretSnippet, failedError, isScanLimitCancel, sqlPosition } from '../../src/query/failure.js';
import { footerJson, footerText, humanBytes } from '../../src/query/footer.js';
import { defaultSql, quoteIdent, tidySql } from '../../src/query/sql-source.js';

test('a FAILED query shows the reason and a caret under the SQL position', () => {
  const sql = 'SELECT status\nFROMM events';
  const reason = "line 2:1: mismatched input 'FROMM'. Expecting: <EOF>";
  assert.deepEqual(sqlPosition(reason), { line: 2, col: 1 });
  const err = failedError({ queryId: 'q1', state: 'FAILED', stateChangeReason: reason }, sql);
  assert.equal(err.exitCode, ExitCode.queryFailed);
  assert.equal(err.message, `Query q1 failed: ${reason}\n  2 | FROMM events\n      ^`);
  assert.equal(caretSnippet('SELECT x FROM t', { line: 1, col: 8 }), '  1 | SELECT x FROM t\n             ^');
  assert.equal(caretSnippet('SELECT 1', { line: 5, col: 1 }), '');
});

test('a reason without a position is printed as is', () => {
  const err = failedError({ queryId: 'q2', state: 'FAILED', stateChangeReason: 'TABLE_NOT_FOUND: Table x does not exist' }, 'SELECT 1');
  assert.equal(err.message, 'Query q2 failed: TABLE_NOT_FOUND: Table x does not exist');
});

test('a scan-limit cancel says how to raise the limit', () => {
  assert.ok(isScanLimitCancel('Bytes scanned limit was exceeded'));
  assert.ok(!isScanLimitCancel('Query was cancelled by user'));
  const err = cancelledError(
    { queryId: 'q3', state: 'CANCELLED', stateChangeReason: 'Bytes scanned limit was exceeded' },
    { scanLimitBytes: 10_000_000, specFile: '/x/lakehouse.yaml', partitions: ['year', 'month'] },
  );
  assert.equal(err.exitCode, ExitCode.queryFailed);
  assert.match(err.message, /per-query limit of 10\.0 MB/);
  assert.match(err.hint!, /athena\.scan_limit_mb in \/x\/lakehouse\.yaml and run `lakehouse up`/);
  assert.match(err.hint!, /\(year, month\)/);
  const other = cancelledError({ queryId: 'q4', state: 'CANCELLED', stateChangeReason: 'Query was cancelled by user' }, {});
  assert.equal(other.message, 'Query q4 was cancelled: Query was cancelled by user');
  assert.equal(other.hint, undefined);
});

test('footer: human bytes, one text line, one JSON object', () => {
  assert.equal(humanBytes(0), '0 B');
  assert.equal(humanBytes(999), '999 B');
  assert.equal(humanBytes(1500), '1.50 KB');
  assert.equal(humanBytes(250_000_000), '250 MB');
  assert.equal(humanBytes(12_345_678_901), '12.3 GB');
  const stats = { queryId: 'q', state: 'SUCCEEDED', dataScannedBytes: 2048, engineTimeMs: 35, outputLocation: 's3://b/r/q.csv', rows: 3 };
  assert.equal(footerText(stats), 'query q · SUCCEEDED · scanned 2.05 KB · engine 35 ms · results s3://b/r/q.csv');
  const j = JSON.parse(footerJson(stats));
  assert.equal(j.dataScannedBytes, 2048);
  assert.equal(j.engineExecutionTimeMs, 35);
  assert.equal(j.rows, 3);
  assert.equal('stateChangeReason' in j, false);
});

test('poll backoff starts at 50 ms and doubles to 1 s', () => {
  const d = backoffDelays();
  assert.deepEqual(Array.from({ length: 7 }, () => d.next().value), [50, 100, 200, 400, 800, 1000, 1000]);
});

test('default SQL and SQL tidying', () => {
  assert.equal(defaultSql('events'), 'SELECT * FROM events LIMIT 10');
  assert.equal(quoteIdent('my-table'), '"my-table"');
  assert.equal(tidySql('SELECT 1;\n\n'), 'SELECT 1');
});

test("a misspelt column or table gets a hint from the pipeline's own table", () => {
  const known = { database: 'lakehouse', table: 'events', columns: ['uuid', 'status', 'event_date', 'year', 'month'] };
  const col = failedError(
    { queryId: 'q4', state: 'FAILED', stateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'stauts' cannot be resolved or requester is not authorized to access requested resources" },
    'SELECT stauts FROM events',
    known,
  );
  assert.equal(col.hint, 'did you mean status? events has uuid, status, event_date, year, month');
  const far = failedError({ queryId: 'q5', state: 'FAILED', stateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'zzz' cannot be resolved" }, 'SELECT zzz FROM events', known);
  assert.equal(far.hint, 'events has uuid, status, event_date, year, month');
  const table = failedError(
    { queryId: 'q6', state: 'FAILED', stateChangeReason: "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.lakehouse.event' does not exist" },
    'SELECT * FROM event',
    known,
  );
  assert.equal(table.hint, "did you mean events? the pipeline's table is lakehouse.events (SHOW TABLES lists the database)");
  const same = failedError(
    { queryId: 'q8', state: 'FAILED', stateChangeReason: "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.other.events' does not exist" },
    'SELECT * FROM events',
    known,
  );
  assert.equal(same.hint, "the pipeline's table is lakehouse.events (SHOW TABLES lists the database)");
  const other = failedError({ queryId: 'q7', state: 'FAILED', stateChangeReason: 'SYNTAX_ERROR: line 1:1: nope' }, 'x', known);
  assert.equal(other.hint, undefined);
});
