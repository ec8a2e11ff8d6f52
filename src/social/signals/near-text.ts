/**
 * Near-identical texts, as CooRTweet's `detect_similar_text` compares them: Jaccard similarity of
 * word 3-gram sets (textreuse's `tokenize_ngrams`, n = 3) after normalisation. Candidate pairs come
 * from MinHash signatures (100 hash functions) banded for locality-sensitive hashing (20 bands of
 * 5 rows): two texts of Jaccard 0.8 share a band with probability 0.9996, of 0.5 with 0.47, and
 * every candidate is then checked on its exact Jaccard, so no pair below the threshold is kept.
 * Texts are clustered (union-find over verified pairs) so that SQL can pair posts of one cluster
 * inside a time window; `similarity` then checks the exact Jaccard of each pair found.
 */

/** Lower-case, no URLs, mentions or leading "RT", letters and digits only, single spaces. */
export function normaliseText(text: string): string {
  return text
    .replace(/https?:\/\/\S+|@\w+|^RT\s/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** FNV-1a over UTF-16 code units, then a murmur3 finaliser: a well-mixed 32-bit hash of a string. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The word 3-gram set of a normalised text, as sorted unique 32-bit hashes; a text of fewer than
 * three words is one shingle (itself).
 */
export function shingles(normalised: string): Uint32Array {
  const w = normalised ? normalised.split(' ') : [];
  const out: number[] = [];
  if (w.length < 3) out.push(hash32(w.join(' ')));
  else for (let i = 0; i + 3 <= w.length; i++) out.push(hash32(`${w[i]} ${w[i + 1]} ${w[i + 2]}`));
  const a = Uint32Array.from(out).sort();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[n++] = a[i] as number;
  return a.subarray(0, n);
}

/** Exact Jaccard similarity of two sorted unique hash sets. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (!a.length && !b.length) return 1;
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
}

const BANDS = 20;
const ROWS = 5;
const K = BANDS * ROWS;
const SEEDS = Uint32Array.from({ length: K }, (_, i) => mix32(0x9e3779b9 * (i + 1)));

/** MinHash signature: for each of K seeded hash functions, the minimum over the shingles. */
function signature(sh: Uint32Array, out: Uint32Array): void {
  out.fill(0xffffffff);
  for (let s = 0; s < sh.length; s++) {
    const x = sh[s] as number;
    for (let k = 0; k < K; k++) {
      const h = mix32(x ^ (SEEDS[k] as number));
      if (h < (out[k] as number)) out[k] = h;
    }
  }
}

/** Buckets larger than this are compared against their first member only (a star, not all pairs). */
const FULL_BUCKET = 200;

export interface TextClusters {
  /** Cluster index per input text (texts of one cluster are linked by verified similar pairs). */
  cluster: Int32Array;
  /** Verified pairs `[i, j, similarity]` with i < j, similarity ≥ the threshold. */
  pairs: [number, number, number][];
  shingles: Uint32Array[];
}

/**
 * Clusters distinct normalised texts by Jaccard similarity ≥ `minSimilarity` (0..1].
 * @example clusterTexts(['les documents prouvent tout', 'les documents prouvent tout partagez'], 0.5)
 */
export function clusterTexts(texts: string[], minSimilarity: number): TextClusters {
  const n = texts.length;
  const sh = texts.map(shingles);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[i] !== r) {
      const next = parent[i] as number;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  const pairs: [number, number, number][] = [];
  const checked = new Set<number>();
  const check = (i: number, j: number) => {
    const [a, b] = i < j ? [i, j] : [j, i];
    const key = a * n + b;
    if (checked.has(key)) return;
    checked.add(key);
    const s = jaccard(sh[a] as Uint32Array, sh[b] as Uint32Array);
    if (s >= minSimilarity) {
      pairs.push([a, b, s]);
      parent[find(a)] = find(b);
    }
  };
  if (minSimilarity < 1) {
    const sig = new Uint32Array(K);
    const sigs = new Uint32Array(n * K);
    for (let i = 0; i < n; i++) {
      signature(sh[i] as Uint32Array, sig);
      sigs.set(sig, i * K);
    }
    for (let b = 0; b < BANDS; b++) {
      // A band's 5 values hashed to one number: a rare false collision only adds a candidate,
      // which the exact check then rejects.
      const buckets = new Map<number, number[]>();
      for (let i = 0; i < n; i++) {
        const o = i * K + b * ROWS;
        let key = 0;
        for (let r = 0; r < ROWS; r++)
          key = mix32(key ^ (sigs[o + r] as number) ^ Math.imul(r + 1, 0x9e3779b9));
        const m = buckets.get(key);
        if (m) m.push(i);
        else buckets.set(key, [i]);
      }
      for (const m of buckets.values()) {
        if (m.length < 2) continue;
        if (m.length <= FULL_BUCKET) {
          for (let x = 0; x < m.length; x++)
            for (let y = x + 1; y < m.length; y++) check(m[x] as number, m[y] as number);
        } else for (let y = 1; y < m.length; y++) check(m[0] as number, m[y] as number);
      }
    }
  }
  const cluster = new Int32Array(n);
  for (let i = 0; i < n; i++) cluster[i] = find(i);
  return { cluster, pairs, shingles: sh };
}
