// Athena's durable state under <dataDir>/athena/: workgroups (one JSON file) and one JSON file per query
// execution (rewritten atomically at each state change), so executions survive a restart.
import fs from 'node:fs';
import path from 'node:path';
import type { PlanNode } from '../../engine/duckdb/profile-plan.js';
import { readJson, writeJsonAtomic } from '../../store/atomic.js';

export type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface StoredWorkGroup {
  Name: string;
  State: 'ENABLED' | 'DISABLED';
  Description?: string;
  Configuration: Record<string, any>;
  CreationTime: number;
  Tags: Record<string, string>;
}

export interface ResultColumnInfo {
  Name: string;
  Type: string;
  Precision: number;
  Scale: number;
  CaseSensitive: boolean;
}

export interface StoredExecution {
  id: string;
  query: string;
  statementType: 'DML' | 'DDL' | 'UTILITY';
  workGroup: string;
  database: string;
  catalog: string;
  /** Full s3:// URI of the result file (<OutputLocation><id>.csv or .txt). */
  outputLocation: string;
  clientRequestToken?: string;
  /** ExecutionParameters, substituted for `?` when the query runs. */
  parameters?: string[];
  state: QueryState;
  stateChangeReason?: string;
  athenaError?: { ErrorCategory: number; ErrorType: number; Retryable: boolean; ErrorMessage: string };
  submitted: number;
  started?: number;
  completed?: number;
  engineMs?: number;
  bytesScanned?: number;
  /** Rows an INSERT / CTAS / UPDATE / DELETE / MERGE wrote or changed (GetQueryResults' UpdateCount). */
  updateCount?: number;
  columns?: ResultColumnInfo[];
  /** SELECT results carry a header line in the CSV; SHOW/DESCRIBE results (.txt) do not. */
  hasHeader?: boolean;
  /** A finished SELECT's row statistics and plan, for GetQueryRuntimeStatistics. */
  runtime?: { inputRows: number; outputRows: number; outputBytes: number; plan?: PlanNode };
}

export class AthenaStore {
  readonly dir: string;
  readonly workGroups: Record<string, StoredWorkGroup>;
  readonly executions = new Map<string, StoredExecution>();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'athena');
    this.workGroups = readJson(path.join(this.dir, 'workgroups.json'), {});
    const execDir = path.join(this.dir, 'executions');
    let files: string[] = [];
    try {
      files = fs.readdirSync(execDir).filter((f) => f.endsWith('.json'));
    } catch {
      // First start.
    }
    const loaded = files.map((f) => readJson<StoredExecution | undefined>(path.join(execDir, f), undefined));
    for (const e of loaded.filter((x): x is StoredExecution => !!x).sort((a, b) => a.submitted - b.submitted)) {
      this.executions.set(e.id, e);
    }
  }

  saveWorkGroups(): void {
    writeJsonAtomic(path.join(this.dir, 'workgroups.json'), this.workGroups);
  }

  saveExecution(e: StoredExecution): void {
    writeJsonAtomic(path.join(this.dir, 'executions', `${e.id}.json`), e);
  }
}
