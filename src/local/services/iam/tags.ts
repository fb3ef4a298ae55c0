// IAM tag rules for roles and policies, as AWS's front end applies them to a request's Tags: at most 50 in one
// request (model constraint), keys 1–128 characters of letters, digits, spaces and _.:/=+-@, values up to 256,
// no key twice ignoring case (InvalidInput), no key starting with `aws:` in any case (reserved for AWS; InvalidInput
// with our wording, AWS's exact IAM wording is not documented), also not in Untag*'s TagKeys; a TagRole/TagPolicy that would leave more than 50 on the resource
// is LimitExceeded.
import { oneProblem, validationMessage } from '../../kit/validate.js';
import { memberList, tagList, type QueryAction, type QueryParams } from '../../protocol/query.js';
import { xml } from '../../protocol/xml.js';
import { iamPage } from './paging.js';
import { AwsError } from '../../types.js';

export type Tag = { Key: string; Value: string };

const KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;

/** Checks the Tags of one request (CreateRole, TagRole, CreatePolicy, TagPolicy); all problems together. */
export function checkRequestTags(tags: Tag[]): void {
  const problems: string[] = [];
  if (tags.length > 50) problems.push(oneProblem(`[${tags.map((t) => `${t.Key}=${t.Value}`).join(', ')}]`, 'tags', 'Member must have length less than or equal to 50'));
  tags.forEach((t, i) => {
    const at = `tags.${i + 1}.member`;
    if (t.Key.length > 128) problems.push(oneProblem(t.Key, `${at}.key`, 'Member must have length less than or equal to 128'));
    else if (!KEY.test(t.Key)) problems.push(oneProblem(t.Key, `${at}.key`, 'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+'));
    if (t.Value.length > 256) problems.push(oneProblem(t.Value, `${at}.value`, 'Member must have length less than or equal to 256'));
  });
  if (problems.length) throw new AwsError('ValidationError', `${validationMessage(problems.slice(0, 10))}.`, 400);
  refuseReserved(tags.map((t) => t.Key));
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw new AwsError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', 400);
    seen.add(k);
  }
}

/** The request's Tags (Tags.member.N), checked. */
export function requestTags(p: QueryParams): Tag[] {
  const tags = tagList(p);
  checkRequestTags(tags);
  return tags;
}

/** Tags as IAM answers them: a member list, left out when there are none. */
export const tagsXml = (tags: Tag[]) => (tags.length ? { member: tags } : undefined);

/** The resource's tags after adding `add` (same key replaces, ignoring case), at most 50. */
export function mergeTags(existing: Tag[], add: Tag[], quota: string): Tag[] {
  const byKey = new Map(existing.map((t) => [t.Key.toLowerCase(), t]));
  for (const t of add) byKey.set(t.Key.toLowerCase(), t);
  if (byKey.size > 50) throw new AwsError('LimitExceeded', `Cannot exceed quota for ${quota}: 50.`, 409);
  return [...byKey.values()];
}

/** Checks the TagKeys of UntagRole/UntagPolicy: at most 50, each a valid key. */
export function checkTagKeys(keys: string[]): void {
  const problems: string[] = [];
  if (keys.length > 50) problems.push(oneProblem(`[${keys.join(', ')}]`, 'tagKeys', 'Member must have length less than or equal to 50'));
  keys.forEach((k, i) => {
    if (k.length > 128) problems.push(oneProblem(k, `tagKeys.${i + 1}.member`, 'Member must have length less than or equal to 128'));
    else if (!KEY.test(k)) problems.push(oneProblem(k, `tagKeys.${i + 1}.member`, 'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+'));
  });
  if (problems.length) throw new AwsError('ValidationError', `${validationMessage(problems.slice(0, 10))}.`, 400);
  refuseReserved(keys);
}

/** The `aws:` prefix (any case) belongs to AWS: such keys cannot be added, changed or removed. */
function refuseReserved(keys: string[]): void {
  const reserved = keys.find((k) => k.toLowerCase().startsWith('aws:'));
  if (reserved !== undefined) throw new AwsError('InvalidInput', `Tag keys starting with 'aws:' are reserved for AWS use: ${reserved}.`, 400);
}

/** Tag<Entity>, Untag<Entity> and List<Entity>Tags for one kind of IAM entity (instance profiles, OIDC and
 *  SAML providers, server certificates, MFA devices): `lookup` finds the entity a request names (or throws
 *  NoSuchEntity), `save` persists a change. */
export function taggingActions(entity: string, lookup: (p: QueryParams) => { Tags: Tag[] }, save: () => void): Record<string, QueryAction> {
  return {
    [`Tag${entity}`](p) {
      const target = lookup(p);
      const add = tagList(p);
      checkRequestTags(add);
      target.Tags = mergeTags(target.Tags, add, `TagsPer${entity}`);
      save();
      return '';
    },
    [`Untag${entity}`](p) {
      const target = lookup(p);
      const keys = memberList(p, 'TagKeys');
      checkTagKeys(keys);
      const drop = new Set(keys.map((k) => k.toLowerCase()));
      target.Tags = target.Tags.filter((t) => !drop.has(t.Key.toLowerCase()));
      save();
      return '';
    },
    [`List${entity}Tags`](p) {
      const pg = iamPage(p, () => lookup(p).Tags);
      return xml({ Tags: { member: pg.items }, IsTruncated: pg.IsTruncated, Marker: pg.Marker });
    },
  };
}

/** The actions of taggingActions that answer with no result element. */
export const taggingNoResult = (entity: string) => [`Tag${entity}`, `Untag${entity}`];
