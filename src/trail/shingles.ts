/**
 * Word shingles of the dump, for finding quotes in posts without comparing every post with every
 * item: each run of MIN_QUOTE_WORDS consecutive words of every dump text is hashed into a 53-bit
 * key; a post's runs are looked up in that index (one hash probe per word of the post), and a hit
 * is checked word by word against the item's text, so a hash collision never becomes a quote.
 */

/** Words in a quoted run (issue #14: "a run of at least 12 words"). */
export const MIN_QUOTE_WORDS = 12;

const ASCII = /^[\x00-\x7f]*$/;
const SPLIT_ASCII = /[^a-z0-9]+/;
const SPLIT = /[^\p{L}\p{N}]+/u;
const MARKS = /\p{M}+/gu;

/**
 * The words of a text as both sides are normalised: lower case, accents stripped (NFKD without
 * combining marks), split on anything that is not a letter or a digit.
 * @example words("Très   CHER, l'ami") // ['tres', 'cher', 'l', 'ami']
 */
export function words(text: string): string[] {
  const lower = text.toLowerCase();
  const parts = ASCII.test(lower)
    ? lower.split(SPLIT_ASCII)
    : lower.normalize('NFKD').replace(MARKS, '').split(SPLIT);
  return parts.filter((w) => w.length > 0);
}

/** FNV-1a over the UTF-16 code units of a word (32 bits). */
function wordHash(w: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Grows on demand: word hashes and the two 32-bit halves of each run's hash, reused from post to post. */
class Buffers {
  a = new Uint32Array(1024);
  b = new Uint32Array(1024);
  h = new Uint32Array(1024);
  fit(n: number): void {
    if (n <= this.a.length) return;
    const size = 2 ** Math.ceil(Math.log2(n));
    this.a = new Uint32Array(size);
    this.b = new Uint32Array(size);
    this.h = new Uint32Array(size);
  }
}

/**
 * Hashes every run of `n` words (starting at 0, 1, …) into two 32-bit halves, written to
 * `buf.a`/`buf.b`; returns how many runs there are.
 */
function shingles(ws: string[], n: number, buf: Buffers): number {
  const count = ws.length - n + 1;
  if (count <= 0) return 0;
  buf.fit(ws.length);
  const h = buf.h;
  for (let i = 0; i < ws.length; i++) h[i] = wordHash(ws[i] as string);
  for (let s = 0; s < count; s++) {
    let a = 0x9e3779b9;
    let b = 0x85ebca6b;
    for (let k = s; k < s + n; k++) {
      const x = h[k] as number;
      a = Math.imul(a ^ x, 0x01000193);
      b = Math.imul((b + x) | 0, 0xc2b2ae35) ^ (b >>> 13);
    }
    buf.a[s] = a >>> 0;
    buf.b[s] = b >>> 0;
  }
  return count;
}

/** The 64-bit key of each run of `n` words, as 16 hex digits (for tests and tools). */
export function shingleKeys(ws: string[], n = MIN_QUOTE_WORDS): string[] {
  const buf = new Buffers();
  const c = shingles(ws, n, buf);
  const hex = (x: number | undefined) => (x ?? 0).toString(16).padStart(8, '0');
  return Array.from({ length: c }, (_, i) => `${hex(buf.a[i])}${hex(buf.b[i])}`);
}

const EMPTY = -1;

/**
 * The index of the dump's runs: an open-addressing table of 64-bit keys (two Uint32Arrays) to the
 * item holding the run, or to a list when several items hold it. (A JS Map keyed by 53-bit
 * numbers was the bottleneck: such keys are heap numbers, hashed slowly.)
 */
export class ShingleIndex {
  private readonly keyA: Uint32Array;
  private readonly keyB: Uint32Array;
  /** item index, EMPTY, or -2 - m for `multi[m]`. */
  private readonly val: Int32Array;
  private readonly mask: number;
  private readonly multi: number[][] = [];
  private count = 0;
  /** Each item's words joined by spaces, to confirm a hit (a hash collision is never a quote). */
  private readonly joined: string[] = [];
  private readonly buf = new Buffers();

  constructor(
    texts: string[],
    readonly n = MIN_QUOTE_WORDS,
  ) {
    const all = texts.map((t) => words(t));
    const total = all.reduce((a, ws) => a + Math.max(0, ws.length - n + 1), 0);
    const cap = 2 ** Math.max(4, Math.ceil(Math.log2(total * 2 + 1)));
    this.keyA = new Uint32Array(cap);
    this.keyB = new Uint32Array(cap);
    this.val = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    for (const [idx, ws] of all.entries()) {
      this.joined[idx] = ` ${ws.join(' ')} `;
      const c = shingles(ws, n, this.buf);
      for (let s = 0; s < c; s++) this.add(this.buf.a[s] as number, this.buf.b[s] as number, idx);
    }
  }

  private slot(a: number, b: number): number {
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    for (;;) {
      const v = this.val[i] as number;
      if (v === EMPTY || (this.keyA[i] === a && this.keyB[i] === b)) return i;
      i = (i + 1) & this.mask;
    }
  }

  private add(a: number, b: number, idx: number): void {
    const i = this.slot(a, b);
    const v = this.val[i] as number;
    if (v === EMPTY) {
      this.keyA[i] = a;
      this.keyB[i] = b;
      this.val[i] = idx;
      this.count++;
    } else if (v >= 0) {
      if (v !== idx) {
        this.multi.push([v, idx]);
        this.val[i] = -2 - (this.multi.length - 1);
      }
    } else {
      const list = this.multi[-2 - v] as number[];
      if (list[list.length - 1] !== idx) list.push(idx);
    }
  }

  private itemsAt(a: number, b: number): number[] | null {
    const v = this.val[this.slot(a, b)] as number;
    if (v === EMPTY) return null;
    return v >= 0 ? [v] : (this.multi[-2 - v] ?? null);
  }

  /** Distinct runs in the index. */
  get size(): number {
    return this.count;
  }

  /** Runs found in more than `maxItems` items (boilerplate). */
  countShared(maxItems: number): number {
    return this.multi.filter((items) => items.length > maxItems).length;
  }

  /**
   * The items a post quotes: for each, where the longest confirmed run starts and its words.
   * `boilerplateOnly` is true when the post's only hits were runs of more than `maxItems` items.
   */
  match(
    text: string,
    maxItems: number,
  ): { hits: Map<number, { pos: number; words: string }>; boilerplateOnly: boolean } {
    const hits = new Map<number, { pos: number; words: string }>();
    const ws = words(text);
    const count = shingles(ws, this.n, this.buf);
    let boiler = false;
    // Consecutive confirmed positions per item, to report the whole run, not only 12 words.
    const runs = new Map<number, { start: number; end: number; best: [number, number] }>();
    for (let s = 0; s < count; s++) {
      const items = this.itemsAt(this.buf.a[s] as number, this.buf.b[s] as number);
      if (!items) continue;
      if (items.length > maxItems) {
        boiler = true;
        continue;
      }
      const phrase = ` ${ws.slice(s, s + this.n).join(' ')} `;
      for (const idx of items) {
        if (!this.joined[idx]?.includes(phrase)) continue;
        const r = runs.get(idx);
        if (r && r.end === s - 1) {
          r.end = s;
          if (r.end - r.start > r.best[1] - r.best[0]) r.best = [r.start, r.end];
        } else if (!r) runs.set(idx, { start: s, end: s, best: [s, s] });
        else {
          r.start = s;
          r.end = s;
        }
      }
    }
    for (const [idx, r] of runs) {
      const [a, b] = r.best;
      const run = ws.slice(a, b + this.n).join(' ');
      // Two overlapping runs of one item need not be one longer run of it: checked, else 12 words.
      const ok = this.joined[idx]?.includes(` ${run} `);
      hits.set(idx, { pos: a, words: ok ? run : ws.slice(a, a + this.n).join(' ') });
    }
    return { hits, boilerplateOnly: boiler && hits.size === 0 };
  }
}
