// CSV: RFC 4180 quoting (fields quoted only when they must be), LF line ends as psql --csv and duckdb -csv
// write, so `$(lakehouse query -o csv … | tail -1)` compares cleanly in a shell (CR LF left a `\r` behind).
// Athena's own text for each value, so nothing is reformatted; NULL is an empty field and an empty string
// is `""`, so they stay distinct.
import type { Column, Renderer, Row } from '../types.js';

export function csvField(text: string | null): string {
  if (text === null) return '';
  if (text === '' || /[",\r\n]/.test(text) || text !== text.trim()) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvRenderer(): Renderer {
  return {
    begin: (columns: Column[]) => columns.map((c) => csvField(c.name)).join(',') + '\n',
    row: (row: Row) => row.map((c) => csvField(c.text)).join(',') + '\n',
    end: () => '',
  };
}
