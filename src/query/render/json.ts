// JSON for pipes: one document (an array of objects keyed by column name) or JSON Lines (one object a
// line). Values are typed from the column's Athena type (see values.ts); NULL is null.
import type { Column, Renderer, Row, Value } from '../types.js';

function objectOf(columns: Column[], row: Row): Record<string, Value> {
  const obj: Record<string, Value> = {};
  columns.forEach((c, i) => (obj[c.name] = row[i]?.value ?? null));
  return obj;
}

/** Streams the array element by element so a million rows never sit in memory as one string. */
export function jsonRenderer(): Renderer {
  let columns: Column[] = [];
  let count = 0;
  return {
    begin(cols) {
      columns = cols;
      return '[';
    },
    row(row) {
      return (count++ === 0 ? '\n' : ',\n') + JSON.stringify(objectOf(columns, row));
    },
    end: () => (count === 0 ? ']\n' : '\n]\n'),
  };
}

export function jsonLinesRenderer(): Renderer {
  let columns: Column[] = [];
  return {
    begin(cols) {
      columns = cols;
      return '';
    },
    row: (row) => JSON.stringify(objectOf(columns, row)) + '\n',
    end: () => '',
  };
}
