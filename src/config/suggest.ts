// "Did you mean …?" for misspelt keys and Faker methods.

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** Words longer than this get no guess. */
const MAX_GUESS_LENGTH = 100;
/** Strings longer than this are shortened in messages (a hostile spec must not echo megabytes back). */
const MAX_SHOWN = 80;

/** The closest candidate within a third of the word's length (case-insensitive), if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_GUESS_LENGTH) return undefined; // no real name is that long, and the distance costs length²
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

/** A value as it would read in YAML, for "got …" in messages. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') {
    if (v.length <= MAX_SHOWN) return JSON.stringify(v);
    return `${JSON.stringify(v.slice(0, MAX_SHOWN)).slice(0, -1)}…" (${v.length.toLocaleString('en-US')} characters)`;
  }
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}
