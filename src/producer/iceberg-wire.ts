// How `produce` writes a record for an Iceberg table: Firehose's Iceberg destination takes first-level JSON
// keys as columns and reads timestamp columns as epoch MICROSECONDS (an ISO string fails the record with
// Iceberg.InvalidDataType), so timestamp fields are sent as integers there. Hive tables keep ISO-8601, which the
// OpenX JSON SerDe of the Parquet conversion parses.
import { isIceberg, type Field, type Pipeline } from '../config/types.js';
import { EPOCH_MICROS_TYPE } from './coerce.js';

/** The fields as the generator should encode them for this pipeline's table. */
export function wireFields(p: Pick<Pipeline, 'table' | 'fields'>): Field[] {
  if (!isIceberg(p)) return p.fields;
  return p.fields.map((f) => (f.type === 'timestamp' ? { ...f, type: EPOCH_MICROS_TYPE } : f));
}
