// The Glue Data Catalog's logic over the store: lookups that throw AWS's errors, and the output shapes.
import { dbNotFound, tableNotFound } from './errors.js';
import type { GlueStore, StoredDatabase, StoredTable } from './store.js';

const DEFAULT_PERMISSIONS = [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }];

export class GlueCatalog {
  constructor(
    readonly store: GlueStore,
    readonly region: string,
    readonly accountId: string,
  ) {}

  database(name: string): StoredDatabase {
    const db = this.store.state.databases[name.toLowerCase()];
    if (!db) throw dbNotFound(name);
    return db;
  }

  table(database: string, name: string): StoredTable {
    this.database(database);
    const t = this.store.state.tables[database.toLowerCase()]?.[name.toLowerCase()];
    if (!t) throw tableNotFound(name);
    return t;
  }

  /** Removes a table with what belongs to it: its versions, registered partitions and tags. */
  dropTable(database: string, name: string): void {
    const state = this.store.state;
    delete state.tables[database]?.[name];
    delete state.partitions[database]?.[name];
    delete state.tags[this.tableArn(database, name)];
  }

  databaseArn(name: string): string {
    return `arn:aws:glue:${this.region}:${this.accountId}:database/${name}`;
  }

  tableArn(database: string, name: string): string {
    return `arn:aws:glue:${this.region}:${this.accountId}:table/${database}/${name}`;
  }

  /** Does an ARN name something that exists (catalog, database or table)? */
  arnExists(arn: string): boolean {
    const m = /^arn:aws:glue:[^:]*:[^:]*:(catalog|database\/([^/]+)|table\/([^/]+)\/([^/]+))$/.exec(arn);
    if (!m) return false;
    if (m[1] === 'catalog') return true;
    if (m[2]) return !!this.store.state.databases[m[2].toLowerCase()];
    return !!this.store.state.tables[m[3]!.toLowerCase()]?.[m[4]!.toLowerCase()];
  }

  databaseOutput(name: string, db: StoredDatabase): Record<string, unknown> {
    const { Name: _n, ...rest } = db.input;
    return {
      Name: name,
      ...rest,
      CreateTime: db.createTime / 1000,
      CreateTableDefaultPermissions: db.input.CreateTableDefaultPermissions ?? DEFAULT_PERMISSIONS,
      CatalogId: this.accountId,
    };
  }

  tableOutput(database: string, name: string, t: StoredTable, version = t.versions[t.versions.length - 1]!): Record<string, unknown> {
    const { Name: _n, ViewDefinition: _v, LastAccessTime, LastAnalyzedTime, ...rest } = version.input;
    return {
      Name: name,
      DatabaseName: database,
      ...rest,
      CreateTime: t.createTime / 1000,
      UpdateTime: version.updateTime / 1000,
      ...(LastAccessTime !== undefined ? { LastAccessTime } : {}),
      ...(LastAnalyzedTime !== undefined ? { LastAnalyzedTime } : {}),
      Retention: version.input.Retention ?? 0,
      CreatedBy: `arn:aws:iam::${this.accountId}:user/local`,
      IsRegisteredWithLakeFormation: false,
      CatalogId: this.accountId,
      VersionId: version.versionId,
    };
  }

  /** Latest table as the Glue API would return it, or undefined. */
  tableIfExists(database: string, name: string): Record<string, any> | undefined {
    const db = database.toLowerCase();
    const t = this.store.state.tables[db]?.[name.toLowerCase()];
    return t ? this.tableOutput(db, name.toLowerCase(), t) : undefined;
  }
}
