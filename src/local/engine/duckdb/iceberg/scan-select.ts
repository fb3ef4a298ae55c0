// The SELECT local Athena reads an Iceberg scan plan with: core's scanSelect when no delete applies, else the
// same rules (Iceberg spec: position deletes where delete seq >= data seq, equality deletes where delete seq >
// data seq, global or same partition) in join shapes DuckDB runs as hash joins. Core's form correlates each
// NOT EXISTS with a sequence-number inequality, which DuckDB plans as a delim join grouping every data row
// (measured on 1M rows with 10k position deletes, 2 cores: ~1–5 s; this form ~0.1 s). Here the inequality is
// settled before the join: position deletes are joined to their data file first (pos, file) and filtered by
// sequence number, equality deletes keep the highest delete sequence number per key (and per partition for
// scoped ones), then one equality-only anti-join / left join each. test/local/athena/iceberg-read.test.ts
// compares this against core's scanSelect at every snapshot. Move into core's scan.ts when core takes it.
import { icebergToDuck, quoteIdent as q } from '../../../../iceberg/schema.js';
import type { IcebergField } from '../../../../iceberg/types.js';
import { scanSelect, type ScanFile, type ScanPlan } from '../../../iceberg/index.js';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const col = (id: number) => q(`__f${id}`);
const pkey = (f: ScanFile) => `${f.specId}|${JSON.stringify(f.partition)}`;
const files = (fs: ScanFile[]) => `[${fs.map((f) => lit(f.path)).join(', ')}]`;
const schemaMap = (fields: IcebergField[]) =>
  `MAP{${fields.map((f) => `${f.id}: {name: ${lit(`__f${f.id}`)}, type: ${lit(icebergToDuck(f.type))}, default_value: NULL}`).join(', ')}}`;

export function readSelect(plan: ScanPlan, opts: { withRowIds?: boolean } = {}): string {
  if (!plan.data.length || plan.positionDeletes.length + plan.equalityDeletes.length === 0) return scanSelect(plan, opts);
  const out = plan.schema.fields;
  const byId = new Map<number, IcebergField>(out.map((f) => [f.id, f]));
  for (const d of plan.equalityDeletes) {
    for (const id of d.equalityIds ?? []) {
      const f = byId.get(id) ?? plan.fieldsById?.[id];
      if (!f) throw new Error(`equality delete key field ${id} is not in the table's schemas`);
      byId.set(id, f);
    }
  }
  const projection = out.map((f) => `__d.${col(f.id)} AS ${q(f.name)}`);
  if (opts.withRowIds) projection.push(`__fi.uri AS "$path"`, `__d.file_row_number AS "$pos"`);
  const ctes = [`__fi(fname, uri, seq, pkey) AS (VALUES ${plan.data.map((f) => `(${lit(f.path)}, ${lit(f.uri)}, ${f.sequenceNumber}, ${lit(pkey(f))})`).join(', ')})`];
  const joins: string[] = [];
  const where: string[] = [];
  if (plan.positionDeletes.length) {
    ctes.push(`__pdf(fname, seq) AS (VALUES ${plan.positionDeletes.map((f) => `(${lit(f.path)}, ${f.sequenceNumber})`).join(', ')})`);
    // (data file, position) pairs that apply: the delete's sequence number is at least the data file's.
    ctes.push(
      `__pd AS (SELECT DISTINCT __fi.fname, CAST(p.pos AS BIGINT) AS pos FROM read_parquet(${files(plan.positionDeletes)}, filename = true) p ` +
        `JOIN __pdf ON p.filename = __pdf.fname JOIN __fi ON CAST(p.file_path AS VARCHAR) = __fi.uri WHERE __pdf.seq >= __fi.seq)`,
    );
    where.push(`NOT EXISTS (SELECT 1 FROM __pd WHERE __pd.fname = __d.filename AND __pd.pos = __d.file_row_number)`);
  }
  const groups = new Map<string, ScanFile[]>();
  for (const d of plan.equalityDeletes) {
    const k = (d.equalityIds ?? []).join(',');
    if (!k) throw new Error(`equality delete file without equality ids: ${d.uri}`);
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  let g = 0;
  for (const [k, fs] of groups) {
    const keys = k.split(',').map((id) => byId.get(Number(id))!);
    const name = `__eq${g++}`;
    const keyCols = keys.map((f) => col(f.id)).join(', ');
    ctes.push(`${name}f(fname, seq, pkey, is_global) AS (VALUES ${fs.map((f) => `(${lit(f.path)}, ${f.sequenceNumber}, ${lit(pkey(f))}, ${Object.keys(f.partition).length === 0})`).join(', ')})`);
    ctes.push(`${name} AS (SELECT ${keys.map((f) => `e.${col(f.id)}`).join(', ')}, ${name}f.seq AS dseq, ${name}f.pkey AS pkey, ${name}f.is_global AS is_global ` +
      `FROM read_parquet(${files(fs)}, schema = ${schemaMap(keys)}, filename = true) e JOIN ${name}f ON e.filename = ${name}f.fname)`);
    const match = (alias: string) => keys.map((f) => (f.required ? `${alias}.${col(f.id)} = __d.${col(f.id)}` : `${alias}.${col(f.id)} IS NOT DISTINCT FROM __d.${col(f.id)}`)).join(' AND ');
    // The newest delete per key decides (a data row is deleted when any applicable delete is newer than it).
    if (fs.some((f) => Object.keys(f.partition).length === 0)) {
      ctes.push(`${name}g AS (SELECT ${keyCols}, max(dseq) AS dseq FROM ${name} WHERE is_global GROUP BY ALL)`);
      joins.push(`LEFT JOIN ${name}g ON ${match(`${name}g`)}`);
      where.push(`(${name}g.dseq IS NULL OR ${name}g.dseq <= __fi.seq)`);
    }
    if (fs.some((f) => Object.keys(f.partition).length > 0)) {
      ctes.push(`${name}p AS (SELECT ${keyCols}, pkey, max(dseq) AS dseq FROM ${name} WHERE NOT is_global GROUP BY ALL)`);
      joins.push(`LEFT JOIN ${name}p ON ${match(`${name}p`)} AND ${name}p.pkey = __fi.pkey`);
      where.push(`(${name}p.dseq IS NULL OR ${name}p.dseq <= __fi.seq)`);
    }
  }
  const source = `read_parquet(${files(plan.data)}, schema = ${schemaMap([...byId.values()])}, filename = true, file_row_number = true)`;
  // Rows meet their file's uri and sequence number only when a rule or "$path" needs them: that join hashes every
  // row's file name, the largest cost left when only position deletes apply.
  const needFile = opts.withRowIds || plan.equalityDeletes.length > 0;
  const from = needFile ? `${source} __d JOIN __fi ON __d.filename = __fi.fname` : `${source} __d`;
  return `WITH ${ctes.join(', ')} SELECT ${projection.join(', ')} FROM ${from} ${joins.join(' ')} WHERE ${where.join(' AND ')}`;
}
