#!/usr/bin/env node
// bench/ingest/isolation: the cost of parsing in child processes (issue #18) against the worker
// threads before it, on bench/ingest's generated maildir. Two builds of leaklens — `--before DIR`
// and `--after DIR`, each a checkout with `npm run build` done — ingest the same maildir into fresh
// cases, alternating, `--repeat` times each; reports the median wall time and the median peak of
// the whole process tree's resident memory (parent + parser threads or processes), and their ratios.
// Usage: node bench/ingest/isolation.mjs --before /tmp/old --after . [--messages 21075] [--repeat 3]
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runMeasured } from '../lib/tree-rss.mjs';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const n = Number(opt('--messages', '21075'));
const repeat = Number(opt('--repeat', '3'));
const builds = { before: resolve(opt('--before', '')), after: resolve(opt('--after', ROOT)) };
const DATA = join(ROOT, 'bench/data', n === 21075 ? 'maildir' : `maildir-${n}`);
const OUT = join(ROOT, 'bench/out/isolation');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
execFileSync(process.execPath, [join(ROOT, 'bench/ingest/generate.mjs'), DATA, '--messages', String(n)], {
  stdio: 'inherit',
});

const runs = { before: [], after: [] };
for (let i = 0; i < repeat; i++) {
  for (const which of ['before', 'after']) {
    const kase = join(OUT, `case-${which}-${i}`);
    const r = await runMeasured(
      process.execPath,
      [
        join(builds[which], 'bin/leaklens.js'),
        'ingest',
        DATA,
        '--case',
        kase,
        '--no-verify',
        '--no-analyze',
        '--json',
      ],
      { env: { ...process.env, LEAKLENS_PROGRESS: '0' } },
    );
    if (r.code !== 0) throw new Error(`${which} exited ${r.code}: ${r.stderr.slice(-2000)}`);
    const s = JSON.parse(r.stdout);
    runs[which].push({
      seconds: +r.seconds.toFixed(2),
      cpuSeconds: r.cpuSeconds,
      peakTreeRssMiB: r.peakTreeRssMiB,
      processes: r.processes,
      emails: s.totals.emails,
      documents: s.totals.documents,
      failures: s.totals.failures,
    });
    process.stderr.write(
      `${which} ${i + 1}/${repeat}: ${r.seconds.toFixed(1)} s (${r.cpuSeconds} s CPU), ${r.peakTreeRssMiB} MiB\n`,
    );
    rmSync(kase, { recursive: true, force: true });
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const med = (w, k) => median(runs[w].map((r) => r[k]));
const result = {
  messages: n,
  repeat,
  builds,
  runs,
  medianSeconds: { before: med('before', 'seconds'), after: med('after', 'seconds') },
  medianCpuSeconds: { before: med('before', 'cpuSeconds'), after: med('after', 'cpuSeconds') },
  medianPeakTreeRssMiB: { before: med('before', 'peakTreeRssMiB'), after: med('after', 'peakTreeRssMiB') },
  timeRatio: +(med('after', 'seconds') / med('before', 'seconds')).toFixed(3),
  cpuRatio: +(med('after', 'cpuSeconds') / med('before', 'cpuSeconds')).toFixed(3),
  rssRatio: +(med('after', 'peakTreeRssMiB') / med('before', 'peakTreeRssMiB')).toFixed(3),
  sameCounts: runs.before
    .concat(runs.after)
    .every(
      (r) =>
        r.emails === runs.before[0].emails &&
        r.documents === runs.before[0].documents &&
        r.failures === runs.before[0].failures,
    ),
};
writeFileSync(join(OUT, 'result.json'), JSON.stringify(result, null, 2));
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
