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

/** The document of a record that failed before conversion: errorCode and errorMessage (not lastError…), no
 * catalog table. `withSequence` adds the record's source sequence number (Iceberg: traceable to the stream). */
function errorCodeDocuments(failed: FailedRecord[], attemptEnding: number, withSequence: boolean, attempts = 1): string {
  let out = '';
  for (const f of failed) {
    out +=
      JSON.stringify({
        attemptsMade: attempts,
        arrivalTimestamp: f.record.arrival,
        errorCode: f.code,
        errorMessage: f.message,
        attemptEndingTimestamp: attemptEnding,
        rawData: f.record.data.toString('base64'),
        ...(withSequence ? { sequenceNumber: f.record.sequenceNumber } : {}),
      }) + '\n';
  }
  return out;
}

/** Dynamic partitioning failures (error-output-type `partitioning-failed`), as AWS writes them. */
export function partitioningErrorDocuments(failed: FailedRecord[], attemptEnding: number): string {
  return errorCodeDocuments(failed, attemptEnding, false);
}

/** Iceberg destination failures (error-output-type `iceberg-failed`, a local name): errorCode and errorMessage
 * as AWS names them for this destination (e.g. Iceberg.MissingColumnWithinRecord). */
export function icebergErrorDocuments(failed: FailedRecord[], attemptEnding: number): string {
  return errorCodeDocuments(failed, attemptEnding, true);
}

/** Records a destination did not accept within its retry duration (HTTP endpoint, Splunk, OpenSearch,
 * Snowflake): errorCode/errorMessage of the last attempt and how many attempts were made. */
export function deliveryErrorDocuments(failed: FailedRecord[], attemptEnding: number, attempts: number): string {
  return errorCodeDocuments(failed, attemptEnding, false, attempts);
}
