// Append-only log of JSON lines. Appends go to one open fd (O_APPEND); `sync()` makes them durable.
// Reading tolerates a torn last line (a write cut by kill -9 before it was acknowledged).
import fs from 'node:fs';
import path from 'node:path';

export class AppendLog {
  private fd: number;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'a');
  }

  /** Append one or more JSON values, one line each, in a single write. Not durable until `sync()`. */
  append(...values: unknown[]): void {
    const text = values.map((v) => JSON.stringify(v) + '\n').join('');
    fs.writeSync(this.fd, text);
  }

  /** Append raw bytes (the caller frames them). */
  appendRaw(data: string | Uint8Array): void {
    fs.writeSync(this.fd, typeof data === 'string' ? Buffer.from(data) : data);
  }

  /** fdatasync: everything appended so far survives a crash. */
  sync(): void {
    fs.fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) {
      fs.closeSync(this.fd);
      this.fd = -1;
    }
  }

  /** Every complete JSON line of `file` (missing file → []). A torn or corrupt trailing line is dropped. */
  static read<T = unknown>(file: string): T[] {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const out: T[] = [];
    const lines = text.split('\n');
    // The last element is '' when the file ends with a newline; anything else there is a torn write.
    for (let i = 0; i < lines.length - 1; i++) {
      if (!lines[i]) continue;
      try {
        out.push(JSON.parse(lines[i]) as T);
      } catch {
        if (i < lines.length - 2) throw new Error(`corrupt line ${i + 1} in ${file}`);
      }
    }
    return out;
  }

  /** Cut a torn tail so new appends start on a clean line. Call before opening for append after a crash. */
  static repairTail(file: string): void {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch {
      return;
    }
    if (buf.length === 0 || buf[buf.length - 1] === 0x0a) return;
    const lastNl = buf.lastIndexOf(0x0a);
    fs.truncateSync(file, lastNl + 1);
  }
}
