// The Athena workgroup: results to the bucket's results prefix, enforced for every query, with the
// bytes-scanned cutoff from the spec; tagged for ownership.
import {
  CreateWorkGroupCommand,
  DeleteWorkGroupCommand,
  GetWorkGroupCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateWorkGroupCommand,
} from '@aws-sdk/client-athena';
import type { Pipeline } from '../config/types.js';
import { arn } from './arns.js';
import { awsCall, orMissing } from './aws-errors.js';
import type { ArnIds, Desired, Observed, ResourceContext, ResourceModule } from './types.js';
import { OWNER_TAG, pickTags, tagList, tagMap } from './values.js';

function desired(p: Pipeline, ids: ArnIds): Desired {
  return {
    kind: 'workgroup',
    name: p.athena.workgroup,
    arn: arn.workgroup(ids, p.athena.workgroup),
    props: {
      outputLocation: p.athena.outputLocation,
      enforceConfiguration: true,
      bytesScannedCutoff: p.athena.scanLimitBytes,
      tags: p.tags,
    },
  };
}

async function describe(ctx: ResourceContext, d: Desired): Promise<Observed> {
  const a = ctx.clients.athena;
  const out = await orMissing(`GetWorkGroup ${d.name}`, () => a.send(new GetWorkGroupCommand({ WorkGroup: d.name })));
  const wg = out?.WorkGroup;
  if (!wg) return { kind: 'workgroup', name: d.name, exists: false, owned: false, props: {} };
  const tags = await awsCall(`ListTagsForResource ${d.arn}`, () => a.send(new ListTagsForResourceCommand({ ResourceARN: d.arn })));
  const all = tagMap(tags.Tags);
  const cfg = wg.Configuration ?? {};
  return {
    kind: 'workgroup',
    name: d.name,
    exists: true,
    owned: all[OWNER_TAG] === ctx.pipeline.name,
    arn: d.arn,
    status: wg.State,
    props: {
      outputLocation: cfg.ResultConfiguration?.OutputLocation ?? null,
      enforceConfiguration: cfg.EnforceWorkGroupConfiguration ?? null,
      bytesScannedCutoff: cfg.BytesScannedCutoffPerQuery ?? null,
      tags: pickTags(all, d.props.tags as Record<string, string>),
    },
  };
}

async function create(ctx: ResourceContext, d: Desired): Promise<void> {
  const p = ctx.pipeline;
  await awsCall(`CreateWorkGroup ${d.name}`, () =>
    ctx.clients.athena.send(
      new CreateWorkGroupCommand({
        Name: d.name,
        Description: `lakehouse pipeline ${p.name}`,
        Configuration: {
          ResultConfiguration: { OutputLocation: p.athena.outputLocation },
          EnforceWorkGroupConfiguration: true,
          BytesScannedCutoffPerQuery: p.athena.scanLimitBytes,
        },
        Tags: tagList(p.tags),
      }),
    ),
  );
}

async function update(ctx: ResourceContext, d: Desired, _o: Observed, changed: string[]): Promise<void> {
  const a = ctx.clients.athena;
  const p = ctx.pipeline;
  if (changed.some((f) => f !== 'tags')) {
    await awsCall(`UpdateWorkGroup ${d.name}`, () =>
      a.send(
        new UpdateWorkGroupCommand({
          WorkGroup: d.name,
          ConfigurationUpdates: {
            ResultConfigurationUpdates: { OutputLocation: p.athena.outputLocation },
            EnforceWorkGroupConfiguration: true,
            BytesScannedCutoffPerQuery: p.athena.scanLimitBytes,
          },
        }),
      ),
    );
  }
  if (changed.includes('tags')) {
    await awsCall(`TagResource ${d.arn}`, () => a.send(new TagResourceCommand({ ResourceARN: d.arn, Tags: tagList(p.tags) })));
  }
}

async function remove(ctx: ResourceContext, o: Observed): Promise<void> {
  // RecursiveDeleteOption: also drop the workgroup's saved queries and history.
  await orMissing(`DeleteWorkGroup ${o.name}`, () =>
    ctx.clients.athena.send(new DeleteWorkGroupCommand({ WorkGroup: o.name, RecursiveDeleteOption: true })),
  );
}

export const workgroup: ResourceModule = { kind: 'workgroup', replaceOn: [], desired, describe, create, update, delete: remove };
