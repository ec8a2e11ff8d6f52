/**
 * Login rate limit: at most MAX_LOGIN_FAILURES failed logins per key (client address, and user
 * name separately) per LOGIN_WINDOW_MS; further attempts are refused without checking the password,
 * so an online guessing attack gets ~10 guesses per quarter hour per account.
 */
export const MAX_LOGIN_FAILURES = 10;
export const LOGIN_WINDOW_MS = 15 * 60_000;

export class RateLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly max = MAX_LOGIN_FAILURES,
    private readonly windowMs = LOGIN_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while `key` may try again. */
  allowed(key: string): boolean {
    return this.recent(key).length < this.max;
  }

  fail(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    this.failures.set(key, list);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  /** Seconds until `key` may try again (0 when allowed). */
  retryAfter(key: string): number {
    const list = this.recent(key);
    if (list.length < this.max) return 0;
    return Math.ceil(((list[0] ?? 0) + this.windowMs - this.now()) / 1000);
  }

  private recent(key: string): number[] {
    const cut = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cut);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }
}
