#!/usr/bin/env node
// Runs one leaklens command under a pseudo-terminal (so its progress bars are drawn, as a user sees
// them) and measures it: wall time, the peak resident memory of every process of its tree (the
// parser children too) and of the tree summed, sampled every second, and every frame of the
// progress bars with its time, so the ETA each bar showed can be checked against when the stage
// really ended. Writes OUT.json (and OUT.typescript, OUT.timing, the raw terminal recording).
// Usage: node bench/million/measure.mjs OUT -- COMMAND ARGS…
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

// `measure.mjs --eta OUT`: recompute the ETA checks of a finished run (OUT.json rewritten).
if (process.argv[2] === '--eta') {
  const o = process.argv[3];
  const report = JSON.parse(readFileSync(`${o}.json`, 'utf8'));
  report.eta = analyzeEta(o);
  writeFileSync(`${o}.json`, JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report.eta, null, 2));
  process.exit(0);
}
const sep = process.argv.indexOf('--');
const out = process.argv[2];
const cmd = process.argv.slice(sep + 1);
if (sep < 0 || !out || cmd.length === 0) {
  console.error('usage: node bench/million/measure.mjs OUT -- COMMAND ARGS…');
  process.exit(2);
}
const quote = (s) => `'${s.replace(/'/g, "'\\''")}'`;
const t0 = Date.now();
const child = spawn(
  'script',
  ['-q', '-e', '-f', `--log-timing=${out}.timing`, '-c', cmd.map(quote).join(' '), `${out}.typescript`],
  { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, COLUMNS: '160' } },
);

function procs() {
  const m = new Map();
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      m.set(Number(p), { ppid, rss });
    } catch {}
  }
  return m;
}
const peakByPid = new Map(); // pid → { cmd, peakKb }
let peakTreeKb = 0;
const samples = [];
const timer = setInterval(() => {
  const all = procs();
  const tree = new Set([child.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of all)
      if (tree.has(p.ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
  }
  let kb = 0;
  for (const pid of tree) {
    const p = all.get(pid);
    if (!p) continue;
    kb += p.rss;
    let e = peakByPid.get(pid);
    if (!e) {
      let c = '';
      try {
        c = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().slice(0, 120);
      } catch {}
      e = { cmd: c, peakKb: 0 };
      peakByPid.set(pid, e);
    }
    e.peakKb = Math.max(e.peakKb, p.rss);
  }
  peakTreeKb = Math.max(peakTreeKb, kb);
  samples.push([Math.round((Date.now() - t0) / 1000), Math.round(kb / 1024)]);
}, 1000);

child.on('close', (code) => {
  clearInterval(timer);
  const seconds = (Date.now() - t0) / 1000;
  const eta = analyzeEta(out);
  const report = {
    command: cmd.join(' '),
    exitCode: code,
    seconds,
    peakTreeRssMiB: Math.round(peakTreeKb / 1024),
    processes: [...peakByPid.values()]
      .filter((p) => p.peakKb > 20_000)
      .map((p) => ({ cmd: p.cmd, peakRssMiB: Math.round(p.peakKb / 1024) }))
      .sort((a, b) => b.peakRssMiB - a.peakRssMiB),
    eta,
    rssSamples: samples.filter((_, i) => i % 10 === 0),
  };
  writeFileSync(`${out}.json`, JSON.stringify(report, null, 2));
  console.log(JSON.stringify({ ...report, rssSamples: undefined }, null, 2));
  process.exit(code ?? 1);
});

/** The progress bars' frames of OUT.typescript/OUT.timing, and per stage the ETA shown at 10, 25,
 * 50, 75 and 90 % against the time the stage really took after that frame. */
function analyzeEta(out) {
  // Progress frames: the recording split at carriage returns, each with the time it was written.
  const ts = readFileSync(`${out}.typescript`);
  const timing = readFileSync(`${out}.timing`, 'utf8').trim().split('\n');
  let at = 0;
  let off = 0;
  let line = '';
  const frames = [];
  const re = /^(\S+)\s.*?(\d+)%\s*\|\s*(\d+)\/(\d+)\s+(\w+).*ETA (\S+)/;
  const clean = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, '');
  for (const row of timing) {
    // classic format "delay bytes", or advanced "O delay bytes" (input lines are "I …")
    const f = row.split(' ');
    if (f.length === 3 && f[0] !== 'O') continue;
    const [a, b] = f.length === 3 ? f.slice(1) : f;
    at += Number(a);
    const chunk = ts.subarray(off, off + Number(b)).toString('utf8');
    off += Number(b);
    for (const ch of chunk) {
      // A frame ends at a carriage return, a line feed, or the cursor sent to column 1 (ESC[1G,
      // what the progress bars write before redrawing).
      if (ch !== '\r' && ch !== '\n') line += ch;
      if (ch === '\r' || ch === '\n' || line.endsWith('\x1b[1G')) {
        const m = re.exec(clean(line).trim());
        if (m)
          frames.push({ t: +at.toFixed(1), stage: m[1], done: +m[3], total: +m[4], unit: m[5], eta: m[6] });
        line = '';
      }
    }
  }
  // For each stage: the ETA shown at 10, 25, 50, 75 and 90% against the time the stage really took after that frame.
  const etaSecs = (e) => {
    if (!/^\d/.test(e)) return null;
    let s = 0;
    for (const part of e.matchAll(/(\d+)([hms])/g)) s += Number(part[1]) * { h: 3600, m: 60, s: 1 }[part[2]];
    return /[hms]/.test(e) ? s : Number(e);
  };
  const stages = {};
  for (const f of frames) {
    const key = `${f.stage}:${f.total}`;
    stages[key] = stages[key] ?? [];
    stages[key].push(f);
  }
  const eta = Object.entries(stages).map(([key, fs]) => {
    const end = fs.at(-1).t;
    const checks = [10, 25, 50, 75, 90].map((pct) => {
      const f = fs.find((x) => (x.done / x.total) * 100 >= pct);
      return f
        ? { pct, at: f.t, shownEtaS: etaSecs(f.eta), shown: f.eta, trueRemainingS: +(end - f.t).toFixed(1) }
        : { pct };
    });
    return { stage: key, start: fs[0].t, end, frames: fs.length, checks };
  });
  return eta;
}
