import { mutate, prng, runTarget, Workspace } from '../../test/fuzz/harness.js';
import { TARGETS } from '../../test/fuzz/targets.js';

/**
 * One fuzzing process (forked by run.mjs): mutates a target's seed with a given PRNG seed and
 * reports the outcome. A process, not a thread, so that an input that runs V8 out of memory ends
 * this process only and is reported as a crasher instead of ending the run.
 */
const ws = new Workspace();
const seeds = new Map<string, Buffer>();
process.on('disconnect', () => process.exit(0));
process.on('message', async (m: { target: string; seed: number }) => {
  const t = TARGETS.find((x) => x.name === m.target)!;
  if (!seeds.has(t.name)) seeds.set(t.name, t.seed());
  const data = mutate(seeds.get(t.name)!, prng(m.seed));
  const cpu0 = process.cpuUsage();
  const out = await runTarget(t, data, ws);
  const cpu = process.cpuUsage(cpu0);
  process.send?.({
    ...out,
    cpuMs: (cpu.user + cpu.system) / 1000,
    bytes: out.crash ? data : null,
    size: data.length,
  });
});
process.send?.({ ready: true });
