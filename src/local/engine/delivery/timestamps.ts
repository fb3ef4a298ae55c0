// Timestamp and date coercion of the OpenX JSON SerDe as Firehose documents it: ISO-8601 with `T` or a space,
// up to 9 fraction digits, optional `Z`/offset; epoch seconds or milliseconds; dates as `yyyy-MM-dd`.
import { bad } from './conversion-error.js';

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Timestamp → µs since epoch. Strings: ISO-8601 (T or space, optional fraction up to 9 digits, optional
 * zone); numbers (or numeric strings): epoch seconds, or epoch milliseconds when ≥ 1e11. */
export function parseTimestampMicros(v: unknown): number {
  if (typeof v === 'string') {
    const fast = fastTimestamp(v);
    if (fast !== undefined) return fast;
  }
  if (typeof v === 'number' || (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v))) {
    const n = Number(v);
    const ms = Math.abs(n) >= 1e11 ? n : n * 1000;
    return Math.round(ms * 1000);
  }
  if (typeof v !== 'string') throw bad(v, 'is not a timestamp');
  const m = ISO.exec(v.trim());
  if (!m) throw bad(v, 'is not a timestamp (expected ISO-8601, yyyy-MM-dd HH:mm:ss[.S] or epoch)');
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s);
  const check = new Date(ms);
  if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h > 23 || +mi > 59 || +s > 59) {
    throw bad(v, 'is not a valid date/time');
  }
  let micros = ms * 1000 + Number(frac.padEnd(6, '0').slice(0, 6) || '0');
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    micros -= sign * offsetMin * 60_000_000;
  }
  return micros;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** The common shapes `yyyy-MM-ddTHH:mm:ss[.fff][Z]` / `yyyy-MM-dd HH:mm:ss[.fff]` parsed by char codes, because
 * the regex + Date path costs more than the rest of a record's conversion. undefined → use the general path. */
function fastTimestamp(s: string): number | undefined {
  const len = s.length;
  if (len < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return undefined;
  // No helper closure here: tsx wraps closures with __name on every call, which doubles the cost.
  const y = (s.charCodeAt(0) - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + s.charCodeAt(3) - 48;
  const mo = (s.charCodeAt(5) - 48) * 10 + s.charCodeAt(6) - 48;
  const day = (s.charCodeAt(8) - 48) * 10 + s.charCodeAt(9) - 48;
  const h = (s.charCodeAt(11) - 48) * 10 + s.charCodeAt(12) - 48;
  const mi = (s.charCodeAt(14) - 48) * 10 + s.charCodeAt(15) - 48;
  const sec = (s.charCodeAt(17) - 48) * 10 + s.charCodeAt(18) - 48;
  let micros = 0;
  let i = 19;
  if (i < len && s.charCodeAt(i) === 46) {
    let scale = 100000;
    for (i++; i < len; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      micros += c * scale;
      scale = Math.floor(scale / 10);
    }
  }
  if (i < len && !(i === len - 1 && s.charCodeAt(i) === 90)) return undefined; // zone offsets: general path
  if (!(y >= 0 && mo >= 1 && mo <= 12 && day >= 1 && h <= 23 && mi <= 59 && sec <= 59)) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const monthDays = mo === 2 ? (leap ? 29 : 28) : MONTH_DAYS[mo - 1]!;
  if (!(day <= monthDays)) return undefined;
  const yy = y - 1970;
  // Leap years in [1970, y): those up to y-1 minus the 477 up to 1969.
  const leapDays = Math.floor((y - 1) / 4) - Math.floor((y - 1) / 100) + Math.floor((y - 1) / 400) - 477;
  const days = yy * 365 + leapDays + DAYS_BEFORE_MONTH[mo - 1]! + (mo > 2 && leap ? 1 : 0) + day - 1;
  return ((days * 24 + h) * 60 + mi) * 60_000_000 + sec * 1_000_000 + micros;
}

/** Date → days since epoch, from `yyyy-MM-dd` (a time part is ignored) or an epoch-days number. */
export function parseDateDays(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    const m = ISO.exec(v.trim());
    if (m) {
      const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
      if (new Date(ms).getUTCDate() === +m[3]!) return Math.floor(ms / 86_400_000);
    }
  }
  throw bad(v, 'is not a date (expected yyyy-MM-dd)');
}

