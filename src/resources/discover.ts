// Ownership by tag, like Terraform state without a state file: finds every resource in the account and
// region that carries lakehouse:pipeline=<name> (tag; the Glue parameter for databases and tables, which
// take no tags through CreateTable), whatever its name. Plan, up and down compare that with the spec, so a
// resource renamed or dropped from the spec is shown as a replace or a deletion and never left behind.
import { ListTagsForResourceCommand, ListWorkGroupsCommand } from '@aws-sdk/client-athena';
import { ListDeliveryStreamsCommand, ListTagsForDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { GetDatabasesCommand, GetTablesCommand } from '@aws-sdk/client-glue';
import { ListRolesCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { ListStreamsCommand, ListTagsForStreamCommand } from '@aws-sdk/client-kinesis';
import { GetBucketTaggingCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { AwsCallError } from '../errors.js';
import { arn } from './arns.js';
import { awsCall, errorCode, orMissing } from './aws-errors.js';
import type { ArnIds, Observed, ResourceContext, ResourceKind } from './types.js';
import { OWNER_TAG, tagMap } from './values.js';

const owned = (kind: ResourceKind, name: string, arnOf?: string): Observed => ({ kind, name, exists: true, owned: true, arn: arnOf, props: {} });

async function streams(ctx: ResourceContext): Promise<Observed[]> {
  const k = ctx.clients.kinesis;
  const names: string[] = [];
  let NextToken: string | undefined;
  let ExclusiveStartStreamName: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const out = await awsCall('ListStreams', () => k.send(new ListStreamsCommand(NextToken ? { NextToken } : { ExclusiveStartStreamName })));
    const got = out.StreamSummaries?.length ? out.StreamSummaries.filter((s) => s.StreamStatus !== 'DELETING').map((s) => s.StreamName!) : (out.StreamNames ?? []);
    names.push(...got);
    if (!out.HasMoreStreams || !got.length) break;
    NextToken = out.NextToken;
    ExclusiveStartStreamName = got[got.length - 1];
  }
  const found: Observed[] = [];
  for (const StreamName of names) {
    const tags = await orMissing(`ListTagsForStream ${StreamName}`, () => k.send(new ListTagsForStreamCommand({ StreamName })));
    if (tags && tagMap(tags.Tags)[OWNER_TAG] === ctx.pipeline.name) found.push(owned('stream', StreamName));
  }
  return found;
}

async function deliveryStreams(ctx: ResourceContext): Promise<Observed[]> {
  const f = ctx.clients.firehose;
  const names: string[] = [];
  let ExclusiveStartDeliveryStreamName: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const out = await awsCall('ListDeliveryStreams', () => f.send(new ListDeliveryStreamsCommand({ ExclusiveStartDeliveryStreamName, Limit: 100 })));
    const got = out.DeliveryStreamNames ?? [];
    names.push(...got);
    if (!out.HasMoreDeliveryStreams || !got.length) break;
    ExclusiveStartDeliveryStreamName = got[got.length - 1];
  }
  const found: Observed[] = [];
  for (const DeliveryStreamName of names) {
    const tags = await orMissing(`ListTagsForDeliveryStream ${DeliveryStreamName}`, () =>
      f.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName })),
    );
    if (tags && tagMap(tags.Tags)[OWNER_TAG] === ctx.pipeline.name) found.push(owned('delivery', DeliveryStreamName));
  }
  return found;
}

async function buckets(ctx: ResourceContext): Promise<Observed[]> {
  const s3 = ctx.clients.s3;
  const out = await awsCall('ListBuckets', () => s3.send(new ListBucketsCommand({})));
  const found: Observed[] = [];
  for (const b of out.Buckets ?? []) {
    // Buckets of other regions are not this pipeline's (ours is created in the spec's region).
    if (b.BucketRegion && b.BucketRegion !== ctx.pipeline.region) continue;
    try {
      const t = await s3.send(new GetBucketTaggingCommand({ Bucket: b.Name! }));
      if (tagMap(t.TagSet)[OWNER_TAG] === ctx.pipeline.name) found.push(owned('bucket', b.Name!));
    } catch (e) {
      // No tags, gone meanwhile, another region, not readable: not provably ours, so not ours.
      if (!['NoSuchTagSet', 'NoSuchTagSetError', 'NoSuchBucket', 'AccessDenied', 'PermanentRedirect', 'AuthorizationHeaderMalformed', 'NotFound'].includes(errorCode(e))) {
        throw e;
      }
    }
  }
  return found;
}

async function glue(ctx: ResourceContext): Promise<Observed[]> {
  const g = ctx.clients.glue;
  const found: Observed[] = [];
  const databases: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await awsCall('GetDatabases', () => g.send(new GetDatabasesCommand({ NextToken })));
    for (const db of page.DatabaseList ?? []) {
      databases.push(db.Name!);
      if (db.Parameters?.[OWNER_TAG] === ctx.pipeline.name) found.push(owned('database', db.Name!));
    }
    NextToken = page.NextToken;
  } while (NextToken);
  for (const DatabaseName of databases) {
    let TablesToken: string | undefined;
    do {
      const page = await orMissing(`GetTables ${DatabaseName}`, () => g.send(new GetTablesCommand({ DatabaseName, NextToken: TablesToken })));
      for (const t of page?.TableList ?? []) {
        if (t.Parameters?.[OWNER_TAG] === ctx.pipeline.name) found.push(owned('table', `${DatabaseName}.${t.Name}`));
      }
      TablesToken = page?.NextToken;
    } while (TablesToken);
  }
  return found;
}

async function workgroups(ctx: ResourceContext, ids: ArnIds): Promise<Observed[]> {
  const a = ctx.clients.athena;
  const found: Observed[] = [];
  let NextToken: string | undefined;
  do {
    const page = await awsCall('ListWorkGroups', () => a.send(new ListWorkGroupsCommand({ NextToken })));
    for (const wg of page.WorkGroups ?? []) {
      // `primary` is every account's default workgroup: never ours.
      if (!wg.Name || wg.Name === 'primary') continue;
      const ResourceARN = arn.workgroup(ids, wg.Name);
      const tags = await orMissing(`ListTagsForResource ${ResourceARN}`, () => a.send(new ListTagsForResourceCommand({ ResourceARN })));
      if (tags && tagMap(tags.Tags)[OWNER_TAG] === ctx.pipeline.name) found.push(owned('workgroup', wg.Name, ResourceARN));
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
}

async function roles(ctx: ResourceContext): Promise<Observed[]> {
  const iam = ctx.clients.iam;
  const found: Observed[] = [];
  let Marker: string | undefined;
  do {
    const page = await awsCall('ListRoles', () => iam.send(new ListRolesCommand({ Marker })));
    for (const r of page.Roles ?? []) {
      // Tags are one call per role: only roles whose description says lakehouse made them are asked.
      if (!r.RoleName || !(r.Description ?? '').includes('lakehouse')) continue;
      const tags = await orMissing(`ListRoleTags ${r.RoleName}`, () => iam.send(new ListRoleTagsCommand({ RoleName: r.RoleName })));
      if (tags && tagMap(tags.Tags)[OWNER_TAG] === ctx.pipeline.name) found.push(owned('role', r.RoleName, r.Arn));
    }
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return found;
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnrecognizedClientException']);

export interface Discovery {
  owned: Observed[];
  /** Services we were not allowed to list: resources of ours there, under other names, stay unseen. */
  warnings: string[];
}

/** Every resource of this pipeline by its ownership mark, whatever its name. */
export async function discoverOwned(ctx: ResourceContext): Promise<Discovery> {
  const ids: ArnIds = { partition: ctx.desired.role.arn.split(':')[1]!, region: ctx.pipeline.region, accountId: ctx.accountId };
  const warnings: string[] = [];
  // Credentials allowed to manage the pipeline by name may lack the List permissions: say so, go on.
  const listing = (what: string, work: Promise<Observed[]>) =>
    work.catch((e: unknown) => {
      const code = e instanceof AwsCallError ? (e.code ?? '') : errorCode(e);
      if (!DENIED.has(code)) throw e;
      warnings.push(`could not list ${what} (${code}): ones renamed away from the spec are not shown`);
      return [] as Observed[];
    });
  const all = await Promise.all([
    listing('IAM roles', roles(ctx)),
    listing('S3 buckets', buckets(ctx)),
    listing('Glue databases and tables', glue(ctx)),
    listing('Kinesis streams', streams(ctx)),
    listing('Athena workgroups', workgroups(ctx, ids)),
    listing('Firehose delivery streams', deliveryStreams(ctx)),
  ]);
  return { owned: all.flat(), warnings };
}

/** Owned resources the spec no longer names (what plan shows as `-`, or as the old half of a rename). */
export function orphansOf(ctx: ResourceContext, ownedList: Observed[]): Observed[] {
  return ownedList.filter((o) => ctx.desired[o.kind].absent || ctx.desired[o.kind].name !== o.name);
}
