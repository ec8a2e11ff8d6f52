import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ingestPaths } from '../../src/ingest/manager.js';
import { indexPeople } from '../../src/search/normalize.js';
import { search } from '../../src/search/search.js';
import { hasCyrillic, nameForms, transliterate } from '../../src/search/translit.js';
import type { Store } from '../../src/store/store.js';
import { tempCase, tempDir } from '../helpers.js';
import { writeNamesCorpus } from './corpora.js';

test('transliteration: BGN/PCGN-style Cyrillic → Latin, other scripts untouched', () => {
  assert.equal(transliterate('Рошка Георгий Петрович'), 'roshka georgiy petrovich');
  assert.equal(transliterate('Щукин Юрий'), 'shchukin yuriy');
  assert.equal(transliterate('Хрущёв'), 'khrushchev');
  assert.equal(transliterate('Подъячев Ильич'), 'podyachev ilich'); // ъ and ь dropped
  assert.equal(transliterate('Їжак Євген Ґонта'), 'yizhak yevgen gonta'); // Ukrainian letters
  assert.equal(transliterate('Chloé Perrin'), 'Chloé Perrin');
  assert.equal(transliterate('Παπαδόπουλος'), 'Παπαδόπουλος', 'Greek is not transliterated');
  assert.equal(hasCyrillic('Roshka'), false);
  assert.deepEqual(nameForms('Рошка'), ['Рошка', 'roshka']);
  assert.deepEqual(nameForms('Roshka'), ['Roshka']);
  assert.equal(indexPeople('Рошка Георгий'), 'рошка георгии roshka georgiy');
});

async function corpus(t: Parameters<typeof tempCase>[0]): Promise<Store> {
  const dir = tempDir(t);
  writeNamesCorpus(dir);
  const store = tempCase(t);
  await ingestPaths(store, [dir], { workers: 1, silent: true });
  return store;
}

const subjects = (store: Store, q: string) =>
  search(store, q, { limit: 50, sort: 'date-asc' })
    .hits.map((h) => h.subject)
    .sort();

test('a name is found in either script, as a word (the people column holds both forms)', async (t) => {
  const store = await corpus(t);
  assert.deepEqual(
    subjects(store, 'Рошка'),
    ['Budget', 'Planning'],
    'Cyrillic word finds the Latin Roshka too',
  );
  assert.deepEqual(
    subjects(store, 'Roshka'),
    ['Budget', 'Planning'],
    'Latin word finds the Cyrillic Рошка too',
  );
  assert.deepEqual(subjects(store, 'Георгий'), ['Budget', 'Planning']);
  assert.deepEqual(subjects(store, 'georgiy'), ['Budget', 'Planning']);
  assert.deepEqual(subjects(store, 'Dupont'), ['Factures']);
  assert.deepEqual(subjects(store, 'Петрович'), [], 'a name nobody has finds nothing');
});
