#!/usr/bin/env node
// Replays inputs reported by bench/fuzz/run.mjs from their target and seed, prints the outcome,
// and with --save writes the input to test/fixtures/fuzz/ (the quick test replays that corpus).
// Usage: node --import tsx bench/fuzz/replay.mjs pst:180579 msg:185378 [--save]
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const { mutate, prng, runTarget, Workspace } = await import(
  new URL('../../test/fuzz/harness.ts', import.meta.url).href
);
const { TARGETS } = await import(new URL('../../test/fuzz/targets.ts', import.meta.url).href);
const save = process.argv.includes('--save');
const ws = new Workspace();
for (const arg of process.argv.slice(2).filter((a) => a.includes(':'))) {
  const [name, seed] = arg.split(':');
  const t = TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`no target ${name}`);
  const data = mutate(t.seed(), prng(Number(seed)));
  const cpu0 = process.cpuUsage();
  const out = await runTarget(t, data, ws);
  // CPU time beside wall time: on a loaded machine only the CPU time says whether a parser grinds.
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  process.stdout.write(
    `${name} ${seed}: ${out.crash?.split('\n')[0] ?? 'ok'} (${Math.round(out.ms)} ms wall, ${cpuMs} ms CPU)\n`,
  );
  if (save)
    writeFileSync(
      join(
        ROOT,
        'test/fixtures/fuzz',
        `${name}--seed${seed}.${t.file.split('.').slice(1).join('.') || 'bin'}`,
      ),
      data,
    );
}
ws.close();
