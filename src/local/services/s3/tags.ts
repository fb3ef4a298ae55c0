// Tag sets as S3 validates them, for buckets (PutBucketTagging, 50 tags) and objects (PutObjectTagging and
// PutObject's x-amz-tagging header, 10 tags): keys 1–128 and values 0–256 Unicode characters, no key
// starting `aws:` (reserved for AWS), no key twice. The documented character set (letters, digits, spaces,
// `+ - = . _ : / @`) is not enforced: S3 is known to accept more, and refusing a tag AWS takes is worse.
import { AwsError } from '../../types.js';
import { parseBody } from './xml-body.js';

export type TagSet = Array<{ Key: string; Value: string }>;

const invalidTag = (message: string, key?: string) =>
  new AwsError('InvalidTag', message, 400, key === undefined ? undefined : { TagKey: key });

export function validateTags(tags: TagSet, limit: number, kind: 'Object' | 'Bucket'): TagSet {
  if (tags.length > limit) throw invalidTag(`${kind} tags cannot be greater than ${limit}`);
  const seen = new Set<string>();
  for (const t of tags) {
    const keyLen = [...t.Key].length;
    if (!keyLen || keyLen > 128) throw invalidTag('The TagKey you have provided is invalid', t.Key);
    if ([...t.Value].length > 256) throw new AwsError('InvalidTag', 'The TagValue you have provided is invalid', 400, { TagKey: t.Key, TagValue: t.Value });
    if (t.Key.toLowerCase().startsWith('aws:')) throw invalidTag('Your TagKey cannot be prefixed with aws:', t.Key);
    if (seen.has(t.Key)) throw invalidTag('Cannot provide multiple Tags with the same key', t.Key);
    seen.add(t.Key);
  }
  return tags;
}

/** `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>` → tags (not yet validated). */
export function parseTagging(body: Buffer): TagSet {
  const tagging = parseBody(body, 'Tagging');
  const raw: any[] = tagging?.TagSet?.Tag ?? [];
  return raw.map((t) => ({ Key: String(t?.Key ?? ''), Value: String(t?.Value ?? '') }));
}

/** PutObject/CreateMultipartUpload/CopyObject's `x-amz-tagging: k1=v1&k2=v2` (URL query encoding). */
export function tagsFromHeader(header: string | undefined): TagSet | undefined {
  if (header === undefined) return undefined;
  const tags: TagSet = [];
  const seen = new Set<string>();
  for (const [Key, Value] of new URLSearchParams(header)) {
    if (seen.has(Key)) throw invalidTag('Cannot provide multiple Tags with the same key', Key);
    seen.add(Key);
    tags.push({ Key, Value });
  }
  return validateTags(tags, 10, 'Object');
}
