/**
 * A small least-recently-used map with an optional time-to-live: Map keeps insertion order, so the
 * first key is the oldest.
 * @example
 * const c = new Lru<string>(100, 30_000); c.set('k', 'v'); c.get('k') // 'v'
 */
export class Lru<V> {
  private readonly map = new Map<string, { v: V; at: number }>();
  constructor(
    private readonly max: number,
    private readonly ttlMs = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  get(k: string): V | undefined {
    const hit = this.map.get(k);
    if (!hit) return undefined;
    this.map.delete(k);
    if (this.now() - hit.at > this.ttlMs) return undefined;
    this.map.set(k, hit);
    return hit.v;
  }

  set(k: string, v: V): void {
    this.map.delete(k);
    this.map.set(k, { v, at: this.now() });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }

  clear(): void {
    this.map.clear();
  }
}
