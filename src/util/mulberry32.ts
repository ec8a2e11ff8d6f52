/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): a small, fast, seeded PRNG, so a run that draws
 * random numbers (community detection, fuzzing, generated benchmark data) is the same on every run
 * and machine for the same seed. Not for anything secret.
 * @example const rnd = mulberry32(42); rnd(); // the same float in [0, 1) for seed 42, every time
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
