import { createHash } from 'node:crypto';
import { fold } from './doc-type/classify.js';

/**
 * Duplicate detection for messages and documents. Byte-identical files are already one item with
 * several locations (the store keys items by content); here we find (1) exact duplicates: the same
 * normalised text in different bytes (re-encoded, other headers, other mailbox), and (2) near
 * duplicates: MinHash over word shingles (Broder 1997) with LSH banding (Leskovec, Rajaraman &
 * Ullman, "Mining of Massive Datasets" §3.4), each candidate pair confirmed on the estimated
 * Jaccard similarity against the configured threshold.
 */
export interface DupInput {
  itemId: string;
  text: string;
  /** Text compared for near duplicates when it differs (an e-mail without its quoted reply). */
  nearText?: string;
}

export interface DupRow {
  itemId: string;
  groupId: string;
  kind: 'exact' | 'near';
  /** 1 for exact; estimated Jaccard similarity to the group's first member for near. */
  similarity: number;
}

export interface DupOptions {
  /** Minimum estimated Jaccard similarity of word 3-shingles for a near duplicate. Default 0.7. */
  threshold?: number;
  /** Texts shorter than this (normalised characters) are ignored. Default 40. */
  minChars?: number;
}

/**
 * Default near-duplicate threshold. 0.7 catches a short message re-sent with another greeting and
 * closing (measured 0.73 on the demo corpus) once quoted replies are left out of the comparison.
 */
export const DEFAULT_NEAR_THRESHOLD = 0.7;

const PERMS = 64;
/**
 * LSH band layouts (bands x rows = PERMS). A pair with similarity s becomes a candidate with
 * probability 1-(1-s^r)^b, whose S-curve is centred near (1/b)^(1/r); pick the layout whose
 * centre sits safely below the threshold (16x4 ≈ 0.5 for the default 0.8).
 */
const LAYOUTS: [number, number][] = [
  [8, 8],
  [16, 4],
  [32, 2],
  [64, 1],
];

function layoutFor(threshold: number): [number, number] {
  return LAYOUTS.find(([b, r]) => (1 / b) ** (1 / r) <= threshold * 0.7) ?? [64, 1];
}
const SHINGLE = 3;
/** A bucket larger than this is boilerplate: compare its members with its first one only. */
const MAX_BUCKET = 64;

/**
 * Lower-cases, folds accents and turns punctuation runs into single spaces. Uses the doc-type
 * fold table: Unicode NFKD over 20k messages costs seconds.
 */
export function normalizeText(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9@€$£%\u00c0-\u1fff\u3000-\uffff]+/g, ' ')
    .trim();
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// murmur3 finaliser: a cheap, well-mixed 32-bit permutation per seed.
function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * MinHash signature by one-permutation hashing with rotation densification (Li, Owen & Zhang 2012;
 * Shrivastava & Li 2014): each shingle is hashed once, its top bits choose one of PERMS bins and
 * each bin keeps its minimum; empty bins borrow from the next non-empty bin. Same estimator and LSH
 * behaviour as PERMS independent hash functions at 1/PERMS of the cost.
 */
export function minhash(norm: string): Uint32Array {
  const words = norm.split(' ').map(fnv1a);
  const sig = new Uint32Array(PERMS).fill(0xffffffff);
  const n = Math.max(1, words.length - SHINGLE + 1);
  for (let i = 0; i < n; i++) {
    let x = 0x9e3779b9;
    for (let k = 0; k < SHINGLE && i + k < words.length; k++) x = mix(x, words[i + k]!);
    const bin = x >>> 26; // PERMS = 64 bins: top 6 bits
    const v = x & 0x3ffffff;
    if (v < sig[bin]!) sig[bin] = v;
  }
  densify(sig);
  return sig;
}

const EMPTY = 0xffffffff;

function densify(sig: Uint32Array): void {
  if (sig.every((v) => v === EMPTY)) return;
  const src = Uint32Array.from(sig);
  for (let b = 0; b < PERMS; b++) {
    if (src[b] !== EMPTY) continue;
    let j = (b + 1) % PERMS;
    let hops = 1;
    while (src[j] === EMPTY) {
      j = (j + 1) % PERMS;
      hops++;
    }
    // The offset keeps a borrowed value distinct from the lender's own (rotation densification).
    sig[b] = (src[j]! + hops * 0x4000000) >>> 0;
  }
}

/** Estimated Jaccard similarity of two signatures. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < PERMS; i++) if (a[i] === b[i]) same++;
  return same / PERMS;
}

class UnionFind {
  private parent = new Map<number, number>();
  find(x: number): number {
    let r = x;
    while ((this.parent.get(r) ?? r) !== r) r = this.parent.get(r)!;
    this.parent.set(x, r);
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
}

const groupId = (kind: string, first: string) =>
  `dup-${createHash('sha256').update(`${kind}\0${first}`).digest('hex').slice(0, 16)}`;

/** What duplicate detection keeps of an item: a hash of its normalised text and its MinHash signature. */
interface Prepared {
  itemId: string;
  /** SHA-256 of the normalised text (exact duplicates). */
  hash: string;
  sig: Uint32Array;
}

/**
 * Exact groups by hash of the normalised text; returns rows and one representative per text. The
 * texts themselves are not kept (issue #12: on a 1,000,000-item case, every normalised text held
 * at once was gigabytes), only their hashes and signatures.
 */
function exactGroups(items: Prepared[]): { rows: DupRow[]; reps: Prepared[] } {
  const byHash = new Map<string, Prepared[]>();
  for (const it of items) {
    const g = byHash.get(it.hash);
    if (g) g.push(it);
    else byHash.set(it.hash, [it]);
  }
  const rows: DupRow[] = [];
  const reps: Prepared[] = [];
  for (const g of byHash.values()) {
    reps.push(g[0]!);
    if (g.length < 2) continue;
    const id = groupId('exact', g[0]!.itemId);
    for (const it of g) rows.push({ itemId: it.itemId, groupId: id, kind: 'exact', similarity: 1 });
  }
  return { rows, reps };
}

function nearPairs(sigs: Uint32Array[], threshold: number): UnionFind {
  const uf = new UnionFind();
  const [BANDS, ROWS] = layoutFor(threshold);
  for (let b = 0; b < BANDS; b++) {
    const buckets = new Map<string, number[]>();
    for (let i = 0; i < sigs.length; i++) {
      const key = Array.from(sigs[i]!.subarray(b * ROWS, (b + 1) * ROWS)).join(',');
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    }
    for (const list of buckets.values()) {
      for (let x = 0; x < list.length; x++) {
        const ys = list.length > MAX_BUCKET ? [0] : list.slice(0, x).map((_, k) => k);
        for (const y of ys) {
          const a = list[x]!;
          const c = list[y]!;
          if (a !== c && uf.find(a) !== uf.find(c) && similarity(sigs[a]!, sigs[c]!) >= threshold)
            uf.union(a, c);
        }
      }
    }
  }
  return uf;
}

/**
 * Duplicate detection fed one item at a time (`add`), then grouped (`finish`): each text is hashed
 * and signed as it comes and then dropped, so a reader that pages through the case (synchronous or
 * not) never holds every text at once. `findDuplicates` is the same over an iterable.
 * @example const f = new DuplicateFinder({ threshold: 0.8 }); for await (const r of rows) f.add(r); f.finish();
 */
export class DuplicateFinder {
  private readonly items: Prepared[] = [];
  private readonly threshold: number;
  private readonly minChars: number;

  constructor(opts: DupOptions = {}) {
    this.threshold = opts.threshold ?? DEFAULT_NEAR_THRESHOLD;
    this.minChars = opts.minChars ?? 40;
  }

  add(i: DupInput): void {
    const norm = normalizeText(i.text);
    if (norm.length < this.minChars) return;
    this.items.push({
      itemId: i.itemId,
      hash: createHash('sha256').update(norm).digest('base64'),
      sig: minhash(i.nearText === undefined ? norm : normalizeText(i.nearText)),
    });
  }

  /** The duplicate rows of every item added. Items sorted by id first, so group ids are deterministic. */
  finish(): DupRow[] {
    return groupDuplicates(this.items, this.threshold);
  }
}

/**
 * Finds exact and near duplicates. Items sorted by id first, so group ids are deterministic. The
 * input may be any iterable (a generator reading the case page by page): each text is hashed and
 * signed as it comes and then dropped.
 * @example findDuplicates([{ itemId: 'a', text: t }, { itemId: 'b', text: t + ' merci' }], { threshold: 0.8 })
 */
export function findDuplicates(input: Iterable<DupInput>, opts: DupOptions = {}): DupRow[] {
  const f = new DuplicateFinder(opts);
  for (const i of input) f.add(i);
  return f.finish();
}

function groupDuplicates(items: Prepared[], threshold: number): DupRow[] {
  items.sort((a, b) => a.itemId.localeCompare(b.itemId));
  const { rows, reps } = exactGroups(items);
  const sigs = reps.map((r) => r.sig);
  const uf = nearPairs(sigs, threshold);
  const groups = new Map<number, number[]>();
  reps.forEach((_, i) => {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const first = g[0]!;
    const id = groupId('near', reps[first]!.itemId);
    for (const i of g) {
      const sim = i === first ? 1 : similarity(sigs[first]!, sigs[i]!);
      rows.push({
        itemId: reps[i]!.itemId,
        groupId: id,
        kind: 'near',
        similarity: Math.round(sim * 1000) / 1000,
      });
    }
  }
  return rows;
}
