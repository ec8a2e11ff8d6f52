// Runs a command and samples the resident memory of its whole process tree (Linux /proc), so a
// program that parses in child processes is measured with its children: /usr/bin/time's peak RSS
// is the largest single process, not the sum.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** pid → parent pid, for every process (one pass over /proc). */
function parents() {
  const out = new Map();
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      out.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {}
  }
  return out;
}

function rssKb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Sum of VmRSS over `root` and all its descendants, in kB, and how many processes that was. */
export function treeRssKb(root) {
  const pp = parents();
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of pp)
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
  }
  let kb = 0;
  for (const pid of tree) kb += rssKb(pid);
  return { kb, processes: tree.size };
}

/**
 * Runs `cmd argv` to its end; resolves with wall seconds, CPU seconds of the tree, the peak of the tree's summed resident
 * memory (MiB, sampled every `everyMs`), the most processes seen at once, exit code and stdout.
 */
export function runMeasured(cmd, argv, { env = process.env, everyMs = 100 } = {}) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    // /usr/bin/time adds the CPU time of every descendant the program waited for (its parser
    // processes) to its own: the CPU cost of the whole tree, comparable across threads and processes.
    const tmp = mkdtempSync(join(tmpdir(), 'tree-rss-'));
    const timeFile = join(tmp, 'time');
    const child = spawn('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', cmd, ...argv], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
    let peakKb = 0;
    let peakProcs = 0;
    const timer = setInterval(() => {
      const s = treeRssKb(child.pid);
      peakKb = Math.max(peakKb, s.kb);
      peakProcs = Math.max(peakProcs, s.processes);
    }, everyMs);
    child.on('close', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      rmSync(tmp, { recursive: true, force: true });
      resolve({
        seconds,
        cpuSeconds: +(user + sys).toFixed(2),
        peakTreeRssMiB: Math.round(peakKb / 1024),
        processes: peakProcs,
        code,
        stdout,
        stderr,
      });
    });
  });
}
