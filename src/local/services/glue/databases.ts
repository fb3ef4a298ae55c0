// Glue database actions: CreateDatabase, GetDatabase, GetDatabases, UpdateDatabase, DeleteDatabase; and the
// catalog's GetCatalogImportStatus (a local catalog was never migrated from Athena's: always completed).
import { AwsError, type JsonAction } from '../../types.js';
import type { GlueCatalog } from './catalog.js';
import { checkName, invalidInput, missing, pageOf } from './errors.js';

export function databaseActions(cat: GlueCatalog): Record<string, JsonAction> {
  const state = cat.store.state;
  return {
    GetCatalogImportStatus() {
      return { ImportStatus: { ImportCompleted: true } };
    },
    CreateDatabase(input, ctx) {
      if (!input.DatabaseInput) throw missing('databaseInput');
      const name = checkName(input.DatabaseInput.Name, 'databaseInput.name');
      if (state.databases[name]) throw new AwsError('AlreadyExistsException', 'Database already exists.');
      state.databases[name] = { input: input.DatabaseInput, createTime: ctx.now() };
      state.tables[name] = {};
      if (input.Tags && Object.keys(input.Tags).length) state.tags[cat.databaseArn(name)] = { ...input.Tags };
      cat.store.save();
      return {};
    },
    GetDatabase(input) {
      const name = checkName(input.Name, 'name');
      return { Database: cat.databaseOutput(name, cat.database(name)) };
    },
    GetDatabases(input) {
      const all = Object.keys(state.databases).sort().map((n) => cat.databaseOutput(n, state.databases[n]!));
      const { page, next } = pageOf(all, input.NextToken, input.MaxResults, 100);
      return { DatabaseList: page, ...(next ? { NextToken: next } : {}) };
    },
    UpdateDatabase(input) {
      const name = checkName(input.Name, 'name');
      const db = cat.database(name);
      if (!input.DatabaseInput) throw missing('databaseInput');
      const newName = checkName(input.DatabaseInput.Name, 'databaseInput.name');
      if (newName !== name) throw invalidInput('Database name cannot be changed.');
      db.input = input.DatabaseInput;
      cat.store.save();
      return {};
    },
    DeleteDatabase(input) {
      const name = checkName(input.Name, 'name');
      cat.database(name);
      for (const t of Object.keys(state.tables[name] ?? {})) cat.dropTable(name, t);
      delete state.databases[name];
      delete state.tables[name];
      delete state.partitions[name];
      delete state.functions[name];
      delete state.tags[cat.databaseArn(name)];
      cat.store.save();
      return {};
    },
  };
}
