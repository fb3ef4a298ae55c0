// Trino's regular expression functions (Java pattern syntax) on DuckDB's RE2. A literal pattern is checked and
// rewritten: named groups (?<n>…) become RE2's (?P<n>…); what RE2 cannot match the Java way (lookaround,
// backreferences, possessive and atomic groups, class intersection, \p{Alpha}-style POSIX names, \h \R \X \G \Z,
// the (?x) flag) fails with NOT_SUPPORTED rather than matching something else. A computed pattern is passed as is
// (RE2 itself refuses most Java-only syntax). Replacements use Java's $n / ${name} / \$, rewritten to RE2's \n.
import { arity, freshName, literalArg, sqlString } from './lambda.js';
import { registerFamily, type FunctionContext } from './registry.js';

interface Pattern {
  /** The pattern as RE2 takes it (a SQL expression: a literal when the input was one). */
  sql: string;
  /** Capturing group names in order (undefined for unnamed), when the pattern is a literal. */
  groups?: Array<string | undefined>;
}

/** Java regex → RE2, or a NOT_SUPPORTED failure naming the construct. */
export function javaToRe2(p: string, fail: (what: string) => never): { re2: string; groups: Array<string | undefined> } {
  let out = '';
  const groups: Array<string | undefined> = [];
  let inClass = 0;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === '\\') {
      const next = p[i + 1] ?? '';
      if (/[1-9]/.test(next) && !inClass) fail(`backreference \\${next}`);
      if (next === 'k' && p[i + 2] === '<') fail('named backreference \\k<…>');
      if ('hHRXGZ'.includes(next) && next) fail(`\\${next}`);
      if (next === 'p' || next === 'P') {
        const name = /^\{(\w+)\}/.exec(p.slice(i + 2))?.[1] ?? '';
        if (/^(Lower|Upper|ASCII|Alpha|Digit|Alnum|Punct|Graph|Print|Blank|Cntrl|XDigit|Space|java\w+|Is\w+|In\w+)$/.test(name)) fail(`\\${next}{${name}}`);
        const whole = /^\{\w+\}/.exec(p.slice(i + 2))?.[0] ?? '';
        out += ch + next + whole;
        i += 1 + whole.length;
        continue;
      }
      if (next === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const lit = p.slice(i + 2, end < 0 ? p.length : end);
        out += lit.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);
        i = end < 0 ? p.length : end + 1;
        continue;
      }
      out += ch + next;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === '[') inClass++;
      else if (ch === ']') inClass--;
      else if (ch === '&' && p[i + 1] === '&') fail('character class intersection &&');
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = 1;
      out += ch;
      if (p[i + 1] === '^') out += p[++i];
      if (p[i + 1] === ']') out += p[++i];
      continue;
    }
    if (ch === '(') {
      const rest = p.slice(i + 1);
      if (rest.startsWith('?=') || rest.startsWith('?!') || rest.startsWith('?<=') || rest.startsWith('?<!')) fail('lookaround (?=, (?!, (?<=, (?<!');
      if (rest.startsWith('?>')) fail('atomic group (?>…)');
      const named = /^\?<([a-zA-Z][a-zA-Z0-9]*)>/.exec(rest);
      if (named) {
        groups.push(named[1]);
        out += `(?P<${named[1]}>`;
        i += named[0].length;
        continue;
      }
      const flags = /^\?([a-zA-Z-]+)[:)]/.exec(rest);
      if (flags && /[xdu]/.test(flags[1]!)) fail(`the (?${flags[1]}) flag`);
      if (!rest.startsWith('?')) groups.push(undefined);
      out += ch;
      continue;
    }
    if ((ch === '+' || ch === '*' || ch === '?' || ch === '}') && p[i + 1] === '+') fail('possessive quantifier');
    out += ch;
  }
  return { re2: out, groups };
}

function pattern(args: string[], ctx: FunctionContext, i = 1): Pattern {
  const lit = ctx.literal(i);
  if (lit === undefined) return { sql: args[i]! };
  const { re2, groups } = javaToRe2(lit, (what) => ctx.unsupported(`${ctx.name}: ${what} in a Java regular expression has no RE2 equivalent`));
  return { sql: sqlString(re2), groups };
}

/** Java replacement ($1, ${name}, \$) → RE2 rewrite (\1). */
function replacement(r: string, groups: Array<string | undefined> | undefined, ctx: FunctionContext): string {
  let out = '';
  for (let i = 0; i < r.length; i++) {
    const ch = r[i]!;
    if (ch === '\\') {
      const next = r[++i];
      if (next === undefined) ctx.invalidArgument('character to be escaped is missing');
      out += next === '\\' ? '\\\\' : next;
    } else if (ch === '$') {
      const named = /^\{([a-zA-Z][a-zA-Z0-9]*)\}/.exec(r.slice(i + 1));
      const num = /^\d+/.exec(r.slice(i + 1));
      let n: number;
      if (named) {
        n = (groups ?? []).indexOf(named[1]) + 1;
        if (n === 0) ctx.invalidArgument(`No group with name {${named[1]}}`);
        i += named[0].length;
      } else if (num) {
        n = Number(num[0]);
        i += num[0].length;
      } else return ctx.invalidArgument('Illegal group reference');
      if (groups && n > groups.length) ctx.invalidArgument(`No group ${n}`);
      if (n > 9) ctx.unsupported('regexp_replace: group references above $9');
      out += `\\${n}`;
    } else out += ch;
  }
  return out;
}

const EMPTY_MATCH = `__trino_fail_as('NOT_SUPPORTED: regexp_replace: a pattern that can match the empty string, with a replacement, is not translated (RE2 and Java place empty matches differently)', '')`;

function regexpReplace(args: string[], ctx: FunctionContext): string {
  arity(ctx, args, 2, 3);
  const p = pattern(args, ctx);
  if (args.length === 2) return `regexp_replace(${args[0]}, ${p.sql}, '', 'g')`;
  if (ctx.lambda(2)) return replaceWithLambda(args, ctx, p);
  const r = replacement(literalArg(ctx, 2, 'replacement'), p.groups, ctx);
  const replaced = `regexp_replace(${args[0]}, ${p.sql}, ${sqlString(r)}, 'g')`;
  // After a match that reaches the end, Java also replaces the empty match there ('aaa', 'a*', '-' → '--'); RE2
  // does not ('-'). With an empty replacement both agree.
  return r === '' ? replaced : `CASE WHEN regexp_matches('', ${p.sql}) THEN ${EMPTY_MATCH} ELSE ${replaced} END`;
}

/**
 * regexp_replace(s, p, x -> …): the text between matches (regexp_split) interleaved with the lambda's value for
 * each match, called with the match's capturing groups as an array (x[1] is group 1).
 */
function replaceWithLambda(args: string[], ctx: FunctionContext, p: Pattern): string {
  if (!p.groups) ctx.unsupported('regexp_replace with a lambda is supported here with a literal pattern only');
  // Empty matches make RE2's split and match lists disagree: refused (for a literal pattern, at bind time).
  const guard = (sql: string) => `CASE WHEN regexp_matches('', ${p.sql}) THEN ${EMPTY_MATCH} ELSE ${sql} END`;
  const s = args[0]!;
  const [i, g, parts, values] = [freshName('i'), freshName('g'), freshName('parts'), freshName('v')];
  const groupLists = p.groups.map((_, k) => `regexp_extract_all(${s}, ${p.sql}, ${k + 1})`);
  const n = `len(regexp_extract_all(${s}, ${p.sql}))`;
  const groupsOf = `list_transform(range(1, ${n} + 1), lambda ${i}: [${groupLists.map((l) => `(${l})[${i}]`).join(', ')}])`;
  const replaced = `list_transform(${groupsOf}, ${args[2]})`;
  return guard(`CASE WHEN ${s} IS NULL THEN NULL ELSE list_transform([struct_pack(${parts} := regexp_split_to_array(${s}, ${p.sql}), ${values} := ${replaced})], lambda ${g}:
    array_to_string(list_transform(range(1, len(${g}.${values}) + 1), lambda ${i}: ${g}.${parts}[${i}] || coalesce(${g}.${values}[${i}], '')), '') || ${g}.${parts}[len(${g}.${parts})])[1] END`);
}

const MACROS = [
  `CREATE OR REPLACE TEMP MACRO __trino_regexp_extract(s, p, g) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p, g) ELSE NULL END`,
  // Position of the n-th match at or after `start`: the lengths of the text before it and of the earlier matches.
  `CREATE OR REPLACE TEMP MACRO __trino_regexp_position(s, p, st, n) AS CASE WHEN st < 1 THEN __trino_invalid('start position cannot be smaller than 1', 0)
     WHEN n < 1 THEN __trino_invalid('occurrence cannot be smaller than 1', 0)
     WHEN len(regexp_extract_all(substr(s, st), p)) < n THEN -1
     ELSE st + list_sum(list_transform(regexp_split_to_array(substr(s, st), p)[1:n], lambda x: length(x)))
       + coalesce(list_sum(list_transform(regexp_extract_all(substr(s, st), p)[1:n - 1], lambda x: length(x))), 0) END`,
];

registerFamily({
  name: 'regexp',
  functions: {
    regexp_like: (args, ctx) => (arity(ctx, args, 2), `regexp_matches(${args[0]}, ${pattern(args, ctx).sql})`),
    regexp_extract: (args, ctx) => (arity(ctx, args, 2, 3), `__trino_regexp_extract(${args[0]}, ${pattern(args, ctx).sql}, ${args[2] ?? 0})`),
    regexp_extract_all: (args, ctx) => (arity(ctx, args, 2, 3), `regexp_extract_all(${args[0]}, ${pattern(args, ctx).sql}, ${args[2] ?? 0})`),
    regexp_count: (args, ctx) => (arity(ctx, args, 2), `len(regexp_extract_all(${args[0]}, ${pattern(args, ctx).sql}))`),
    regexp_position: (args, ctx) => {
      arity(ctx, args, 2, 3, 4);
      return `__trino_regexp_position(${args[0]}, ${pattern(args, ctx).sql}, ${args[2] ?? 1}, ${args[3] ?? 1})`;
    },
    regexp_replace: regexpReplace,
    regexp_split: (args, ctx) => (arity(ctx, args, 2), `regexp_split_to_array(${args[0]}, ${pattern(args, ctx).sql})`),
  },
  macros: MACROS,
});
