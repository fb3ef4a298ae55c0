// Athena's result files. SELECT → `<id>.csv`: header line, every value double-quoted ("" escapes a quote),
// NULL as an empty unquoted field. SHOW/DESCRIBE → `<id>.txt`: one row per line, fields tab-separated.

export type ResultRow = Array<string | null>;

export function parseAthenaCsv(text: string): ResultRow[] {
  const rows: ResultRow[] = [];
  let row: ResultRow = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let value: string | null;
    if (text[i] === '"') {
      let end = i + 1;
      let out = '';
      for (;;) {
        const q = text.indexOf('"', end);
        if (q < 0) throw new Error('unterminated quoted field in results');
        out += text.slice(end, q);
        if (text[q + 1] === '"') {
          out += '"';
          end = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = out;
    } else {
      let end = i;
      while (end < n && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
      value = end === i ? null : text.slice(i, end);
      i = end;
    }
    row.push(value);
    if (text[i] === ',') {
      i++;
      if (i === n || text[i] === '\n') row.push(null);
      else continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n' || i >= n) {
      rows.push(row);
      row = [];
      i++;
    }
  }
  return rows;
}

export function parseAthenaTxt(text: string): ResultRow[] {
  return text.split('\n').filter((l, idx, all) => l !== '' || idx < all.length - 1).map((l) => l.split('\t'));
}

export function formatAthenaTxt(rows: ResultRow[]): string {
  return rows.map((r) => r.map((v) => v ?? '').join('\t') + '\n').join('');
}
