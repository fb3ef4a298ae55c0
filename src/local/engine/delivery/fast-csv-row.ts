// The fast path of OpenX conversion: one pass over a record's bytes that validates a deliberately narrow
// JSON shape and writes its CSV row straight into the stage buffer — no JSON.parse, no object, no strings.
// It accepts only what it can convert exactly as openx.ts would: a flat object, keys of [a-z0-9_] (the same
// under every OpenX key normalization) and not repeated, ASCII strings without escapes, canonical integers
// of ≤ 15 digits, true/false/null, and timestamps of the shape fastTimestamp parses. Anything else (upper-case
// keys, escapes, fractions, nested values, failures…) returns false and the record takes the general path,
// which also produces every failure reason. test/local/firehose/fast-csv-row.test.ts compares both paths.
import type { CsvStage } from './csv-stage.js';
import type { Column } from './glue-types.js';
import { columnIndex, type OpenXOptions } from './openx.js';

export type FastCsvRow = (data: Buffer, stage: CsvStage) => boolean;

const enum Mode { NullOnly, Text, SmallInt, Number, Bool, Timestamp }
const enum Slot { Null, Quoted, Literal, Micros }

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const RANGE: Record<string, number> = { tinyint: 127, smallint: 32767, int: 2147483647 };

/** Byte classes: 0 continues, 1 is the closing quote, 2 leaves the fast path. Strings: printable ASCII
 * without escapes; keys: [a-z0-9_]. */
const STRING_BYTE = new Uint8Array(256).fill(2);
const KEY_BYTE = new Uint8Array(256).fill(2);
for (let b = 0x20; b <= 0x7f; b++) STRING_BYTE[b] = 0;
STRING_BYTE[0x22] = 1;
STRING_BYTE[0x5c] = 2;
for (const ch of 'abcdefghijklmnopqrstuvwxyz0123456789_') KEY_BYTE[ch.charCodeAt(0)] = 0;
KEY_BYTE[0x22] = 1;

const isWs = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;

export function makeFastCsvRow(columns: Column[], options: OpenXOptions = {}): FastCsvRow {
  const n = columns.length;
  const modes = columns.map((c): Mode => {
    switch (c.type.kind) {
      case 'string':
      case 'json':
        return Mode.Text;
      case 'tinyint':
      case 'smallint':
      case 'int':
        return Mode.SmallInt;
      case 'bigint':
      case 'float':
      case 'double':
        return Mode.Number;
      case 'boolean':
        return Mode.Bool;
      case 'timestamp':
        return Mode.Timestamp;
      default:
        return Mode.NullOnly;
    }
  });
  const max = columns.map((c) => RANGE[c.type.kind] ?? 0);
  // Keys the fast path can match: the converter's own index, restricted to keys of [a-z0-9_].
  const keys: Buffer[] = [];
  const keyCol: number[] = [];
  for (const [key, col] of columnIndex(columns, options)) {
    if (/^[a-z0-9_]+$/.test(key)) {
      keys.push(Buffer.from(key, 'latin1'));
      keyCol.push(col);
    }
  }
  const kind = new Uint8Array(n);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const micros = new Float64Array(n);
  const stamp = new Float64Array(n);
  let generation = 0;

  // Records of one stream usually list their keys in the same order: try the key after the last match first.
  let next = 0;
  const match = (d: Buffer, ks: number, ke: number): number => {
    const len = ke - ks;
    const count = keys.length;
    for (let t = 0; t < count; t++) {
      const k = next + t < count ? next + t : next + t - count;
      const key = keys[k]!;
      if (key.length !== len) continue;
      let j = 0;
      while (j < len && key[j] === d[ks + j]) j++;
      if (j === len) {
        next = k + 1 < count ? k + 1 : 0;
        return keyCol[k]!;
      }
    }
    return -1;
  };

  return (d, stage) => {
    const len = d.length;
    let i = 0;
    while (isWs(d[i])) i++;
    if (d[i] !== 0x7b) return false;
    i++;
    for (let c = 0; c < n; c++) kind[c] = Slot.Null;
    // A column is set at most once per record; repeated keys fall back (JSON.parse keeps the last).
    const row = ++generation;
    while (isWs(d[i])) i++;
    if (d[i] === 0x7d) i++;
    else {
      for (;;) {
        if (d[i] !== 0x22) return false;
        const ks = ++i;
        let kc = 2;
        while (i < len && (kc = KEY_BYTE[d[i]!]!) === 0) i++;
        if (kc !== 1 || i === ks) return false;
        const col = match(d, ks, i);
        i++;
        while (isWs(d[i])) i++;
        if (d[i] !== 0x3a) return false;
        i++;
        while (isWs(d[i])) i++;
        if (col >= 0) {
          if (stamp[col] === row) return false;
          stamp[col] = row;
        }
        const mode = col >= 0 ? modes[col]! : -1;
        const b = d[i];
        if (b === 0x22) {
          const vs = ++i;
          let sc = 2;
          while (i < len && (sc = STRING_BYTE[d[i]!]!) === 0) i++;
          if (sc !== 1) return false;
          const ve = i++;
          if (mode === Mode.Text) {
            kind[col] = Slot.Quoted;
            start[col] = vs;
            end[col] = ve;
          } else if (mode === Mode.Timestamp) {
            const t = timestampMicros(d, vs, ve);
            if (t === undefined) return false;
            kind[col] = Slot.Micros;
            micros[col] = t;
          } else if (mode !== -1) return false;
        } else if (b === 0x2d || isDigit(b)) {
          const vs = i;
          if (b === 0x2d) i++;
          const ds = i;
          if (d[i] === 0x30) i++;
          else if (isDigit(d[i])) while (isDigit(d[i])) i++;
          else return false;
          const digits = i - ds;
          let canonical = true;
          if (d[i] === 0x2e) {
            i++;
            if (!isDigit(d[i])) return false;
            while (isDigit(d[i])) i++;
            canonical = false;
          }
          if (d[i] === 0x65 || d[i] === 0x45) {
            i++;
            if (d[i] === 0x2b || d[i] === 0x2d) i++;
            if (!isDigit(d[i])) return false;
            while (isDigit(d[i])) i++;
            canonical = false;
          }
          if (mode !== -1) {
            // -0 prints as 0 and long or fractional numbers print differently: general path.
            if (!canonical || digits > 15 || (b === 0x2d && d[ds] === 0x30)) return false;
            if (mode === Mode.SmallInt) {
              let v = 0;
              for (let k = ds; k < i; k++) v = v * 10 + d[k]! - 0x30;
              if (v > max[col]! + (b === 0x2d ? 1 : 0)) return false;
            } else if (mode !== Mode.Text && mode !== Mode.Number) return false;
            kind[col] = mode === Mode.Text ? Slot.Quoted : Slot.Literal;
            start[col] = vs;
            end[col] = i;
          }
        } else if (b === 0x74 || b === 0x66) {
          const vs = i;
          const word = b === 0x74 ? 'true' : 'false';
          for (let k = 0; k < word.length; k++) if (d[i + k] !== word.charCodeAt(k)) return false;
          i += word.length;
          if (mode === Mode.Text || mode === Mode.Bool) {
            kind[col] = mode === Mode.Text ? Slot.Quoted : Slot.Literal;
            start[col] = vs;
            end[col] = i;
          } else if (mode !== -1) return false;
        } else if (b === 0x6e) {
          if (d[i + 1] !== 0x75 || d[i + 2] !== 0x6c || d[i + 3] !== 0x6c) return false;
          i += 4; // NULL in every column type
        } else return false;
        while (isWs(d[i])) i++;
        if (d[i] === 0x2c) {
          i++;
          while (isWs(d[i])) i++;
          continue;
        }
        if (d[i] !== 0x7d) return false;
        i++;
        break;
      }
    }
    while (isWs(d[i])) i++;
    if (i !== len) return false;

    // Every column adds at most 5 bytes to its input bytes (quotes around a number, `\N,`).
    if (!stage.room(len + 5 * n + 1)) return false;
    const buf = stage.buf;
    let p = stage.pos;
    for (let c = 0; c < n; c++) {
      if (c > 0) buf[p++] = 0x2c;
      const s = kind[c];
      if (s === Slot.Null) {
        buf[p++] = 0x5c;
        buf[p++] = 0x4e;
      } else if (s === Slot.Micros) {
        p = writeInteger(buf, p, micros[c]!);
      } else {
        if (s === Slot.Quoted) buf[p++] = 0x22;
        const e = end[c]!;
        if (e - start[c]! > 48) p += d.copy(buf, p, start[c]!, e);
        else for (let k = start[c]!; k < e; k++) buf[p++] = d[k]!;
        if (s === Slot.Quoted) buf[p++] = 0x22;
      }
    }
    buf[p++] = 0x0a;
    stage.pos = p;
    stage.rows++;
    return true;
  };
}

/** The decimal text of an integer, as String() prints it (number → string conversion allocates and costs
 * more than the digits of a safe integer). */
function writeInteger(buf: Buffer, p: number, v: number): number {
  if (!Number.isSafeInteger(v)) {
    const text = String(v);
    for (let k = 0; k < text.length; k++) buf[p++] = text.charCodeAt(k);
    return p;
  }
  if (v < 0) {
    buf[p++] = 0x2d;
    v = -v;
  }
  // Two halves below 1e8, whose divisions by 10 are exact in doubles (v itself may exceed 2^50).
  const hi = Math.floor(v / 1e8);
  const lo = v - hi * 1e8;
  if (hi > 0) {
    p = writeSmall(buf, p, hi, 0);
    return writeSmall(buf, p, lo, 8);
  }
  return writeSmall(buf, p, lo, 0);
}

/** Digits of 0 ≤ v < 1e8 (int32 arithmetic), zero-padded to `width`. */
function writeSmall(buf: Buffer, p: number, v: number, width: number): number {
  let n = v | 0;
  const digits = Math.max(width, n < 10 ? 1 : n < 100 ? 2 : n < 1e3 ? 3 : n < 1e4 ? 4 : n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : 8);
  for (let k = p + digits - 1; k >= p; k--) {
    const q = (n / 10) | 0;
    buf[k] = 0x30 + n - q * 10;
    n = q;
  }
  return p + digits;
}

/** `yyyy-MM-dd(T| )HH:mm:ss[.f+][Z]` in d[s, e), all digits checked, computed exactly as fastTimestamp in
 * timestamps.ts; undefined for anything else (the general path decides). */
function timestampMicros(d: Buffer, s: number, e: number): number | undefined {
  if (e - s < 19 || d[s + 4] !== 0x2d || d[s + 7] !== 0x2d || d[s + 13] !== 0x3a || d[s + 16] !== 0x3a) return undefined;
  const sep = d[s + 10];
  if (sep !== 0x54 && sep !== 0x20) return undefined;
  for (const k of DIGIT_POS) if (!isDigit(d[s + k])) return undefined;
  const y = (d[s]! - 48) * 1000 + (d[s + 1]! - 48) * 100 + (d[s + 2]! - 48) * 10 + d[s + 3]! - 48;
  const mo = (d[s + 5]! - 48) * 10 + d[s + 6]! - 48;
  const day = (d[s + 8]! - 48) * 10 + d[s + 9]! - 48;
  const h = (d[s + 11]! - 48) * 10 + d[s + 12]! - 48;
  const mi = (d[s + 14]! - 48) * 10 + d[s + 15]! - 48;
  const sec = (d[s + 17]! - 48) * 10 + d[s + 18]! - 48;
  let frac = 0;
  let i = s + 19;
  if (i < e && d[i] === 0x2e) {
    i++;
    if (!isDigit(d[i]) || i >= e) return undefined;
    let scale = 100000;
    for (; i < e && isDigit(d[i]); i++) {
      frac += (d[i]! - 48) * scale;
      scale = Math.floor(scale / 10);
    }
  }
  if (i < e && !(i === e - 1 && d[i] === 0x5a)) return undefined;
  if (!(mo >= 1 && mo <= 12 && day >= 1 && h <= 23 && mi <= 59 && sec <= 59)) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const monthDays = mo === 2 ? (leap ? 29 : 28) : MONTH_DAYS[mo - 1]!;
  if (!(day <= monthDays)) return undefined;
  const leapDays = Math.floor((y - 1) / 4) - Math.floor((y - 1) / 100) + Math.floor((y - 1) / 400) - 477;
  const days = (y - 1970) * 365 + leapDays + DAYS_BEFORE_MONTH[mo - 1]! + (mo > 2 && leap ? 1 : 0) + day - 1;
  return ((days * 24 + h) * 60 + mi) * 60_000_000 + sec * 1_000_000 + frac;
}

const DIGIT_POS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
