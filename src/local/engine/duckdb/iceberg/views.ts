// The local Athena's Iceberg relations: a table read at its current snapshot or the one a FOR VERSION|TIMESTAMP
// AS OF names (relation.ts over core's scan), and the "t$snapshots"-style metadata tables. The engine (engine.ts)
// hands in what these need from it: the lake, the catalog, its view bookkeeping and its sandbox check.
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { GlueInternal } from '../../../types.js';
import { isIcebergTable, loadTable, type IcebergEnv, type LoadedTable } from '../../../iceberg/index.js';
import { lineCol, mapDuckError } from '../errors.js';
import type { Lake } from '../lake.js';
import { QueryFailure } from '../query-failure.js';
import type { Relation } from '../relations.js';
import type { TableReference } from '../translate.js';
import { metadataTableName, metadataTableSelect } from './metadata-tables.js';
import { icebergRelation } from './relation.js';
import { checkPointer, PointerError, snapshotForPointer, type Pointer } from './time-travel.js';

export interface IcebergViewHost {
  lake(): Lake;
  glue(): GlueInternal | undefined;
  /** The engine's work folder (Iceberg reads stage nothing, but the env names a folder). */
  workDir: string;
  sandboxCheck(athenaSql: string, sql: string): Promise<void>;
  defineView(c: DuckDBConnection, target: string, select: string): Promise<void>;
  ensureSchema(c: DuckDBConnection, database: string): Promise<void>;
}

export class IcebergViews {
  constructor(private readonly host: IcebergViewHost) {}

  /** What core's Iceberg functions need to read the lake and the catalog (reads only: no staging happens here). */
  private icebergEnv(): IcebergEnv {
    return { lake: this.host.lake(), glue: this.host.glue()!, stageDir: path.join(this.host.workDir, 'iceberg-stage'), now: Date.now };
  }

  /** Loads an Iceberg table's current metadata; a table whose metadata cannot be read fails as Trino's connector does. */
  private async loadIceberg(ref: TableReference, name = ref.name): Promise<LoadedTable> {
    try {
      return await loadTable(this.icebergEnv(), ref.database, name);
    } catch (e) {
      throw new QueryFailure({ reason: `ICEBERG_INVALID_METADATA: ${(e as Error).message}`, category: 2, type: 1100 });
    }
  }

  /** An Iceberg table read through its snapshot's manifests (the current one, or the one a FOR … AS OF names). */
  async icebergView(c: DuckDBConnection, athenaSql: string, ref: TableReference, target: string, hidden: boolean): Promise<Relation> {
    const loaded = await this.loadIceberg(ref);
    const snapshotId = ref.period ? await this.pointerSnapshot(c, athenaSql, ref, loaded) : undefined;
    const rel = await icebergRelation(this.icebergEnv(), loaded, { name: ref.view ?? ref.name, snapshotId, hidden });
    await this.host.defineView(c, target, rel.select);
    return rel;
  }

  /** `"t$snapshots"` and the other metadata tables of an Iceberg table `t`; undefined when `ref` is not one. */
  async metadataTable(c: DuckDBConnection, athenaSql: string, ref: TableReference, target: string): Promise<Relation | undefined> {
    const meta = metadataTableName(ref.name);
    const base = meta && this.host.glue()?.getTable(ref.database, meta.base);
    if (!meta || !base || !isIcebergTable(base)) return undefined;
    if (ref.period) throw new QueryFailure({ reason: `NOT_SUPPORTED: line ${lineCol(athenaSql, ref.period.offset)}: This connector does not support versioned tables`, category: 2, type: 1100 });
    await this.host.ensureSchema(c, ref.database);
    const loaded = await this.loadIceberg(ref, meta.base);
    const select = await metadataTableSelect(this.icebergEnv(), loaded, meta.kind);
    await this.host.defineView(c, target, select);
    return { database: ref.database, name: ref.name, files: [], select };
  }

  /** Evaluates a FOR VERSION|TIMESTAMP AS OF pointer (a constant expression, sandbox-checked like the query) and
   * resolves it to a snapshot id with Trino's checks and words (iceberg/time-travel.ts). */
  private async pointerSnapshot(c: DuckDBConnection, athenaSql: string, ref: TableReference, loaded: LoadedTable): Promise<number> {
    const p = ref.period!;
    await this.host.sandboxCheck(athenaSql, `SELECT ${p.sql}`);
    const at = `line ${lineCol(athenaSql, p.offset)}: `;
    try {
      const duckType = String((await c.runAndReadAll(`SELECT typeof(${p.sql})`)).getRows()[0]?.[0]);
      const pointer: Pointer = { kind: p.kind, duckType, text: null, source: p.text };
      if (duckType !== '"NULL"') {
        const temporal = /^(DATE|TIMESTAMP)/.test(duckType);
        const ms = p.kind === 'TIMESTAMP' && temporal ? (duckType === 'DATE' ? 'epoch_ms(CAST(v AS TIMESTAMP))' : 'epoch_ms(v)') : 'NULL';
        const row = (await c.runAndReadAll(`SELECT CAST(v AS VARCHAR), ${ms} FROM (SELECT ${p.sql} AS v) __pointer`)).getRows()[0]!;
        pointer.text = row[0] === null ? null : String(row[0]);
        if (row[1] !== null) pointer.millis = Number(row[1]);
      }
      checkPointer(pointer, Date.now());
      return snapshotForPointer(loaded.metadata, pointer, `${ref.database}."${ref.name}"`);
    } catch (e) {
      if (e instanceof PointerError) throw new QueryFailure({ reason: `${e.code}: ${e.positioned ? at : ''}${e.message}`, category: 2, type: 1100 });
      if (e instanceof QueryFailure) throw e;
      throw new QueryFailure(mapDuckError(athenaSql, (e as Error).message.split('\n')[0]!, ref.database));
    }
  }
}
