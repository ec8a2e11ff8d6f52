// bench/search/persist-index.ts: opens a laptop case for writing (which applies the pending
// migrations, facet_index and rank_index among them) and stores its facet index and its ranked
// heads (rank-index.ts), as the end of an ingest or an analysis does; prints how long each took
// (wall and CPU) and their size. For cases ingested by a build before migrations 18 and 21.
// Usage: node --import tsx bench/search/persist-index.ts --case DIR
import { resolve } from 'node:path';
import { persistFacetIndex } from '../../src/search/facet-index.js';
import { persistRankIndex } from '../../src/search/rank-index.js';
import { Store } from '../../src/store/store.js';

const args = process.argv.slice(2);
const dir = resolve(args[args.indexOf('--case') + 1] ?? '');
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let t = performance.now();
let c = cpu();
const store = Store.open(dir);
const ok = persistFacetIndex(store.db);
const bytes = store.db.prepare('SELECT length(data) FROM facet_index').pluck().get() as number | undefined;
const facet = { stored: ok, bytes, ms: Math.round(performance.now() - t), cpuMs: Math.round(cpu() - c) };
t = performance.now();
c = cpu();
const ranked = persistRankIndex(store.db);
const rank = {
  stored: ranked,
  phrases: store.db.prepare("SELECT count(*) FROM rank_index WHERE phrase <> ''").pluck().get() as number,
  bytes: store.db.prepare('SELECT sum(length(rowids)) FROM rank_index').pluck().get() as number | null,
  ms: Math.round(performance.now() - t),
  cpuMs: Math.round(cpu() - c),
};
store.close();
console.log(JSON.stringify({ ...facet, rank }));
