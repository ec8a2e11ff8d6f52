import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestPaths } from '../../src/ingest/manager.js';
import type { FacetValue } from '../../src/search/facets.js';
import { facetsBySql, search } from '../../src/search/search.js';
import { tempCase, tempDir } from '../helpers.js';
import { demoCase } from '../web/demo-case.js';
import { eml, MSGS, writeSearchCorpus } from './corpora.js';

/**
 * The facet index (src/search/facet-index.ts) must give exactly what the SQL facets gave before
 * it: same facets, values, counts and order (ties included, where SQL breaks them), on the analysed
 * demo case (verdicts, document types, hundreds of senders and recipients, several languages).
 */
const QUERIES = [
  'kind:email',
  'kind:document',
  'budget',
  'facture OR contrat',
  '"ordre du jour"',
  'has:attachment',
  'after:2017-04',
  'before:2017-03 kind:email',
  'verdict:body-altered',
  'verdict:verified',
  'type:invoice',
  'lang:fr',
  'macron',
  'en marche',
  '-budget kind:email',
  'nosuchwordanywhere',
  'from:@en-marche.fr',
];

/** SQL gives ties of `ORDER BY count DESC` (no tie-break) in its own order: compare those as sets of equal counts. */
function normalise(f: Record<string, FacetValue[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, vs] of Object.entries(f)) {
    const groups = new Map<number, string[]>();
    for (const v of vs) groups.set(v.count, [...(groups.get(v.count) ?? []), v.value]);
    out[k] =
      k === 'month'
        ? vs.map((v) => `${v.value}=${v.count}`)
        : [...groups].map(([n, vals]) => `${n}:${vals.sort().join('|')}`);
  }
  return out;
}

test('facet index: the same facets as the SQL facets on the analysed demo case', async (t) => {
  const demo = await demoCase();
  t.after(demo.cleanup);
  let nonEmpty = 0;
  for (const q of QUERIES) {
    const res = search(demo.store, q, { limit: 5, facets: true });
    const sql = facetsBySql(demo.store.db, q);
    assert.equal(res.total, sql.total, `total of "${q}"`);
    assert.deepEqual(Object.keys(res.facets!), Object.keys(sql.facets), `facet names of "${q}"`);
    const boundary = (vs: FacetValue[]) => vs.length === 15; // a tie at the cut may pick other values
    for (const [name, vs] of Object.entries(sql.facets)) {
      const got = res.facets![name]!;
      if (boundary(vs) && name !== 'month') {
        assert.deepEqual(
          got.map((v) => v.count),
          vs.map((v) => v.count),
          `counts of ${name} for "${q}"`,
        );
        continue;
      }
      assert.deepEqual(normalise({ [name]: got }), normalise({ [name]: vs }), `${name} of "${q}"`);
      // Where SQL orders ties (sender, domain, recipient: then by value) the order is the same.
      if (['sender', 'domain', 'recipient', 'month'].includes(name)) assert.deepEqual(got, vs);
    }
    if (res.total > 0) nonEmpty++;
  }
  assert.ok(nonEmpty >= 12, `most queries have hits (${nonEmpty})`);
  const all = search(demo.store, 'kind:email', { limit: 0, facets: true });
  assert.ok(all.facets!.verdict!.length >= 2, 'the demo case has verdicts');
  assert.ok(all.facets!.sender!.length === 15, 'and more than 15 senders');
});

test('facet index: rebuilt when the case changes, on the same connection or another', async (t) => {
  const dir = tempDir(t);
  writeSearchCorpus(dir);
  const store = tempCase(t);
  await ingestPaths(store, [dir], { workers: 1, silent: true });
  const before = search(store, 'kind:email', { facets: true });
  assert.equal(before.total, 5);
  assert.deepEqual(before.facets!.domain![0], { value: 'campagne.example', count: 2 });
  // More mail from the same domain, ingested through the same connection the search used.
  const more = tempDir(t);
  for (const [i, m] of MSGS.slice(0, 2).entries())
    writeFileSync(
      join(more, `n${i}.eml`),
      eml({
        ...m,
        file: `n${i}.eml`,
        from: `Paul <paul${i}@campagne.example>`,
        date: 'Mon, 01 May 2017 10:00:00 +0200',
      }),
    );
  await ingestPaths(store, [more], { workers: 1, silent: true });
  const after = search(store, 'kind:email', { facets: true });
  assert.equal(after.total, 7);
  assert.deepEqual(after.facets!.domain![0], { value: 'campagne.example', count: 4 });
  assert.deepEqual(after.facets!.month!.at(-1), { value: '2017-05', count: 2 });
  assert.deepEqual(after.facets, facetsBySql(store.db, 'kind:email').facets);
});

test('search with facets: the same page, order, scores and total as without, in every order and page', async (t) => {
  // With facets, one pass over the hits gives page, total and facets (search.ts onePass); without,
  // the page is SQL's ORDER BY … LIMIT. Both must give the same answer, ties included.
  const demo = await demoCase();
  t.after(demo.cleanup);
  const strip = (r: ReturnType<typeof search>) => ({ total: r.total, hits: r.hits });
  let compared = 0;
  for (const q of QUERIES)
    for (const sort of ['relevance', 'date', 'date-asc'] as const)
      for (const [limit, offset] of [
        [20, 0],
        [7, 13],
        [1000, 0],
      ] as const) {
        const a = search(demo.store, q, { limit, offset, sort, facets: true });
        const b = search(demo.store, q, { limit, offset, sort });
        assert.deepEqual(strip(a), strip(b), `"${q}" by ${sort}, ${limit} from ${offset}`);
        compared += a.hits.length;
      }
  assert.ok(compared > 1000, `hits compared: ${compared}`);
});
