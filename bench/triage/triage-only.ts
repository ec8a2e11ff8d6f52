// Re-runs triage and overview on an existing benchmark case (made by bench/triage/run.ts), without
// the peer. Usage: npx tsx bench/triage/triage-only.ts [bench/data/triage/case-21075]

import { loadavg } from 'node:os';
import { overview } from '../../src/analyze/overview.js';
import { runTriage } from '../../src/analyze/triage-stage.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { Store } from '../../src/store/store.js';

const store = Store.open(process.argv[2] ?? 'bench/data/triage/case-21075');
const t0 = performance.now();
const c0 = process.cpuUsage();
const summary = await runTriage(store, { silent: true });
const cpu = process.cpuUsage(c0);
const wall = (performance.now() - t0) / 1000;
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  await overview(new SqliteDb(store.db));
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    messages: summary.counts.emails,
    documents: summary.counts.documents,
    triageSeconds: Number(wall.toFixed(1)),
    triageCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
    overviewMs: times.map((t) => Math.round(t)),
    rssMiB: Math.round(process.memoryUsage().rss / 1048576),
    loadAverage: loadavg().map((x) => Number(x.toFixed(1))),
    counts: summary.counts,
  }),
);
store.close();
