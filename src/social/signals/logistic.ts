/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares, IRLS: Hastie, Tibshirani & Friedman, "Elements of Statistical Learning" §4.4.1), and
 * the ROC AUC and precision/recall used to measure it. Small on purpose: the bot score has about a
 * dozen binary features, so every weight stays readable as "this reason adds w to the log-odds".
 */

export interface LogisticFit {
  intercept: number;
  weights: number[];
  iterations: number;
}

/** Newton steps stop when no coefficient moves more than this. */
const TOLERANCE = 1e-8;
const MAX_ITERATIONS = 100;

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Fits P(y=1|x) = sigmoid(b + w·x), minimising the log-loss plus `l2`/2 × |w|² (the intercept is
 * not penalised). Features that never vary get weight 0 (the penalty holds them there).
 * @example fitLogistic([[0],[1],[0],[1]], [0,1,0,0], 1).weights[0] // > 0
 */
export function fitLogistic(x: number[][], y: number[], l2 = 1): LogisticFit {
  const k = (x[0]?.length ?? 0) + 1;
  let beta = new Array<number>(k).fill(0);
  let it = 0;
  for (; it < MAX_ITERATIONS; it++) {
    const grad = new Array<number>(k).fill(0);
    const hess = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    x.forEach((row, i) => {
      const v = [1, ...row];
      const p = sigmoid(dot(beta, v));
      const r = (y[i] ?? 0) - p;
      const w = p * (1 - p);
      for (let a = 0; a < k; a++) {
        grad[a] = (grad[a] ?? 0) + r * (v[a] ?? 0);
        const ha = hess[a] as number[];
        for (let b = 0; b < k; b++) ha[b] = (ha[b] ?? 0) + w * (v[a] ?? 0) * (v[b] ?? 0);
      }
    });
    for (let a = 1; a < k; a++) {
      grad[a] = (grad[a] ?? 0) - l2 * (beta[a] ?? 0);
      (hess[a] as number[])[a] = ((hess[a] as number[])[a] ?? 0) + l2;
    }
    const step = solve(hess, grad);
    beta = beta.map((b, a) => b + (step[a] ?? 0));
    if (Math.max(...step.map(Math.abs)) < TOLERANCE) break;
  }
  return { intercept: beta[0] ?? 0, weights: beta.slice(1), iterations: it + 1 };
}

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

/** Gaussian elimination with partial pivoting; the L2 term keeps the matrix positive definite. */
function solve(m: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = m.map((row, i) => [...row, rhs[i] ?? 0]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[p]?.[c] ?? 0)) p = r;
    [a[c], a[p]] = [a[p] as number[], a[c] as number[]];
    const piv = a[c] as number[];
    if (Math.abs(piv[c] ?? 0) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = a[r] as number[];
      const f = (row[c] ?? 0) / (piv[c] ?? 1);
      for (let j = c; j <= n; j++) row[j] = (row[j] ?? 0) - f * (piv[j] ?? 0);
    }
  }
  return a.map((row, i) => {
    const d = row[i] ?? 0;
    return Math.abs(d) < 1e-12 ? 0 : (row[n] ?? 0) / d;
  });
}

/**
 * ROC AUC: the probability that a random positive scores above a random negative (ties count a
 * half), computed from ranks (Mann-Whitney U).
 */
export function rocAuc(scores: number[], y: number[]): number {
  const idx = scores.map((s, i) => [s, y[i] ?? 0] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && idx[j]?.[0] === idx[i]?.[0]) j++;
    const rank = (i + 1 + j) / 2;
    for (let t = i; t < j; t++)
      if (idx[t]?.[1] === 1) {
        rankSum += rank;
        pos++;
      }
    i = j;
  }
  const neg = idx.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : Number.NaN;
}

/** Precision and recall of "score ≥ threshold means positive". */
export function precisionRecall(
  scores: number[],
  y: number[],
  threshold: number,
): { precision: number; recall: number; flagged: number; truePositives: number } {
  let tp = 0;
  let fp = 0;
  let pos = 0;
  scores.forEach((s, i) => {
    if (y[i] === 1) pos++;
    if (s >= threshold) y[i] === 1 ? tp++ : fp++;
  });
  return {
    precision: tp + fp ? tp / (tp + fp) : Number.NaN,
    recall: pos ? tp / pos : Number.NaN,
    flagged: tp + fp,
    truePositives: tp,
  };
}
