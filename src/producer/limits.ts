// Kinesis PutRecords limits (AWS API model + service quotas).
export const MAX_RECORDS_PER_REQUEST = 500;
/** Whole request: data + partition keys of every record. */
export const MAX_REQUEST_BYTES = 5 * 1024 * 1024;
/** One record: data blob (before base64) + partition key. */
export const MAX_RECORD_BYTES = 1024 * 1024;
export const MAX_PARTITION_KEY_CHARS = 256;
