// CloudWatch's durable metric store: one-minute aggregates (SampleCount, Sum, Minimum, Maximum) per series,
// kept at least 15 days under <dataDir>/cloudwatch/ with a bounded size.
// Writes go first to a journal (one appended line per call, written before the call returns, so a kill -9
// loses nothing that was answered); once a wall-clock minute has passed the journal is folded into one line
// of the day's data file, tagged with the journal's number, and removed. On open, a journal whose number is
// already in a data file was folded before the crash and is only removed: nothing is counted twice.
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_MODE } from '../../store/index.js';

export interface Dimension {
  Name: string;
  Value: string;
}

/** One minute of one series. */
export interface Stats {
  n: number;
  sum: number;
  min: number;
  max: number;
}

export interface Series {
  key: string;
  namespace: string;
  name: string;
  dims: Dimension[];
  unit: string;
  /** Minute start (ms) → aggregate. */
  minutes: Map<number, Stats>;
  lastMs: number;
}

/** A value (or a statistic set) at a time, as PutMetricData and the services' feeds give them. */
export interface Point {
  namespace: string;
  name: string;
  dims: Dimension[];
  unit: string;
  t: number;
  stats: Stats;
}

type Row = [key: string, minute: number, n: number, sum: number, min: number, max: number, unit: string];

export const MINUTE = 60_000;
/** AWS keeps one-minute data points for 15 days; we keep whole UTC days, one more than that. */
export const RETENTION_DAYS = 16;
/** The data files never grow past this: the oldest day goes first (a local bound AWS does not have). */
export const MAX_BYTES = 256 * 1024 * 1024;
const JOURNAL_MAX_BYTES = 8 * 1024 * 1024;

export function seriesKey(namespace: string, name: string, dims: Dimension[]): string {
  const d = [...dims].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  return JSON.stringify([namespace, name, d.map((x) => [x.Name, x.Value])]);
}

function parseKey(key: string): { namespace: string; name: string; dims: Dimension[] } {
  const [namespace, name, d] = JSON.parse(key) as [string, string, Array<[string, string]>];
  return { namespace, name, dims: d.map(([Name, Value]) => ({ Name, Value })) };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class MetricStore {
  readonly series = new Map<string, Series>();
  private readonly dir: string;
  private journalSeq = 0;
  private journalMinute = -1;
  private journalBytes = 0;
  private fd?: number;
  /** Rows in the open journal, folded when it rotates. */
  private pending = new Map<string, Row>();

  constructor(dataDir: string, private readonly now: () => number) {
    this.dir = join(dataDir, 'cloudwatch');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.load();
  }

  add(points: Point[]): void {
    if (points.length === 0) return;
    const rows: Row[] = points.map((p) => {
      const key = seriesKey(p.namespace, p.name, p.dims);
      return [key, Math.floor(p.t / MINUTE) * MINUTE, p.stats.n, p.stats.sum, p.stats.min, p.stats.max, p.unit];
    });
    this.rotateIfDue();
    const line = JSON.stringify(rows) + '\n';
    appendFileSync(this.journalFd(), line);
    this.journalBytes += line.length;
    for (const r of rows) {
      this.apply(r);
      merge(this.pending, r);
    }
  }

  /** Fold the journal now (tests and close use it; normally it happens once a minute). */
  compact(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    this.fold(this.journalSeq, [...this.pending.values()]);
    this.pending = new Map();
    this.journalSeq++;
    this.enforceBounds();
  }

  /** One data line tagged with the journal's number (fsynced), then the journal goes. */
  private fold(seq: number, rows: Row[]): void {
    if (rows.length > 0) {
      const fd = openSync(join(this.dir, `data-${day(this.now())}.jsonl`), 'a', FILE_MODE);
      try {
        appendFileSync(fd, JSON.stringify({ j: seq, rows }) + '\n');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    if (existsSync(this.journalPath(seq))) unlinkSync(this.journalPath(seq));
  }

  close(): void {
    this.compact();
  }

  private journalPath(seq: number): string {
    return join(this.dir, `journal-${seq}.log`);
  }

  private journalFd(): number {
    if (this.fd === undefined) {
      this.fd = openSync(this.journalPath(this.journalSeq), 'a', FILE_MODE);
      this.journalMinute = Math.floor(this.now() / MINUTE);
      this.journalBytes = 0;
    }
    return this.fd;
  }

  private rotateIfDue(): void {
    if (this.fd === undefined) return;
    if (Math.floor(this.now() / MINUTE) !== this.journalMinute || this.journalBytes > JOURNAL_MAX_BYTES) this.compact();
  }

  private apply(r: Row): void {
    const [key, minute, n, sum, min, max, unit] = r;
    let s = this.series.get(key);
    if (!s) {
      s = { key, ...parseKey(key), unit, minutes: new Map(), lastMs: 0 };
      this.series.set(key, s);
    }
    if (unit !== 'None') s.unit = unit;
    const cur = s.minutes.get(minute);
    if (!cur) s.minutes.set(minute, { n, sum, min, max });
    else {
      cur.n += n;
      cur.sum += sum;
      cur.min = Math.min(cur.min, min);
      cur.max = Math.max(cur.max, max);
    }
    if (minute > s.lastMs) s.lastMs = minute;
  }

  /** Data files, then journals not yet folded (a crash before or during the fold). */
  private load(): void {
    const names = readdirSync(this.dir);
    const folded = new Set<number>();
    for (const f of names.filter((n) => /^data-\d{4}-\d\d-\d\d\.jsonl$/.test(n)).sort()) {
      for (const line of readFileSync(join(this.dir, f), 'utf8').split('\n')) {
        if (!line) continue;
        let rec: { j: number; rows: Row[] };
        try {
          rec = JSON.parse(line);
        } catch {
          continue; // a line torn by a power loss: what it held was never acknowledged as folded
        }
        folded.add(rec.j);
        for (const r of rec.rows) this.apply(r);
      }
    }
    const journals = names
      .map((n) => /^journal-(\d+)\.log$/.exec(n))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const maxFolded = folded.size ? Math.max(...folded) : -1;
    this.journalSeq = Math.max(maxFolded + 1, journals.length ? journals[journals.length - 1]! + 1 : 0);
    for (const seq of journals) {
      if (folded.has(seq)) {
        unlinkSync(this.journalPath(seq));
        continue;
      }
      // Fold it under its own number, so a crash during this fold is recognised next time too.
      const pending = new Map<string, Row>();
      for (const line of readFileSync(this.journalPath(seq), 'utf8').split('\n')) {
        if (!line) continue;
        let rows: Row[];
        try {
          rows = JSON.parse(line);
        } catch {
          continue; // torn last line: the call it belonged to never returned
        }
        for (const r of rows) {
          this.apply(r);
          merge(pending, r);
        }
      }
      this.fold(seq, [...pending.values()]);
    }
    this.enforceBounds();
  }

  /** Whole days past the retention go, then the oldest days while the files are over MAX_BYTES. */
  private enforceBounds(): void {
    const files = readdirSync(this.dir).filter((n) => /^data-\d{4}-\d\d-\d\d\.jsonl$/.test(n)).sort();
    const cutoff = day(this.now() - RETENTION_DAYS * 86_400_000);
    let total = 0;
    const sizes = files.map((f) => {
      const size = statSync(join(this.dir, f)).size;
      total += size;
      return size;
    });
    let dropped = false;
    for (let i = 0; i < files.length - 1; i++) {
      if (files[i]!.slice(5, 15) >= cutoff && total <= MAX_BYTES) break;
      unlinkSync(join(this.dir, files[i]!));
      total -= sizes[i]!;
      dropped = true;
    }
    // Points are kept by the day they were folded: drop from memory what the first kept file cannot hold.
    if (dropped) this.dropOlderThan(Math.max(Date.parse(cutoff), Date.parse(files.find((f) => existsSync(join(this.dir, f)))!.slice(5, 15))));
  }

  private dropOlderThan(ms: number): void {
    for (const s of this.series.values()) {
      for (const m of s.minutes.keys()) if (m < ms) s.minutes.delete(m);
      if (s.minutes.size === 0) this.series.delete(s.key);
    }
  }
}

function merge(into: Map<string, Row>, r: Row): void {
  const k = `${r[0]}\u0000${r[1]}`;
  const cur = into.get(k);
  if (!cur) into.set(k, [...r] as Row);
  else {
    cur[2] += r[2];
    cur[3] += r[3];
    cur[4] = Math.min(cur[4], r[4]);
    cur[5] = Math.max(cur[5], r[5]);
  }
}
