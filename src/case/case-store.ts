import type { IngestRecord } from '../ingest/records.js';
import type { FailureRecord, FlagRecord, Severity } from '../model/entities.js';
import { migrate } from './migrations.js';
import {
  addressRows,
  documentParams,
  emailParams,
  folderParams,
  ftsInsert,
  ftsParams,
  INGEST_SQL,
  itemParams,
} from './sql/ingest-records.js';
import { JOURNAL_SQL, type JournalRow } from './sql/journal.js';
import {
  DELETE_STAGE_FLAGS,
  failureId,
  failureParams,
  flagId,
  flagParams,
  INSERT_FAILURE,
  SELECT_META,
  UPSERT_FLAG,
  UPSERT_META,
} from './sql/records.js';
import type { Dialect, SqlDb } from './sql-db.js';

/** A stored failure, as `leaklens errors` lists it. */
export interface StoredFailure extends FailureRecord {
  id: string;
}

/** A stored flag with its evidence parsed. */
export interface StoredFlag extends FlagRecord {
  id: string;
}

/**
 * The case as every area sees it, whichever database holds it (HOUSE.md "src/case/"). One
 * contract suite (test/case/contract.test.ts) runs every method on SQLite and on PostgreSQL.
 * Areas move onto it one at a time; until then they keep the laptop `Store`.
 */
export interface CaseStore {
  readonly dialect: Dialect;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  addFailure(f: FailureRecord): Promise<string>;
  failures(opts?: { reason?: string; stage?: string }): Promise<StoredFailure[]>;
  addFlags(flags: readonly FlagRecord[]): Promise<string[]>;
  clearFlags(stage: string): Promise<number>;
  flagsOf(itemId: string): Promise<StoredFlag[]>;
  /**
   * Stores ingest records in one transaction; with `done`, marks that input file done in the same
   * transaction (so a killed worker's file is either complete or redone). Returns new items.
   */
  applyRecords(recs: readonly IngestRecord[], done?: { source: string; items: number }): Promise<number>;
  /** Journal rows for input files, with a status (`queued`, `started`, `failed`). */
  markJournal(rows: readonly Omit<JournalRow, 'status'>[], status: JournalRow['status']): Promise<void>;
  journal(source: string): Promise<JournalRow | undefined>;
  /** Input files not yet done, in source order. */
  pendingInputs(): Promise<JournalRow[]>;
  /** Rows per table (items, emails, documents, folders, locations, blobs, addresses, failures, fts, journal). */
  counts(): Promise<Record<string, number>>;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const COUNTED = [
  'items',
  'emails',
  'documents',
  'folders',
  'locations',
  'blobs',
  'addresses',
  'failures',
  'fts',
  'journal',
];

/** `CaseStore` over any `SqlDb`: the statements are the shared subset, so one class serves both. */
export class SqlCaseStore implements CaseStore {
  private constructor(readonly db: SqlDb) {}

  /** Applies pending migrations, then serves the case. */
  static async open(db: SqlDb): Promise<SqlCaseStore> {
    await migrate(db);
    return new SqlCaseStore(db);
  }

  get dialect(): Dialect {
    return this.db.dialect;
  }

  async getMeta(key: string): Promise<string | undefined> {
    return (await this.db.get<{ value: string }>(SELECT_META, [key]))?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db.run(UPSERT_META, [key, value]);
  }

  async addFailure(f: FailureRecord): Promise<string> {
    const id = failureId(f);
    await this.db.run(INSERT_FAILURE, failureParams(id, f));
    return id;
  }

  async failures(opts: { reason?: string; stage?: string } = {}): Promise<StoredFailure[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const col of ['reason', 'stage'] as const) {
      const v = opts[col];
      if (v === undefined) continue;
      where.push(`${col} = ?`);
      params.push(v);
    }
    const sql = `SELECT id, provenance, sha256, reason, message, stage FROM failures${
      where.length ? ` WHERE ${where.join(' AND ')}` : ''
    } ORDER BY provenance, reason, id`;
    return this.db.all<StoredFailure>(sql, params);
  }

  /** Adds flags in one transaction: a stage's flags appear together or not at all. */
  async addFlags(flags: readonly FlagRecord[]): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const ids: string[] = [];
      for (const f of flags) {
        const id = flagId(f);
        await tx.run(UPSERT_FLAG, flagParams(id, f));
        ids.push(id);
      }
      return ids;
    });
  }

  async clearFlags(stage: string): Promise<number> {
    return (await this.db.run(DELETE_STAGE_FLAGS, [stage])).changes;
  }

  async flagsOf(itemId: string): Promise<StoredFlag[]> {
    const rows = await this.db.all<{
      id: string;
      item_id: string;
      kind: string;
      severity: Severity;
      message: string;
      evidence_json: string;
      stage: string;
    }>('SELECT * FROM flags WHERE item_id = ? ORDER BY kind, id', [itemId]);
    return rows.map((r) => ({
      id: r.id,
      itemId: r.item_id,
      kind: r.kind,
      severity: r.severity,
      message: r.message,
      evidence: JSON.parse(r.evidence_json) as Record<string, unknown>,
      stage: r.stage,
    }));
  }

  async applyRecords(
    recs: readonly IngestRecord[],
    done?: { source: string; items: number },
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      let added = 0;
      for (const rec of recs) if (await applyRecord(tx, rec)) added++;
      if (done) await tx.run(JOURNAL_SQL.done, [done.items, done.source]);
      return added;
    });
  }

  async markJournal(
    rows: readonly Omit<JournalRow, 'status'>[],
    status: JournalRow['status'],
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const r of rows) await tx.run(JOURNAL_SQL.mark, [r.source, r.size, r.mtime_ms, status]);
    });
  }

  async journal(source: string): Promise<JournalRow | undefined> {
    const row = await this.db.get<JournalRow>(
      `SELECT source, size, mtime_ms, status FROM journal WHERE source = ?`,
      [source],
    );
    return row;
  }

  pendingInputs(): Promise<JournalRow[]> {
    return this.db.all<JournalRow>(JOURNAL_SQL.notDone);
  }

  async counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of COUNTED)
      out[t] = Number((await this.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))?.n ?? 0);
    return out;
  }

  async ping(): Promise<void> {
    await this.db.get('SELECT 1 AS one');
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/** Stores one ingest record; true when it added a new item. */
async function applyRecord(tx: SqlDb, rec: IngestRecord): Promise<boolean> {
  switch (rec.t) {
    case 'blob':
      await tx.run(INGEST_SQL.blob, [rec.sha256, rec.size, rec.mime]);
      return false;
    case 'location':
      await tx.run(INGEST_SQL.location, [rec.itemId, rec.provenance, rec.parentId]);
      return false;
    case 'failure':
      await tx.run(INSERT_FAILURE, failureParams(failureId(rec), rec));
      return false;
    case 'item': {
      const row = await tx.get<{ rowid: number }>(INGEST_SQL.item, itemParams(rec));
      if (!row) return false;
      if (rec.email) {
        await tx.run(INGEST_SQL.email, emailParams(rec.id, rec.email));
        for (const a of addressRows(rec.id, rec.email)) await tx.run(INGEST_SQL.address, a);
      }
      if (rec.document) await tx.run(INGEST_SQL.document, documentParams(rec.id, rec.document));
      if (rec.folder) await tx.run(INGEST_SQL.folder, folderParams(rec.id, rec.folder));
      if (rec.fts) await tx.run(ftsInsert(tx.dialect), ftsParams(row.rowid, rec.fts));
      return true;
    }
  }
}
