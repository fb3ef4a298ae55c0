// Bucket configuration sub-resources: ?tagging, ?encryption, ?publicAccessBlock (Put/Get/Delete).
// Encryption and public-access-block bodies are validated and stored as sent, returned verbatim; new
// buckets default to SSE-S3 (AES256) and to all four public-access blocks on, as AWS does since 2023.
import { AwsError, type EmuResponse } from '../../types.js';
import { xml } from '../../protocol/xml.js';
import { malformedXml } from './errors.js';
import { POLICY_CORS } from './policy-cors.js';
import type { S3Call } from './router.js';
import { parseTagging, validateTags } from './tags.js';
import { emptyResponse, parseBody, S3_XMLNS, xmlResponse } from './xml-body.js';

type Action = (call: S3Call) => EmuResponse;

function update(call: S3Call, change: (meta: ReturnType<S3Call['store']['bucketMeta']>) => void) {
  call.store.requireBucket(call.bucket);
  const meta = call.store.bucketMeta(call.bucket);
  change(meta);
  call.store.writeBucketMeta(call.bucket, meta);
}

function putTagging(call: S3Call) {
  const tags = validateTags(parseTagging(call.req.body), 50, 'Bucket');
  update(call, (m) => (m.tags = tags));
  return emptyResponse(204);
}

function getTagging(call: S3Call) {
  call.store.requireBucket(call.bucket);
  const tags = call.store.bucketMeta(call.bucket).tags;
  if (!tags?.length) {
    throw new AwsError('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: call.bucket });
  }
  return xmlResponse(`<Tagging xmlns="${S3_XMLNS}"><TagSet>${xml({ Tag: tags })}</TagSet></Tagging>`);
}

function deleteTagging(call: S3Call) {
  update(call, (m) => delete m.tags);
  return emptyResponse(204);
}

function putEncryption(call: S3Call) {
  const conf = parseBody(call.req.body, 'ServerSideEncryptionConfiguration');
  const rules: any[] = conf?.Rule ?? [];
  const algo = rules[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
  if (!rules.length || !['AES256', 'aws:kms', 'aws:kms:dsse'].includes(algo)) throw malformedXml();
  update(call, (m) => (m.encryptionXml = call.req.body.toString('utf8')));
  return emptyResponse(200);
}

const DEFAULT_ENCRYPTION =
  `<ServerSideEncryptionConfiguration xmlns="${S3_XMLNS}"><Rule><ApplyServerSideEncryptionByDefault>` +
  `<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled>` +
  `</Rule></ServerSideEncryptionConfiguration>`;

function getEncryption(call: S3Call) {
  call.store.requireBucket(call.bucket);
  return xmlResponse(stripDecl(call.store.bucketMeta(call.bucket).encryptionXml) ?? DEFAULT_ENCRYPTION);
}

function deleteEncryption(call: S3Call) {
  update(call, (m) => delete m.encryptionXml);
  return emptyResponse(204);
}

function putPublicAccessBlock(call: S3Call) {
  parseBody(call.req.body, 'PublicAccessBlockConfiguration');
  update(call, (m) => (m.publicAccessBlockXml = call.req.body.toString('utf8')));
  return emptyResponse(200);
}

const DEFAULT_PAB =
  `<PublicAccessBlockConfiguration xmlns="${S3_XMLNS}"><BlockPublicAcls>true</BlockPublicAcls>` +
  `<IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy>` +
  `<RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`;

function getPublicAccessBlock(call: S3Call) {
  call.store.requireBucket(call.bucket);
  const meta = call.store.bucketMeta(call.bucket);
  if (meta.publicAccessBlockXml === '') {
    throw new AwsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, {
      BucketName: call.bucket,
    });
  }
  return xmlResponse(stripDecl(meta.publicAccessBlockXml) ?? DEFAULT_PAB);
}

function deletePublicAccessBlock(call: S3Call) {
  // '' marks "deleted" (absent means the default applies).
  update(call, (m) => (m.publicAccessBlockXml = ''));
  return emptyResponse(204);
}

function stripDecl(x: string | undefined): string | undefined {
  return x === undefined || x === '' ? undefined : x.replace(/^\s*<\?xml[^>]*\?>\s*/, '');
}

export const SUBRESOURCES: Record<string, Partial<Record<'GET' | 'PUT' | 'DELETE', Action>>> = {
  tagging: { PUT: putTagging, GET: getTagging, DELETE: deleteTagging },
  encryption: { PUT: putEncryption, GET: getEncryption, DELETE: deleteEncryption },
  publicAccessBlock: { PUT: putPublicAccessBlock, GET: getPublicAccessBlock, DELETE: deletePublicAccessBlock },
  ...POLICY_CORS,
};
