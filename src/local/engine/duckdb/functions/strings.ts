// Trino's string functions on DuckDB. Where DuckDB has the function under another name it is a rename; where its
// answer differs (concat skips NULLs, split_part gives '' past the end, concat_ws takes no array, greatest-style
// NULL rules) a macro gives Trino's. format() is Java's Formatter: only the specifiers printf renders the same way
// are translated, anything else fails loudly instead of printing something else.
import { arity, literalArg, sqlString } from './lambda.js';
import { lookupFunction, registerFamily, type FunctionContext } from './registry.js';

/** Java's %t date/time suffixes → strftime (zone and epoch suffixes are not translated). */
const JAVA_TIME: Record<string, string> = {
  A: '%A', a: '%a', B: '%B', b: '%b', h: '%b', d: '%d', e: '%-d', Y: '%Y', y: '%y', m: '%m', H: '%H', I: '%I', k: '%-H',
  l: '%-I', M: '%M', S: '%S', L: '%g', p: '%p', j: '%j', F: '%Y-%m-%d', T: '%H:%M:%S', R: '%H:%M', D: '%m/%d/%y', r: '%I:%M:%S %p',
};

export interface FmtTranslation {
  /** The fmt-syntax format string. */
  fmt: string;
  /** Date/time pieces (%tX): argument `arg` formatted with strftime `code`, passed as format argument argCount + i. */
  times: Array<{ arg: number; code: string; upper: boolean }>;
}

/**
 * Java Formatter string → DuckDB's format() (fmt syntax): %[index$][flags][width][.precision]conversion becomes
 * {index:[align][sign][0][width][,][.precision]type}. Java right-aligns every conversion by default (fmt left-aligns
 * strings), so the alignment is always written. %tX date/time conversions become extra arguments formatted with
 * strftime. Conversions fmt cannot print as Java does (%b, %c, %h, %a, zone suffixes) fail with NOT_SUPPORTED.
 */
export function javaFormatToFmt(fmt: string, fail: (what: string) => never, argCount = 0): FmtTranslation {
  let out = '';
  let next = 0;
  let prev = -1;
  const times: FmtTranslation['times'] = [];
  const re = /%(?:(\d+)\$)?([-#+ 0,(<]*)(\d+)?(?:\.(\d+))?([tT].|[a-zA-Z%])/g;
  let last = 0;
  for (let m = re.exec(fmt); m; m = re.exec(fmt)) {
    out += fmt.slice(last, m.index).replace(/[{}]/g, (b) => b + b);
    last = m.index + m[0].length;
    const [, index, flags = '', width = '', precision, conv] = m;
    if (conv === '%') {
      out += '%';
      continue;
    }
    if (conv === 'n') {
      out += '\n';
      continue;
    }
    const align = flags.includes('-') ? '<' : '>';
    // %<… takes the previous specifier's argument again.
    const arg = index !== undefined ? Number(index) - 1 : flags.includes('<') ? prev : next++;
    prev = arg;
    if (conv!.length === 2) {
      const code = JAVA_TIME[conv![1]!];
      if (!code || precision !== undefined || /[#+ 0,(]/.test(flags)) fail(m[0]);
      times.push({ arg, code, upper: conv![0] === 'T' });
      out += `{${argCount + times.length - 1}${width ? `:${align}${width}` : ''}}`;
      continue;
    }
    const type: Record<string, string> = { s: '', S: '', d: 'd', f: 'f', e: 'e', E: 'E', x: 'x', X: 'X', o: 'o' };
    if (!(conv! in type) || flags.includes('#') || flags.includes('(') || flags.includes('<')) fail(m[0]);
    const spec = `${width ? align : ''}${flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : ''}${flags.includes('0') ? '0' : ''}${width}${flags.includes(',') ? ',' : ''}${precision !== undefined ? `.${precision}` : ''}${type[conv!]}`;
    out += `{${arg}${spec ? `:${spec}` : ''}}`;
  }
  out += fmt.slice(last).replace(/[{}]/g, (b) => b + b);
  return { fmt: out, times };
}

function format(args: string[], ctx: FunctionContext): string {
  if (args.length < 1) ctx.invalidArgument('format needs a format string');
  const values = args.slice(1);
  const { fmt, times } = javaFormatToFmt(
    literalArg(ctx, 0, 'format string'),
    (spec) => ctx.unsupported(`format: the specifier ${spec} (Java Formatter) has no equivalent here; supported: s d f e x o and %t dates with flags - + 0 , width, precision and n$ indexes`),
    values.length,
  );
  for (const t of times) {
    if (t.arg >= values.length) ctx.invalidArgument(`format: no argument for %${t.arg + 1}$t`);
    const text = `strftime(${values[t.arg]}, ${sqlString(t.code)})`;
    values.push(t.upper ? `upper(${text})` : text);
  }
  // fmt numbers its arguments from 0; the string itself is not one of them.
  return `format(${[sqlString(fmt), ...values].join(', ')})`;
}

/** Trino's concat is NULL when any argument is (DuckDB's skips NULLs). Strings and arrays alike. */
function concat(args: string[], ctx: FunctionContext): string {
  if (args.length < 1) ctx.invalidArgument('There must be two or more concatenation arguments');
  return `CASE WHEN ${args.map((a) => `(${a}) IS NULL`).join(' OR ')} THEN NULL ELSE concat(${args.join(', ')}) END`;
}

function concatWs(args: string[], ctx: FunctionContext): string {
  if (args.length < 2) ctx.invalidArgument('There must be two or more arguments');
  // concat_ws(sep, array) or concat_ws(sep, one string): the typed macro picks by the argument's type.
  if (args.length === 2) return `__trino_concat_ws(${args[0]}, ${args[1]})`;
  return `CASE WHEN (${args[0]}) IS NULL THEN NULL ELSE concat_ws(${args.join(', ')}) END`;
}

function split(args: string[], ctx: FunctionContext): string {
  arity(ctx, args, 2, 3);
  return args.length === 2 ? `__trino_split(${args[0]}, ${args[1]})` : `__trino_split(${args[0]}, ${args[1]}, ${args[2]})`;
}

/** A valid UTF-8 sequence as upper-case hex pairs (RFC 3629: no overlongs, no surrogates, at most U+10FFFF). */
const UTF8_SEQUENCE = [
  '[0-7][0-9A-F]', '(C[2-9A-F]|D[0-9A-F])[89AB][0-9A-F]', 'E0[AB][0-9A-F][89AB][0-9A-F]', '(E[1-9A-CEF])([89AB][0-9A-F]){2}',
  'ED[89][0-9A-F][89AB][0-9A-F]', 'F0[9AB][0-9A-F]([89AB][0-9A-F]){2}', 'F[1-3]([89AB][0-9A-F]){3}', 'F48[0-9A-F]([89AB][0-9A-F]){2}',
].map((a) => `(${a})`).join('|');

/** Java's whitespace (Character.isWhitespace, as Trino trims): DuckDB's trim removes spaces only. */
const WS = `[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x{1680}\\x{2000}-\\x{2006}\\x{2008}-\\x{200A}\\x{2028}\\x{2029}\\x{205F}\\x{3000}]`;

/** TRIM in any of its forms: without characters it removes Java whitespace; with them, DuckDB's trim does as Trino's. */
export function trimExpression(spec: 'both' | 'leading' | 'trailing', source: string, chars?: string): string {
  const fn = { both: 'trim', leading: 'ltrim', trailing: 'rtrim' }[spec];
  if (chars !== undefined) return `${fn}(${source}, ${chars})`;
  const re = { both: `^${WS}+|${WS}+$`, leading: `^${WS}+`, trailing: `${WS}+$` }[spec];
  return `regexp_replace(${source}, '${re}', '', 'g')`;
}

const trim = (spec: 'both' | 'leading' | 'trailing') => (args: string[], ctx: FunctionContext): string => {
  arity(ctx, args, 1, 2);
  return trimExpression(spec, args[0]!, args[1]);
};

const MACROS = [
  // Trino's substr: '' for start 0, a start before the beginning or past the end, or a length <= 0 (DuckDB
  // counts such ranges from position 0 and returns a prefix).
  `CREATE OR REPLACE TEMP MACRO __trino_substr(s VARCHAR, st) AS CASE WHEN st = 0 OR -st > length(s) THEN '' ELSE substr(s, st) END,
     (s VARCHAR, st, n) AS CASE WHEN st = 0 OR n <= 0 OR -st > length(s) THEN '' ELSE substr(s, st, n) END,
     (s, st) AS substr(s, st), (s, st, n) AS substr(s, st, n)`,
  // American Soundex as Trino computes it (Apache Commons Codec): letters only, the first kept, then codes for the
  // rest; a vowel separates equal codes, H and W do not; four characters, padded with 0.
  `CREATE OR REPLACE TEMP MACRO __trino_sdx(c) AS CASE WHEN c BETWEEN 'A' AND 'Z' THEN substr('01230120022455012623010202', ascii(c) - 64, 1) ELSE '' END`,
  `CREATE OR REPLACE TEMP MACRO __trino_soundex(s) AS list_transform([regexp_replace(upper(s), '[^A-Z]', '', 'g')], lambda u: CASE
     WHEN u IS NULL THEN NULL WHEN u = '' THEN '' ELSE rpad(list_reduce(
       list_transform(string_split(substr(u, 2), ''), lambda ch: struct_pack(o := '', l := '', c := ch)),
       lambda st, e: CASE WHEN e.c IN ('H', 'W') OR length(st.o) >= 4 THEN st
         WHEN __trino_sdx(e.c) NOT IN ('0', '', st.l) THEN struct_pack(o := st.o || __trino_sdx(e.c), l := __trino_sdx(e.c), c := '')
         ELSE struct_pack(o := st.o, l := __trino_sdx(e.c), c := '') END,
       struct_pack(o := substr(u, 1, 1), l := __trino_sdx(substr(u, 1, 1)), c := '')).o, 4, '0') END)[1]`,
  // from_utf8 keeps valid UTF-8 and replaces each byte that starts no valid sequence (Trino: U+FFFD, or the
  // replacement given). The hex text is cut into valid sequences or single bytes, left to right.
  `CREATE OR REPLACE TEMP MACRO __trino_from_utf8(b, r) AS CASE WHEN b IS NULL OR r IS NULL THEN NULL
     WHEN TRY(decode(b)) IS NOT NULL THEN decode(b)
     ELSE array_to_string(list_transform(regexp_extract_all(hex(b), '${UTF8_SEQUENCE}|[0-9A-F]{2}'),
       lambda t: CASE WHEN regexp_full_match(t, '${UTF8_SEQUENCE}') THEN decode(unhex(t)) ELSE r END), '') END`,
  // length of a varbinary counts bytes; any other argument type is refused as Trino refuses it.
  `CREATE OR REPLACE TEMP MACRO __trino_length(x VARCHAR) AS length(x), (x BLOB) AS octet_length(x)`,
  `CREATE OR REPLACE TEMP MACRO __trino_pad(s, n, p, from_left) AS CASE WHEN n < 0 THEN __trino_invalid('Target length must be in the range [0..2147483647]', '')
     WHEN p = '' THEN __trino_invalid('Padding string must not be empty', '') WHEN from_left THEN lpad(s, CAST(n AS INTEGER), p) ELSE rpad(s, CAST(n AS INTEGER), p) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_hamming(a, b) AS CASE WHEN length(a) <> length(b)
     THEN __trino_invalid('The input strings to hamming_distance function must have the same length', CAST(0 AS BIGINT)) ELSE hamming(a, b) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_codepoint(s) AS CASE WHEN length(s) <> 1
     THEN __trino_invalid('Input string must be a single character string', 0) ELSE unicode(s) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_concat_ws(sep, x VARCHAR[]) AS CASE WHEN sep IS NULL THEN NULL ELSE array_to_string(x, sep) END,
     (sep, x) AS CASE WHEN sep IS NULL THEN NULL ELSE concat_ws(sep, x) END`,
  // Trino's split with an empty delimiter yields the characters, then an empty string; string_split does not.
  `CREATE OR REPLACE TEMP MACRO __trino_split_all(s, d) AS CASE WHEN d = '' THEN list_append(string_split(s, ''), '') ELSE string_split(s, d) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_split(s, d) AS __trino_split_all(s, d),
     (s, d, n) AS CASE WHEN n <= 0 THEN __trino_invalid('Limit must be positive', string_split(s, d))
       WHEN len(__trino_split_all(s, d)) <= n THEN __trino_split_all(s, d)
       ELSE list_append(__trino_split_all(s, d)[1:n - 1], array_to_string(__trino_split_all(s, d)[n:], d)) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_split_part(s, d, i) AS CASE WHEN i <= 0 THEN __trino_invalid('Index must be greater than zero', '')
     WHEN i > len(string_split(s, d)) THEN NULL ELSE string_split(s, d)[i] END`,
  // Each entry must split into exactly a key and a value; a repeated key fails as in Trino.
  `CREATE OR REPLACE TEMP MACRO __trino_split_entries(s, e, kv) AS list_transform(list_filter(string_split(s, e), lambda p: p <> ''), lambda p:
     CASE WHEN len(string_split(p, kv)) <> 2 THEN __trino_invalid('Key-value delimiter must appear exactly once in each entry. Bad input: ''' || p || '''', string_split(p, kv))
       ELSE string_split(p, kv) END)`,
  `CREATE OR REPLACE TEMP MACRO __trino_split_to_map(s, e, kv) AS list_transform([__trino_split_entries(s, e, kv)], lambda es:
     CASE WHEN len(list_distinct(list_transform(es, lambda p: p[1]))) <> len(es) THEN __trino_invalid('Duplicate keys are not allowed', map(['k'], ['v']))
       ELSE map(list_transform(es, lambda p: p[1]), list_transform(es, lambda p: p[2])) END)[1]`,
  `CREATE OR REPLACE TEMP MACRO __trino_split_to_multimap(s, e, kv) AS list_transform([__trino_split_entries(s, e, kv)], lambda es:
     __trino_multimap(list_transform(es, lambda p: p[1]), list_transform(es, lambda p: p[2])))[1]`,
  // strpos(s, sub, n): the n-th occurrence (overlapping, as Trino counts), from the end when n is negative.
  `CREATE OR REPLACE TEMP MACRO __trino_strpos(s, sub, n) AS CASE WHEN s IS NULL OR sub IS NULL OR n IS NULL THEN NULL WHEN n = 0 THEN __trino_invalid('''instance'' must be a positive or negative number.', CAST(0 AS BIGINT))
     ELSE coalesce(list_filter(range(1, length(s) + 1), lambda i: substr(s, i, length(sub)) = sub)[n], 0) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_reverse(x VARCHAR) AS reverse(x), (x BLOB) AS unhex(array_to_string(list_reverse(
     list_transform(range(0, octet_length(x)), lambda i: substr(hex(x), 2 * i + 1, 2))), '')), (x) AS list_reverse(x)`,
  // value × unit, truncated to a whole number of bytes, as DECIMAL(38, 0).
  `CREATE OR REPLACE TEMP MACRO __trino_parse_data_size(s) AS CASE
     WHEN NOT regexp_full_match(s, '^\\s*(\\d+(\\.\\d+)?)\\s*(B|kB|MB|GB|TB|PB|EB|ZB|YB)\\s*$') THEN __trino_invalid('Invalid data size: ''' || s || '''', CAST(0 AS DECIMAL(38, 0)))
     ELSE CAST(trunc(CAST(regexp_extract(s, '(\\d+(\\.\\d+)?)', 1) AS DECIMAL(38, 10)) * CAST(power(1024,
       list_position(['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'], regexp_extract(s, '(B|kB|MB|GB|TB|PB|EB|ZB|YB)', 1)) - 1) AS DECIMAL(38, 0))) AS DECIMAL(38, 0)) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_luhn_check(s) AS CASE WHEN s IS NULL THEN NULL WHEN NOT regexp_full_match(s, '[0-9]+') THEN false ELSE
     list_sum(list_transform(range(1, length(s) + 1), lambda i: CASE WHEN i % 2 = 0
       THEN (2 * CAST(substr(reverse(s), i, 1) AS INTEGER)) // 10 + (2 * CAST(substr(reverse(s), i, 1) AS INTEGER)) % 10
       ELSE CAST(substr(reverse(s), i, 1) AS INTEGER) END)) % 10 = 0 END`,
];

// The translator's typeof (registered before the library) answers every type but a literal's length.
const coreTypeof = lookupFunction('typeof');

/** typeof('cat') is varchar(3) in Trino: a string literal has its length in its type. */
function typeOf(args: string[], ctx: FunctionContext): string {
  const lit = ctx.literal(0);
  if (args.length === 1 && lit !== undefined) return sqlString(`varchar(${[...lit].length})`);
  if (!coreTypeof) return ctx.unsupported('typeof is not available');
  return coreTypeof(args, ctx);
}

registerFamily({
  name: 'strings',
  functions: {
    codepoint: '__trino_codepoint',
    concat,
    concat_ws: concatWs,
    ends_with: 'suffix',
    hamming_distance: '__trino_hamming',
    levenshtein_distance: 'levenshtein',
    replace: (args, ctx) => (arity(ctx, args, 2, 3), `replace(${args[0]}, ${args[1]}, ${args[2] ?? "''"})`),
    reverse: '__trino_reverse',
    substr: '__trino_substr',
    substring: '__trino_substr',
    trim: trim('both'),
    ltrim: trim('leading'),
    rtrim: trim('trailing'),
    split,
    split_part: '__trino_split_part',
    split_to_map: '__trino_split_to_map',
    split_to_multimap: '__trino_split_to_multimap',
    strpos: (args, ctx) => (arity(ctx, args, 2, 3), args.length === 2 ? `strpos(${args[0]}, ${args[1]})` : `__trino_strpos(${args.join(', ')})`),
    to_utf8: 'encode',
    from_utf8: (args, ctx) => {
      arity(ctx, args, 1, 2);
      // The replacement is a string (one character or empty) or a code point.
      const r = args.length === 1 ? `chr(65533)` : /^\s*\d+\s*$/.test(ctx.rawArgs[1]!) ? `chr(${args[1]})` : args[1]!;
      return `__trino_from_utf8(${args[0]}, ${r})`;
    },
    length: '__trino_length',
    typeof: typeOf,
    format,
    // Trino refuses an empty pad and a negative size; DuckDB's lpad has its own words for the first.
    lpad: (args, ctx) => (arity(ctx, args, 3), `__trino_pad(${args.join(', ')}, true)`),
    rpad: (args, ctx) => (arity(ctx, args, 3), `__trino_pad(${args.join(', ')}, false)`),
    parse_data_size: '__trino_parse_data_size',
    luhn_check: '__trino_luhn_check',
    soundex: '__trino_soundex',
    word_stem: (_a, ctx) => ctx.unsupported('word_stem has no DuckDB equivalent here'),
    normalize: (args, ctx) => {
      if (args.length === 1) return `nfc_normalize(${args[0]})`;
      return ctx.unsupported('normalize supports the default NFC form only');
    },
  },
  macros: MACROS,
});
