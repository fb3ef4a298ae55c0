// The jq subset against the real jq 1.6 (/usr/bin/jq, Debian): same outputs, errors where jq errs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { compileJq, JqSyntaxError, parseJq } from '../../src/local/engine/jq/index.js';

const INPUTS = [
  { status: 'Active', customer: { id: 42, tier: 'Gold' }, tags: ['a', 'b'], n: 1.5, big: 1e20, 'odd key': 'x' },
  { status: null, customer: 'flat', ts: 1700000000.9, day: '2026-12-02' },
  { other: true },
];
const QUERIES = [
  '{status: .status}',
  '{status}',
  '{"status": .status, tier: .customer.tier}',
  '{id: .customer.id | tostring}',
  '{k: ."odd key"}',
  '{k: .["odd key"]}',
  '{first: .tags[0], last: .tags[-1]}',
  '{s: (.status // "unknown")}',
  '{n: .n | tostring, big: .big | tostring}',
  '{t: .customer.tier?}',
  '{lower: (.status // "none" | ascii_downcase)}',
  '{active: (.status == "Active")}',
  '.customer.id',
  '{len: (.tags | length)}',
  '{year: .ts | strftime("%Y"), hour: (.ts | strftime("%H")), all: (.ts | strftime("%F %T %j %e %a %A %b %B %y %Z %s %%"))}',
  '{d: .ts | todate}',
  '{y: (.day | split("-"))[0], rest: (.day | split("-") | join("/"))}',
  '{t: .status | ltrimstr("Act") | rtrimstr("ve")}',
];

function realJq(query: string, input: unknown): { out?: unknown[]; error?: boolean } {
  try {
    const text = execFileSync('jq', ['-c', query], { input: JSON.stringify(input), stdio: ['pipe', 'pipe', 'pipe'] }).toString();
    return { out: text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
  } catch {
    return { error: true };
  }
}

test('the evaluator gives jq 1.6 outputs (and errors) for the queries Firehose takes', { skip: !hasJq() && 'no jq binary' }, () => {
  for (const q of QUERIES) {
    const compiled = compileJq(q);
    for (const input of INPUTS) {
      const want = realJq(q, input);
      let got: { out?: unknown[]; error?: boolean };
      try {
        got = { out: compiled.run(input) };
      } catch {
        got = { error: true };
      }
      assert.deepEqual(got, want, `${q} on ${JSON.stringify(input)}`);
    }
  }
});

test('queries outside the subset are refused at parse time, not guessed at', () => {
  for (const q of ['{a: .x | test("y")}', '{a: "\\(.x)"}', '.[] | .a', '{a: .x', '']) {
    assert.throws(() => parseJq(q), JqSyntaxError, q);
  }
});

function hasJq(): boolean {
  try {
    execFileSync('jq', ['--version']);
    return true;
  } catch {
    return false;
  }
}
