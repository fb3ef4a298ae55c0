// `x-amz-copy-source` (CopyObject, UploadPartCopy): `[/]bucket/key[?versionId=…]`, URL-encoded. The bucket
// and key it names are checked by the same rules as a request's own, before anything touches the disk.
import { AwsError } from '../../types.js';
import { checkKey, requireValidBucketName } from './keys.js';

export function copySourceOf(header: string): { bucket: string; key: string; versionId?: string } {
  const q = header.indexOf('?');
  const raw = q < 0 ? header : header.slice(0, q);
  const versionId = q < 0 ? undefined : (new URLSearchParams(header.slice(q + 1)).get('versionId') ?? undefined);
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw invalidCopySource(header);
  }
  if (decoded.startsWith('/')) decoded = decoded.slice(1);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw invalidCopySource(header);
  const bucket = decoded.slice(0, slash);
  const key = decoded.slice(slash + 1);
  requireValidBucketName(bucket);
  checkKey(key);
  return { bucket, key, versionId };
}

function invalidCopySource(header: string): AwsError {
  return new AwsError('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', 400, {
    ArgumentName: 'x-amz-copy-source',
    ArgumentValue: header,
  });
}
