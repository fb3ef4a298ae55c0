// The Glue database. Glue has no tags on the way in here, so ownership is the parameter
// lakehouse:pipeline=<name>. A database of that name that is not ours is shared, not refused:
// our table may live in it, but we never change or delete it.
import {
  CreateDatabaseCommand,
  DeleteDatabaseCommand,
  GetDatabaseCommand,
  GetTablesCommand,
  UpdateDatabaseCommand,
} from '@aws-sdk/client-glue';
import type { Pipeline } from '../config/types.js';
import { arn } from './arns.js';
import { awsCall, orMissing } from './aws-errors.js';
import type { ArnIds, Desired, Observed, ResourceContext, ResourceModule } from './types.js';
import { OWNER_TAG } from './values.js';

function desired(p: Pipeline, ids: ArnIds): Desired {
  return {
    kind: 'database',
    name: p.table.database,
    arn: arn.glueDatabase(ids, p.table.database),
    props: { parameters: { [OWNER_TAG]: p.name } },
  };
}

async function describe(ctx: ResourceContext, d: Desired): Promise<Observed> {
  const out = await orMissing(`GetDatabase ${d.name}`, () => ctx.clients.glue.send(new GetDatabaseCommand({ Name: d.name })));
  const db = out?.Database;
  if (!db) return { kind: 'database', name: d.name, exists: false, owned: false, props: {} };
  const params = db.Parameters ?? {};
  return {
    kind: 'database',
    name: d.name,
    exists: true,
    owned: params[OWNER_TAG] === ctx.pipeline.name,
    arn: d.arn,
    props: { parameters: OWNER_TAG in params ? { [OWNER_TAG]: params[OWNER_TAG]! } : {} },
  };
}

function input(ctx: ResourceContext, d: Desired) {
  return {
    Name: d.name,
    Description: `lakehouse pipeline ${ctx.pipeline.name}`,
    Parameters: d.props.parameters as Record<string, string>,
  };
}

async function create(ctx: ResourceContext, d: Desired): Promise<void> {
  await awsCall(`CreateDatabase ${d.name}`, () => ctx.clients.glue.send(new CreateDatabaseCommand({ DatabaseInput: input(ctx, d) })));
}

async function update(ctx: ResourceContext, d: Desired): Promise<void> {
  await awsCall(`UpdateDatabase ${d.name}`, () =>
    ctx.clients.glue.send(new UpdateDatabaseCommand({ Name: d.name, DatabaseInput: input(ctx, d) })),
  );
}

/** Names of the tables in a database (all pages). */
export async function tablesIn(ctx: ResourceContext, database: string): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await orMissing(`GetTables ${database}`, () =>
      ctx.clients.glue.send(new GetTablesCommand({ DatabaseName: database, NextToken })),
    );
    for (const t of page?.TableList ?? []) if (t.Name) names.push(t.Name);
    NextToken = page?.NextToken;
  } while (NextToken);
  return names;
}

async function remove(ctx: ResourceContext, o: Observed): Promise<void> {
  await orMissing(`DeleteDatabase ${o.name}`, () => ctx.clients.glue.send(new DeleteDatabaseCommand({ Name: o.name })));
}

export const database: ResourceModule = { kind: 'database', replaceOn: [], desired, describe, create, update, delete: remove };
