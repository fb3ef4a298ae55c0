// Runs every case of the conformance corpus (cases/*.jsonl, written from Trino's and Athena's documentation)
// through the Athena API in-process and holds the local engine to it:
//  - the number of passing cases must not drop below the figure recorded in known-failures.json;
//  - every failing case must be listed there with its reason (no silent new failure);
//  - a listed case that now passes fails the run too, so the list stays the truth (remove it and raise the figure).
// CONFORMANCE_UPDATE=1 rewrites the list from this run (keeping the written reasons) instead of asserting.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { GetQueryResultsCommand } from '@aws-sdk/client-athena';
import { createEventsTable, openLocalForTest, runQuery, type LocalTestClients } from '../helpers.js';
import { judge, KNOWN_FAILURES_FILE, loadCases, loadKnownFailures, type Case, type KnownFailures, type Outcome, type Rows } from './corpus.js';

const cases = loadCases();
const known = loadKnownFailures();
const results = new Map<Case, string | undefined>();
let c: LocalTestClients;

async function run(sql: string): Promise<Outcome> {
  const q = await runQuery(c, sql);
  if (q.Status?.State !== 'SUCCEEDED') return { error: q.Status?.StateChangeReason ?? String(q.Status?.State) };
  const rows: Rows = [];
  let token: string | undefined;
  let first = true;
  do {
    const page = await c.athena.send(new GetQueryResultsCommand({ QueryExecutionId: q.QueryExecutionId, NextToken: token }));
    const pageRows = page.ResultSet?.Rows ?? [];
    // The first row of the first page is the header.
    for (const r of first ? pageRows.slice(1) : pageRows) rows.push((r.Data ?? []).map((d) => d.VarCharValue ?? null));
    first = false;
    token = page.NextToken;
  } while (token);
  return { rows };
}

before(async () => {
  c = await openLocalForTest();
  await createEventsTable(c);
  for (const k of cases) results.set(k, judge(k, await run(k.sql)));
});
after(async () => {
  await c.close();
});

test('conformance corpus: pass count, known failures listed with reasons', () => {
  const failing = cases.filter((k) => results.get(k) !== undefined);
  const passes = cases.length - failing.length;
  const byFamily = new Map<string, [number, number]>();
  for (const k of cases) {
    const f = byFamily.get(k.family) ?? [0, 0];
    f[1]++;
    if (results.get(k) === undefined) f[0]++;
    byFamily.set(k.family, f);
  }
  console.log(`conformance: ${passes}/${cases.length} cases pass (${((100 * passes) / cases.length).toFixed(1)}%), recorded ${known.recordedPasses}`);
  console.log(`  ${[...byFamily].map(([f, [p, n]]) => `${f} ${p}/${n}`).join(', ')}`);

  if (process.env.CONFORMANCE_UPDATE === '1') {
    const next: KnownFailures = { recordedPasses: passes, failures: {} };
    // Written reasons are kept; placeholders are refreshed with what this run saw.
    for (const k of failing) {
      const written = known.failures[k.sql];
      next.failures[k.sql] = written && !written.startsWith('TODO') ? written : `TODO reason: ${results.get(k)}`;
    }
    fs.writeFileSync(KNOWN_FAILURES_FILE, JSON.stringify(next, null, 2) + '\n');
    console.log(`  rewrote ${KNOWN_FAILURES_FILE}: ${failing.length} known failures`);
    return;
  }

  const unexpected = failing.filter((k) => known.failures[k.sql] === undefined);
  const nowPassing = cases.filter((k) => results.get(k) === undefined && known.failures[k.sql] !== undefined);
  const corpus = new Set(cases.map((k) => k.sql));
  const stale = Object.keys(known.failures).filter((sql) => !corpus.has(sql));
  for (const k of failing) {
    const reason = known.failures[k.sql];
    console.log(`  ${reason === undefined ? 'NEW FAILURE' : 'known'} [${k.family}] ${k.sql}\n      ${reason ?? results.get(k)}`);
  }
  assert.deepEqual(unexpected.map((k) => `[${k.family}] ${k.sql} → ${results.get(k)}`), [], 'cases failing that known-failures.json does not list');
  assert.deepEqual(nowPassing.map((k) => `[${k.family}] ${k.sql}`), [], 'listed as known failures but passing now: remove them from known-failures.json and raise recordedPasses');
  assert.deepEqual(stale, [], 'known-failures.json lists cases that are not in the corpus');
  assert.ok(passes >= known.recordedPasses, `${passes} cases pass, fewer than the recorded ${known.recordedPasses}`);
});
