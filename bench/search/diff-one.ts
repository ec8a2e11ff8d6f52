// bench/search/diff-one.ts: one query's answer from this build and an earlier build's src/, the
// differences printed (debugging bench/search/scale.ts).
// Usage: node --import tsx bench/search/diff-one.ts --case DIR --baseline DIR --query Q [--sort date]
import { join, resolve } from 'node:path';
import { search } from '../../src/search/search.js';
import { Store } from '../../src/store/store.js';

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const B = resolve(arg('--baseline', ''));
const base = await import(join(B, 'src/search/search.ts'));
const BStore = (await import(join(B, 'src/store/store.ts'))).Store;
const CASE = resolve(arg('--case', ''));
const q = arg('--query', '');
const o = { limit: 20, facets: true, sort: arg('--sort', 'relevance') as 'date' };
const a = search(Store.open(CASE, { readonly: true }), q, o);
const b = base.search(BStore.open(CASE, { readonly: true }), q, o);
console.log('total', a.total, b.total);
for (let k = 0; k < Math.max(a.hits.length, b.hits.length); k++) {
  const x = JSON.stringify(a.hits[k]);
  const y = JSON.stringify(b.hits[k]);
  if (x !== y) console.log(k, '\n mine', x, '\n base', y);
}
console.log('facets equal', JSON.stringify(a.facets) === JSON.stringify(b.facets));
