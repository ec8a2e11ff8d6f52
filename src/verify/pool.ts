/**
 * Verifying on several threads: RSA verification and hashing are CPU-bound, so a large dump goes
 * through `n` worker threads, each with a few messages in flight. Results arrive in any order;
 * the caller writes them (SQLite is written by one thread only).
 */
import { Worker } from 'node:worker_threads';
import type { KeyCandidate, MessageVerification } from './types.js';

export interface PoolJob {
  id: string;
  sha256: string;
}

export type PoolResult =
  | { v: MessageVerification }
  | { reason: 'missing-blob' | 'verify-error'; error: string };

/** Messages each thread holds at once: enough to hide message-passing latency. */
const IN_FLIGHT = 8;

function startWorker(workerData: unknown): Worker {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const url = new URL(`./worker${ext}`, import.meta.url);
  if (ext === '.js') return new Worker(url, { workerData });
  // From TypeScript sources the thread must register tsx itself (loader hooks do not reach workers on Node 20).
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/**
 * @example await verifyInPool(jobs, 2, { blobRoot, keys }, (job, r) => write(job, r));
 */
export function verifyInPool(
  jobs: PoolJob[],
  threads: number,
  data: { blobRoot: string; keys: KeyCandidate[]; dateToleranceMinutes?: number },
  onResult: (job: PoolJob, r: PoolResult) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    const workers: Worker[] = [];
    const finish = (err?: Error) => {
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve();
    };
    const give = (w: Worker) => {
      if (next < jobs.length) {
        const seq = next++;
        w.postMessage({ seq, sha256: jobs[seq]?.sha256 });
      }
    };
    if (!jobs.length) return resolve();
    for (let i = 0; i < Math.max(1, threads); i++) {
      const w = startWorker(data);
      workers.push(w);
      w.on('message', (msg: { seq: number } & PoolResult) => {
        const job = jobs[msg.seq];
        try {
          if (job) onResult(job, msg);
        } catch (err) {
          return finish(err as Error);
        }
        if (++done === jobs.length) return finish();
        give(w);
      });
      w.on('error', (err: Error) => finish(err));
      for (let k = 0; k < IN_FLIGHT; k++) give(w);
    }
  });
}
