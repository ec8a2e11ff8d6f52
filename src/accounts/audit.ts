import { INSERT_AUDIT, SELECT_AUDIT } from '../case/sql/accounts.js';
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

/**
 * The append-only audit log of a case, on SQLite or PostgreSQL.
 * @example
 * await new AuditLog(db).record({ user: 'ana', action: 'open', target: itemId, address: '10.0.0.7' });
 */
export class AuditLog {
  constructor(
    private readonly db: SqlDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(e: { user: string; action: AuditAction; target: string; detail?: string; address: string }) {
    await this.db.run(INSERT_AUDIT, [
      this.now().toISOString(),
      clean(e.user),
      e.action,
      clean(e.target.slice(0, MAX_FIELD)),
      clean((e.detail ?? '').slice(0, MAX_FIELD)),
      clean(e.address),
    ]);
  }

  /** Newest first, filtered by user, action or target when given. */
  async list(
    f: { user?: string; action?: string; target?: string; limit?: number } = {},
  ): Promise<AuditEntry[]> {
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
