// RFC 4180 CSV: CRLF line ends, fields quoted only when they must be. Athena's own text for each value,
// so nothing is reformatted; NULL is an empty field and an empty string is `""`, so they stay distinct.
import type { Column, Renderer, Row } from '../types.js';

export function csvField(text: string | null): string {
  if (text === null) return '';
  if (text === '' || /[",\r\n]/.test(text) || text !== text.trim()) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvRenderer(): Renderer {
  return {
    begin: (columns: Column[]) => columns.map((c) => csvField(c.name)).join(',') + '\r\n',
    row: (row: Row) => row.map((c) => csvField(c.text)).join(',') + '\r\n',
    end: () => '',
  };
}
