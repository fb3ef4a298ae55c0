// TagDeliveryStream, UntagDeliveryStream, ListTagsForDeliveryStream.
import type { JsonAction } from '../../types.js';
import type { FirehoseContext } from './context.js';
import { invalidArgument, validation } from './errors.js';

type Tag = { Key: string; Value?: string };
const MAX_TAGS = 50;

export function validateTags(tags: unknown): Tag[] {
  if (!Array.isArray(tags)) throw validation('tags', tags, 'Member must be a list');
  if (tags.length > MAX_TAGS) throw validation('tags', `[${tags.length} tags]`, `Member must have length less than or equal to ${MAX_TAGS}`);
  for (const t of tags) {
    if (typeof t?.Key !== 'string' || t.Key.length < 1 || t.Key.length > 128) {
      throw validation('tags.member.key', t?.Key ?? null, 'Member must have length between 1 and 128');
    }
    if (t.Value !== undefined && (typeof t.Value !== 'string' || t.Value.length > 256)) {
      throw validation('tags.member.value', t.Value, 'Member must have length less than or equal to 256');
    }
  }
  return tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

export function tagActions(ctx: FirehoseContext): Record<string, JsonAction> {
  return {
    TagDeliveryStream(input) {
      const rec = ctx.require(input.DeliveryStreamName);
      const tags = validateTags(input.Tags);
      if (tags.length === 0) throw validation('tags', '[]', 'Member must have length greater than or equal to 1');
      const merged = new Map(rec.tags.map((t) => [t.Key, t]));
      for (const t of tags) merged.set(t.Key, t);
      if (merged.size > MAX_TAGS) throw invalidArgument(`A Firehose stream can have at most ${MAX_TAGS} tags.`);
      rec.tags = [...merged.values()];
      ctx.store.put(rec);
      return {};
    },

    UntagDeliveryStream(input) {
      const rec = ctx.require(input.DeliveryStreamName);
      const keys: unknown = input.TagKeys;
      if (!Array.isArray(keys) || keys.length < 1 || keys.length > MAX_TAGS) {
        throw validation('tagKeys', keys ?? null, `Member must have length between 1 and ${MAX_TAGS}`);
      }
      rec.tags = rec.tags.filter((t) => !keys.includes(t.Key));
      ctx.store.put(rec);
      return {};
    },

    ListTagsForDeliveryStream(input) {
      const rec = ctx.require(input.DeliveryStreamName);
      const limit = input.Limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw validation('limit', limit, 'Member must have value between 1 and 50');
      const sorted = [...rec.tags].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
      const after = input.ExclusiveStartTagKey;
      const rest = after === undefined ? sorted : sorted.filter((t) => t.Key > after);
      return { Tags: rest.slice(0, limit), HasMoreTags: rest.length > limit };
    },
  };
}
