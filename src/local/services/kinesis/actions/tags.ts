// Stream tags: the stream-named actions (AddTagsToStream, RemoveTagsFromStream, ListTagsForStream) and
// the ARN-named ones (TagResource, UntagResource, ListTagsForResource). A stream holds at most 50 tags.
import type { Kinesis } from '../context.js';
import { invalidArgument } from '../errors.js';
import type { Stream } from '../model.js';
import { findStream, nameFromArn } from '../resolve.js';
import { checkTagCharacters } from '../tagchars.js';

const MAX_TAGS = 50;

function addTags(stream: Stream, tags: Record<string, string>, k: Kinesis): void {
  checkTagCharacters([...Object.keys(tags), ...Object.values(tags)], 'add tags to', stream.name, k.store.accountId);
  const merged = { ...stream.meta.tags, ...tags };
  if (Object.keys(merged).length > MAX_TAGS) {
    throw invalidArgument(
      `Failed to add tags to stream ${stream.name} under account ${k.store.accountId} because a given stream cannot have more than ${MAX_TAGS} tags associated with it.`,
    );
  }
  stream.meta.tags = merged;
  k.store.save(stream);
}

function removeTags(stream: Stream, keys: string[], k: Kinesis): void {
  checkTagCharacters(keys, 'remove tags from', stream.name, k.store.accountId);
  for (const key of keys) delete stream.meta.tags[key];
  k.store.save(stream);
}

const byArn = (input: any, k: Kinesis) => findStream(k.store, { StreamARN: input.ResourceARN, StreamName: nameFromArn(input.ResourceARN) });

export function AddTagsToStream(input: any, k: Kinesis): unknown {
  addTags(findStream(k.store, input), input.Tags, k);
  return {};
}

export function RemoveTagsFromStream(input: any, k: Kinesis): unknown {
  removeTags(findStream(k.store, input), input.TagKeys, k);
  return {};
}

export function ListTagsForStream(input: any, k: Kinesis): unknown {
  const stream = findStream(k.store, input);
  const limit: number = input.Limit ?? MAX_TAGS;
  const keys = Object.keys(stream.meta.tags)
    .sort()
    .filter((key) => input.ExclusiveStartTagKey === undefined || key > input.ExclusiveStartTagKey);
  return {
    Tags: keys.slice(0, limit).map((Key) => ({ Key, Value: stream.meta.tags[Key] })),
    HasMoreTags: keys.length > limit,
  };
}

export function TagResource(input: any, k: Kinesis): unknown {
  addTags(byArn(input, k), input.Tags, k);
  return {};
}

export function UntagResource(input: any, k: Kinesis): unknown {
  removeTags(byArn(input, k), input.TagKeys, k);
  return {};
}

export function ListTagsForResource(input: any, k: Kinesis): unknown {
  const stream = byArn(input, k);
  return { Tags: Object.keys(stream.meta.tags).sort().map((Key) => ({ Key, Value: stream.meta.tags[Key] })) };
}
