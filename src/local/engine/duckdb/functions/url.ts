// Trino's URL functions. The parts come from RFC 3986's own regular expression
// (^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?), which is how java.net.URI splits a URL; the host
// drops user info and port. url_encode is Java's URLEncoder (space → +, every byte but [A-Za-z0-9.*_-] → %XX).
import { arity } from './lambda.js';
import { registerFamily, type FunctionContext } from './registry.js';

const URI = `'^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\\?([^#]*))?(#(.*))?'`;
/** Group g of the URI expression, NULL when that part is absent (its delimiter did not appear). */
const part = (g: number, present: number) =>
  `CASE WHEN regexp_extract(u, ${URI}, ${present}) = '' THEN NULL ELSE regexp_extract(u, ${URI}, ${g}) END`;

const MACROS = [
  // java.net.URI refuses these (Trino then returns NULL for every part): controls and space, "<>\^`{|}, and a %
  // not followed by two hex digits.
  `CREATE OR REPLACE TEMP MACRO __trino_url_ok(u) AS NOT regexp_matches(u, '[\\x00-\\x20"<>\\\\^\`{|}]|%([^0-9A-Fa-f]|.[^0-9A-Fa-f]|.?$)')`,
  `CREATE OR REPLACE TEMP MACRO __trino_url_protocol(u) AS ${part(2, 1)}`,
  `CREATE OR REPLACE TEMP MACRO __trino_url_authority(u) AS ${part(4, 3)}`,
  `CREATE OR REPLACE TEMP MACRO __trino_url_host(u) AS regexp_extract(__trino_url_authority(u), '^([^@]*@)?(\\[[^\\]]*\\]|[^:]*)', 2)`,
  `CREATE OR REPLACE TEMP MACRO __trino_url_port(u) AS TRY_CAST(nullif(regexp_extract(__trino_url_authority(u), ':(\\d+)$', 1), '') AS BIGINT)`,
  `CREATE OR REPLACE TEMP MACRO __trino_url_path(u) AS regexp_extract(u, ${URI}, 5)`,
  `CREATE OR REPLACE TEMP MACRO __trino_url_query(u) AS ${part(7, 6)}`,
  `CREATE OR REPLACE TEMP MACRO __trino_url_fragment(u) AS ${part(9, 8)}`,
  `CREATE OR REPLACE TEMP MACRO __trino_url_parameter(u, name) AS list_transform(list_filter(string_split(__trino_url_query(u), '&'),
     lambda p: split_part(p, '=', 1) = name), lambda p: CASE WHEN strpos(p, '=') = 0 THEN '' ELSE substr(p, strpos(p, '=') + 1) END)[1]`,
  `CREATE OR REPLACE TEMP MACRO __trino_url_encode(s) AS array_to_string(list_transform(string_split(s, ''), lambda c:
     CASE WHEN regexp_full_match(c, '[A-Za-z0-9.*_-]') THEN c WHEN c = ' ' THEN '+' ELSE regexp_replace(hex(encode(c)), '(..)', '%\\1', 'g') END), '')`,
  `CREATE OR REPLACE TEMP MACRO __trino_url_decode(s) AS url_decode(replace(s, '+', ' '))`,
];

/** A part of a URL java.net.URI accepts; NULL for one it refuses. */
const valid = (macro: string, n = 1) => (args: string[], ctx: FunctionContext): string => {
  arity(ctx, args, n);
  return `CASE WHEN __trino_url_ok(${args[0]}) THEN ${macro}(${args.join(', ')}) END`;
};

registerFamily({
  name: 'url',
  functions: {
    url_extract_protocol: valid('__trino_url_protocol'),
    url_extract_host: valid('__trino_url_host'),
    url_extract_port: valid('__trino_url_port'),
    url_extract_path: valid('__trino_url_path'),
    url_extract_query: valid('__trino_url_query'),
    url_extract_fragment: valid('__trino_url_fragment'),
    url_extract_parameter: valid('__trino_url_parameter', 2),
    url_encode: '__trino_url_encode',
    url_decode: '__trino_url_decode',
  },
  macros: MACROS,
});
