import {
  COUNT_ATTEMPT,
  FORGIVE_ATTEMPT,
  LOCK_ATTEMPT,
  RESET_ATTEMPTS,
  SELECT_ATTEMPT,
} from '../case/sql/accounts.js';
import type { SqlDb } from '../case/sql-db.js';

/**
 * Login rate limit, counted in the case database so that every server process sees every
 * attempt. A key (an account from one client address; or a client address alone) may make
 * `max` attempts per window; the max-th locks it, and each further lockout doubles the lock
 * (back-off, at most MAX_LOCK_MS). Attempts are counted *before* the password hash runs, by one
 * atomic statement (COUNT_ATTEMPT), so concurrent guesses — in one process or in several — each
 * get their own number and cannot all slip through while the first hashes are computing.
 */
export const MAX_LOGIN_FAILURES = 10;
/** Failed logins one address may make across all accounts (password spraying). */
export const MAX_ADDRESS_FAILURES = 100;
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_LOCK_MS = 24 * 60 * 60_000;

export type Attempt = { ok: true } | { ok: false; retryAfter: number };

export class RateLimiter {
  /**
   * @param scope prefix of this limiter's keys (two limiters share the table).
   */
  constructor(
    private readonly db: SqlDb,
    private readonly scope: string,
    private readonly max = MAX_LOGIN_FAILURES,
    private readonly windowMs = LOGIN_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt unless the key is locked; the max-th attempt still runs and locks the key. */
  async attempt(key: string): Promise<Attempt> {
    const k = this.key(key);
    const now = this.now();
    const old = now - this.windowMs;
    const row = await this.db.get<{ fails: number; windowStart: number; strikes: number }>(COUNT_ATTEMPT, [
      k,
      now,
      old,
      old,
      now,
      now - MAX_LOCK_MS,
      old,
      now,
    ]);
    if (!row) return { ok: false, retryAfter: await this.retryAfter(key) };
    const fails = Number(row.fails);
    if (fails > this.max) return { ok: false, retryAfter: await this.retryAfter(key) };
    if (fails === this.max) {
      const lock = Math.min(MAX_LOCK_MS, this.windowMs * 2 ** Number(row.strikes));
      await this.db.run(LOCK_ATTEMPT, [Number(row.windowStart) + lock, k]);
    }
    return { ok: true };
  }

  /** True while `key` may try again. */
  async allowed(key: string): Promise<boolean> {
    return (await this.retryAfter(key)) === 0;
  }

  /** Counts one failed attempt without asking whether it was allowed. */
  async fail(key: string): Promise<void> {
    await this.attempt(key);
  }

  /** Takes back the last counted attempt (it succeeded), keeping earlier failures. */
  async forgive(key: string): Promise<void> {
    await this.db.run(FORGIVE_ATTEMPT, [this.key(key)]);
  }

  async reset(key: string): Promise<void> {
    await this.db.run(RESET_ATTEMPTS, [this.key(key)]);
  }

  /** Seconds until `key` may try again (0 when allowed). */
  async retryAfter(key: string): Promise<number> {
    const e = await this.db.get<{ fails: number; windowStart: number; lockedUntil: number }>(SELECT_ATTEMPT, [
      this.key(key),
    ]);
    const now = this.now();
    if (!e) return 0;
    const locked = Number(e.lockedUntil);
    if (locked > now) return Math.max(1, Math.ceil((locked - now) / 1000));
    const inWindow = Number(e.windowStart) > now - this.windowMs;
    if (inWindow && Number(e.fails) >= this.max)
      return Math.max(1, Math.ceil((Number(e.windowStart) + this.windowMs - now) / 1000));
    return 0;
  }

  private key(key: string): string {
    return `${this.scope}:${key}`;
  }
}
