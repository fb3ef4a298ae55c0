// The conformance corpus: cases written from Trino's function documentation (and Athena's), one JSON object per
// line in cases/<family>.jsonl, plus the checked-in list of known failures with a reason each. Loading and the
// comparison of one outcome with its case live here; conformance.test.ts runs them through the Athena API.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CASES_DIR = path.join(here, 'cases');
export const KNOWN_FAILURES_FILE = path.join(here, 'known-failures.json');

/** Rows as Athena's GetQueryResults strings (no header row), SQL NULL as null. */
export type Rows = Array<Array<string | null>>;

export interface Case {
  family: string;
  sql: string;
  /** The documented result; compared in order unless `ordered` is false (no ORDER BY in the query). */
  expected?: Rows;
  ordered?: boolean;
  /** The Athena error code the query must fail with (the StateChangeReason's leading word). */
  expectedError?: string;
  /** Why the expectation departs from the documentation's text, where it does (e.g. a documented typo). */
  note?: string;
}

export interface KnownFailures {
  /** Cases that passed when the list was last recorded: the run fails below this figure. */
  recordedPasses: number;
  /** Case SQL → why it fails here (what DuckDB cannot do, or what is not built yet). */
  failures: Record<string, string>;
}

export function loadCases(): Case[] {
  const out: Case[] = [];
  for (const file of fs.readdirSync(CASES_DIR).filter((f) => f.endsWith('.jsonl')).sort()) {
    const family = file.replace(/\.jsonl$/, '');
    const lines = fs.readFileSync(path.join(CASES_DIR, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const c = JSON.parse(line) as Omit<Case, 'family'>;
      if (typeof c.sql !== 'string' || (c.expected === undefined) === (c.expectedError === undefined)) {
        throw new Error(`${file}:${i + 1}: a case needs sql and exactly one of expected / expectedError`);
      }
      out.push({ family, ...c });
    });
  }
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.sql)) throw new Error(`duplicate case (known failures are keyed by SQL): ${c.sql}`);
    seen.add(c.sql);
  }
  return out;
}

export function loadKnownFailures(): KnownFailures {
  return JSON.parse(fs.readFileSync(KNOWN_FAILURES_FILE, 'utf8')) as KnownFailures;
}

/** What a query did: its rows, or the reason it failed. */
export type Outcome = { rows: Rows } | { error: string };

/** undefined when the outcome is the case's documented answer, else what differs (for the report). */
export function judge(c: Case, outcome: Outcome): string | undefined {
  if (c.expectedError !== undefined) {
    if ('rows' in outcome) return `expected ${c.expectedError}, got rows ${JSON.stringify(outcome.rows)}`;
    return outcome.error.startsWith(`${c.expectedError}:`) ? undefined : `expected ${c.expectedError}, got ${outcome.error}`;
  }
  if ('error' in outcome) return `failed: ${outcome.error}`;
  const key = (r: Array<string | null>) => JSON.stringify(r);
  const want = c.expected!.map(key);
  const got = outcome.rows.map(key);
  if (c.ordered === false) {
    want.sort();
    got.sort();
  }
  return want.join('\n') === got.join('\n') ? undefined : `expected ${want.join(' | ')}, got ${got.join(' | ')}`;
}
