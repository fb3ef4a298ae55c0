// Where an Iceberg-destination record goes and what it does there, as Firehose decides it: the
// MetadataExtraction processor's jq query (JQ-1.6) yields {destinationDatabaseName, destinationTableName,
// operation}; a field the query leaves out falls back to the only DestinationTableConfiguration (AWS: "a
// single table needs no JQ; if you give both, Firehose takes JQ's"); the operation defaults to insert.
import { compileJq, type CompiledJq } from '../jq/index.js';
import { metadataQuery } from './partition-keys.js';

export type Operation = 'insert' | 'update' | 'delete';

export interface Route {
  database: string;
  table: string;
  operation: Operation;
  /** The record as parsed JSON (an object: rows come from its first-level keys). */
  record: Record<string, unknown>;
}

export interface RouteFailure {
  code: string;
  message: string;
  database?: string;
  table?: string;
}

/** Error codes in the error documents. AWS names two of them publicly (Iceberg.InvalidUniqueKeys,
 * Iceberg.MissingColumnWithinRecord); the others follow the same pattern and are local names. */
export const ICEBERG_ERRORS = {
  nonJson: 'Iceberg.NonJsonRecord',
  metadataExtraction: 'Iceberg.MetadataExtractionFailed',
  noRoute: 'Iceberg.DestinationNotFound',
  noTable: 'Iceberg.TableNotFound',
  invalidOperation: 'Iceberg.InvalidOperation',
  uniqueKeys: 'Iceberg.InvalidUniqueKeys',
  missingColumn: 'Iceberg.MissingColumnWithinRecord',
  invalidValue: 'Iceberg.InvalidDataType',
} as const;

/** BufferingHints when the Iceberg destination has none (the API model's defaults: 5 MiB, 300 s). */
export const ICEBERG_BUFFERING = { SizeInMBs: 5, IntervalInSeconds: 300 };

/** A delivery stream destination is Iceberg when it has the Iceberg-only CatalogConfiguration. */
export function isIcebergDestination(destination: any): boolean {
  return !!destination?.CatalogConfiguration;
}

export interface TableConfig {
  DestinationDatabaseName: string;
  DestinationTableName: string;
  UniqueKeys?: string[];
  S3ErrorOutputPrefix?: string;
}

export function tableConfigs(destination: any): TableConfig[] {
  return destination?.DestinationTableConfigurationList ?? [];
}

/** The DestinationTableConfiguration of a table (Glue names are case-insensitive). */
export function tableConfig(destination: any, database: string, table: string): TableConfig | undefined {
  const db = database.toLowerCase();
  const t = table.toLowerCase();
  return tableConfigs(destination).find((c) => c.DestinationDatabaseName.toLowerCase() === db && c.DestinationTableName.toLowerCase() === t);
}

const compiled = new Map<string, CompiledJq>();

export function makeRouter(destination: any): (data: Buffer) => Route | RouteFailure {
  const query = metadataQuery(destination);
  let jq = query === undefined ? undefined : compiled.get(query);
  if (query !== undefined && !jq) {
    jq = compileJq(query);
    compiled.set(query, jq);
  }
  const configs = tableConfigs(destination);
  const only = configs.length === 1 ? configs[0] : undefined;
  const appendOnly = destination?.AppendOnly === true;
  return (data) => {
    let record: unknown;
    try {
      record = JSON.parse(data.toString('utf8'));
    } catch {
      return { code: ICEBERG_ERRORS.nonJson, message: 'Non JSON record provided' };
    }
    if (!record || typeof record !== 'object' || Array.isArray(record)) {
      return { code: ICEBERG_ERRORS.nonJson, message: 'The record must be a JSON object: its first-level keys are the columns' };
    }
    let meta: Record<string, unknown> = {};
    if (jq) {
      let outputs: unknown[];
      try {
        outputs = jq.run(record);
      } catch (e) {
        return { code: ICEBERG_ERRORS.metadataExtraction, message: `jq: error: ${(e as Error).message}` };
      }
      const out = outputs[0];
      if (outputs.length !== 1 || !out || typeof out !== 'object' || Array.isArray(out)) {
        return { code: ICEBERG_ERRORS.metadataExtraction, message: 'The metadata extraction query must produce one JSON object' };
      }
      meta = out as Record<string, unknown>;
    }
    const database = text(meta.destinationDatabaseName) ?? only?.DestinationDatabaseName;
    const table = text(meta.destinationTableName) ?? only?.DestinationTableName;
    if (!database || !table) {
      return { code: ICEBERG_ERRORS.noRoute, message: 'No destination table for the record: the metadata extraction query gave no destinationDatabaseName/destinationTableName and the stream does not have exactly one DestinationTableConfiguration' };
    }
    const op = meta.operation === undefined || meta.operation === null ? 'insert' : String(meta.operation).toLowerCase();
    if (op !== 'insert' && op !== 'update' && op !== 'delete') {
      return { code: ICEBERG_ERRORS.invalidOperation, message: `Unsupported operation ${JSON.stringify(meta.operation)}: use insert, update or delete`, database, table };
    }
    // AppendOnly streams only insert: the operation the query gives is not applied.
    return { database, table, operation: appendOnly ? 'insert' : op, record: record as Record<string, unknown> };
  };
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'string' ? v : String(v);
  return s === '' ? undefined : s;
}
