// S3 over REST-XML. The internal face (S3Internal) lets Firehose and Athena use the object files directly.
import fs from 'node:fs';
import type { ServiceFactory } from '../../service.js';
import type { EmuRequest, EmuResponse, RequestContext, S3Internal } from '../../types.js';
import { routeS3 } from './router.js';
import { S3Store } from './store.js';

export interface S3Service extends S3Internal {
  handleRest(req: EmuRequest, ctx: RequestContext, requestId: string): Promise<EmuResponse>;
}

export const create: ServiceFactory<S3Service> = (env) => {
  const store = new S3Store(env.dataDir, env.now);
  const internal: S3Service = {
    handleRest: (req, ctx, requestId) => routeS3(store, env, req, ctx, requestId),
    bucketExists: (bucket) => store.bucketExists(bucket),
    objectPath: (bucket, key) => store.objectPath(bucket, key),
    async putObjectFromFile(bucket, key, tmpFile) {
      store.moveIntoPlace(bucket, key, tmpFile);
    },
    async putObject(bucket, key, body) {
      store.putBytes(bucket, key, typeof body === 'string' ? Buffer.from(body) : body);
    },
    list(bucket, prefix) {
      if (!store.bucketExists(bucket)) return [];
      return store
        .keys(bucket, prefix)
        .filter((o) => !o.key.endsWith('/'))
        .map((o) => ({ key: o.key, path: o.path, size: fs.statSync(o.path).size }));
    },
  };
  return { internal };
};
