// Trino's varbinary functions on DuckDB BLOBs: hex and base64 codecs, hashes returned as varbinary (DuckDB's md5
// and sha functions return hex text), big-endian integer codecs, CRC-32. Hashes DuckDB lacks (xxhash64, spooky,
// murmur3) and the HMACs fail with NOT_SUPPORTED.
import { arity } from './lambda.js';
import { registerFamily, type FunctionContext } from './registry.js';

const hash = (fn: string) => (args: string[], ctx: FunctionContext) => (arity(ctx, args, 1), `unhex(${fn}(${args[0]}))`);
const unsupported = (why: string) => (_a: string[], ctx: FunctionContext): string => ctx.unsupported(`${ctx.name}: ${why}`);

const MACROS = [
  // CRC-32 (IEEE, reflected polynomial 0xEDB88320), bit by bit: a byte's 8 steps inside the fold over the bytes.
  `CREATE OR REPLACE TEMP MACRO __trino_crc32(b) AS xor(list_reduce(
     list_transform(range(0, octet_length(b)), lambda i: CAST(CAST('0x' || substr(hex(b), 2 * i + 1, 2) AS INTEGER) AS BIGINT)),
     lambda crc, byte: list_reduce(range(0, 8), lambda c, k: xor(c >> 1, CAST(3988292384 AS BIGINT) & -(c & 1)), xor(crc, byte)),
     CAST(4294967295 AS BIGINT)), CAST(4294967295 AS BIGINT))`,
  // DuckDB's hex of an integer is its 64-bit two's complement without leading zeros: pad, keep the low digits.
  `CREATE OR REPLACE TEMP MACRO __trino_to_be(x, digits) AS unhex(right(lpad(hex(CAST(x AS BIGINT)), 16, CASE WHEN x < 0 THEN 'F' ELSE '0' END), digits))`,
  `CREATE OR REPLACE TEMP MACRO __trino_from_be(b, bytes) AS CASE WHEN octet_length(b) <> bytes
     THEN __trino_invalid('expected ' || bytes || '-byte input, but got instead: ' || octet_length(b), CAST(0 AS HUGEINT))
     ELSE list_reduce(list_transform(range(0, bytes), lambda i: CAST(CAST('0x' || substr(hex(b), 2 * i + 1, 2) AS INTEGER) AS HUGEINT)),
       lambda acc, d: acc * 256 + d, CAST(0 AS HUGEINT)) END`,
  `CREATE OR REPLACE TEMP MACRO __trino_signed(v, bits) AS CASE WHEN v >= (CAST(1 AS HUGEINT) << (bits - 1)) THEN v - (CAST(1 AS HUGEINT) << bits) ELSE v END`,
];

registerFamily({
  name: 'binary',
  functions: {
    to_hex: 'hex',
    from_hex: 'unhex',
    to_base64url: (args, ctx) => (arity(ctx, args, 1), `replace(replace(to_base64(${args[0]}), '+', '-'), '/', '_')`),
    from_base64url: (args, ctx) => (arity(ctx, args, 1), `from_base64(replace(replace(${args[0]}, '-', '+'), '_', '/'))`),
    md5: hash('md5'),
    sha1: hash('sha1'),
    sha256: hash('sha256'),
    sha512: hash('sha512'),
    to_big_endian_32: (args, ctx) => (arity(ctx, args, 1), `__trino_to_be(CAST(${args[0]} AS INTEGER), 8)`),
    to_big_endian_64: (args, ctx) => (arity(ctx, args, 1), `__trino_to_be(CAST(${args[0]} AS BIGINT), 16)`),
    from_big_endian_32: (args, ctx) => (arity(ctx, args, 1), `CAST(__trino_signed(__trino_from_be(${args[0]}, 4), 32) AS INTEGER)`),
    from_big_endian_64: (args, ctx) => (arity(ctx, args, 1), `CAST(__trino_signed(__trino_from_be(${args[0]}, 8), 64) AS BIGINT)`),
    crc32: '__trino_crc32',
    xxhash64: unsupported('DuckDB has no xxHash64 with Trino\'s seed'),
    spooky_hash_v2_32: unsupported('not available here'),
    spooky_hash_v2_64: unsupported('not available here'),
    murmur3: unsupported('not available here'),
    hmac_md5: unsupported('not available here'),
    hmac_sha1: unsupported('not available here'),
    hmac_sha256: unsupported('not available here'),
    hmac_sha512: unsupported('not available here'),
    to_ieee754_32: unsupported('not available here'),
    to_ieee754_64: unsupported('not available here'),
    from_ieee754_32: unsupported('not available here'),
    from_ieee754_64: unsupported('not available here'),
  },
  macros: MACROS,
});
