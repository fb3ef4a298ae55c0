// TagResource / UntagResource / ListTagsForResource for every taggable Athena resource: workgroups, data
// catalogs and capacity reservations, each named by its ARN `arn:aws:athena:<region>:<account>:<type>/<name>`.
// The resource modules own their tags; this file finds them by ARN and edits them.
import type { Rule, Rules } from '../../kit/validate.js';
import { page } from '../../kit/paginate.js';
import { AwsError, type JsonAction, type RequestContext } from '../../types.js';
import { checkedActions, invalidRequest } from './errors.js';

/** One kind of taggable resource: its tags by name (undefined when there is no such resource) and how to persist them. */
export interface TagTarget {
  tags(name: string): Record<string, string> | undefined;
  save(): void;
}

const ResourceARN: Rule = { type: 'string', required: true, min: 1, max: 1011 };
const Tag: Rule = { type: 'structure', members: { Key: { type: 'string', required: true, min: 1, max: 128 }, Value: { type: 'string', min: 0, max: 256 } } };
const rules: Record<string, Rules> = {
  TagResource: { ResourceARN, Tags: { type: 'list', required: true, member: Tag } },
  UntagResource: { ResourceARN, TagKeys: { type: 'list', required: true, member: { type: 'string', min: 1, max: 128 } } },
  ListTagsForResource: { ResourceARN, NextToken: { type: 'string', min: 1, max: 1024 }, MaxResults: { type: 'integer', gte: 75 } },
};

export const athenaArn = (ctx: RequestContext, type: string, name: string) => `arn:aws:athena:${ctx.region}:${ctx.accountId}:${type}/${name}`;

/** A CreateX request's `Tags` list as a map. */
export function tagsToMap(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of (tags as Array<{ Key: string; Value?: string }>) ?? []) out[t.Key] = t.Value ?? '';
  return out;
}

export function tagActions(targets: Record<string, TagTarget>): Record<string, JsonAction> {
  const find = (ctx: RequestContext, arn: string): { tags: Record<string, string>; save(): void } => {
    const m = /^arn:aws:athena:([^:]+):([^:]+):([a-z-]+)\/(.+)$/.exec(arn);
    const target = m && m[1] === ctx.region && m[2] === ctx.accountId ? targets[m[3]!] : undefined;
    const tags = target?.tags(m![4]!);
    if (!target || !tags) {
      const message = `Resource ${arn} is not found.`;
      throw new AwsError('ResourceNotFoundException', message, 400, { Message: message, ResourceName: arn });
    }
    return { tags, save: () => target.save() };
  };
  return checkedActions({
    TagResource(input, ctx) {
      const r = find(ctx, input.ResourceARN);
      Object.assign(r.tags, tagsToMap(input.Tags));
      r.save();
      return {};
    },
    UntagResource(input, ctx) {
      const r = find(ctx, input.ResourceARN);
      for (const k of input.TagKeys) delete r.tags[k];
      r.save();
      return {};
    },
    ListTagsForResource(input, ctx) {
      const all = Object.entries(find(ctx, input.ResourceARN).tags).map(([Key, Value]) => ({ Key, Value }));
      const p = page(all, input.NextToken, input.MaxResults ?? 1000, invalidRequest);
      return { Tags: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  }, rules);
}
