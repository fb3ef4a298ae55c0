// Glue tagging by ARN: TagResource, UntagResource, GetTags. Unknown resources → EntityNotFoundException.
import { AwsError, type JsonAction } from '../../types.js';
import type { GlueCatalog } from './catalog.js';
import { invalidInput, missing } from './errors.js';

export function tagActions(cat: GlueCatalog): Record<string, JsonAction> {
  const tags = cat.store.state.tags;
  const check = (arn: unknown): string => {
    if (typeof arn !== 'string' || !arn) throw missing('resourceArn');
    if (!/^arn:aws:glue:/.test(arn)) throw invalidInput(`Invalid ARN: ${arn}`);
    if (!cat.arnExists(arn)) throw new AwsError('EntityNotFoundException', `Entity not found: ${arn}`);
    return arn;
  };
  return {
    TagResource(input) {
      const arn = check(input.ResourceArn);
      const merged = { ...tags[arn], ...(input.TagsToAdd ?? {}) };
      if (Object.keys(merged).length > 50) throw invalidInput('Number of tags exceeds the limit of 50.');
      tags[arn] = merged;
      cat.store.save();
      return {};
    },
    UntagResource(input) {
      const arn = check(input.ResourceArn);
      for (const k of input.TagsToRemove ?? []) delete tags[arn]?.[k];
      cat.store.save();
      return {};
    },
    GetTags(input) {
      return { Tags: { ...tags[check(input.ResourceArn)] } };
    },
  };
}
