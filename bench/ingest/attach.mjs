#!/usr/bin/env node
// bench/ingest/attach (issue #12): `leaklens ingest --no-verify --no-analyze` against `mu index` on
// two generated maildirs — the attachment-heavy one (a fifth of the messages with a 20–100 KB JPEG,
// PDF or ZIP of random bytes, `generate.mjs --attachments binary`) and bench/ingest's own — run
// alternately, `--repeat` times each, in fresh cases. Reports the median wall time and CPU time
// (user + system, the process and its children, from /usr/bin/time) and the ratios to mu. With
// `--before DIR` (another checkout, `npm run build` done there) that build runs in the same rounds.
// Usage: npm run build && node bench/ingest/attach.mjs [--messages 21075] [--repeat 3]
//          [--data DIR] [--before DIR] [--no-ocr]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const n = Number(opt('--messages', '21075'));
const repeat = Number(opt('--repeat', '3'));
const DATA = resolve(opt('--data', join(ROOT, 'bench/data')));
const OUT = join(ROOT, 'bench/out/ingest-attach');
const before = args.includes('--before') ? resolve(opt('--before', '')) : null;
const noOcr = args.includes('--no-ocr');
for (const b of [ROOT, before].filter(Boolean))
  if (!existsSync(join(b, 'dist/cli/main.js'))) throw new Error(`run "npm run build" in ${b} first`);
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const maildirs = {
  attachments: join(DATA, n === 21075 ? 'maildir-attach' : `maildir-attach-${n}`),
  normal: join(DATA, n === 21075 ? 'maildir' : `maildir-${n}`),
};
for (const [kind, dir] of Object.entries(maildirs)) {
  const extra = kind === 'attachments' ? ['--attachments', 'binary'] : [];
  execFileSync(
    process.execPath,
    [join(ROOT, 'bench/ingest/generate.mjs'), dir, '--messages', String(n), ...extra],
    { stdio: 'inherit' },
  );
}

/** One run under /usr/bin/time: wall seconds, CPU seconds (user + system, children included). */
function timed(cmd, argv) {
  const out = join(OUT, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%e %U %S %M', cmd, ...argv], {
    env: { ...process.env, LEAKLENS_PROGRESS: '0' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-800)}`);
  const [wall, user, sys, kb] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall, user, sys, cpu: +(user + sys).toFixed(2), rssMiB: Math.round(kb / 1024) };
}

/** Each program ingests `dir` into the fresh directory `work` (a case, or mu's home). */
const programs = {
  leaklens: (dir, work) => leaklens(ROOT, dir, work),
  ...(before ? { 'leaklens-before': (dir, work) => leaklens(before, dir, work) } : {}),
  mu: (dir, work) => {
    execFileSync('mu', ['init', `--maildir=${dir}`, `--muhome=${work}`], { stdio: 'ignore' });
    return timed('mu', ['index', `--muhome=${work}`, '--quiet']);
  },
};
function leaklens(build, dir, kase) {
  const flags = ['--no-verify', '--no-analyze', ...(noOcr ? ['--no-ocr'] : []), '--json'];
  return timed(process.execPath, [join(build, 'bin/leaklens.js'), 'ingest', dir, '--case', kase, ...flags]);
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const report = { date: new Date().toISOString(), messages: n, repeat, noOcr, maildirs: {} };
for (const [kind, dir] of Object.entries(maildirs)) {
  const runs = Object.fromEntries(Object.keys(programs).map((p) => [p, []]));
  const load = [];
  for (let i = 0; i < repeat; i++) {
    for (const [name, run] of Object.entries(programs)) {
      load.push(loadavg()[0]);
      const work = join(OUT, `${name}-${kind}-${i}`);
      const r = run(dir, work);
      rmSync(work, { recursive: true, force: true });
      runs[name].push(r);
      console.error(`${kind} #${i + 1} ${name}: ${r.wall} s wall, ${r.cpu} s CPU`);
    }
  }
  const med = Object.fromEntries(
    Object.entries(runs).map(([p, rs]) => [
      p,
      { wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), runs: rs },
    ]),
  );
  const ratio = (p) => ({
    wall: +(med[p].wall / med.mu.wall).toFixed(2),
    cpu: +(med[p].cpu / med.mu.cpu).toFixed(2),
  });
  report.maildirs[kind] = {
    loadAverage1m: { min: Math.min(...load), max: Math.max(...load) },
    median: Object.fromEntries(Object.entries(med).map(([p, m]) => [p, { wall: m.wall, cpu: m.cpu }])),
    ratioToMu: Object.fromEntries(
      Object.keys(programs)
        .filter((p) => p !== 'mu')
        .map((p) => [p, ratio(p)]),
    ),
    runs: Object.fromEntries(Object.entries(med).map(([p, m]) => [p, m.runs])),
  };
  // Written after each maildir, so a long run interrupted still leaves its first figures.
  writeFileSync(join(ROOT, 'bench/out/ingest-attach.json'), JSON.stringify(report, null, 2));
}
console.log(JSON.stringify(report, null, 2));
writeFileSync(join(ROOT, 'bench/out/ingest-attach.json'), JSON.stringify(report, null, 2));
