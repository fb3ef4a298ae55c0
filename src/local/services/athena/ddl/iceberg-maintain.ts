// Athena's Iceberg table maintenance: `OPTIMIZE t REWRITE DATA USING BIN_PACK [WHERE predicate]` and `VACUUM t`.
// OPTIMIZE picks files as Iceberg's bin-pack rewrite does with Athena's table properties: a data file is a
// candidate when it is smaller than optimize_rewrite_min_data_file_size_bytes (default 75% of the 512 MB target),
// larger than optimize_rewrite_max_data_file_size_bytes (default 180%), or has at least
// optimize_rewrite_delete_file_threshold (default 2) delete files; a partition's candidates are rewritten when
// there are at least optimize_rewrite_data_file_threshold (default 5) of them, when one has too many deletes, or
// when together they exceed the target. The rewrite reads the candidates with every delete applied and writes
// them again (partitioned by the current spec); the snapshot (operation `replace`) removes them and the delete
// files that no longer apply to any live file. The WHERE predicate may name partition columns only (Athena's
// rule) and selects the files that hold a matching row. VACUUM is core's expireSnapshots (snapshot expiry by
// vacuum_max_snapshot_age_seconds / vacuum_min_snapshots_to_keep, then unreferenced files removed).
import { commit, expireSnapshots, loadTable, planScan, scanSelect, writeDataFiles, type ScanFile } from '../../../iceberg/index.js';
import type { DataFile } from '../../../../iceberg/types.js';
import type { WriteContext } from './ctas.js';
import { cleanup, fail, glueTarget, icebergEnv, lit, tableName } from './iceberg-context.js';
import type { DmlOutcome } from './iceberg-dml.js';

const NOT_ICEBERG = (what: string) => `NOT_SUPPORTED: ${what} is supported only for Iceberg tables`;
export const MAINTENANCE = /^\s*(optimize|vacuum)\b/i;

const OPTIMIZE_RE = /^\s*optimize\s+([`"\w.]+)\s+rewrite\s+data\s+using\s+bin_pack(?:\s+where\s+([\s\S]+?))?\s*;?\s*$/i;
const VACUUM_RE = /^\s*vacuum\s+([`"\w.]+)\s*;?\s*$/i;

export async function runIcebergMaintenance(sql: string, ctx: WriteContext): Promise<DmlOutcome | undefined> {
  const v = VACUUM_RE.exec(sql);
  if (v) {
    const [db, name] = tableName(v[1]!, ctx.database);
    glueTarget(ctx, db, name, NOT_ICEBERG('VACUUM'));
    const env = icebergEnv(ctx);
    try {
      await expireSnapshots(env, db, name);
    } finally {
      cleanup(env);
    }
    return { bytesScanned: 0, updateCount: 0 };
  }
  const o = OPTIMIZE_RE.exec(sql);
  if (!o) {
    if (/^\s*optimize\b/i.test(sql)) throw fail("SYNTAX_ERROR: line 1:1: OPTIMIZE needs the form OPTIMIZE [db_name.]table_name REWRITE DATA USING BIN_PACK [WHERE predicate]", 1004);
    if (/^\s*vacuum\b/i.test(sql)) throw fail('SYNTAX_ERROR: line 1:1: VACUUM needs the form VACUUM [db_name.]table_name', 1004);
    return undefined;
  }
  return optimize(o[1]!, o[2], ctx);
}

const num = (props: Record<string, string>, key: string, dflt: number) => {
  const v = Number(props[key]);
  return Number.isFinite(v) && props[key] !== undefined ? v : dflt;
};

async function optimize(refText: string, where: string | undefined, ctx: WriteContext): Promise<DmlOutcome> {
  const [db, name] = tableName(refText, ctx.database);
  glueTarget(ctx, db, name, NOT_ICEBERG('OPTIMIZE'));
  const env = icebergEnv(ctx);
  try {
    const table = await loadTable(env, db, name);
    const m = table.metadata;
    const props = m.properties ?? {};
    const target = num(props, 'write.target-file-size-bytes', num(props, 'write_target_data_file_size_bytes', 512 * 1024 * 1024));
    const minSize = num(props, 'optimize_rewrite_min_data_file_size_bytes', Math.floor(target * 0.75));
    const maxSize = num(props, 'optimize_rewrite_max_data_file_size_bytes', Math.floor(target * 1.8));
    const fileThreshold = num(props, 'optimize_rewrite_data_file_threshold', 5);
    const deleteThreshold = num(props, 'optimize_rewrite_delete_file_threshold', 2);
    const plan = await planScan(env, table);
    if (!plan.data.length) return { bytesScanned: 0, updateCount: 0 };
    const schema = m.schemas.find((s) => s['schema-id'] === m['current-schema-id'])!;
    if (where) {
      // Only partition columns may appear in the predicate (Athena's rule, as Trino's Iceberg connector words it).
      const sources = new Set(m['partition-specs'].flatMap((s) => s.fields.map((f) => f['source-id'])));
      const bare = where.replace(/'(?:[^']|'')*'/g, "''");
      for (const f of schema.fields) {
        if (!sources.has(f.id) && new RegExp(`(^|[^\\w$"])("?)${f.name.replace(/[$]/g, '\\$')}\\2(?![\\w$])`, 'i').test(bare)) {
          throw fail('NOT_SUPPORTED: Unexpected FilterNode found in plan; probably connector was not able to handle provided WHERE expression');
        }
      }
    }
    let files: DataFile[] = [];
    let remove: string[] = [];
    let rewritten = 0;
    let bytes = 0;
    const replace = new Map([[`${db}.${name}`, scanSelect(plan, { withRowIds: true })]]);
    await ctx.engine.withQuery!(`SELECT * FROM ${refText}${where ? ` WHERE ${where}` : ''}`, ctx.database, replace, async (c, duckSql) => {
      // Delete files per data file: position deletes by the paths they name, equality deletes by sequence number.
      const deletesOf = new Map<string, number>();
      const refs = new Map<string, Set<string>>();
      if (plan.positionDeletes.length) {
        const list = `[${plan.positionDeletes.map((f) => lit(f.path)).join(', ')}]`;
        const rows = (await c.runAndReadAll(`SELECT DISTINCT filename, file_path FROM read_parquet(${list}, filename = true)`)).getRows();
        const byPath = new Map(plan.positionDeletes.map((f) => [f.path, f]));
        for (const [fname, dataUri] of rows) {
          const del = byPath.get(String(fname));
          if (!del) continue;
          deletesOf.set(String(dataUri), (deletesOf.get(String(dataUri)) ?? 0) + 1);
          if (!refs.has(del.uri)) refs.set(del.uri, new Set());
          refs.get(del.uri)!.add(String(dataUri));
        }
      }
      for (const d of plan.data) {
        const eq = plan.equalityDeletes.filter((e) => e.sequenceNumber > d.sequenceNumber).length;
        if (eq) deletesOf.set(d.uri, (deletesOf.get(d.uri) ?? 0) + eq);
      }
      const matching = where
        ? new Set((await c.runAndReadAll(`SELECT DISTINCT "$path" FROM (${duckSql}) __o`)).getRows().map((r) => String(r[0])))
        : undefined;
      const groups = new Map<string, ScanFile[]>();
      for (const d of plan.data) {
        if (matching && !matching.has(d.uri)) continue;
        const dels = deletesOf.get(d.uri) ?? 0;
        if (!(d.sizeBytes < minSize || d.sizeBytes > maxSize || dels >= deleteThreshold)) continue;
        const key = `${d.specId}:${JSON.stringify(d.partition)}`;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push(d);
      }
      const chosen: ScanFile[] = [];
      for (const g of groups.values()) {
        const size = g.reduce((n, f) => n + f.sizeBytes, 0);
        const tooManyDeletes = g.some((f) => (deletesOf.get(f.uri) ?? 0) >= deleteThreshold);
        if (g.length >= fileThreshold || tooManyDeletes || (g.length > 1 && size > target)) chosen.push(...g);
      }
      if (!chosen.length) return;
      const chosenUris = new Set(chosen.map((f) => f.uri));
      const remaining = plan.data.filter((d) => !chosenUris.has(d.uri));
      const sub = { ...plan, data: chosen };
      bytes = chosen.reduce((n, f) => n + f.sizeBytes, 0);
      // Straight from the scan into the writer (no staging: the rows are read once).
      const cols = schema.fields.map((f) => `"${f.name.replace(/"/g, '""')}"`).join(', ');
      files = await writeDataFiles(env, c, table, `SELECT ${cols} FROM (${scanSelect(sub)}) __r`);
      rewritten = files.reduce((n, f) => n + f.recordCount, 0);
      // Delete files that no longer apply to a live data file go with the rewritten files.
      const deadPos = plan.positionDeletes.filter((p) => [...(refs.get(p.uri) ?? [])].every((u) => chosenUris.has(u) || !plan.data.some((d) => d.uri === u)));
      const deadEq = plan.equalityDeletes.filter((e) => remaining.every((d) => d.sequenceNumber >= e.sequenceNumber));
      remove = [...chosenUris, ...deadPos.map((p) => p.uri), ...deadEq.map((e) => e.uri)];
    });
    if (!remove.length) return { bytesScanned: 0, updateCount: 0 };
    const scannedId = m['current-snapshot-id'];
    await commit(env, db, name, (current) => {
      // Appends since the scan do not touch the rewritten files; anything else might (deletes, another rewrite).
      const after = current.metadata.snapshots.filter((s) => s['sequence-number'] > (m.snapshots.find((x) => x['snapshot-id'] === scannedId)?.['sequence-number'] ?? 0));
      if (after.some((s) => s.summary.operation !== 'append')) {
        throw fail('ICEBERG_COMMIT_ERROR: the table changed during OPTIMIZE (a concurrent delete, update or rewrite); run it again');
      }
      return { operation: 'replace', add: files, remove };
    });
    return { bytesScanned: bytes, updateCount: rewritten };
  } finally {
    cleanup(env);
  }
}
