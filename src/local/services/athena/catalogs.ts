// Athena's catalog browsing APIs, what SQL clients and catalog browsers call first: data catalogs
// (AwsDataCatalog is the local Glue catalog, as is a GLUE catalog registered with this account's catalog-id;
// others can be registered, updated, tagged and described, and browsing them fails with MetadataException, as an
// unreachable metastore does on AWS), ListDatabases/GetDatabase and ListTableMetadata/GetTableMetadata over the
// local Glue catalog, and ListEngineVersions. Inputs are checked with the shared validation kit before any lookup.
import path from 'node:path';
import type { Rule, Rules } from '../../kit/validate.js';
import { page } from '../../kit/paginate.js';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';
import type { GlueInternal, JsonAction, RequestContext } from '../../types.js';
import { AwsError } from '../../types.js';
import { ensureDefaultDatabase } from './default-database.js';
import { checkedActions, invalidRequest } from './errors.js';
import { tagsToMap, type TagTarget } from './tags.js';

const AWS_CATALOG = 'AwsDataCatalog';
const ENGINES = [
  { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
  { SelectedEngineVersion: 'Athena engine version 3', EffectiveEngineVersion: 'Athena engine version 3' },
];

const CatalogName: Rule = { type: 'string', required: true, min: 1, max: 256 };
const WorkGroup: Rule = { type: 'string', pattern: '[a-zA-Z0-9._-]{1,128}' };
const NextToken: Rule = { type: 'string', min: 1, max: 1024 };
const DatabaseName: Rule = { type: 'string', required: true, min: 1, max: 128 };
const max = (lo: number, hi: number): Rule => ({ type: 'integer', gte: lo, lte: hi });

const rules: Record<string, Rules> = {
  ListDataCatalogs: { NextToken, MaxResults: max(2, 50), WorkGroup },
  GetDataCatalog: { Name: CatalogName, WorkGroup },
  CreateDataCatalog: {
    Name: CatalogName,
    Type: { type: 'string', required: true, enum: ['LAMBDA', 'GLUE', 'HIVE', 'FEDERATED'] },
    Description: { type: 'string', min: 1, max: 1024 },
    Parameters: { type: 'map' },
    Tags: { type: 'list' },
  },
  UpdateDataCatalog: {
    Name: CatalogName,
    Type: { type: 'string', required: true, enum: ['LAMBDA', 'GLUE', 'HIVE', 'FEDERATED'] },
    Description: { type: 'string', min: 1, max: 1024 },
    Parameters: { type: 'map' },
  },
  DeleteDataCatalog: { Name: CatalogName, DeleteCatalogOnly: { type: 'boolean' } },
  ListDatabases: { CatalogName, NextToken, MaxResults: max(1, 50), WorkGroup },
  GetDatabase: { CatalogName, DatabaseName, WorkGroup },
  ListTableMetadata: { CatalogName, DatabaseName, Expression: { type: 'string', min: 0, max: 256 }, NextToken, MaxResults: max(1, 50), WorkGroup },
  GetTableMetadata: { CatalogName, DatabaseName, TableName: { type: 'string', required: true, min: 1, max: 128 }, WorkGroup },
  ListEngineVersions: { NextToken, MaxResults: max(1, 10) },
};

const metadataError = (message: string) => new AwsError('MetadataException', message, 400, { Message: message });

interface StoredCatalog {
  Name: string;
  Type: string;
  Description?: string;
  Parameters?: Record<string, string>;
  Tags?: Record<string, string>;
}

/** The parameters CreateDataCatalog documents as required for each catalog type. */
const REQUIRED_PARAMETERS: Record<string, string[][]> = {
  GLUE: [['catalog-id']],
  HIVE: [['metadata-function']],
  LAMBDA: [['metadata-function', 'record-function'], ['function']],
};

function checkParameters(type: string, parameters: Record<string, string> | undefined): void {
  const choices = REQUIRED_PARAMETERS[type];
  if (!choices || choices.some((keys) => keys.every((k) => parameters?.[k]))) return;
  throw invalidRequest(`Parameters of a ${type} data catalog must include ${choices.map((keys) => keys.join(' and ')).join(', or ')}.`);
}

/** Glue's `Columns` ({Name, Type, Comment}) as Athena's Column list. */
const columns = (cols: any[] | undefined) => (cols ?? []).map((c) => ({ Name: c.Name, Type: c.Type, ...(c.Comment ? { Comment: c.Comment } : {}) }));

function tableMetadata(t: any): Record<string, unknown> {
  return {
    Name: t.Name,
    CreateTime: t.CreateTime,
    ...(t.LastAccessTime !== undefined ? { LastAccessTime: t.LastAccessTime } : {}),
    TableType: t.TableType ?? 'EXTERNAL_TABLE',
    Columns: columns(t.StorageDescriptor?.Columns),
    PartitionKeys: columns(t.PartitionKeys),
    Parameters: {
      ...(t.StorageDescriptor?.Location ? { location: t.StorageDescriptor.Location } : {}),
      ...(t.StorageDescriptor?.InputFormat ? { inputformat: t.StorageDescriptor.InputFormat } : {}),
      ...(t.StorageDescriptor?.OutputFormat ? { outputformat: t.StorageDescriptor.OutputFormat } : {}),
      ...(t.StorageDescriptor?.SerdeInfo?.SerializationLibrary ? { 'serde.serialization.lib': t.StorageDescriptor.SerdeInfo.SerializationLibrary } : {}),
      ...(t.Parameters ?? {}),
    },
  };
}

/** Athena's ListTableMetadata Expression: a regex-like pattern where `*` is any run of characters. */
function tableFilter(expression: string | undefined): (name: string) => boolean {
  if (!expression) return () => true;
  const re = new RegExp('^(?:' + expression.split('|').map((alt) => alt.trim().split('*').map((p) => p.replace(/[.+?^${}()[\]\\]/g, '\\$&')).join('.*')).join('|') + ')$', 'i');
  return (name) => re.test(name);
}

export function catalogActions(dataDir: string, glue: () => GlueInternal | undefined): { actions: Record<string, JsonAction>; tags: TagTarget } {
  const file = path.join(dataDir, 'athena', 'catalogs.json');
  const catalogs = readJson<Record<string, StoredCatalog>>(file, {});
  const save = () => writeJsonAtomic(file, catalogs);
  const tags: TagTarget = { tags: (name) => (catalogs[name] ? (catalogs[name]!.Tags ??= {}) : undefined), save };

  const builtIn = (ctx: RequestContext): StoredCatalog => ({ Name: AWS_CATALOG, Type: 'GLUE', Description: 'AWS Glue Data Catalog', Parameters: { 'catalog-id': ctx.accountId } });
  function catalog(name: string, ctx: RequestContext): StoredCatalog {
    if (name.toLowerCase() === AWS_CATALOG.toLowerCase()) return builtIn(ctx);
    const c = catalogs[name];
    if (!c) throw invalidRequest(`DataCatalog ${name} was not found.`);
    return c;
  }
  /** The local Glue catalog behind a catalog name: AwsDataCatalog, or a GLUE catalog registered with this
   * account's id. Any other catalog (another account's Glue, a Hive metastore, a Lambda connector) cannot be
   * reached from here: MetadataException, the error AWS gives when a catalog's metastore fails. */
  async function glueCatalog(name: string, ctx: RequestContext): Promise<GlueInternal> {
    const c = catalog(name, ctx);
    const g = glue();
    const local = c.Type === 'GLUE' && (c.Name === AWS_CATALOG || c.Parameters?.['catalog-id'] === ctx.accountId);
    if (!g || !local) {
      const source = c.Type === 'GLUE' ? `the Glue Data Catalog of account ${c.Parameters?.['catalog-id']}` : c.Type === 'HIVE' ? 'its Hive metastore' : 'its Lambda connector';
      throw metadataError(`Catalog ${c.Name} (${c.Type}) cannot be reached: the local emulator has no access to ${source}.`);
    }
    await ensureDefaultDatabase(g);
    return g;
  }
  function database(g: GlueInternal, name: string): void {
    if (!g.databaseExists(name)) throw metadataError(`Database ${name} not found.`);
  }

  const actions: Record<string, JsonAction> = {
    ListDataCatalogs(input, ctx) {
      const all = [builtIn(ctx), ...Object.values(catalogs).sort((a, b) => (a.Name < b.Name ? -1 : 1))];
      const p = page(all.map((c) => ({ CatalogName: c.Name, Type: c.Type })), input.NextToken, input.MaxResults ?? 50, invalidRequest);
      return { DataCatalogsSummary: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
    GetDataCatalog(input, ctx) {
      const c = catalog(input.Name, ctx);
      return { DataCatalog: { Name: c.Name, ...(c.Description ? { Description: c.Description } : {}), Type: c.Type, Parameters: c.Parameters ?? {} } };
    },
    CreateDataCatalog(input, ctx) {
      if (input.Name.toLowerCase() === AWS_CATALOG.toLowerCase() || catalogs[input.Name]) {
        throw invalidRequest(`Catalog ${input.Name} already exists.`);
      }
      void ctx;
      checkParameters(input.Type, input.Parameters);
      catalogs[input.Name] = {
        Name: input.Name, Type: input.Type, ...(input.Description ? { Description: input.Description } : {}),
        ...(input.Parameters ? { Parameters: input.Parameters } : {}), Tags: tagsToMap(input.Tags),
      };
      save();
      return {};
    },
    /** Type, Description and Parameters replace the registered ones (checked as CreateDataCatalog checks them). */
    UpdateDataCatalog(input, ctx) {
      const c = catalog(input.Name, ctx);
      if (c.Name === AWS_CATALOG) throw invalidRequest('The AwsDataCatalog cannot be updated.');
      checkParameters(input.Type, input.Parameters);
      catalogs[c.Name] = {
        Name: c.Name, Type: input.Type, ...(input.Description ? { Description: input.Description } : {}),
        ...(input.Parameters ? { Parameters: input.Parameters } : {}), Tags: c.Tags,
      };
      save();
      return {};
    },
    DeleteDataCatalog(input, ctx) {
      const c = catalog(input.Name, ctx);
      if (c.Name === AWS_CATALOG) throw invalidRequest('The AwsDataCatalog cannot be deleted.');
      delete catalogs[c.Name];
      save();
      return {};
    },
    async ListDatabases(input, ctx) {
      const g = await glueCatalog(input.CatalogName, ctx);
      const names = g.listDatabases?.() ?? [];
      const p = page(names, input.NextToken, input.MaxResults ?? 50, invalidRequest);
      return { DatabaseList: p.items.map((n) => databaseShape(g, n)), ...(p.next ? { NextToken: p.next } : {}) };
    },
    async GetDatabase(input, ctx) {
      const g = await glueCatalog(input.CatalogName, ctx);
      database(g, input.DatabaseName);
      return { Database: databaseShape(g, input.DatabaseName.toLowerCase()) };
    },
    async ListTableMetadata(input, ctx) {
      const g = await glueCatalog(input.CatalogName, ctx);
      database(g, input.DatabaseName);
      const match = tableFilter(input.Expression);
      const tables = g.listTables(input.DatabaseName).filter((t) => match(t.Name));
      const p = page(tables, input.NextToken, input.MaxResults ?? 50, invalidRequest);
      return { TableMetadataList: p.items.map(tableMetadata), ...(p.next ? { NextToken: p.next } : {}) };
    },
    async GetTableMetadata(input, ctx) {
      const g = await glueCatalog(input.CatalogName, ctx);
      database(g, input.DatabaseName);
      const t = g.getTable(input.DatabaseName, input.TableName);
      if (!t) throw metadataError(`Table ${input.TableName} not found.`);
      return { TableMetadata: tableMetadata(t) };
    },
    ListEngineVersions(input) {
      const p = page(ENGINES, input.NextToken, input.MaxResults ?? 10, invalidRequest);
      return { EngineVersions: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  };
  return { actions: checkedActions(actions, rules), tags };
}

function databaseShape(g: GlueInternal, name: string): Record<string, unknown> {
  const db = g.getDatabase?.(name);
  return { Name: name, ...(db?.Description ? { Description: db.Description } : {}), Parameters: db?.Parameters ?? {} };
}
