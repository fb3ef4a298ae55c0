// Trino's format_datetime / parse_datetime take Java (Joda) DateTimeFormat patterns; DuckDB's strftime/strptime
// take C-style `%` codes. Literal patterns are translated once, in the SQL text; anything else is refused with a
// reason naming the function, rather than DuckDB failing on an unknown function or a misread pattern.

/** A construct the local engine does not translate; `offset` is where it starts in the SQL text given. */
export class UnsupportedSql extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Pattern letter → strftime code by run length (the last entry also covers longer runs). */
const LETTERS: Record<string, Array<string | undefined>> = {
  y: ['%Y', '%y', '%Y', '%Y'],
  M: ['%-m', '%m', '%b', '%B'],
  d: ['%-d', '%d'],
  H: ['%-H', '%H'],
  h: ['%-I', '%I'],
  m: ['%-M', '%M'],
  s: ['%-S', '%S'],
  S: [undefined, undefined, '%g', undefined, undefined, '%f', undefined, undefined, '%n'],
  E: ['%a', '%a', '%a', '%A'],
  a: ['%p'],
  D: ['%-j', '%j', '%j'],
  Z: ['%z'],
  z: ['%Z'],
};

/**
 * Java/Joda pattern → strftime format. Throws a plain Error naming the first letter it cannot translate
 * (e.g. week-based years, era, fractional seconds other than SSS/SSSSSS/SSSSSSSSS).
 */
export function javaToStrftime(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i]!;
    if (ch === "'") {
      // Quoted literal: '' inside (or on its own) is one quote.
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'" && pattern[j + 1] === "'") {
          out += "'";
          j++;
        } else if (pattern[j] === "'") break;
        else out += pattern[j] === '%' ? '%%' : pattern[j];
      }
      i = j + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch === '%' ? '%%' : ch;
      i++;
      continue;
    }
    let run = 1;
    while (pattern[i + run] === ch) run++;
    const codes = LETTERS[ch];
    const code = codes ? (run <= codes.length ? codes[run - 1] : ch === 'S' ? undefined : codes[codes.length - 1]) : undefined;
    if (!code) throw new Error(`pattern letter '${ch}' (in '${ch.repeat(run)}') has no local translation`);
    out += code;
    i += run;
  }
  return out;
}
