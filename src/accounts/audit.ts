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
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: SqlDb,
    private readonly opts: { now?: () => Date; batchMs?: number } = {},
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
