// bench/search/persist-index.ts: opens a laptop case for writing (which applies the pending
// migrations, facet_index among them) and stores its facet index, as the end of an ingest or an
// analysis does; prints how long it took. For cases ingested by a build before migration 18.
// Usage: node --import tsx bench/search/persist-index.ts --case DIR
import { resolve } from 'node:path';
import { persistFacetIndex } from '../../src/search/facet-index.js';
import { Store } from '../../src/store/store.js';

const args = process.argv.slice(2);
const dir = resolve(args[args.indexOf('--case') + 1] ?? '');
const t = performance.now();
const store = Store.open(dir);
const ok = persistFacetIndex(store.db);
const bytes = store.db.prepare('SELECT length(data) FROM facet_index').pluck().get() as number | undefined;
store.close();
console.log(JSON.stringify({ stored: ok, bytes, ms: Math.round(performance.now() - t) }));
