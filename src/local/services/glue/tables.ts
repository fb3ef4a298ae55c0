// Glue table actions: CreateTable, GetTable, GetTables, UpdateTable (a new version each time; with
// UpdateOpenTableFormatInput an Iceberg schema commit, iceberg-update.ts), DeleteTable, GetTableVersions.
// CreateTable's PartitionIndexes go through partition-indexes.ts. The TableInput is stored as given; outputs
// add CreateTime/UpdateTime/VersionId/...
import { AwsError, type JsonAction } from '../../types.js';
import type { GlueCatalog } from './catalog.js';
import { checkName, invalidInput, missing, pageOf } from './errors.js';
import { createIcebergTable, type IcebergCreateEnv } from './iceberg-create.js';
import { updateIcebergTable } from './iceberg-update.js';
import { addPartitionIndex } from './partition-indexes.js';
import type { StoredTable } from './store.js';


/** GetTables' Expression (and GetUserDefinedFunctions' Pattern): a pattern where `*` matches anything (Glue's
 * documented usage). */
export function namePattern(expr: unknown): RegExp | undefined {
  if (typeof expr !== 'string' || !expr) return undefined;
  try {
    return new RegExp(`^(?:${expr.replace(/(^|[^.])\*/g, '$1.*')})$`, 'i');
  } catch {
    throw invalidInput(`Invalid expression: ${expr}`);
  }
}

/** `iceberg`: what CreateTable with OpenTableFormatInput needs to write the table's first metadata.json. */
export function tableActions(cat: GlueCatalog, iceberg?: IcebergCreateEnv): Record<string, JsonAction> {
  const state = cat.store.state;
  return {
    async CreateTable(input, ctx) {
      const db = checkName(input.DatabaseName, 'databaseName');
      const otf = input.OpenTableFormatInput !== undefined;
      // With OpenTableFormatInput the name may come as the request's Name instead of a TableInput.
      if (!input.TableInput && !(otf && input.Name !== undefined)) throw missing('tableInput');
      const name = input.TableInput ? checkName(input.TableInput.Name, 'tableInput.name') : checkName(input.Name, 'name');
      cat.database(db);
      const tables = (state.tables[db] ??= {});
      if (tables[name]) throw new AwsError('AlreadyExistsException', 'Table already exists.');
      let stored = input.TableInput;
      if (otf) {
        if (!iceberg) throw invalidInput('OpenTableFormatInput is not available in this catalog.');
        stored = await createIcebergTable(iceberg, input, name);
        // Another CreateTable of the same name may have finished while the metadata was written.
        if (tables[name]) throw new AwsError('AlreadyExistsException', 'Table already exists.');
      }
      const now = ctx.now();
      const table: StoredTable = { createTime: now, versions: [{ versionId: '0', input: stored, updateTime: now }] };
      tables[name] = table;
      try {
        for (const index of input.PartitionIndexes ?? []) addPartitionIndex(cat, db, name, table, index);
      } catch (e) {
        delete tables[name]; // a bad PartitionIndexes refuses the whole CreateTable
        throw e;
      }
      cat.store.save();
      return {};
    },
    GetTable(input) {
      const db = checkName(input.DatabaseName, 'databaseName');
      const name = checkName(input.Name, 'name');
      return { Table: cat.tableOutput(db, name, cat.table(db, name)) };
    },
    GetTables(input) {
      const db = checkName(input.DatabaseName, 'databaseName');
      cat.database(db);
      const pattern = namePattern(input.Expression);
      const tables = state.tables[db] ?? {};
      const names = Object.keys(tables).sort().filter((n) => !pattern || pattern.test(n));
      const { page, next } = pageOf(names, input.NextToken, input.MaxResults, 100);
      return { TableList: page.map((n) => cat.tableOutput(db, n, tables[n]!)), ...(next ? { NextToken: next } : {}) };
    },
    async UpdateTable(input, ctx) {
      const db = checkName(input.DatabaseName, 'databaseName');
      if (input.UpdateOpenTableFormatInput !== undefined && !input.TableInput) {
        // Iceberg schema evolution: a metadata commit, which itself updates the Glue entry (a new version).
        if (!iceberg) throw invalidInput('UpdateOpenTableFormatInput is not available in this catalog.');
        const name = checkName(input.Name, 'name');
        const t = cat.table(db, name);
        if (String(t.versions[t.versions.length - 1]!.input?.Parameters?.table_type ?? '').toUpperCase() !== 'ICEBERG') {
          throw invalidInput(`Table ${name} is not an Iceberg table.`);
        }
        await updateIcebergTable(iceberg, db, name, input.UpdateOpenTableFormatInput);
        return {};
      }
      if (!input.TableInput) throw missing('tableInput');
      const name = checkName(input.TableInput.Name, 'tableInput.name');
      const t = cat.table(db, name);
      const current = t.versions[t.versions.length - 1]!;
      if (input.VersionId !== undefined && input.VersionId !== current.versionId) {
        throw new AwsError('ConcurrentModificationException', `Update table failed due to concurrent modifications.`);
      }
      const next = { versionId: String(Number(current.versionId) + 1), input: input.TableInput, updateTime: ctx.now() };
      // SkipArchive: the previous version is not kept in the history.
      if (input.SkipArchive === true) t.versions[t.versions.length - 1] = next;
      else t.versions.push(next);
      cat.store.save();
      return {};
    },
    DeleteTable(input) {
      const db = checkName(input.DatabaseName, 'databaseName');
      const name = checkName(input.Name, 'name');
      cat.table(db, name);
      cat.dropTable(db, name);
      cat.store.save();
      return {};
    },
    GetTableVersions(input) {
      const db = checkName(input.DatabaseName, 'databaseName');
      const name = checkName(input.TableName, 'tableName');
      const t = cat.table(db, name);
      const newestFirst = [...t.versions].reverse();
      const { page, next } = pageOf(newestFirst, input.NextToken, input.MaxResults, 100);
      return {
        TableVersions: page.map((v) => ({ Table: cat.tableOutput(db, name, t, v), VersionId: v.versionId })),
        ...(next ? { NextToken: next } : {}),
      };
    },
  };
}
