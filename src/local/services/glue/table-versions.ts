// Table versions and batch table deletion: GetTableVersion, DeleteTableVersion, BatchDeleteTableVersion,
// BatchDeleteTable. Every UpdateTable archives the previous version (unless SkipArchive, tables.ts);
// VersionIds are integers as strings, counting from 0. The current version cannot be deleted: it is the table.
import { validate, type Rule, type Rules } from '../../kit/validate.js';
import { AwsError, type JsonAction } from '../../types.js';
import type { GlueCatalog } from './catalog.js';
import { CATALOG_ID_RULE, checkName, errorDetail, invalidInput, NAME_RULE as NAME, tableNotFound } from './errors.js';
import type { StoredTable } from './store.js';

const VERSION: Rule = { type: 'string', min: 1, max: 255 };
const TABLE: Rules = { CatalogId: CATALOG_ID_RULE, DatabaseName: NAME, TableName: NAME };
const RULES = {
  GetTableVersion: { ...TABLE, VersionId: VERSION },
  DeleteTableVersion: { ...TABLE, VersionId: { ...VERSION, required: true } as Rule },
  BatchDeleteTableVersion: { ...TABLE, VersionIds: { type: 'list', required: true, min: 0, max: 100, member: VERSION } },
  BatchDeleteTable: { CatalogId: CATALOG_ID_RULE, DatabaseName: NAME, TablesToDelete: { type: 'list', required: true, min: 0, max: 100, member: { type: 'string', min: 1, max: 255 } } },
} satisfies Record<string, Rules>;

const check = (action: keyof typeof RULES, input: Record<string, unknown>) => validate(input ?? {}, RULES[action], 'InvalidInputException');
const versionNotFound = () => new AwsError('EntityNotFoundException', 'Version not found.');

/** The stored version with this id; a non-integer id is InvalidInputException, as Glue parses it as a number. */
function versionOf(t: StoredTable, id: string) {
  if (!/^\d+$/.test(id)) throw invalidInput(`Invalid version ID: ${id}. A version ID is an integer.`);
  const v = t.versions.find((x) => Number(x.versionId) === Number(id));
  if (!v) throw versionNotFound();
  return v;
}

export function tableVersionActions(cat: GlueCatalog): Record<string, JsonAction> {
  const deleteVersion = (t: StoredTable, id: string): void => {
    const v = versionOf(t, id);
    if (v === t.versions[t.versions.length - 1]) throw invalidInput('Cannot delete the current version of a table.');
    t.versions.splice(t.versions.indexOf(v), 1);
  };

  return {
    GetTableVersion(input) {
      check('GetTableVersion', input);
      const db = checkName(input.DatabaseName, 'databaseName');
      const name = checkName(input.TableName, 'tableName');
      const t = cat.table(db, name);
      // Without a VersionId, the current version.
      const v = input.VersionId === undefined ? t.versions[t.versions.length - 1]! : versionOf(t, input.VersionId);
      return { TableVersion: { Table: cat.tableOutput(db, name, t, v), VersionId: v.versionId } };
    },
    DeleteTableVersion(input) {
      check('DeleteTableVersion', input);
      const db = checkName(input.DatabaseName, 'databaseName');
      const name = checkName(input.TableName, 'tableName');
      deleteVersion(cat.table(db, name), input.VersionId);
      cat.store.save();
      return {};
    },
    BatchDeleteTableVersion(input) {
      check('BatchDeleteTableVersion', input);
      const db = checkName(input.DatabaseName, 'databaseName');
      const name = checkName(input.TableName, 'tableName');
      const t = cat.table(db, name);
      const Errors: unknown[] = [];
      for (const id of input.VersionIds as string[]) {
        try {
          deleteVersion(t, id);
        } catch (e) {
          Errors.push({ TableName: name, VersionId: id, ErrorDetail: errorDetail(e) });
        }
      }
      cat.store.save();
      return { Errors };
    },
    BatchDeleteTable(input) {
      check('BatchDeleteTable', input);
      const db = checkName(input.DatabaseName, 'databaseName');
      cat.database(db);
      const Errors: unknown[] = [];
      for (const given of input.TablesToDelete as string[]) {
        const name = given.toLowerCase();
        if (cat.store.state.tables[db]?.[name]) cat.dropTable(db, name);
        else Errors.push({ TableName: given, ErrorDetail: errorDetail(tableNotFound(given)) });
      }
      cat.store.save();
      return { Errors };
    },
  };
}
