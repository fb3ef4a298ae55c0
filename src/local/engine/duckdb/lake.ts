// The lake as Glue and Athena see it: the S3 service's internal face when present; otherwise (while the S3
// service is not wired, e.g. in unit tests) the same S3 layout read through its store, without housekeeping.
import type { S3Internal } from '../../types.js';
import { internalOf } from '../../services/s3/index.js';
import { S3Store } from '../../services/s3/store.js';

export type Lake = Pick<S3Internal, 'objectPath' | 'list' | 'putObject' | 'putObjectFromFile' | 'bucketExists' | 'deleteObject'>;

export function lakeOf(dataDir: string, s3: S3Internal | undefined): Lake {
  if (s3 && typeof s3.list === 'function') return s3;
  return internalOf(new S3Store(dataDir, Date.now, { maintain: false }));
}
