// Runs query executions one at a time, after StartQueryExecution has returned (QUEUED → RUNNING → SUCCEEDED |
// FAILED | CANCELLED), persisting each state change. SELECT results go straight from DuckDB into `<id>.csv`,
// published under the OutputLocation with a `.metadata` companion; SHOW/DESCRIBE results into `<id>.txt`.
import type { MetricsFeed } from '../cloudwatch/feed.js';
import fs from 'node:fs';
import path from 'node:path';
import type { GlueInternal } from '../../types.js';
import type { DuckEngine } from '../../engine/duckdb/engine.js';
import { QueryFailure } from '../../engine/duckdb/query-failure.js';
import type { Lake } from '../../engine/duckdb/lake.js';
import { parseS3Uri } from '../../engine/duckdb/layout.js';
import { bindParameters } from '../../engine/duckdb/translate.js';
import { formatAthenaTxt } from './csv.js';
import type { AthenaStore, StoredExecution } from './store.js';
import { classify } from './utility.js';
import { runDdl } from './ddl/index.js';

/** StateChangeReason when the workgroup's per-query data usage control cancels a query. */
export const CUTOFF_REASON = 'Query cancelled! Bytes scanned limit was exceeded';

const SHUTDOWN = { reason: 'GENERIC_INTERNAL_ERROR: the emulator shut down while the query was queued or running', category: 1, type: 1000 };

export class QueryRunner {
  private readonly queue: string[] = [];
  private current?: string;
  private readonly stopRequested = new Set<string>();
  private pumping?: Promise<void>;
  private closing = false;

  constructor(
    private readonly store: AthenaStore,
    private readonly engine: Pick<DuckEngine, 'runSelect' | 'interrupt'> & Partial<Pick<DuckEngine, 'describeQuery' | 'writeQuery' | 'withQuery'>>,
    private readonly lake: () => Lake,
    private readonly glue: () => GlueInternal | undefined,
    private readonly now: () => number,
    private readonly metrics?: MetricsFeed,
  ) {}

  enqueue(id: string): void {
    if (this.closing) return;
    this.queue.push(id);
    // After the response: the caller sees QUEUED first.
    setImmediate(() => this.pump());
  }

  /** StopQueryExecution: a queued query is cancelled at once, a running one is interrupted. */
  async stop(id: string): Promise<void> {
    const e = this.store.executions.get(id);
    if (!e || (e.state !== 'QUEUED' && e.state !== 'RUNNING')) return;
    const at = this.queue.indexOf(id);
    if (at >= 0) {
      this.queue.splice(at, 1);
      this.finish(e, 'CANCELLED');
      return;
    }
    this.stopRequested.add(id);
    if (this.current === id) await this.engine.interrupt();
  }

  /** Emulator shutdown: queued queries and the running one FAIL now (as a restart would make them) instead of
   * holding the close until they end. */
  async shutdown(): Promise<void> {
    this.closing = true;
    for (const id of this.queue.splice(0)) {
      const e = this.store.executions.get(id);
      if (e?.state === 'QUEUED') this.finish(e, 'FAILED', SHUTDOWN);
    }
    if (this.current) await this.engine.interrupt();
    await this.idle();
  }

  /** Resolves when nothing is queued or running (for close and tests). */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = (async () => {
      while (this.queue.length) {
        const id = this.queue.shift()!;
        const e = this.store.executions.get(id);
        if (e && e.state === 'QUEUED') await this.runOne(e);
      }
    })().finally(() => (this.pumping = undefined));
  }

  private finish(e: StoredExecution, state: StoredExecution['state'], failure?: { reason: string; category?: number; type?: number }): void {
    e.state = state;
    e.completed = this.now();
    e.engineMs = e.started !== undefined ? e.completed - e.started : 0;
    if (failure) {
      e.stateChangeReason = failure.reason;
      if (failure.category) e.athenaError = { ErrorCategory: failure.category, ErrorType: failure.type ?? 1000, Retryable: false, ErrorMessage: failure.reason };
    }
    this.store.saveExecution(e);
    if (this.store.workGroups[e.workGroup]?.Configuration.PublishCloudWatchMetricsEnabled) this.metrics?.athenaQuery(e.workGroup, { state, type: e.statementType, scannedBytes: e.bytesScanned ?? 0, totalMs: e.completed - e.submitted, engineMs: e.engineMs, queueMs: (e.started ?? e.completed) - e.submitted });
    this.stopRequested.delete(e.id);
  }

  private async runOne(e: StoredExecution): Promise<void> {
    this.current = e.id;
    e.state = 'RUNNING';
    e.started = this.now();
    // Not written to disk: after a crash a QUEUED and a RUNNING execution end the same way (FAILED on reopen), and
    // an fsync'd write per query is measurable in a short query's engine time.
    const tmp = path.join(this.store.dir, 'tmp', `${e.id}${path.extname(e.outputLocation)}`);
    try {
      const glue = this.glue();
      if (!glue) throw new QueryFailure({ reason: 'GENERIC_INTERNAL_ERROR: no Glue catalog', category: 1, type: 1000 });
      const c = classify(e.query);
      if (c.kind === 'select' && !glue.databaseExists(e.database) && e.database !== 'default') {
        throw new QueryFailure({ reason: `SCHEMA_NOT_FOUND: line 1:1: Schema '${e.database}' does not exist`, category: 2, type: 1301 });
      }
      const out = parseS3Uri(e.outputLocation)!;
      if (!this.lake().bucketExists(out.bucket)) {
        throw new QueryFailure({ reason: `Unable to verify/create output bucket ${out.bucket}`, category: 2, type: 1100 });
      }
      fs.mkdirSync(path.dirname(tmp), { recursive: true });
      if (c.kind === 'ddl') {
        // Through Glue's own actions (ddl/index.ts); Athena writes an empty result for DDL.
        // DML takes ExecutionParameters as queries do (Athena binds them in INSERT / UPDATE / DELETE / MERGE too).
        let sql = e.query;
        if (e.parameters && /^\s*(insert|update|delete|merge)\b/i.test(sql)) {
          try {
            sql = bindParameters(sql, e.parameters);
          } catch (err) {
            throw new QueryFailure({ reason: `INVALID_INPUT: ${(err as Error).message}`, category: 2, type: 1100 });
          }
        }
        const done = await runDdl(sql, e.database, glue, this.engine, {
          id: e.id,
          lake: this.lake(),
          outputLocation: e.outputLocation,
          scratch: path.dirname(tmp),
          now: this.now,
        });
        fs.writeFileSync(tmp, '');
        e.columns = [];
        e.hasHeader = false;
        e.bytesScanned = done.bytesScanned;
        if (done.updateCount !== undefined) e.updateCount = done.updateCount;
      } else if (c.kind === 'utility') {
        const result = c.run(glue, e.database, this.lake());
        fs.writeFileSync(tmp, formatAthenaTxt(result.rows));
        e.columns = result.columns.map((Name) => ({ Name, Type: 'string', Precision: 0, Scale: 0, CaseSensitive: false }));
        e.hasHeader = false;
        e.bytesScanned = 0;
      } else {
        let sql = e.query;
        if (e.parameters) {
          try {
            sql = bindParameters(sql, e.parameters);
          } catch (err) {
            throw new QueryFailure({ reason: `INVALID_INPUT: ${(err as Error).message}`, category: 2, type: 1100 });
          }
        }
        const r = await this.engine.runSelect(sql, e.database, tmp);
        e.columns = r.columns;
        e.hasHeader = true;
        e.bytesScanned = r.bytesScanned;
        e.runtime = { inputRows: r.runtime?.inputRows ?? 0, outputRows: r.rowCount, outputBytes: fs.statSync(tmp, { throwIfNoEntry: false })?.size ?? 0, ...(r.runtime?.plan ? { plan: r.runtime.plan } : {}) };
        const cutoff = this.store.workGroups[e.workGroup]?.Configuration.BytesScannedCutoffPerQuery;
        if (typeof cutoff === 'number' && r.bytesScanned > cutoff) {
          fs.rmSync(tmp, { force: true });
          return this.finish(e, 'CANCELLED', { reason: CUTOFF_REASON });
        }
      }
      if (this.stopRequested.has(e.id)) {
        fs.rmSync(tmp, { force: true });
        return this.finish(e, 'CANCELLED');
      }
      await this.lake().putObjectFromFile(out.bucket, out.key, tmp);
      const metadata = { ResultSetMetadata: { ColumnInfo: e.columns }, StatementType: e.statementType };
      await this.lake().putObject(out.bucket, `${out.key}.metadata`, JSON.stringify(metadata));
      this.finish(e, 'SUCCEEDED');
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      if (this.stopRequested.has(e.id)) this.finish(e, 'CANCELLED');
      else if (this.closing) this.finish(e, 'FAILED', SHUTDOWN);
      else if (err instanceof QueryFailure) this.finish(e, 'FAILED', err.mapped);
      else this.finish(e, 'FAILED', { reason: `GENERIC_INTERNAL_ERROR: ${(err as Error).message}`, category: 1, type: 1000 });
    } finally {
      this.current = undefined;
    }
  }
}
