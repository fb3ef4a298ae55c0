// `lakehouse sql` off a terminal runs the `;`-separated statements of stdin in order and stops at the first
// failure with its exit code (as `psql -f -` with ON_ERROR_STOP); the statement splitter keeps `;` inside
// a line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { splitStatements } from '../../src/cli/commands/sql.js';
import { STARTER_SPEC } from '../../src/cli/starter-spec.js';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../support/cli.js';
import { tempDirForFile } from '../support/tmp.js';

const dir = tempDirForFile('lakehouse-sql-script-');

test('splits at ; that ends a line', () => {
  assert.deepEqual(splitStatements("SELECT 1;\nSELECT ';' AS s;\n\n  SELECT\n 3  ;  \n"), ['SELECT 1', "SELECT ';' AS s", 'SELECT\n 3']);
  assert.deepEqual(splitStatements('SELECT 1'), ['SELECT 1']);
});

test('runs each statement; the first failure stops the script with exit 6', async () => {
  fs.writeFileSync(path.join(dir, 'config.yaml'), STARTER_SPEC);
  assert.equal((await runCli(['up', '--yes'], { cwd: dir })).code, 0);
  const ok = await runCli(['sql', '-o', 'csv'], { cwd: dir, stdin: 'SELECT 1 AS a;\nSELECT 2 AS b;\n' });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'a\n1\nb\n2\n');
  const failed = await runCli(['sql', '-o', 'csv'], { cwd: dir, stdin: 'SELECT 1 AS a;\nSELECT nope FROM events;\nSELECT 3 AS c;\n' });
  assert.equal(failed.code, ExitCode.queryFailed);
  assert.equal(failed.stdout, 'a\n1\n', 'the statement after the failure did not run');
  assert.match(failed.stderr, /COLUMN_NOT_FOUND|cannot be resolved/);
});
