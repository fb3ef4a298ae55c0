// S3 over REST-XML (the routing table's last row: it takes every request the other protocols do not claim).
// The internal face (S3Internal) lets Firehose and Athena use the object files directly.
import fs from 'node:fs';
import type { Inputs, Service } from '../../service.js';
import type { S3Internal } from '../../types.js';
import { s3Error } from './errors.js';
import { checkKey, isValidBucketName } from './keys.js';
import { routeS3 } from './router.js';
import { S3Store } from './store.js';
import { deleteVersioned } from './versions-actions.js';

/** The internal face over a store: the same names rules as the wire (a bad bucket or key throws). */
export function internalOf(store: S3Store): S3Internal {
  const names = (bucket: string, key?: string) => {
    if (!isValidBucketName(bucket)) throw new Error(`invalid bucket name ${JSON.stringify(bucket)}`);
    if (key !== undefined) checkKey(key);
  };
  return {
    bucketExists: (bucket) => store.bucketExists(bucket),
    objectPath(bucket, key) {
      names(bucket, key);
      return store.objectPath(bucket, key);
    },
    async putObjectFromFile(bucket, key, tmpFile) {
      names(bucket, key);
      store.moveIntoPlace(bucket, key, tmpFile);
    },
    async putObject(bucket, key, body) {
      names(bucket, key);
      store.putBytes(bucket, key, typeof body === 'string' ? Buffer.from(body) : body);
    },
    async deleteObject(bucket, key) {
      names(bucket, key);
      deleteVersioned(store, bucket, key, undefined, Date.now());
    },
    list(bucket, prefix) {
      if (!store.bucketExists(bucket)) return [];
      return store
        .keys(bucket, prefix)
        .filter((o) => !o.key.endsWith('/'))
        .map((o) => ({ key: o.key, path: o.path, size: fs.statSync(o.path).size }));
    },
  };
}

export function create({ env }: Inputs): Service<S3Internal> {
  const store = new S3Store(env.dataDir, env.now);
  return {
    handler: {
      protocol: 'rest-xml',
      service: 's3',
      match: (req, ctx, requestId) => routeS3(store, env, req, ctx, requestId),
      error: (err, req, requestId) => s3Error(err, requestId, req.method === 'HEAD'),
    },
    internal: internalOf(store),
  };
}
