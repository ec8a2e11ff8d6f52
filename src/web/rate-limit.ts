/**
 * Login rate limit. A key (an account from one client address; or a client address alone) may
 * fail MAX_LOGIN_FAILURES times per LOGIN_WINDOW_MS; then it is locked, and each further lockout
 * doubles the lock (back-off, at most MAX_LOCK_MS). Attempts are counted *before* the password
 * hash runs (`fail` is called synchronously on arrival, then undone on success), so concurrent
 * guesses cannot all slip through while the first hashes are computing.
 */
export const MAX_LOGIN_FAILURES = 10;
/** Failed logins one address may make across all accounts (password spraying). */
export const MAX_ADDRESS_FAILURES = 100;
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_LOCK_MS = 24 * 60 * 60_000;

interface Entry {
  times: number[];
  lockedUntil: number;
  strikes: number;
}

export class RateLimiter {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly max = MAX_LOGIN_FAILURES,
    private readonly windowMs = LOGIN_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while `key` may try again. */
  allowed(key: string): boolean {
    const e = this.entry(key);
    return this.now() >= e.lockedUntil && e.times.length < this.max;
  }

  /** Counts one attempt (call before checking the password); the max-th one locks the key. */
  fail(key: string): void {
    const e = this.entry(key);
    e.times.push(this.now());
    if (e.times.length >= this.max) {
      const lock = Math.min(MAX_LOCK_MS, this.windowMs * 2 ** e.strikes);
      e.lockedUntil = (e.times[0] ?? this.now()) + lock;
      e.strikes++;
      e.times = [];
    }
    this.entries.set(key, e);
  }

  /** Undoes the last `fail` (the attempt succeeded), keeping earlier failures. */
  forgive(key: string): void {
    const e = this.entries.get(key);
    if (e?.times.length) e.times.pop();
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Seconds until `key` may try again (0 when allowed). */
  retryAfter(key: string): number {
    if (this.allowed(key)) return 0;
    const e = this.entry(key);
    return Math.max(1, Math.ceil((e.lockedUntil - this.now()) / 1000));
  }

  private entry(key: string): Entry {
    const now = this.now();
    const e = this.entries.get(key) ?? { times: [], lockedUntil: 0, strikes: 0 };
    e.times = e.times.filter((t) => t > now - this.windowMs);
    // A key quiet for a whole day starts over without strikes.
    if (!e.times.length && e.lockedUntil < now - MAX_LOCK_MS) {
      this.entries.delete(key);
      return { times: [], lockedUntil: 0, strikes: 0 };
    }
    return e;
  }
}
