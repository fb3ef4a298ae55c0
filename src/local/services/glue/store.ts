// The Glue catalog's durable state: databases, tables (every version kept), registered partitions,
// user-defined functions, tags by ARN, in one JSON file under <dataDir>/glue/. Names are stored lower-cased,
// as Glue does; partition values keep their case.
import path from 'node:path';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';

export interface StoredDatabase {
  input: Record<string, any>;
  createTime: number;
}

export interface StoredTable {
  /** The TableInput as given, one entry per version (oldest first). */
  versions: Array<{ versionId: string; input: Record<string, any>; updateTime: number }>;
  createTime: number;
  /** Partition indexes (CreateTable's PartitionIndexes, CreatePartitionIndex): names and key names, in order. */
  partitionIndexes?: Array<{ name: string; keys: string[] }>;
}

export interface StoredPartition {
  /** The PartitionInput as last given (Values included). */
  input: Record<string, any>;
  createTime: number;
}

export interface StoredFunction {
  input: Record<string, any>;
  createTime: number;
}

interface State {
  databases: Record<string, StoredDatabase>;
  /** database name → table name → table */
  tables: Record<string, Record<string, StoredTable>>;
  tags: Record<string, Record<string, string>>;
  /** database → table → partitionId(values) → partition */
  partitions: Record<string, Record<string, Record<string, StoredPartition>>>;
  /** database → function name → function */
  functions: Record<string, Record<string, StoredFunction>>;
}

/** A partition's key in the store: its values, in order, case kept. */
export const partitionId = (values: readonly string[]): string => JSON.stringify(values);

export class GlueStore {
  private readonly file: string;
  readonly state: State;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'glue', 'catalog.json');
    this.state = readJson<State>(this.file, { databases: {}, tables: {}, tags: {}, partitions: {}, functions: {} });
    // Catalogs written before partitions and functions were kept have neither.
    this.state.partitions ??= {};
    this.state.functions ??= {};
  }

  save(): void {
    writeJsonAtomic(this.file, this.state);
  }
}
