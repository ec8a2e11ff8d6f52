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
      for (let i = 0; i < n; i++) {
        let k = 0;
        for (let r = 0; r < ROWS; r++) {
          const seed = SEEDS[b * ROWS + r] as number;
          let min = 0xffffffff;
          for (let q = off[i] as number; q < (off[i + 1] as number); q++) {
            const h = mix32((flat[q] as number) ^ seed);
            if (h < min) min = h;
          }
          k = mix32(k ^ min ^ Math.imul(r + 1, 0x9e3779b9));
        }
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
