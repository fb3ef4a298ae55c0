// Workgroups: Create/Get/Update/Delete/ListWorkGroups (their tags: tags.ts). `primary` always exists and cannot
// be deleted.
import type { JsonAction } from '../../types.js';
import { checkMaxResults, checkWorkGroupName, decodeToken, encodeToken, invalidRequest, validationError } from './errors.js';
import type { AthenaStore, StoredWorkGroup } from './store.js';
import { tagsToMap, type TagTarget } from './tags.js';

const ENGINE = { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' };
const MIN_CUTOFF = 10_000_000;

function checkCutoff(value: unknown, where: string): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || value < MIN_CUTOFF) {
    throw validationError(value, where, `Member must have value greater than or equal to ${MIN_CUTOFF}`);
  }
}

function checkDescription(value: unknown): void {
  if (typeof value === 'string' && value.length > 1024) {
    throw validationError(value, 'description', 'Member must have length less than or equal to 1024');
  }
}

export function ensurePrimary(store: AthenaStore, now: number): void {
  if (store.workGroups.primary) return;
  store.workGroups.primary = {
    Name: 'primary',
    State: 'ENABLED',
    Configuration: { EnforceWorkGroupConfiguration: false, PublishCloudWatchMetricsEnabled: false, RequesterPaysEnabled: false },
    CreationTime: now,
    Tags: {},
  };
  store.saveWorkGroups();
}

export function workGroupOrThrow(store: AthenaStore, name: string): StoredWorkGroup {
  const wg = store.workGroups[name];
  if (!wg) throw invalidRequest(`WorkGroup ${name} is not found.`);
  return wg;
}

function output(wg: StoredWorkGroup) {
  return {
    Name: wg.Name,
    State: wg.State,
    // AWS shows the primary workgroup's unset ResultConfiguration as `{}` (moto's AWS-verified test).
    Configuration: { ...(wg.Name === 'primary' ? { ResultConfiguration: {} } : {}), EngineVersion: ENGINE, EnableMinimumEncryptionConfiguration: false, ...wg.Configuration },
    ...(wg.Description !== undefined ? { Description: wg.Description } : {}),
    CreationTime: wg.CreationTime / 1000,
  };
}

/** Workgroups' tags, for tags.ts. */
export function workGroupTags(store: AthenaStore): TagTarget {
  return { tags: (name) => store.workGroups[name]?.Tags, save: () => store.saveWorkGroups() };
}

export function workGroupActions(store: AthenaStore): Record<string, JsonAction> {
  return {
    CreateWorkGroup(input, ctx) {
      const name = checkWorkGroupName(input.Name, 'name');
      checkCutoff(input.Configuration?.BytesScannedCutoffPerQuery, 'configuration.bytesScannedCutoffPerQuery');
      checkDescription(input.Description);
      if (store.workGroups[name]) throw invalidRequest('WorkGroup is already created');
      const c = input.Configuration ?? {};
      store.workGroups[name] = {
        Name: name,
        State: 'ENABLED',
        Description: input.Description,
        // AWS's defaults for a workgroup created through the API (moto's AWS-verified test): metrics off.
        Configuration: { EnforceWorkGroupConfiguration: true, PublishCloudWatchMetricsEnabled: false, RequesterPaysEnabled: false, ...c },
        CreationTime: ctx.now(),
        Tags: tagsToMap(input.Tags),
      };
      store.saveWorkGroups();
      return {};
    },
    GetWorkGroup(input) {
      return { WorkGroup: output(workGroupOrThrow(store, checkWorkGroupName(input.WorkGroup, 'workGroup'))) };
    },
    ListWorkGroups(input) {
      const max = checkMaxResults(input.MaxResults, 1, 50) ?? 50;
      const start = decodeToken(input.NextToken);
      const all = Object.values(store.workGroups).sort((a, b) => a.Name.localeCompare(b.Name));
      const page = all.slice(start, start + max).map((wg) => ({
        Name: wg.Name,
        State: wg.State,
        ...(wg.Description !== undefined ? { Description: wg.Description } : {}),
        CreationTime: wg.CreationTime / 1000,
        EngineVersion: ENGINE,
      }));
      return { WorkGroups: page, ...(start + max < all.length ? { NextToken: encodeToken(start + max) } : {}) };
    },
    UpdateWorkGroup(input) {
      const wg = workGroupOrThrow(store, checkWorkGroupName(input.WorkGroup, 'workGroup'));
      const u = input.ConfigurationUpdates ?? {};
      checkCutoff(u.BytesScannedCutoffPerQuery, 'configurationUpdates.bytesScannedCutoffPerQuery');
      const c = wg.Configuration;
      for (const k of ['EnforceWorkGroupConfiguration', 'PublishCloudWatchMetricsEnabled', 'BytesScannedCutoffPerQuery', 'RequesterPaysEnabled', 'EngineVersion'] as const) {
        if (u[k] !== undefined) c[k] = u[k];
      }
      if (u.RemoveBytesScannedCutoffPerQuery) delete c.BytesScannedCutoffPerQuery;
      const r = u.ResultConfigurationUpdates;
      if (r) {
        const rc = (c.ResultConfiguration ??= {});
        for (const k of ['OutputLocation', 'EncryptionConfiguration', 'ExpectedBucketOwner', 'AclConfiguration']) {
          if (r[k] !== undefined) rc[k] = r[k];
          if (r[`Remove${k}`]) delete rc[k];
        }
      }
      checkDescription(input.Description);
      if (input.Description !== undefined) wg.Description = input.Description;
      if (input.State === 'ENABLED' || input.State === 'DISABLED') wg.State = input.State;
      store.saveWorkGroups();
      return {};
    },
    DeleteWorkGroup(input) {
      const name = checkWorkGroupName(input.WorkGroup, 'workGroup');
      workGroupOrThrow(store, name);
      if (name === 'primary') throw invalidRequest('Primary workgroup cannot be deleted.');
      delete store.workGroups[name];
      store.saveWorkGroups();
      return {};
    },
  };
}
