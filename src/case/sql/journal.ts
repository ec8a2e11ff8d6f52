/**
 * The ingest journal (one row per top-level input file), shared by the laptop ingest and team
 * workers. 'done' is written in the same transaction as a file's last records, so a killed run
 * resumes exactly where it stopped; 'queued' marks files handed to the team queue; 'failed' marks
 * a file whose job failed every retry (its failure record says why).
 */
export const JOURNAL_SQL = {
  get: 'SELECT size, mtime_ms, status FROM journal WHERE source = ?',
  mark: `INSERT INTO journal(source, size, mtime_ms, status) VALUES (?, ?, ?, ?)
    ON CONFLICT (source) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, status = excluded.status`,
  done: "UPDATE journal SET status = 'done', items = ? WHERE source = ?",
  /** `mark` for `n` files at once: parameters source, size, mtime_ms, status per file. */
  markMany: (n: number) =>
    `INSERT INTO journal(source, size, mtime_ms, status) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?)').join(', ')}
    ON CONFLICT (source) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, status = excluded.status`,
  /**
   * `done` for `n` files in one statement (SQLite and PostgreSQL alike): parameters source, items
   * per file, then the `n` sources again. Each source once.
   */
  doneMany: (n: number) =>
    `UPDATE journal SET status = 'done', items = CASE source ${Array.from({ length: n }, () => 'WHEN ? THEN CAST(? AS INTEGER)').join(' ')} END
    WHERE source IN (${Array.from({ length: n }, () => '?').join(', ')})`,
  setStatus: 'UPDATE journal SET status = ? WHERE source = ?',
  notDone: "SELECT source, size, mtime_ms, status FROM journal WHERE status <> 'done' ORDER BY source",
  waiting: "SELECT 1 AS one FROM journal WHERE status IN ('queued', 'started') LIMIT 1",
  counts: 'SELECT status, count(*) AS n FROM journal GROUP BY status',
} as const;

export interface JournalRow {
  source: string;
  size: number;
  mtime_ms: number;
  status: 'started' | 'queued' | 'done' | 'failed';
}
