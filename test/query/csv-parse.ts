// Test helper: read RFC 4180 CSV back (an unquoted empty field is NULL), to prove the writer round-trips.
import assert from 'node:assert/strict';

export function parseCsv(text: string): Array<Array<string | null>> {
  const out: Array<Array<string | null>> = [];
  let i = 0;
  while (i < text.length) {
    const rec: Array<string | null> = [];
    for (;;) {
      if (text[i] === '"') {
        let v = '';
        i++;
        for (;;) {
          if (text[i] === '"' && text[i + 1] === '"') (v += '"'), (i += 2);
          else if (text[i] === '"') break;
          else v += text[i++];
        }
        i++;
        rec.push(v);
      } else {
        const m = /^[^,\r\n]*/.exec(text.slice(i))![0];
        rec.push(m === '' ? null : m);
        i += m.length;
      }
      if (text[i] === ',') i++;
      else break;
    }
    assert.equal(text[i], '\n', 'records end with LF');
    i += 1;
    out.push(rec);
  }
  return out;
}

