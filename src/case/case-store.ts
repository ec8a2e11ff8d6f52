import type { IngestRecord } from '../ingest/records.js';
import type { FailureRecord, FlagRecord, Severity } from '../model/entities.js';
import { migrate } from './migrations.js';
import {
  addressRows,
  documentParams,
  emailParams,
  folderParams,
  ftsParams,
  ftsSpec,
  INGEST_TABLES,
  type InsertSpec,
  type ItemRecord,
  insertSql,
  itemParams,
  tsvectorValue,
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
  /** The item holding the file's original bytes, when they were kept (`leaklens export ID`). */
  itemId: string | null;
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
  /** Recorded failures, by provenance then stage, with the item that keeps each original. */
  failures(opts?: { reason?: string; stage?: string }): Promise<StoredFailure[]>;
  /** The distinct failure reasons recorded in this case, sorted. */
  failureReasons(): Promise<string[]>;
  addFlags(flags: readonly FlagRecord[]): Promise<string[]>;
  clearFlags(stage: string): Promise<number>;
  flagsOf(itemId: string): Promise<StoredFlag[]>;
  /**
   * Stores ingest records in one transaction and marks the input files of `done` done in the same
   * transaction (so a killed worker's file is either complete or redone). Returns new items.
   */
  applyRecords(
    recs: readonly IngestRecord[],
    done?: readonly { source: string; items: number }[],
  ): Promise<number>;
  /** Journal rows for input files, with a status (`queued`, `started`, `failed`). */
  markJournal(rows: readonly Omit<JournalRow, 'status'>[], status: JournalRow['status']): Promise<void>;
  journal(source: string): Promise<JournalRow | undefined>;
  /** The journal rows of several input files at once (one round trip), by source. */
  journalRows(sources: readonly string[]): Promise<Map<string, JournalRow>>;
  /** Input files not yet done, in source order. */
  pendingInputs(): Promise<JournalRow[]>;
  /** Whether any input file still waits for a worker (journalled `queued` or `started`). */
  inputsWaiting(): Promise<boolean>;
  /** Input files of the journal per status, in one statement (what progress bars poll). */
  journalCounts(): Promise<Record<JournalRow['status'], number>>;
  /**
   * Sets meta `key` from `from` to `to` if it holds `from`, in one statement: of several processes
   * asking at once, exactly one gets true.
   */
  claimMeta(key: string, from: string, to: string): Promise<boolean>;
  /**
   * Prepares the search tables for queries after a bulk load: statistics for the planner and, on
   * PostgreSQL, the GIN indexes' pending lists merged (VACUUM ANALYZE), which autovacuum would
   * otherwise do minutes later. Returns the tables done.
   */
  optimizeSearch(): Promise<string[]>;
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

/**
 * Tables full-text search and its filters read (search/plan.ts, pg-fts.ts): the GIN-indexed
 * tsvectors and the rows a hit joins. SQLite's FTS5 table keeps its own statistics.
 */
const SEARCH_TABLES = {
  postgres: ['fts', 'items', 'emails', 'documents', 'addresses'],
  sqlite: ['items', 'emails', 'documents', 'addresses'],
} as const;

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
      where.push(`f.${col} = ?`);
      params.push(v);
    }
    // "itemId" quoted: PostgreSQL folds unquoted names to lower case.
    const sql = `SELECT f.id, f.provenance, f.sha256, f.reason, f.message, f.stage,
        (SELECT i.id FROM items i WHERE i.sha256 = f.sha256 ORDER BY i.id LIMIT 1) AS "itemId"
      FROM failures f${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY f.provenance, f.stage, f.reason, f.id`;
    return this.db.all<StoredFailure>(sql, params);
  }

  async failureReasons(): Promise<string[]> {
    const rows = await this.db.all<{ reason: string }>(
      'SELECT DISTINCT reason FROM failures ORDER BY reason',
    );
    return rows.map((r) => r.reason);
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
    done: readonly { source: string; items: number }[] = [],
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      const added = await applyBatch(tx, recs);
      // All the done marks in one statement (a round trip each on PostgreSQL was a tenth of a team
      // worker's time on a maildir of small files).
      // A file listed twice keeps its last count, as one update per file did.
      const marks = [...new Map(done.map((d) => [d.source, d.items]))];
      for (let i = 0; i < marks.length; i += 500) {
        const chunk = marks.slice(i, i + 500);
        await tx.run(JOURNAL_SQL.doneMany(chunk.length), [...chunk.flat(), ...chunk.map(([s]) => s)]);
      }
      return added;
    });
  }

  async markJournal(
    rows: readonly Omit<JournalRow, 'status'>[],
    status: JournalRow['status'],
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      // One multi-row upsert per 500 files instead of a round trip per file (an ingest of a
      // 21,075-file maildir marks them all before its first job is enqueued).
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        await tx.run(
          JOURNAL_SQL.markMany(chunk.length),
          chunk.flatMap((r) => [r.source, r.size, r.mtime_ms, status]),
        );
      }
    });
  }

  async journal(source: string): Promise<JournalRow | undefined> {
    const row = await this.db.get<JournalRow>(
      `SELECT source, size, mtime_ms, status FROM journal WHERE source = ?`,
      [source],
    );
    return row;
  }

  async journalRows(sources: readonly string[]): Promise<Map<string, JournalRow>> {
    const out = new Map<string, JournalRow>();
    // Chunks of 500: well under SQLite's and PostgreSQL's bound-parameter limits.
    for (let i = 0; i < sources.length; i += 500) {
      const chunk = sources.slice(i, i + 500);
      const rows = await this.db.all<JournalRow>(
        `SELECT source, size, mtime_ms, status FROM journal WHERE source IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const r of rows) out.set(r.source, r);
    }
    return out;
  }

  pendingInputs(): Promise<JournalRow[]> {
    return this.db.all<JournalRow>(JOURNAL_SQL.notDone);
  }

  async inputsWaiting(): Promise<boolean> {
    return !!(await this.db.get(JOURNAL_SQL.waiting));
  }

  async journalCounts(): Promise<Record<JournalRow['status'], number>> {
    const out = { started: 0, queued: 0, done: 0, failed: 0 };
    for (const r of await this.db.all<{ status: JournalRow['status']; n: number }>(JOURNAL_SQL.counts))
      out[r.status] = Number(r.n);
    return out;
  }

  async claimMeta(key: string, from: string, to: string): Promise<boolean> {
    return (
      (await this.db.run('UPDATE meta SET value = ? WHERE key = ? AND value = ?', [to, key, from]))
        .changes === 1
    );
  }

  async optimizeSearch(): Promise<string[]> {
    const tables = SEARCH_TABLES[this.db.dialect];
    // One statement each: PostgreSQL runs VACUUM outside any transaction block only.
    for (const t of tables)
      await this.db.exec(this.db.dialect === 'postgres' ? `VACUUM (ANALYZE) ${t}` : `ANALYZE ${t}`);
    return [...tables];
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

/** Parameters per statement, below SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const MAX_PARAMS = 30_000;

/** Inserts rows of one table in as few statements as the parameter limit allows. */
async function insertMany<R>(tx: SqlDb, t: InsertSpec, rows: readonly unknown[][]): Promise<R[]> {
  const out: R[] = [];
  const per = Math.max(1, Math.floor(MAX_PARAMS / t.cols.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const sql = insertSql(t, chunk.length);
    const params = chunk.flat();
    if (t.returning) out.push(...(await tx.all<R>(sql, params)));
    else await tx.run(sql, params);
  }
  return out;
}

const FAILURES = {
  table: 'failures',
  cols: ['id', 'provenance', 'sha256', 'reason', 'message', 'stage'],
  conflict: 'id',
};

/**
 * Stores a batch of ingest records table by table (a handful of statements per batch, not one per
 * row); returns how many items were new. An item's e-mail, document, folder and full-text rows are
 * written only when the item itself is new, as the laptop writer does.
 */
async function applyBatch(tx: SqlDb, recs: readonly IngestRecord[]): Promise<number> {
  const by = <T extends IngestRecord['t']>(t: T) =>
    recs.filter((r): r is Extract<IngestRecord, { t: T }> => r.t === t);
  const items = by('item');
  await insertMany(
    tx,
    INGEST_TABLES.blob,
    by('blob').map((b) => [b.sha256, b.size, b.mime]),
  );
  const added = await insertMany<{ id: string; rowid: number }>(
    tx,
    INGEST_TABLES.item,
    items.map(itemParams),
  );
  const rowOf = new Map(added.map((r) => [r.id, Number(r.rowid)]));
  // New items, each once (a batch may carry one id twice: the first record wins, as row by row).
  const seen = new Set<string>();
  const fresh: ItemRecord[] = items.filter((r) => rowOf.has(r.id) && !seen.has(r.id) && !!seen.add(r.id));
  await insertMany(
    tx,
    INGEST_TABLES.email,
    fresh.filter((r) => r.email).map((r) => emailParams(r.id, r.email!)),
  );
  await insertMany(
    tx,
    INGEST_TABLES.address,
    fresh.flatMap((r) => (r.email ? addressRows(r.id, r.email) : [])),
  );
  await insertMany(
    tx,
    INGEST_TABLES.document,
    fresh.filter((r) => r.document).map((r) => documentParams(r.id, r.document!)),
  );
  await insertMany(
    tx,
    INGEST_TABLES.folder,
    fresh.filter((r) => r.folder).map((r) => folderParams(r.id, r.folder!)),
  );
  const fts = fresh.filter((r) => r.fts).map((r) => ftsParams(rowOf.get(r.id) as number, r.fts!));
  // PostgreSQL: tsvector literals built here where they equal to_tsvector's (tsvectorValue).
  if (tx.dialect === 'postgres')
    for (const row of fts)
      for (let c = 1; c < row.length; c++) row[c] = tsvectorValue(row[c] as string | null);
  await insertMany(tx, ftsSpec(tx.dialect), fts);
  await insertMany(
    tx,
    INGEST_TABLES.location,
    by('location').map((l) => [l.itemId, l.provenance, l.parentId]),
  );
  await insertMany(
    tx,
    FAILURES,
    by('failure').map((f) => failureParams(failureId(f), f)),
  );
  return fresh.length;
}
