// The laptop triage of this build and of another build (BASE_DIR: a checkout of an earlier commit,
// node_modules linked), alternately in ONE process on the same case, so both see the same load:
// on a busy machine separate processes measured minutes apart differ by more than the builds do.
// Usage: npx tsx bench/triage/alternate.ts BASE_DIR CASE_DIR [rounds=8]
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runTriage as mine } from '../../src/analyze/triage-stage.js';
import type { StageSummary } from '../../src/pipeline/stages.js';
import { Store } from '../../src/store/store.js';

const [baseDir, caseDir, roundsArg] = process.argv.slice(2);
if (!baseDir || !caseDir) throw new Error('usage: alternate.ts BASE_DIR CASE_DIR [rounds]');
const baseUrl = pathToFileURL(join(baseDir, 'src/analyze/triage-stage.ts')).href;
const base = (await import(baseUrl)).runTriage as (s: Store, o: { silent: boolean }) => Promise<StageSummary>;
const store = Store.open(caseDir);
const t: Record<'base' | 'mine', number[]> = { base: [], mine: [] };
for (let i = 0; i < Number(roundsArg ?? 8); i++) {
  for (const [k, f] of [
    ['base', base],
    ['mine', mine],
  ] as const) {
    const t0 = performance.now();
    await f(store, { silent: true });
    t[k].push((performance.now() - t0) / 1000);
  }
}
store.close();
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const sum = (a: number[]) => a.reduce((s, x) => s + x, 0);
console.log(
  JSON.stringify({
    base: t.base.map((x) => Number(x.toFixed(2))),
    mine: t.mine.map((x) => Number(x.toFixed(2))),
    // The first round of each warms its modules up: left out of the sums.
    ratioOfSums: Number((sum(t.mine.slice(1)) / sum(t.base.slice(1))).toFixed(3)),
    ratioOfMedians: Number((med(t.mine) / med(t.base)).toFixed(3)),
    loadAverage: loadavg().map((x) => Number(x.toFixed(1))),
  }),
);
