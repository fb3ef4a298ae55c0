// Reads an Iceberg table's current metadata.json the way any engine does: Glue GetTable's metadata_location
// parameter, then S3 GetObject of that file. Provider-neutral (plain AWS calls), so plan and status work the
// same against AWS, `lakehouse serve` and the in-process emulator.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Clients } from '../aws/clients.js';
import { orMissing } from './aws-errors.js';

/** True when Glue keeps the table as an Iceberg table (Parameters.table_type, any case). */
export function isIcebergGlueTable(t: { Parameters?: Record<string, string> } | undefined): boolean {
  return (t?.Parameters?.table_type ?? '').toUpperCase() === 'ICEBERG';
}

/** s3://bucket/key → {Bucket, Key}. */
export function s3Parts(uri: string): { Bucket: string; Key: string } | undefined {
  const m = /^s3a?:\/\/([^/]+)\/(.+)$/.exec(uri);
  return m ? { Bucket: m[1]!, Key: m[2]! } : undefined;
}

/** The bytes of an s3:// object, or undefined when it is not there. */
export async function readS3(clients: Clients, uri: string): Promise<Uint8Array | undefined> {
  const at = s3Parts(uri);
  if (!at) return undefined;
  const out = await orMissing(`GetObject ${uri}`, () => clients.s3.send(new GetObjectCommand(at)));
  return out?.Body ? await out.Body.transformToByteArray() : undefined;
}

/** The metadata.json a Glue table's metadata_location names (parsed), or undefined when it has none. */
export async function readIcebergMetadata(clients: Clients, glueTable: { Parameters?: Record<string, string> }): Promise<any | undefined> {
  const location = glueTable.Parameters?.metadata_location;
  if (!location) return undefined;
  const bytes = await readS3(clients, location);
  return bytes ? JSON.parse(Buffer.from(bytes).toString('utf8')) : undefined;
}
