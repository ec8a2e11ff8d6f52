import { parentPort } from 'node:worker_threads';
import { mutate, prng, runTarget, Workspace } from '../../test/fuzz/harness.js';
import { TARGETS } from '../../test/fuzz/targets.js';

/** One fuzzing thread: mutates a target's seed with a given PRNG seed and reports the outcome. */
const ws = new Workspace();
const seeds = new Map<string, Buffer>();
parentPort?.on('message', async (m: { target: string; seed: number }) => {
  const t = TARGETS.find((x) => x.name === m.target)!;
  if (!seeds.has(t.name)) seeds.set(t.name, t.seed());
  const data = mutate(seeds.get(t.name)!, prng(m.seed));
  const out = await runTarget(t, data, ws);
  parentPort?.postMessage({ ...out, bytes: out.crash ? data : null, size: data.length });
});
parentPort?.postMessage({ ready: true });
