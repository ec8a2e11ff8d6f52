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
export function hash32(s: string): number {
  return hashRange(s, 0, s.length);
}

/** FNV-1a over `s[from..to)`, then the finaliser: `hash32(s.slice(from, to))` without the copy. */
function hashRange(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
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
 * three words is one shingle (itself). Words are what `split(' ')` gives, so the 3-gram of words
 * i..i+2 joined by spaces is the text from word i's start to word i+2's end: it is hashed in place.
 */
export function shingles(normalised: string): Uint32Array {
  // starts[k]: where word k begins; word k ends one before starts[k + 1] (a space), the last at the end.
  const starts: number[] = [0];
  for (let i = normalised.indexOf(' '); i !== -1; i = normalised.indexOf(' ', i + 1)) starts.push(i + 1);
  const words = normalised ? starts.length : 0;
  const len = normalised.length;
  const a = new Uint32Array(words < 3 ? 1 : words - 2);
  if (words < 3) a[0] = hash32(normalised);
  else
    for (let i = 0; i + 3 <= words; i++) {
      const end = i + 3 < words ? (starts[i + 3] as number) - 1 : len;
      a[i] = hashRange(normalised, starts[i] as number, end);
    }
  a.sort();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[n++] = a[i] as number;
  return a.subarray(0, n);
}

/** Exact Jaccard similarity of two sorted unique hash sets. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  return jaccardRuns(a, 0, a.length, b, 0, b.length);
}

const BANDS = 20;
const ROWS = 5;
const K = BANDS * ROWS;
const SEEDS = Uint32Array.from({ length: K }, (_, i) => mix32(0x9e3779b9 * (i + 1)));

/** Buckets larger than this are compared against their first member only (a star, not all pairs). */
const FULL_BUCKET = 200;

export interface TextClusters {
  /** Cluster index per input text (texts of one cluster are linked by verified similar pairs). */
  cluster: Int32Array;
  /** The verified pairs `[i, j, similarity]` (i < j, similarity ≥ the threshold) that joined two clusters. */
  pairs: [number, number, number][];
}

/** Jaccard similarity of two runs of sorted unique hashes (`fa[a0..a1)` and `fb[b0..b1)`); 1 if both are empty. */
function jaccardRuns(
  fa: Uint32Array,
  a0: number,
  a1: number,
  fb: Uint32Array,
  b0: number,
  b1: number,
): number {
  let i = a0;
  let j = b0;
  let inter = 0;
  while (i < a1 && j < b1) {
    const x = fa[i] as number;
    const y = fb[j] as number;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const union = a1 - a0 + (b1 - b0) - inter;
  return union ? inter / union : 1;
}

/**
 * Clusters distinct normalised texts by Jaccard similarity ≥ `minSimilarity` (0..1]. Memory is
 * linear in the texts' size: the shingle sets sit in one typed array, and each LSH band is
 * bucketed by sorting one number per text (no signature matrix, no per-bucket arrays), so a few
 * million texts fit in a few hundred megabytes. Two texts already in one cluster are not compared
 * again.
 * @example clusterTexts(['les documents prouvent tout', 'les documents prouvent tout partagez'], 0.5)
 */
export function clusterTexts(texts: string[], minSimilarity: number): TextClusters {
  const n = texts.length;
  const off = new Int32Array(n + 1);
  let flat = new Uint32Array(Math.max(16, n * 4));
  for (let i = 0; i < n; i++) {
    const sh = shingles(texts[i] as string);
    const at = off[i] as number;
    if (at + sh.length > flat.length) {
      const grown = new Uint32Array(Math.max(flat.length * 2, at + sh.length));
      grown.set(flat);
      flat = grown;
    }
    flat.set(sh, at);
    off[i + 1] = at + sh.length;
  }
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
  const check = (i: number, j: number) => {
    const ri = find(i);
    const rj = find(j);
    if (ri === rj) return;
    const s = jaccardRuns(
      flat,
      off[i] as number,
      off[i + 1] as number,
      flat,
      off[j] as number,
      off[j + 1] as number,
    );
    if (s >= minSimilarity) {
      pairs.push(i < j ? [i, j, s] : [j, i, s]);
      parent[ri] = rj;
    }
  };
  const bucket = (m: ArrayLike<number>, from: number, to: number) => {
    if (to - from < 2) return;
    if (to - from <= FULL_BUCKET) {
      for (let x = from; x < to; x++) for (let y = x + 1; y < to; y++) check(m[x] as number, m[y] as number);
    } else for (let y = from + 1; y < to; y++) check(m[from] as number, m[y] as number);
  };
  if (minSimilarity < 1 && n > 1) {
    const key = new Uint32Array(n);
    const SHIFT = 4194304; // 2^22: a 30-bit key and a 22-bit index fit a double exactly
    const packed = n <= SHIFT ? new Float64Array(n) : null;
    const idx = new Uint32Array(n);
    for (let b = 0; b < BANDS; b++) {
      // The band's 5 MinHash values, hashed to one number: a rare false collision only adds a
      // candidate, which the exact check then rejects.
      // The band's five seeds in locals and one pass over each text's shingles (five minima at
      // once): the same values as a pass per seed, with a fifth of the loads and loop tests.
      const s0 = SEEDS[b * ROWS] as number;
      const s1 = SEEDS[b * ROWS + 1] as number;
      const s2 = SEEDS[b * ROWS + 2] as number;
      const s3 = SEEDS[b * ROWS + 3] as number;
      const s4 = SEEDS[b * ROWS + 4] as number;
      for (let i = 0; i < n; i++) {
        let m0 = 0xffffffff;
        let m1 = 0xffffffff;
        let m2 = 0xffffffff;
        let m3 = 0xffffffff;
        let m4 = 0xffffffff;
        const end = off[i + 1] as number;
        for (let q = off[i] as number; q < end; q++) {
          const x = flat[q] as number;
          const h0 = mix32(x ^ s0);
          if (h0 < m0) m0 = h0;
          const h1 = mix32(x ^ s1);
          if (h1 < m1) m1 = h1;
          const h2 = mix32(x ^ s2);
          if (h2 < m2) m2 = h2;
          const h3 = mix32(x ^ s3);
          if (h3 < m3) m3 = h3;
          const h4 = mix32(x ^ s4);
          if (h4 < m4) m4 = h4;
        }
        let k = mix32(m0 ^ Math.imul(1, 0x9e3779b9));
        k = mix32(k ^ m1 ^ Math.imul(2, 0x9e3779b9));
        k = mix32(k ^ m2 ^ Math.imul(3, 0x9e3779b9));
        k = mix32(k ^ m3 ^ Math.imul(4, 0x9e3779b9));
        k = mix32(k ^ m4 ^ Math.imul(5, 0x9e3779b9));
        key[i] = k >>> 2;
      }
      if (packed) {
        for (let i = 0; i < n; i++) packed[i] = (key[i] as number) * SHIFT + i;
        packed.sort();
        for (let i = 0; i < n; i++) idx[i] = (packed[i] as number) % SHIFT;
      } else {
        const order = Array.from({ length: n }, (_, i) => i).sort(
          (x, y) => (key[x] as number) - (key[y] as number),
        );
        idx.set(order);
      }
      let from = 0;
      for (let i = 1; i <= n; i++)
        if (i === n || key[idx[i] as number] !== key[idx[from] as number]) {
          bucket(idx, from, i);
          from = i;
        }
    }
  }
  const cluster = new Int32Array(n);
  for (let i = 0; i < n; i++) cluster[i] = find(i);
  return { cluster, pairs };
}
