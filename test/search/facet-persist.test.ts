import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ingestPaths } from '../../src/ingest/manager.js';
import { runStages } from '../../src/pipeline/all-stages.js';
import { caseVersion } from '../../src/search/case-version.js';
import { facetIndexBuilds, facetIndexLoads, persistFacetIndex } from '../../src/search/facet-index.js';
import { facetsBySql, search } from '../../src/search/search.js';
import type { Store } from '../../src/store/store.js';
import { tempCase, tempDir } from '../helpers.js';
import { writeSearchCorpus } from './corpora.js';

/**
 * The facet index stored in the case (migration 18, src/search/facet-index.ts): the end of an
 * ingest stores it, a later connection reads it back instead of building it and answers exactly as
 * the SQL facets do; once the case changed, the stored index is not read (it is built again) and
 * the answers follow the change.
 */

const QUERIES = ['facture', 'kind:email', 'budget OR réunion', 'from:jean', 'has:attachment'];

async function ingested(t: Parameters<typeof tempCase>[0]): Promise<Store> {
  const store = tempCase(t);
  const dump = tempDir(t);
  writeSearchCorpus(dump);
  await ingestPaths(store, [dump], { workers: 0, silent: true });
  return store;
}

function sameAsSql(db: Database.Database, q: string): void {
  const got = search({ db } as never, q, { facets: true, limit: 50 });
  const want = facetsBySql(db, q);
  assert.equal(got.total, want.total, `total of "${q}"`);
  assert.deepEqual(got.facets, want.facets, `facets of "${q}"`);
  // The page by date is chosen with the stored date order: the same as without facets.
  const byDate = search({ db } as never, q, { facets: true, limit: 50, sort: 'date' });
  assert.deepEqual(
    byDate.hits.map((h) => h.id),
    search({ db } as never, q, { limit: 50, sort: 'date' }).hits.map((h) => h.id),
    `page by date of "${q}"`,
  );
}

test('the end of the stages stores the facet index; a new connection reads it back and answers as SQL', async (t) => {
  const store = await ingested(t);
  await runStages(store, { skip: ['verify', 'ocr', 'metadata', 'triage'], silent: true });
  const row = store.db.prepare('SELECT version FROM facet_index').get() as { version: string };
  assert.equal(row.version, caseVersion(store.db));
  for (const readonly of [false, true]) {
    const db = new Database(join(store.dir, 'case.sqlite'), { readonly });
    t.after(() => db.close());
    for (const q of QUERIES) sameAsSql(db, q);
    assert.equal(facetIndexBuilds(db), 0, 'not built');
    assert.equal(facetIndexLoads(db), 1, 'read back once');
  }
});

test('a write makes the stored index stale: it is built again, answers follow the write, and it is stored again', async (t) => {
  const store = await ingested(t);
  assert.equal(persistFacetIndex(store.db), true);
  const stored = store.db.prepare('SELECT version FROM facet_index').pluck().get();
  // Another connection writes: one e-mail fewer, one tag more.
  const writer = new Database(join(store.dir, 'case.sqlite'));
  t.after(() => writer.close());
  const victim = writer
    .prepare(
      "SELECT e.id FROM emails e JOIN fts ON fts.rowid = (SELECT rowid FROM items WHERE id = e.id) WHERE fts MATCH 'factur*' ORDER BY e.id LIMIT 1",
    )
    .pluck()
    .get() as string;
  const before = facetsBySql(writer, 'facture');
  writer.prepare('DELETE FROM addresses WHERE item_id = ?').run(victim);
  writer
    .prepare(
      "UPDATE emails SET from_addr = 'changed@elsewhere.example', from_domain = 'elsewhere.example' WHERE id = ?",
    )
    .run(victim);
  const after = facetsBySql(writer, 'facture');
  assert.notDeepEqual(after.facets.sender, before.facets.sender, 'the write changes a facet');

  const reader = new Database(join(store.dir, 'case.sqlite'));
  t.after(() => reader.close());
  assert.notEqual(caseVersion(reader), stored, 'the version moved');
  for (const q of QUERIES) sameAsSql(reader, q);
  assert.equal(facetIndexLoads(reader), 0, 'the stale index is not read');
  assert.equal(facetIndexBuilds(reader), 1);
  // The search that built it stored it at the new version: a third connection reads it.
  assert.equal(reader.prepare('SELECT version FROM facet_index').pluck().get(), caseVersion(reader));
  const third = new Database(join(store.dir, 'case.sqlite'), { readonly: true });
  t.after(() => third.close());
  sameAsSql(third, 'facture');
  assert.deepEqual(search({ db: third } as never, 'facture', { facets: true }).facets, after.facets);
  assert.equal(facetIndexLoads(third), 1);
  assert.equal(facetIndexBuilds(third), 0);
});

test('a stored index of another format, or stored by a build that put version triggers on its table, is never read stale', async (t) => {
  const store = await ingested(t);
  persistFacetIndex(store.db);
  const v = caseVersion(store.db);
  // Bytes this build cannot read, at the current version: built again, same answers.
  store.db.prepare('UPDATE facet_index SET data = ?').run(Buffer.from([9, 0, 0, 0, 0, 0, 0, 0]));
  const a = new Database(join(store.dir, 'case.sqlite'), { readonly: true });
  t.after(() => a.close());
  sameAsSql(a, 'facture');
  assert.equal(facetIndexLoads(a), 0);
  assert.equal(facetIndexBuilds(a), 1);
  // Triggers on facet_index (a build without migration 18's neutral table): removed, so storing
  // the index does not move the version it is stamped with.
  for (const op of ['insert', 'update', 'delete'])
    store.db.exec(
      `CREATE TRIGGER cv_bump_facet_index_${op} AFTER ${op.toUpperCase()} ON facet_index BEGIN UPDATE case_version SET n = n + 1 WHERE id = 1; END`,
    );
  const b = new Database(join(store.dir, 'case.sqlite'));
  t.after(() => b.close());
  assert.notEqual(caseVersion(b), v);
  assert.equal(persistFacetIndex(b), true);
  assert.equal(b.prepare('SELECT version FROM facet_index').pluck().get(), caseVersion(b));
  assert.equal(
    b
      .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'facet_index'")
      .pluck()
      .get(),
    0,
  );
  const c = new Database(join(store.dir, 'case.sqlite'), { readonly: true });
  t.after(() => c.close());
  sameAsSql(c, 'has:attachment');
  assert.equal(facetIndexLoads(c), 1);
});
