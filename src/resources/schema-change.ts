// Column changes classified for the files already in the lake. Athena reads Parquet by column name and
// checks each file's physical type against the table's: an added or dropped column is harmless (old files
// read NULL / the extra column is ignored), a widening Athena reads through (int → bigint, float → double,
// a longer varchar), and anything else fails every query over old files (HIVE_BAD_DATA) or silently reads
// NULL (a rename). Breaking changes need an explicit choice before `up` applies them.
export interface ColumnChange {
  column: string;
  change: 'added' | 'dropped' | 'retyped' | 'renamed' | 'kept';
  from?: string;
  to?: string;
  safe: boolean;
  reason: string;
}

const INT_RANK: Record<string, number> = { tinyint: 1, smallint: 2, int: 3, integer: 3, bigint: 4 };

function widens(from: string, to: string): boolean {
  const f = from.toLowerCase();
  const t = to.toLowerCase();
  if (f in INT_RANK && t in INT_RANK) return INT_RANK[t]! >= INT_RANK[f]!;
  if (f === 'float' && t === 'double') return true;
  const vf = /^(?:varchar|char)\((\d+)\)$/.exec(f);
  if (vf && (t === 'string' || Number(/^varchar\((\d+)\)$/.exec(t)?.[1] ?? -1) >= Number(vf[1]))) return true;
  return false;
}

const parse = (cols: string[]) =>
  cols.map((c) => {
    const i = c.indexOf(' ');
    return { name: c.slice(0, i), type: c.slice(i + 1) };
  });

/** Classifies the difference between two column lists (`name type` each, as the table's props hold them). */
export function classifyColumns(fromCols: string[], toCols: string[]): ColumnChange[] {
  const from = parse(fromCols);
  const to = parse(toCols);
  const out: ColumnChange[] = [];
  const fromBy = new Map(from.map((c) => [c.name, c.type]));
  const toBy = new Map(to.map((c) => [c.name, c.type]));
  const dropped = from.filter((c) => !toBy.has(c.name));
  const added = to.filter((c) => !fromBy.has(c.name));
  // A column dropped and one added at the same position with the same type: a rename.
  for (const d of [...dropped]) {
    const pos = from.indexOf(d);
    const a = added.find((x) => to.indexOf(x) === pos && x.type === d.type);
    if (!a) continue;
    dropped.splice(dropped.indexOf(d), 1);
    added.splice(added.indexOf(a), 1);
    out.push({
      column: a.name,
      change: 'renamed',
      from: d.name,
      to: a.name,
      safe: false,
      reason: `files already in the lake hold "${d.name}": Athena reads "${a.name}" as NULL in them`,
    });
  }
  for (const c of to) {
    const before = fromBy.get(c.name);
    if (before === undefined || before === c.type) continue;
    const ok = widens(before, c.type);
    out.push({
      column: c.name,
      change: 'retyped',
      from: before,
      to: c.type,
      safe: ok,
      reason: ok ? `${before} → ${c.type} widens: Athena reads the old files` : `Athena fails on Parquet files whose ${c.name} is ${before} (HIVE_BAD_DATA)`,
    });
  }
  for (const a of added) out.push({ column: a.name, change: 'added', to: a.type, safe: true, reason: 'old files read NULL for it' });
  for (const d of dropped) out.push({ column: d.name, change: 'dropped', from: d.type, safe: true, reason: 'old files keep it; Athena ignores it' });
  return out;
}

export const BREAKING_CHOICES =
  'Choose: keep the old files readable by giving the table a new location (a new delivery prefix in the spec), ' +
  'rewrite the existing data to the new schema with an Athena CTAS query, or pass --yes to accept that queries over the old files fail or read NULL.';

/**
 * An Iceberg table's columns against the spec's fields. Iceberg evolves by field id: a field the spec adds
 * is a new id (old files read NULL), a column the table has and the spec lacks (Athena's ALTER TABLE ADD
 * COLUMNS) is kept, and the order does not matter (files are read by id). A changed type is not classified
 * here: it stays a replacement. Undefined when some column changed type.
 */
export function classifyIcebergColumns(tableCols: string[], specCols: string[]): ColumnChange[] | undefined {
  const table = parse(tableCols);
  const spec = parse(specCols);
  const tableBy = new Map(table.map((c) => [c.name, c.type]));
  const specBy = new Map(spec.map((c) => [c.name, c.type]));
  if (spec.some((c) => tableBy.has(c.name) && tableBy.get(c.name) !== c.type)) return undefined;
  const out: ColumnChange[] = [];
  for (const c of spec) {
    if (!tableBy.has(c.name)) out.push({ column: c.name, change: 'added', to: c.type, safe: true, reason: 'a new Iceberg field id: old files read NULL for it' });
  }
  for (const c of table) {
    if (!specBy.has(c.name)) out.push({ column: c.name, change: 'kept', from: c.type, safe: true, reason: 'in the table, not in the spec (added by ALTER TABLE?): kept' });
  }
  return out;
}
