/**
 * Character error rate: Levenshtein distance between what was read and the truth, over the
 * truth's length, after folding every run of white space to one space (line breaks and layout
 * spacing are not characters a reader cares about). 0 = perfect; can exceed 1.
 */
export function normalise(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export function levenshtein(a: string, b: string): number {
  const A = [...a];
  const B = [...b];
  let prev = Array.from({ length: B.length + 1 }, (_, i) => i);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++)
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (A[i - 1] === B[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[B.length] ?? 0;
}

export function cer(read: string, truth: string): number {
  const t = normalise(truth);
  return t.length ? levenshtein(normalise(read), t) / [...t].length : 0;
}
