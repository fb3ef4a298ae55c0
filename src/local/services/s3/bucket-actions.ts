// Bucket lifecycle: CreateBucket, HeadBucket, GetBucketLocation, ListBuckets, DeleteBucket, GetBucketVersioning.
import { AwsError } from '../../types.js';
import { signingRegion } from '../../protocol/query.js';
import { isoTime, xml } from '../../protocol/xml.js';
import fs from 'node:fs';
import { bucketAlreadyOwned, bucketNotEmpty } from './errors.js';
import { keysWithHistory, versionsRoot } from './versions-store.js';
import { checkBucketName } from './keys.js';
import type { S3Call } from './router.js';
import { emptyResponse, parseBody, S3_XMLNS, xmlResponse } from './xml-body.js';

const OWNER = { ID: '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a', DisplayName: 'local' };

export function createBucket({ store, ctx, req, bucket }: S3Call) {
  checkBucketName(bucket);
  const endpointRegion = signingRegion(req) ?? ctx.region;
  let lc = '';
  if (req.body.length) {
    const conf = parseBody(req.body, 'CreateBucketConfiguration');
    lc = typeof conf.LocationConstraint === 'string' ? conf.LocationConstraint : '';
    if (lc === 'us-east-1') {
      throw new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: lc });
    }
  }
  const region = !lc ? 'us-east-1' : lc === 'EU' ? 'eu-west-1' : lc;
  if (region !== endpointRegion && endpointRegion !== 'us-east-1') {
    // AWS: a regional endpoint creates buckets only in its own region; us-east-1 (the global endpoint,
    // s3.amazonaws.com) creates them in any region its LocationConstraint names.
    throw new AwsError(
      'IllegalLocationConstraintException',
      `The ${lc || 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      400,
    );
  }
  if (store.bucketExists(bucket)) {
    // us-east-1 keeps its legacy answer: re-creating your own bucket succeeds as a no-op.
    if (region === 'us-east-1') return emptyResponse(200, { location: `/${bucket}` });
    throw bucketAlreadyOwned(bucket);
  }
  store.createBucket(bucket, region);
  return emptyResponse(200, { location: region === 'us-east-1' ? `/${bucket}` : `http://${bucket}.s3.amazonaws.com/` });
}

export function headBucket({ store, bucket }: S3Call) {
  store.requireBucket(bucket);
  return emptyResponse(200, { 'x-amz-bucket-region': store.bucketMeta(bucket).region, 'x-amz-access-point-alias': 'false' });
}

export function getBucketLocation({ store, bucket }: S3Call) {
  store.requireBucket(bucket);
  const region = store.bucketMeta(bucket).region;
  const value = region === 'us-east-1' ? '' : region;
  return xmlResponse(`<LocationConstraint xmlns="${S3_XMLNS}">${value}</LocationConstraint>`);
}

export function getBucketVersioning({ store, bucket }: S3Call) {
  store.requireBucket(bucket);
  return xmlResponse(`<VersioningConfiguration xmlns="${S3_XMLNS}"/>`);
}

export function listBuckets({ store, query }: S3Call) {
  // Paging as AWS: max-buckets (1–10,000), continuation-token (ours: the last name returned), prefix.
  const prefix = query.get('prefix') ?? '';
  const maxRaw = query.get('max-buckets');
  const max = maxRaw === null ? 10000 : Number(maxRaw);
  if (!Number.isInteger(max) || max < 1 || max > 10000) {
    throw new AwsError('InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000.', 400, {
      ArgumentName: 'max-buckets',
      ArgumentValue: maxRaw ?? '',
    });
  }
  const token = query.get('continuation-token') ?? '';
  const names = store.listBuckets().filter((n) => n.startsWith(prefix) && (!token || n > token));
  const page = names.slice(0, max);
  const buckets = page.map((name) => {
    const meta = store.bucketMeta(name);
    return { Name: name, CreationDate: isoTime(meta.created), BucketRegion: meta.region };
  });
  const tail = xml({
    ...(names.length > page.length ? { ContinuationToken: page[page.length - 1]! } : {}),
    ...(query.has('prefix') ? { Prefix: prefix } : {}),
  });
  return xmlResponse(
    `<ListAllMyBucketsResult xmlns="${S3_XMLNS}">${xml({ Owner: OWNER })}` +
      `<Buckets>${xml({ Bucket: buckets })}</Buckets>${tail}</ListAllMyBucketsResult>`,
  );
}

export function deleteBucket({ store, bucket }: S3Call) {
  store.requireBucket(bucket);
  // Noncurrent versions and delete markers count: S3 refuses while any remain.
  if (!store.bucketIsEmpty(bucket) || keysWithHistory(store, bucket).length) throw bucketNotEmpty(bucket);
  store.deleteBucket(bucket);
  fs.rmSync(versionsRoot(store, bucket), { recursive: true, force: true });
  return emptyResponse(204);
}

export { OWNER };
