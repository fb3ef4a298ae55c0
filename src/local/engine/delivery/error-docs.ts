// AWS's documented error record for data format conversion failures, one JSON document per line.
import type { StoredRecord } from '../../types.js';

export interface CatalogTable {
  catalogId: string | null;
  databaseName: string;
  tableName: string;
  region: string;
  versionId: string;
  catalogArn: string | null;
}

export interface FailedRecord {
  record: StoredRecord;
  code: string;
  message: string;
}

export function errorDocuments(failed: FailedRecord[], table: CatalogTable, attemptEnding: number): string {
  let out = '';
  for (const f of failed) {
    out +=
      JSON.stringify({
        attemptsMade: 1,
        arrivalTimestamp: f.record.arrival,
        lastErrorCode: f.code,
        lastErrorMessage: f.message,
        attemptEndingTimestamp: attemptEnding,
        rawData: f.record.data.toString('base64'),
        sequenceNumber: f.record.sequenceNumber,
        // Only records de-aggregated from a KPL aggregate have a sub-sequence number.
        subSequenceNumber: null,
        dataCatalogTable: table,
      }) + '\n';
  }
  return out;
}

/** Dynamic partitioning failures (error-output-type `partitioning-failed`): AWS's document has errorCode and
 * errorMessage (not lastError…) and no catalog table, as the record never reached conversion. */
export function partitioningErrorDocuments(failed: FailedRecord[], attemptEnding: number): string {
  let out = '';
  for (const f of failed) {
    out +=
      JSON.stringify({
        attemptsMade: 1,
        arrivalTimestamp: f.record.arrival,
        errorCode: f.code,
        errorMessage: f.message,
        attemptEndingTimestamp: attemptEnding,
        rawData: f.record.data.toString('base64'),
      }) + '\n';
  }
  return out;
}

/** Iceberg destination failures (error-output-type `iceberg-failed`, a local name): errorCode and errorMessage
 * as AWS names them for this destination (e.g. Iceberg.MissingColumnWithinRecord), with the record's source
 * sequence number so a failure can be traced back to the stream. */
export function icebergErrorDocuments(failed: FailedRecord[], attemptEnding: number): string {
  let out = '';
  for (const f of failed) {
    out +=
      JSON.stringify({
        attemptsMade: 1,
        arrivalTimestamp: f.record.arrival,
        errorCode: f.code,
        errorMessage: f.message,
        attemptEndingTimestamp: attemptEnding,
        rawData: f.record.data.toString('base64'),
        sequenceNumber: f.record.sequenceNumber,
      }) + '\n';
  }
  return out;
}
