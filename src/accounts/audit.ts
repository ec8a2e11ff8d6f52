import { insertAudit, SELECT_AUDIT } from '../case/sql/accounts.js';
import type { SqlDb } from '../case/sql-db.js';

/** What the audit log records (investigations must be able to show who saw a source's mail). */
export type AuditAction =
  | 'login'
  | 'login-failed'
  | 'logout'
  | 'open'
  | 'search'
  | 'export'
  | 'annotate'
  | 'unannotate'
  | 'save-search'
  | 'manage-users';

export interface AuditEntry {
  id: number;
  at: string;
  user: string;
  action: AuditAction;
  /** The item, blob, query or user acted on. */
  target: string;
  /** What was written or asked (a tag's value, a search's filters), empty when nothing more. */
  detail: string;
  /** The client address (behind --trust-proxy, the forwarded one). */
  address: string;
}

/** Longest target or detail kept: a 10,000-character note is logged by its first 500. */
const MAX_FIELD = 500;

/** Entries per statement, at most (6 parameters each: far under both engines' limits). */
const MAX_BATCH = 500;

/**
 * The append-only audit log of a case, on SQLite or PostgreSQL.
 *
 * With `batchMs`, entries are written together every `batchMs` milliseconds (one statement)
 * instead of one by one: on SQLite several server processes share one write lock, and
 * better-sqlite3 waits for it on the event loop, so a write per request from each process made
 * them wait on each other (bench/web-load). The cost: entries of the last `batchMs` are lost if
 * the process is killed outright (SIGKILL, power loss); `close()` and `list()` write them first.
 * @example
 * await new AuditLog(db).record({ user: 'ana', action: 'open', target: itemId, address: '10.0.0.7' });
 */
export class AuditLog {
  private pending: unknown[][] = [];
  /** `group`: rows waiting for the statement after the one under way, with their callers. */
  private waiting: { row: unknown[]; done: (err?: Error) => void }[] = [];
  private writing = false;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: SqlDb,
    private readonly opts: { now?: () => Date; batchMs?: number; group?: boolean } = {},
  ) {}

  async record(e: { user: string; action: AuditAction; target: string; detail?: string; address: string }) {
    const row = [
      (this.opts.now?.() ?? new Date()).toISOString(),
      clean(e.user),
      e.action,
      clean(e.target.slice(0, MAX_FIELD)),
      clean((e.detail ?? '').slice(0, MAX_FIELD)),
      clean(e.address),
    ];
    if (this.opts.group) return this.groupWrite(row);
    if (!this.opts.batchMs) {
      await this.db.run(insertAudit(1), row);
      return;
    }
    this.pending.push(row);
    this.timer ??= setTimeout(() => {
      this.flush().catch((err: Error) =>
        process.stderr.write(`leaklens: audit log not written: ${err.message}\n`),
      );
    }, this.opts.batchMs);
  }

  /**
   * Group commit (a team server, `group`): the row is written by the next INSERT of this process,
   * together with every row that arrived while the previous one was under way, and the caller
   * resumes only once that INSERT has committed. So an answered request's entry is in the log,
   * visible to every process, as with one INSERT per entry; under load there are far fewer
   * statements (one per round trip instead of one per request), and alone a row waits for nothing.
   * If the INSERT fails, every caller of the group gets the error (their requests answer 500).
   */
  private groupWrite(row: unknown[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ row, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.writing) void this.writeGroups();
    });
  }

  private async writeGroups(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length) {
        const group = this.waiting.splice(0, MAX_BATCH);
        try {
          await this.db.run(
            insertAudit(group.length),
            group.flatMap((g) => g.row),
          );
          for (const g of group) g.done();
        } catch (err) {
          for (const g of group) g.done(err as Error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** Writes the entries waiting for their batch. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.pending;
    this.pending = [];
    const write = async () => {
      for (let i = 0; i < rows.length; i += MAX_BATCH) {
        const part = rows.slice(i, i + MAX_BATCH);
        await this.db.run(insertAudit(part.length), part.flat());
      }
    };
    this.flushing = this.flushing.then(write, write);
    await this.flushing;
  }

  /** Newest first, filtered by user, action or target when given. */
  async list(
    f: { user?: string; action?: string; target?: string; limit?: number } = {},
  ): Promise<AuditEntry[]> {
    await this.flush();
    const u = f.user ?? null;
    const a = f.action ?? null;
    const t = f.target ?? null;
    const rows = await this.db.all<AuditEntry>(SELECT_AUDIT, [u, u, a, a, t, t, f.limit ?? 1000]);
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }
}

/** PostgreSQL text cannot hold NUL; a query typed with one is logged with U+FFFD in its place. */
function clean(s: string): string {
  return s.replaceAll('\u0000', '\uFFFD');
}
