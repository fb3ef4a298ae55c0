// The Glue catalog's durable state: databases, tables (every version kept), tags by ARN, in one JSON file
// under <dataDir>/glue/. Names are stored lower-cased, as Glue does.
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
}

interface State {
  databases: Record<string, StoredDatabase>;
  /** database name → table name → table */
  tables: Record<string, Record<string, StoredTable>>;
  tags: Record<string, Record<string, string>>;
}

export class GlueStore {
  private readonly file: string;
  readonly state: State;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'glue', 'catalog.json');
    this.state = readJson<State>(this.file, { databases: {}, tables: {}, tags: {} });
  }

  save(): void {
    writeJsonAtomic(this.file, this.state);
  }
}
