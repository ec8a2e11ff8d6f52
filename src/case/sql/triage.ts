import type { Dialect, SqlDb } from '../sql-db.js';

/**
 * Statements of the triage stage (src/analyze/triage-stage.ts), in the subset SQLite and
 * PostgreSQL share. On PostgreSQL migration 8 creates the tables; on a laptop case the stage
 * creates them on its first run (src/analyze/triage-schema.ts), since SQLite readers take their
 * presence for "triage has run".
 */

/** Columns of each table triage writes, in the order its rows are given to `BatchInsert`. */
export const THREAD_COLUMNS = ['item_id', 'thread_id', 'parent_id', 'depth', 'root_subject'];
export const DUPLICATE_COLUMNS = ['item_id', 'group_id', 'kind', 'similarity'];
export const ENTITY_COLUMNS = ['item_id', 'type', 'value', 'normalized', 'start', '"end"', 'field'];
export const DOC_TYPE_COLUMNS = ['item_id', 'type', 'score', 'reasons_json'];
export const IDENTITY_COLUMNS = ['id', 'name', 'names_json', 'addresses_json', 'count'];
export const IDENTITY_FORM_COLUMNS = ['form', 'identity_id'];
export const FLAG_COLUMNS = ['id', 'item_id', 'kind', 'severity', 'message', 'evidence_json', 'stage'];
export const NAME_MENTION_COLUMNS = [
  'item_id',
  'field',
  'type',
  'text',
  'name_key',
  'start',
  '"end"',
  'evidence',
  'identity_id',
  'passage',
];

/** A second duplicate row of one item and kind replaces the first (as INSERT OR REPLACE did). */
export const DUPLICATE_CONFLICT =
  'ON CONFLICT (item_id, kind) DO UPDATE SET group_id = excluded.group_id, similarity = excluded.similarity';
/** The first identity a form was seen with keeps it (as INSERT OR IGNORE did). */
export const IDENTITY_FORM_CONFLICT = 'ON CONFLICT (form) DO NOTHING';
/** Same conflict rule as UPSERT_FLAG (src/case/sql/records.ts). */
export const FLAG_CONFLICT = `ON CONFLICT (id) DO UPDATE SET item_id = excluded.item_id, kind = excluded.kind, severity = excluded.severity,
  message = excluded.message, evidence_json = excluded.evidence_json, stage = excluded.stage`;
export const NAME_MENTION_CONFLICT = 'ON CONFLICT (item_id, field, start) DO NOTHING';

/** Rows counted before a paged read (the progress bar's total). */
export const countRows = (table: 'emails' | 'documents'): string => `SELECT count(*) AS n FROM ${table}`;

/** One page of a case table in id order (keyset on id: each page an index range, issue #12). */
export const firstPage = (columns: string, table: string): string =>
  `SELECT ${columns} FROM ${table} ORDER BY id LIMIT ?`;
export const nextPage = (columns: string, table: string): string =>
  `SELECT ${columns} FROM ${table} WHERE id > ? ORDER BY id LIMIT ?`;

export const EMAIL_COLUMNS =
  'id, message_id, in_reply_to, refs, subject, from_addr, from_name, date, headers_json, text, html_text';
export const DOC_COLUMNS = 'id, filename, mime, text, metadata_json';

/**
 * The addresses of the case page by page. SQLite: in table order (rowid), as the laptop stage
 * always read them, so its rows stay the same. PostgreSQL has no rowid on `addresses`: keyset on
 * the primary key (item_id, role, address).
 */
export const ADDRESS_PAGE_SIZE = 5000;
export function addressPage(dialect: Dialect, first: boolean): string {
  if (dialect === 'sqlite')
    return `SELECT rowid AS rid, item_id, role, address, name FROM addresses WHERE rowid > ? ORDER BY rowid LIMIT ${ADDRESS_PAGE_SIZE}`;
  return `SELECT item_id, role, address, name FROM addresses${
    first ? '' : ' WHERE (item_id, role, address) > (?, ?, ?)'
  } ORDER BY item_id, role, address LIMIT ${ADDRESS_PAGE_SIZE}`;
}

/**
 * The communication graph, one query: sender ('from') → each to/cc/bcc address of the same
 * message. First and last dates compare as text by code point on both engines (SQLite's BINARY).
 */
export function commEdgesSql(dialect: Dialect): string {
  const c = dialect === 'postgres' ? ' COLLATE "C"' : '';
  return `INSERT INTO comm_edges(src, dst, messages, first, last)
       SELECT f.address, t.address, count(DISTINCT f.item_id), min(e.date${c}), max(e.date${c})
       FROM addresses f JOIN addresses t ON t.item_id = f.item_id AND t.role IN ('to', 'cc', 'bcc')
       LEFT JOIN emails e ON e.id = f.item_id
       WHERE f.role = 'from' AND t.address <> f.address
       GROUP BY f.address, t.address`;
}

export const UPSERT_TRIAGE_STAT =
  'INSERT INTO triage_stats(key, json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET json = excluded.json';

/** SQLite's default limit of bound parameters per statement (32766) is the lower of the two engines'. */
const MAX_PARAMS = 32766;
/** Rows per INSERT: large enough that a million-item case is thousands of round trips, not millions. */
const MAX_ROWS = 500;

/**
 * Rows written by multi-row `INSERT … VALUES (…), (…)` statements, `MAX_ROWS` at a time, in the
 * order they were pushed: on PostgreSQL one round trip per row made a 1,000,000-item case's
 * millions of entity rows take hours. With a `key`, rows sharing a key within one statement are
 * merged first (PostgreSQL refuses a statement whose ON CONFLICT … DO UPDATE would touch one row
 * twice): `keep: 'last'` keeps the first row's place with the last row's values, as SQLite's
 * upsert of one row after the other leaves it; `keep: 'first'` drops the later rows, as DO NOTHING.
 * @example
 * const w = new BatchInsert(tx, 'threads', THREAD_COLUMNS);
 * w.push(['a', 't', null, 0, 'Hello']); if (w.full) await w.flush(); … await w.flush();
 */
export class BatchInsert {
  private rows: unknown[][] = [];
  private keyed = new Map<string, number>();
  private readonly perStatement: number;
  /** Rows sent so far (after merging rows of one key). */
  written = 0;

  constructor(
    private readonly db: SqlDb,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly opts: {
      conflict?: string;
      key?: (row: unknown[]) => string;
      keep?: 'first' | 'last';
    } = {},
  ) {
    this.perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  }

  get full(): boolean {
    return this.rows.length >= this.perStatement;
  }

  push(row: unknown[]): void {
    const k = this.opts.key?.(row);
    if (k !== undefined) {
      const at = this.keyed.get(k);
      if (at !== undefined) {
        if (this.opts.keep === 'last') this.rows[at] = row;
        return;
      }
      this.keyed.set(k, this.rows.length);
    }
    this.rows.push(row);
  }

  async flush(): Promise<void> {
    if (!this.rows.length) return;
    const rows = this.rows;
    this.rows = [];
    this.keyed.clear();
    const one = `(${this.columns.map(() => '?').join(', ')})`;
    const sql = `INSERT INTO ${this.table}(${this.columns.join(', ')}) VALUES ${rows.map(() => one).join(', ')}${
      this.opts.conflict ? ` ${this.opts.conflict}` : ''
    }`;
    await this.db.run(sql, rows.flat());
    this.written += rows.length;
  }
}
