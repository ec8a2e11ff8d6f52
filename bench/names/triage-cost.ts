// What finding names in running text costs the triage stage: triage over the same demo case with
// names off and on, alternated, median of 3 each (the machine is shared: see docs/benchmarks.md).
// Usage: npx tsx bench/names/triage-cost.ts [DEMO_DIR] [--size small|full]
//   DEMO_DIR is made with `leaklens demo --out DEMO_DIR` when it has no case yet.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTriage } from '../../src/analyze/triage-stage.js';
import { Store } from '../../src/store/store.js';

const dir =
  process.argv[2] && !process.argv[2].startsWith('--')
    ? process.argv[2]
    : join(tmpdir(), 'leaklens-names-bench');
const size = process.argv.includes('--size') ? process.argv[process.argv.indexOf('--size') + 1] : 'small';
if (!existsSync(join(dir, 'case', 'case.sqlite')))
  execFileSync(process.execPath, ['bin/leaklens.js', 'demo', '--out', dir, '--size', size ?? 'small'], {
    stdio: 'inherit',
  });
const work = mkdtempSync(join(tmpdir(), 'leaklens-names-cost-'));
cpSync(join(dir, 'case'), join(work, 'case'), { recursive: true });
const store = Store.open(join(work, 'case'));
const items = (
  store.db.prepare("SELECT count(*) AS n FROM items WHERE kind IN ('Email', 'Document')").get() as {
    n: number;
  }
).n;
const times: Record<'off' | 'on', number[]> = { off: [], on: [] };
// CPU time of this process (user + system): on a shared machine the wall clock mostly measures the others.
const cpu: Record<'off' | 'on', number[]> = { off: [], on: [] };
let mentions = 0;
for (let i = 0; i < 3; i++) {
  for (const mode of ['off', 'on'] as const) {
    const t = performance.now();
    const c = process.cpuUsage();
    const s = await runTriage(store, { silent: true, names: mode === 'on' });
    times[mode].push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu[mode].push((d.user + d.system) / 1000);
    if (mode === 'on') mentions = s.counts.names ?? 0;
  }
}
store.close();
rmSync(work, { recursive: true, force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
const off = median(times.off);
const on = median(times.on);
console.log(
  JSON.stringify(
    {
      case: dir,
      items,
      mentions,
      triageWithoutNamesMs: Math.round(off),
      triageWithNamesMs: Math.round(on),
      namesCostMs: Math.round(on - off),
      ratio: Math.round((on / off) * 100) / 100,
      cpuWithoutNamesMs: Math.round(median(cpu.off)),
      cpuWithNamesMs: Math.round(median(cpu.on)),
      cpuRatio: Math.round((median(cpu.on) / median(cpu.off)) * 100) / 100,
      runs: times,
      cpuRuns: cpu,
    },
    null,
    2,
  ),
);
