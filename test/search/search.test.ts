import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ingestPaths } from '../../src/ingest/manager.js';
import { search } from '../../src/search/search.js';
import type { Store } from '../../src/store/store.js';
import { tempCase, tempDir } from '../helpers.js';
import { writeSearchCorpus } from './corpora.js';

async function corpus(t: Parameters<typeof tempCase>[0]): Promise<Store> {
  const dir = tempDir(t);
  writeSearchCorpus(dir);
  const store = tempCase(t);
  await ingestPaths(store, [dir], { workers: 1, silent: true });
  return store;
}

const subjects = (store: Store, q: string, sort?: 'date' | 'date-asc') =>
  search(store, q, { limit: 50, sort }).hits.map((h) => h.subject ?? h.filename);

test('search: accents, French and English inflections, from either form', async (t) => {
  const store = await corpus(t);
  assert.deepEqual(subjects(store, 'reunion', 'date-asc'), ['Factures du mois', 'Ordre du jour']); // réunion / reunion
  assert.deepEqual(subjects(store, 'réunion', 'date-asc'), ['Factures du mois', 'Ordre du jour']);
  assert.deepEqual(subjects(store, 'facture', 'date-asc'), ['Factures du mois', 'Re: Factures du mois']);
  assert.deepEqual(subjects(store, 'factures', 'date-asc'), ['Factures du mois', 'Re: Factures du mois']);
  assert.deepEqual(subjects(store, 'payer', 'date-asc'), ['Factures du mois', 'Re: Factures du mois']); // payer / payée
  assert.deepEqual(subjects(store, 'payé', 'date-asc'), ['Factures du mois', 'Re: Factures du mois']);
  assert.deepEqual(subjects(store, 'meeting', 'date-asc'), ['Meeting notes', 'Ordre du jour']);
  assert.deepEqual(subjects(store, 'meetings', 'date-asc'), ['Meeting notes', 'Ordre du jour']);
  assert.deepEqual(subjects(store, 'invoice'), ['Promotions']);
});

test('search: phrases, OR, NOT, field filters and dates', async (t) => {
  const store = await corpus(t);
  assert.deepEqual(subjects(store, '"ordre du jour"'), ['Ordre du jour']);
  assert.deepEqual(subjects(store, '"jour du ordre"'), []);
  assert.deepEqual(subjects(store, 'budget OR newsletter', 'date-asc'), [
    'Meeting notes',
    'Ordre du jour',
    'Promotions',
  ]);
  assert.deepEqual(subjects(store, 'budget -vendredi'), ['Meeting notes']);
  assert.deepEqual(subjects(store, 'budget NOT vendredi'), ['Meeting notes']);
  assert.deepEqual(subjects(store, 'from:marie'), ['Re: Factures du mois']);
  assert.deepEqual(subjects(store, 'to:bob@press.example'), ['Ordre du jour']);
  assert.deepEqual(subjects(store, 'subject:factures', 'date-asc'), [
    'Factures du mois',
    'Re: Factures du mois',
  ]);
  assert.deepEqual(subjects(store, 'subject:budget'), []);
  // filename: finds the message carrying the attachment and the attachment itself
  assert.deepEqual(
    new Set(subjects(store, 'filename:contrat')),
    new Set(['Ordre du jour', 'contrat-edition.txt']),
  );
  assert.deepEqual(subjects(store, 'has:attachment'), ['Ordre du jour']);
  assert.deepEqual(subjects(store, 'after:2017-04-01 kind:email', 'date-asc'), [
    'Meeting notes',
    'Ordre du jour',
    'Promotions',
  ]);
  assert.deepEqual(subjects(store, 'before:2017-03-29 kind:email'), ['Factures du mois']);
  // text of a text-like attachment is searchable (and its name finds the message carrying it)
  assert.deepEqual(new Set(subjects(store, 'édition')), new Set(['contrat-edition.txt', 'Ordre du jour']));
  assert.deepEqual(subjects(store, 'avance'), ['contrat-edition.txt']);
});

test('search: order, paging, totals, snippets and facets', async (t) => {
  const store = await corpus(t);
  const all = search(store, 'kind:email', { sort: 'date', limit: 2, offset: 1, facets: true });
  assert.equal(all.total, 5);
  assert.deepEqual(
    all.hits.map((h) => h.subject),
    ['Ordre du jour', 'Meeting notes'],
  );
  assert.deepEqual(all.facets!.domain![0], { value: 'campagne.example', count: 2 });
  assert.equal(all.facets!.month!.find((m) => m.value === '2017-04')!.count, 3);
  const hit = search(store, 'payées').hits.find((h) => h.subject === 'Re: Factures du mois')!;
  assert.match(hit.snippet, /<mark>payée<\/mark>/);
  const rel = search(store, 'factures');
  assert.equal(rel.hits[0]!.subject, 'Factures du mois', 'subject match ranks first');
  assert.throws(() => search(store, 'nosuchfilter:x'), /unknown search filter "nosuchfilter:"/);
});
