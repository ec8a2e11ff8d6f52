import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { migrateSqliteSync } from '../case/migrations.js';
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
} from '../case/sql/records.js';
import type { FailureRecord, FlagRecord } from '../model/entities.js';
import { BlobStore } from './blob-store.js';
import { SCHEMA_VERSION } from './schema.js';

export const DEFAULT_CASE_DIR = './leaklens-case';

/**
 * A case directory (DESIGN.md "A case"): case.sqlite + blobs/ + keys/ + reports/.
 * Analyses reach SQLite through `db`; each registers its own tables with `migrate`.
 * @example
 * const store = Store.open('./leaklens-case');
 * store.db.prepare('SELECT count(*) AS n FROM emails').get();
 */
export class Store {
  readonly db: Database.Database;
  readonly blobs: BlobStore;

  private constructor(
    readonly dir: string,
    readonly readonly_: boolean,
  ) {
    if (!readonly_) {
      mkdirSync(dir, { recursive: true });
      for (const d of ['keys', 'reports']) mkdirSync(join(dir, d), { recursive: true });
    }
    if (readonly_) Store.upgradeInPlace(join(dir, 'case.sqlite'));
    this.db = new Database(join(dir, 'case.sqlite'), { readonly: readonly_, fileMustExist: readonly_ });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('cache_size = -65536');
    this.blobs = new BlobStore(join(dir, 'blobs'));
    if (!readonly_) {
      migrateSqliteSync(this.db);
      this.upgrade();
      this.db
        .prepare('INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)')
        .run('schemaVersion', String(SCHEMA_VERSION));
    }
  }

  static open(dir: string = DEFAULT_CASE_DIR, opts: { readonly?: boolean } = {}): Store {
    return new Store(resolve(dir), opts.readonly ?? false);
  }

  /** A read-only open of a case made by an earlier version upgrades it first (once). */
  private static upgradeInPlace(file: string): void {
    if (!existsSync(file)) return;
    const db = new Database(file);
    try {
      Store.upgradeDb(db);
    } finally {
      db.close();
    }
  }

  private upgrade(): void {
    Store.upgradeDb(this.db);
  }

  /** Brings a case made by an earlier version up to the current schema. */
  private static upgradeDb(db: Database.Database): void {
    const cols = db.prepare('PRAGMA table_info(items)').all() as { name: string }[];
    if (!cols.length) return;
    if (!cols.some((c) => c.name === 'date')) {
      db.exec(`ALTER TABLE items ADD COLUMN date TEXT;
        UPDATE items SET date = (SELECT e.date FROM emails e WHERE e.id = items.id) WHERE kind = 'Email';
        UPDATE items SET date = (SELECT COALESCE(json_extract(d.metadata_json, '$.modified'), json_extract(d.metadata_json, '$.created')) FROM documents d WHERE d.id = items.id) WHERE kind = 'Document';`);
    }
    db.exec('CREATE INDEX IF NOT EXISTS items_date ON items(date)');
  }

  /** Runs `sql` once per case (idempotent `CREATE … IF NOT EXISTS` is still expected). */
  migrate(name: string, sql: string): void {
    this.db.exec(sql);
    this.db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(`migration:${name}`, '1');
  }

  close(): void {
    this.db.close();
  }

  get path(): string {
    return this.dir;
  }

  /** Records a failure; the same file failing the same way twice is one record. */
  addFailure(f: FailureRecord): string {
    const id = failureId(f);
    this.db.prepare(INSERT_FAILURE).run(...failureParams(id, f));
    return id;
  }

  /** Adds a flag; id is derived from item, kind and evidence, so re-running a stage adds nothing. */
  addFlag(f: FlagRecord): string {
    const id = flagId(f);
    this.db.prepare(UPSERT_FLAG).run(...flagParams(id, f));
    return id;
  }

  /** Removes the flags a stage wrote, before it runs again. */
  clearFlags(stage: string): void {
    this.db.prepare(DELETE_STAGE_FLAGS).run(stage);
  }

  setMeta(key: string, value: string): void {
    this.db.prepare(UPSERT_META).run(key, value);
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare(SELECT_META).get(key) as { value: string } | undefined;
    return row?.value;
  }
}
