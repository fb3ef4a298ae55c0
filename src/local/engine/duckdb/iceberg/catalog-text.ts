// What Athena's catalog statements show for an Iceberg table: DESCRIBE and SHOW COLUMNS list the current schema's
// columns (Glue also keeps dropped ones, marked iceberg.field.current=false), DESCRIBE adds the partition
// transforms, SHOW CREATE TABLE writes Athena's Iceberg DDL (CREATE TABLE … PARTITIONED BY (transforms)
// LOCATION … TBLPROPERTIES ('table_type'='iceberg', …)). The partition spec and properties come from the
// current metadata.json (Glue's metadata_location), read straight from the lake: these statements are synchronous.
import fs from 'node:fs';
import type { TableMetadata } from '../../../../iceberg/types.js';
import type { Lake } from '../lake.js';
import { parseS3Uri } from '../layout.js';

/** The table's current metadata, or undefined when Glue's pointer or the file is missing. */
export function readMetadata(lake: Lake, glueTable: any): TableMetadata | undefined {
  const loc = parseS3Uri(String(glueTable?.Parameters?.metadata_location ?? ''));
  if (!loc) return undefined;
  try {
    return JSON.parse(fs.readFileSync(lake.objectPath(loc.bucket, loc.key), 'utf8')) as TableMetadata;
  } catch {
    return undefined;
  }
}

/** Glue columns of the current schema (dropped columns stay in Glue with iceberg.field.current=false). */
export function currentColumns(glueTable: any): any[] {
  return (glueTable?.StorageDescriptor?.Columns ?? []).filter((c: any) => c.Parameters?.['iceberg.field.current'] !== 'false');
}

/** Athena DDL of one partition field: `col`, `day(col)`, `bucket(16, col)`, `truncate(10, col)`. */
function transformDdl(transform: string, column: string): string {
  const col = `\`${column}\``;
  const t = transform.toLowerCase();
  if (t === 'identity') return col;
  const arg = /^(bucket|truncate)\[(\d+)\]$/.exec(t);
  if (arg) return `${arg[1]}(${arg[2]}, ${col})`;
  return `${t}(${col})`;
}

function specFields(m: TableMetadata | undefined): Array<{ column: string; transform: string }> {
  if (!m) return [];
  const spec = m['partition-specs'].find((s) => s['spec-id'] === m['default-spec-id']);
  const schema = m.schemas.find((s) => s['schema-id'] === m['current-schema-id']);
  return (spec?.fields ?? [])
    .filter((f) => f.transform !== 'void')
    .map((f) => ({ column: schema?.fields.find((x) => x.id === f['source-id'])?.name ?? String(f['source-id']), transform: f.transform }));
}

export function describeRows(glueTable: any, m: TableMetadata | undefined): string[][] {
  const rows = currentColumns(glueTable).map((c: any) => [String(c.Name).toLowerCase(), String(c.Type), c.Comment ?? '']);
  const parts = specFields(m);
  if (parts.length) {
    rows.push(['', '', ''], ['# Partition Transforms', '', ''], ['# col_name', 'transform_type', ''], ['', '', '']);
    for (const p of parts) rows.push([p.column, p.transform.toUpperCase(), '']);
  }
  return rows;
}

export function showCreateLines(database: string, glueTable: any, m: TableMetadata | undefined): string[] {
  const cols = currentColumns(glueTable);
  const col = (c: any, last: boolean) => `  \`${String(c.Name).toLowerCase()}\` ${c.Type}${c.Comment ? ` COMMENT '${String(c.Comment).replace(/'/g, "\\'")}'` : ''}${last ? ')' : ', '}`;
  const lines = [`CREATE TABLE \`${database}\`.\`${glueTable.Name}\`(`, ...cols.map((c: any, i: number) => col(c, i === cols.length - 1))];
  const parts = specFields(m);
  if (parts.length) lines.push(`PARTITIONED BY (${parts.map((p) => transformDdl(p.transform, p.column)).join(', ')})`);
  lines.push('LOCATION', `  '${m?.location ?? glueTable.StorageDescriptor?.Location ?? ''}'`);
  // Athena's own keys first (format and compression as Athena writes Iceberg), then the table's properties.
  const props: Array<[string, string]> = [['table_type', 'iceberg'], ['format', 'parquet'], ['write_compression', m?.properties?.['write.parquet.compression-codec'] ?? 'zstd']];
  for (const [k, v] of Object.entries(m?.properties ?? {})) if (!props.some(([p]) => p === k) && k !== 'write.parquet.compression-codec') props.push([k, v]);
  lines.push('TBLPROPERTIES (', ...props.map(([k, v], i) => `  '${k}'='${v}'${i < props.length - 1 ? ', ' : ')'}`));
  return lines;
}
