// The lake as Glue and Athena see it: the S3 service's internal face when present; otherwise (while the S3
// service is not wired, e.g. in unit tests) the documented layout `<dataDir>/s3/<bucket>/<key>` read directly.
import fs from 'node:fs';
import path from 'node:path';
import type { S3Internal } from '../../types.js';

export type Lake = Pick<S3Internal, 'objectPath' | 'list' | 'putObject' | 'putObjectFromFile' | 'bucketExists'>;

export function lakeOf(dataDir: string, s3: S3Internal | undefined): Lake {
  if (s3 && typeof s3.list === 'function') return s3;
  const root = path.join(dataDir, 's3');
  const objectPath = (bucket: string, key: string) => path.join(root, bucket, key);
  return {
    objectPath,
    bucketExists: (bucket) => fs.existsSync(path.join(root, bucket)),
    list(bucket, prefix) {
      const base = path.join(root, bucket);
      const out: Array<{ key: string; size: number; path: string }> = [];
      const walk = (dir: string, rel: string) => {
        let entries: fs.Dirent[];
        try {
          entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          const key = rel + e.name;
          if (e.isDirectory()) {
            if (prefix.startsWith(key + '/') || (key + '/').startsWith(prefix)) walk(path.join(dir, e.name), key + '/');
          } else if (e.isFile() && key.startsWith(prefix)) {
            out.push({ key, size: fs.statSync(path.join(dir, e.name)).size, path: path.join(dir, e.name) });
          }
        }
      };
      walk(base, '');
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async putObjectFromFile(bucket, key, tmpFile) {
      const file = objectPath(bucket, key);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.renameSync(tmpFile, file);
    },
    async putObject(bucket, key, body) {
      const file = objectPath(bucket, key);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, body);
      fs.renameSync(tmp, file);
    },
  };
}
