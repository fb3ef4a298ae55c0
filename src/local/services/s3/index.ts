// S3 over REST-XML. The internal face (S3Internal) lets Firehose and Athena use the object files directly.
import fs from 'node:fs';
import type { ServiceFactory } from '../../service.js';
import type { EmuRequest, EmuResponse, RequestContext, S3Internal } from '../../types.js';
import { checkKey, isValidBucketName } from './keys.js';
import { routeS3 } from './router.js';
import { S3Store } from './store.js';
import { deleteVersioned } from './versions-actions.js';

export interface S3Service extends S3Internal {
  handleRest(req: EmuRequest, ctx: RequestContext, requestId: string): Promise<EmuResponse>;
}

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

export const create: ServiceFactory<S3Service> = (env) => {
  const store = new S3Store(env.dataDir, env.now);
  const internal: S3Service = {
    handleRest: (req, ctx, requestId) => routeS3(store, env, req, ctx, requestId),
    ...internalOf(store),
  };
  return { internal };
};
