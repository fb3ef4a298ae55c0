// Athena returns every datum as text (VarCharValue); ColumnInfo.Type says what it is. Turn it into a
// JSON-safe value without silently losing digits.
import type { Cell, Value } from './types.js';

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const FLOAT_TYPES = new Set(['double', 'float', 'real']);

/** Strip a parameter list: `decimal(10,2)` → `decimal`, `varchar(20)` → `varchar`. */
export function baseType(type: string): string {
  return type.toLowerCase().replace(/\(.*$/, '').trim();
}

/** Numbers are right-aligned in tables and unquoted in JSON. */
export function isNumericType(type: string): boolean {
  const t = baseType(type);
  return INTEGER_TYPES.has(t) || FLOAT_TYPES.has(t) || t === 'decimal';
}

export function toValue(type: string, text: string | null | undefined): Value {
  if (text === null || text === undefined) return null;
  const t = baseType(type);
  if (INTEGER_TYPES.has(t)) {
    const n = Number(text);
    // bigint beyond 2^53 stays a string so the digits survive.
    return Number.isSafeInteger(n) ? n : text;
  }
  if (FLOAT_TYPES.has(t)) {
    const n = Number(text);
    // NaN / Infinity have no JSON spelling: keep Athena's text.
    return Number.isFinite(n) ? n : text;
  }
  if (t === 'decimal') return decimalValue(text);
  if (t === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/** A decimal becomes a number only when a double holds it exactly enough (≤ 15 significant digits). */
function decimalValue(text: string): Value {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  const digits = text.replace(/^[-+]?0*/, '').replace('.', '').replace(/^0+/, '');
  return digits.length <= 15 ? n : text;
}

export function toCell(type: string, text: string | null | undefined): Cell {
  return { text: text ?? null, value: toValue(type, text) };
}
