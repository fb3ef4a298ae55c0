// The Glue Data Catalog (AWS JSON 1.1, target prefix AWSGlue): databases, tables with versions, partitions
// (registered ones and those seen through the lake) and their indexes, user-defined functions, tags. State is durable under <dataDir>/glue/.
import type { Inputs, Service } from '../../service.js';
import type { GlueInternal, JsonAction } from '../../types.js';
import { lakeOf } from '../../engine/duckdb/lake.js';
import { GlueCatalog } from './catalog.js';
import { databaseActions } from './databases.js';
import { functionActions } from './functions.js';
import { partitionActions } from './partitions.js';
import { partitionIndexActions } from './partition-indexes.js';
import { partitionWriteActions } from './partition-writes.js';
import { GlueStore } from './store.js';
import { stageDirOf } from './iceberg-create.js';
import { tableActions } from './tables.js';
import { tableVersionActions } from './table-versions.js';
import { tagActions } from './tags.js';

export function create({ env, s3 }: Inputs<'s3'>): Service<GlueInternal> {
  const cat = new GlueCatalog(new GlueStore(env.dataDir), env.region, env.accountId);
  const lake = () => lakeOf(env.dataDir, s3);
  const internal: GlueInternal = {
    getTable: (database, table) => cat.tableIfExists(database, table),
    listTables: (database) => {
      const db = database.toLowerCase();
      return Object.keys(cat.store.state.tables[db] ?? {}).sort().map((n) => cat.tableIfExists(db, n)!);
    },
    databaseExists: (database) => !!cat.store.state.databases[database.toLowerCase()],
    listDatabases: () => Object.keys(cat.store.state.databases).sort(),
    getDatabase: (name) => {
      const db = cat.store.state.databases[name.toLowerCase()];
      return db ? (cat.databaseOutput(name.toLowerCase(), db) as { Name: string; Description?: string; Parameters?: Record<string, string> }) : undefined;
    },
  };
  const actions: Record<string, JsonAction> = { ...databaseActions(cat), ...tableActions(cat, { env: () => ({ lake: lake(), glue: internal, stageDir: stageDirOf(env.dataDir), now: env.now }) }), ...partitionActions(cat, lake), ...partitionWriteActions(cat, lake), ...tableVersionActions(cat), ...functionActions(cat), ...partitionIndexActions(cat), ...tagActions(cat) };
  internal.call = async (action, input) => {
    if (!Object.hasOwn(actions, action)) throw new Error(`Glue has no action ${action}`);
    return actions[action]!(input, { region: env.region, accountId: env.accountId, now: env.now });
  };
  return {
    handler: { protocol: 'json', service: 'glue', targetPrefix: 'AWSGlue', actions },
    internal,
  };
}
