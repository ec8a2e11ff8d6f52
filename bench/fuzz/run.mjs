#!/usr/bin/env node
import { fork } from 'node:child_process';
// bench/fuzz: long mutation-fuzzing runs of every parser (issue #18). Each input is a seeded
// mutation of a valid seed (test/fuzz/targets.ts) run through the same property as the quick test
// (test/fuzz/fuzz.test.ts): records or a chosen failure, never a throw, never the catch-all
// `error` reason, and within a time budget — CPU time, so that a loaded machine does not turn into
// overruns (wall time is kept beside it). Inputs run in a child process with a watchdog, so a hang
// is caught too, and an input that runs V8 out of memory ends that process only (a crasher). Crashers, hangs and budget overruns are written to test/fixtures/fuzz/
// (replayed by the quick test) and summed up at the end as JSON.
// Usage: node bench/fuzz/run.mjs [--minutes 60] [--budget-ms 10000] [--only pdf,msg] [--seed N]
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
const minutes = Number(opt('--minutes', '10'));
const budgetMs = Number(opt('--budget-ms', '10000'));
const baseSeed = Number(opt('--seed', String(Date.now() % 1e9)));
const only = opt('--only', '')?.split(',').filter(Boolean) ?? [];
const HANG_MS = Math.max(30_000, budgetMs * 3);
const CORPUS = join(ROOT, 'test/fixtures/fuzz');

const childFile = new URL('./child.ts', import.meta.url);
const { TARGETS } = await import(new URL('../../test/fuzz/targets.ts', import.meta.url).href);
const targets = TARGETS.filter((t) => !only.length || only.includes(t.name));

function start() {
  const w = fork(childFile, [], {
    execArgv: ['--import', import.meta.resolve('tsx'), '--max-old-space-size=1024'],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  return new Promise((res) => w.once('message', () => res(w)));
}

/** Runs one input; resolves with the outcome, or a hang/death record (the worker is replaced). */
function runOne(state, target, seed) {
  return new Promise((res) => {
    const w = state.worker;
    const timer = setTimeout(
      () => finish({ crash: `hang: no answer in ${HANG_MS} ms`, ms: HANG_MS, dead: true }),
      HANG_MS,
    );
    const onMsg = (m) => finish(m);
    const onExit = (code, signal) =>
      finish({ crash: `fuzzing process died: ${signal ?? `exit code ${code}`}`, ms: 0, dead: true });
    function finish(m) {
      clearTimeout(timer);
      w.off('message', onMsg);
      w.off('exit', onExit);
      res(m);
    }
    w.on('message', onMsg);
    w.on('exit', onExit);
    w.send({ target: target.name, seed });
  });
}

const stats = Object.fromEntries(
  targets.map((t) => [t.name, { inputs: 0, crashes: 0, overruns: 0, maxMs: 0, totalMs: 0, maxCpuMs: 0 }]),
);
const found = [];
const state = { worker: await start() };
const t0 = Date.now();
let n = 0;
while (Date.now() - t0 < minutes * 60_000) {
  const target = targets[n % targets.length];
  const seed = (baseSeed + n) | 0;
  n++;
  const out = await runOne(state, target, seed);
  const s = stats[target.name];
  s.inputs++;
  s.totalMs += out.ms;
  s.maxMs = Math.max(s.maxMs, out.ms);
  s.maxCpuMs = Math.max(s.maxCpuMs, out.cpuMs ?? 0);
  const overrun = !out.crash && (out.cpuMs ?? out.ms) > budgetMs;
  if (out.crash || overrun) {
    if (out.crash) s.crashes++;
    else s.overruns++;
    const ext = target.file.split('.').slice(1).join('.') || 'bin';
    const file = `${target.name}--seed${seed}.${ext}`;
    // The bytes come back with a crash; a hang or an overrun is replayed from its seed.
    if (out.bytes) writeFileSync(join(CORPUS, file), Buffer.from(out.bytes));
    found.push({
      target: target.name,
      seed,
      file: out.bytes ? file : null,
      what: out.crash ?? `over budget: ${Math.round(out.cpuMs)} ms CPU (${Math.round(out.ms)} ms wall)`,
    });
    process.stderr.write(`! ${target.name} seed ${seed}: ${(out.crash ?? 'over budget').split('\n')[0]}\n`);
  }
  if (out.dead) {
    state.worker.kill('SIGKILL');
    state.worker = await start();
  }
}
state.worker.kill('SIGKILL');
const summary = {
  minutes,
  baseSeed,
  budgetMs,
  inputs: n,
  crashes: found.filter((f) => !f.what.startsWith('over budget')).length,
  overruns: found.filter((f) => f.what.startsWith('over budget')).length,
  found,
  targets: Object.fromEntries(
    Object.entries(stats).map(([k, v]) => [
      k,
      {
        inputs: v.inputs,
        crashes: v.crashes,
        overruns: v.overruns,
        meanMs: +(v.totalMs / Math.max(1, v.inputs)).toFixed(1),
        maxMs: Math.round(v.maxMs),
        maxCpuMs: Math.round(v.maxCpuMs),
      },
    ]),
  ),
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
process.exit(0);
