/**
 * bench/trail: leaklens trail beside the naive per-post scan, on one generated case, alternated
 * (leaklens, naive, leaklens, naive …; median of RUNS each) because the machine is shared.
 * leaklens runs on every post; the naive scan on a sample, its time extrapolated to every post.
 * Usage: npx tsx bench/trail/run.ts DIR [RUNS=3] [SAMPLE=30]   (generate DIR first: generate.ts)
 * Writes bench/trail/result-<posts>.json.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'bench/out/trail/case';
const RUNS = Number(process.argv[3] ?? 3);
const SAMPLE = process.argv[4] ?? '30';
const here = new URL('.', import.meta.url).pathname;
const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as {
  posts: number;
  messages: number;
};

function run(script: string, args: string[]): { wall: number; rssMiB: number; out: Record<string, unknown> } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'npx', 'tsx', join(here, script), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, kb] = last.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${script} exited ${r.status}: ${r.stderr.slice(-800)}`);
  return {
    wall: wall ?? 0,
    rssMiB: Math.round((kb ?? 0) / 1024),
    out: JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}'),
  };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const ours: ReturnType<typeof run>[] = [];
const naive: ReturnType<typeof run>[] = [];
const loads: string[] = [];
for (let i = 0; i < RUNS; i++) {
  loads.push(load());
  ours.push(run('leaklens-run.ts', [dir]));
  process.stderr.write(`leaklens run ${i + 1}: ${ours.at(-1)?.out.seconds} s\n`);
  naive.push(run('naive.ts', [dir, SAMPLE]));
  process.stderr.write(`naive run ${i + 1}: ${naive.at(-1)?.out.perPostMs} ms/post\n`);
}
const ourSec = median(ours.map((r) => r.out.seconds as number));
const naiveSec = median(naive.map((r) => r.out.extrapolatedSeconds as number));
const result = {
  posts: truth.posts,
  messages: truth.messages,
  runs: RUNS,
  loadAverages: loads,
  leaklens: {
    medianSeconds: ourSec,
    wallSeconds: ours.map((r) => r.wall),
    maxRssMiB: Math.max(...ours.map((r) => r.rssMiB)),
    found: ours[0]?.out,
  },
  naive: {
    sample: Number(SAMPLE),
    medianPerPostMs: median(naive.map((r) => r.out.perPostMs as number)),
    extrapolatedSeconds: naiveSec,
    found: naive[0]?.out,
  },
  ratio: naiveSec / ourSec,
  targets: { seconds: 300, rssMiB: 4096 },
};
writeFileSync(join(here, `result-${truth.posts}.json`), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
