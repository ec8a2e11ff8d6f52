import { createGunzip } from 'node:zlib';

/** Compressed bytes handed to zlib at a time: the most output one step can add is ~1,032 times this. */
const CHUNK = 16 * 1024;
/**
 * Output below which the running ratio is not checked: a legitimate file may open with a long run
 * of zeros (a sparse image, a database page) that compresses far better than its average.
 */
export const RUNNING_RATIO_FLOOR = 16 * 1024 * 1024;

export type Bounded =
  | { ok: Buffer; inflated: number }
  | { overCap: true; byRatio: boolean; inflated: number }
  | { truncated: Buffer | null; error: string; inflated: number }
  | { corrupt: string; inflated: number };

/**
 * Inflates a gzip stream (RFC 1952, concatenated members included) chunk by chunk with a running
 * check: output past `cap`, or past `maxRatio` times the compressed bytes fed so far (once over
 * RUNNING_RATIO_FLOOR), stops at once. A 4 MB bomb of concatenated members is refused after about
 * 16 MB of output instead of after inflating to the 2 GiB per-file cap (issue #18).
 * @example const r = await gunzipBounded(data, 1 << 30, 1000); if ('overCap' in r) ...
 */
export function gunzipBounded(data: Buffer, cap: number, maxRatio: number): Promise<Bounded> {
  return new Promise((resolve) => {
    const z = createGunzip({ chunkSize: 64 * 1024 });
    const parts: Buffer[] = [];
    let out = 0;
    let fed = 0;
    let settled = false;
    const stop = (r: Bounded) => {
      if (settled) return;
      settled = true;
      z.destroy();
      resolve(r);
    };
    z.on('data', (c: Buffer) => {
      out += c.length;
      if (out > cap) return stop({ overCap: true, byRatio: false, inflated: out });
      if (out > RUNNING_RATIO_FLOOR && out > maxRatio * fed)
        return stop({ overCap: true, byRatio: true, inflated: out });
      parts.push(c);
    });
    z.on('end', () => stop({ ok: Buffer.concat(parts, out), inflated: out }));
    z.on('error', (e: NodeJS.ErrnoException) => {
      const got = Buffer.concat(parts);
      if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message))
        stop({ truncated: got.length ? got : null, error: e.message, inflated: out });
      else stop({ corrupt: e.message, inflated: out });
    });
    const feed = () => {
      while (!settled && fed < data.length) {
        const chunk = data.subarray(fed, fed + CHUNK);
        fed += chunk.length;
        if (!z.write(chunk)) {
          z.once('drain', feed);
          return;
        }
      }
      if (!settled) z.end();
    };
    feed();
  });
}
