// Temporary adapter: until the S3 service reads `EmuRequest.bodyFile` itself (PutObject/UploadPart are
// being switched over), a spooled upload is read back into `body` so S3 keeps working. Bounded: a body
// too large to hold is refused instead of taken into memory. Delete this file once S3 takes bodyFile.
import fs from 'node:fs';
import { AwsError, type EmuRequest } from '../types.js';

const S3_READS_BODY_FILE = false;
const MAX_READ_BACK = 512 * 1024 * 1024;

export async function readSpooledForLegacyS3(req: EmuRequest): Promise<EmuRequest> {
  if (!req.bodyFile || S3_READS_BODY_FILE) return req;
  if (req.bodyFile.size > MAX_READ_BACK) {
    throw new AwsError('NotImplemented', 'Uploads over 512 MiB in one request need the streaming S3 store (multipart works)', 501);
  }
  return { ...req, body: await fs.promises.readFile(req.bodyFile.path) };
}
