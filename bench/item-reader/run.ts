// bench/item-reader: opening items through the one item reader (src/search/item.ts) on a laptop
// case (SQLite) and on a team case (PostgreSQL) of the same dump (the workbench's and show's test
// fixtures), alternating rounds, every item per round; the JSON of both is compared first, so a
// fast wrong reader cannot pass. With --baseline DIR (a checkout of an earlier commit, whose
// getItem took the laptop Store synchronously) its reader runs on the same SQLite case too.
// Usage: npx tsx bench/item-reader/run.ts [--rounds 5] [--database URL] [--baseline DIR]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { caseSchema, openCaseStore } from '../../src/case/open.js';
import { PgDb } from '../../src/case/pg-db.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { enumerateInputs } from '../../src/ingest/enumerate.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { getItem } from '../../src/search/item.js';
import { BlobStore } from '../../src/store/blob-store.js';
import { Store } from '../../src/store/store.js';
import { dirRecords } from '../../src/team/dirs.js';
import { ingestJob } from '../../src/team/worker.js';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const arg = (name: string, dflt?: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const rounds = Number(arg('--rounds', '5'));
const url = arg('--database', 'postgres://root@127.0.0.1:5432/test') as string;
const baselineDir = arg('--baseline');
// Not tika-mail beside web/mail: they share messages, and the laptop ingest's duplicate-Message-ID
// flag is not written by team workers (an ingest difference, not the reader's).
const INPUTS = ['test/fixtures/web/mail', 'test/fixtures/web/hostile', 'test/fixtures/documents/tika'].map(
  (p) => join(ROOT, p),
);

const tmp = mkdtempSync(join(tmpdir(), 'll-bench-item-'));
const caseName = `itempg_bench_${process.pid}`;
const laptop = Store.open(join(tmp, 'laptop'));
await ingestPaths(laptop, INPUTS, { workers: 0, silent: true });
const team = (await openCaseStore({ databaseUrl: url, caseName })) as SqlCaseStore;
const { tasks, dirs } = enumerateInputs(INPUTS);
await team.applyRecords(dirRecords(dirs));
await ingestJob(team, new BlobStore(join(tmp, 'blobs')), DEFAULT_LIMITS, { tasks });
const ids = (laptop.db.prepare('SELECT id FROM items ORDER BY id').all() as { id: string }[]).map(
  (r) => r.id,
);
const sqlite = new SqliteDb(laptop.db);
for (const id of ids)
  if (JSON.stringify(await getItem(sqlite, id)) !== JSON.stringify(await getItem(team.db, id)))
    throw new Error(
      `item ${id} differs between SQLite and PostgreSQL:\n${JSON.stringify(await getItem(sqlite, id))}\n${JSON.stringify(await getItem(team.db, id))}`,
    );

type Reader = (id: string) => Promise<unknown> | unknown;
const readers: [string, Reader][] = [
  ['sqlite (async reader)', (id) => getItem(sqlite, id)],
  ['postgres (async reader)', (id) => getItem(team.db, id)],
];
if (baselineDir) {
  const old = await import(pathToFileURL(join(resolve(baselineDir), 'src/search/item.ts')).href);
  readers.push(['sqlite (baseline sync reader)', (id) => old.getItem(laptop, id)]);
}
const times = new Map<string, number[]>(readers.map(([n]) => [n, []]));
for (let r = 0; r < rounds; r++)
  for (const [name, read] of readers) {
    const t0 = performance.now();
    for (const id of ids) await read(id);
    times.get(name)?.push((performance.now() - t0) / ids.length);
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const base = median(times.get('sqlite (async reader)') ?? []);
console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      loadavg: loadavg().map((x) => Number(x.toFixed(2))),
      items: ids.length,
      rounds,
      msPerItemMedian: Object.fromEntries([...times].map(([n, t]) => [n, Number(median(t).toFixed(3))])),
      ratioToSqlite: Object.fromEntries(
        [...times].map(([n, t]) => [n, Number((median(t) / base).toFixed(2))]),
      ),
    },
    null,
    2,
  ),
);
laptop.close();
await team.close();
const db = await PgDb.connect(url, caseSchema(caseName));
await db.dropSchema();
await db.close();
rmSync(tmp, { recursive: true, force: true });
