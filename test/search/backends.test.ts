import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CaseStore, SqlCaseStore } from '../../src/case/case-store.js';
import { caseSchema, openCaseStore } from '../../src/case/open.js';
import { PgDb } from '../../src/case/pg-db.js';
import { UserError } from '../../src/core/errors.js';
import { enumerateInputs } from '../../src/ingest/enumerate.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { planSearch } from '../../src/search/plan.js';
import { parseQuery } from '../../src/search/query.js';
import { type SearchResult, search } from '../../src/search/search.js';
import { searchCase } from '../../src/search/search-case.js';
import { Store } from '../../src/store/store.js';
import { dirRecords } from '../../src/team/dirs.js';
import { groupTasks } from '../../src/team/queue.js';
import { ingestJobsHere } from '../../src/team/worker.js';
import { postgresReachable, TEST_DATABASE_URL } from '../case/backends.js';
import { runCli } from '../cli/run.js';
import { tempDir } from '../helpers.js';
import { writeNamesCorpus, writeSearchCorpus } from './corpora.js';

/**
 * The contract between the two search backends: the search suite's corpora are ingested into a
 * laptop case (SQLite, FTS5) and into a team case (PostgreSQL, tsvector; real server, no mock)
 * through the team worker's own ingest, and every query of the suite, plus the language's other
 * constructs, must give the same total and the same hits on both.
 */
const HERE = fileURLToPath(new URL('.', import.meta.url));
const pgUp = await postgresReachable();
if (!pgUp && process.env.CI) throw new Error('CI: PostgreSQL not answering on 127.0.0.1');
const skip = pgUp ? false : 'PostgreSQL not answering on 127.0.0.1 (laptop mode)';

/** Every query the search suite's tests run (read from their source, so this list cannot go stale). */
function suiteQueries(): string[] {
  const out = new Set<string>();
  for (const f of ['search.test.ts', 'names.test.ts']) {
    const src = readFileSync(join(HERE, f), 'utf8');
    for (const m of src.matchAll(/(?:subjects|search)\(store, ('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/g))
      out.add(m[1]!.startsWith("'") ? m[1]!.slice(1, -1).replace(/\\'/g, "'") : JSON.parse(m[1]!));
  }
  return [...out];
}

/** The rest of the language: prefixes of names, phrases in names and subjects, negated filters, OR of phrases. */
const MORE = [
  'factur',
  'FACTURES',
  'facture payée',
  '"payée hier"',
  '"payer hier"',
  'subject:"factures du mois"',
  'subject:"du factures"',
  'filename:"contrat edition"',
  'filename:edition',
  '"ordre du jour" OR "meeting notes"',
  'budget -from:bob',
  '-budget kind:email',
  'NOT facture kind:email',
  'jean',
  'dupont',
  'campagne',
  'Георгий Рошка',
  '"Георгий Рошка"',
  'roshka OR dupont',
  'roshk',
  'date:2017-03',
  'to:jean',
  'from:JEAN',
  'domain:campagne.example',
  'mime:txt',
  'mime:text/plain',
  'path:m4',
  'has:attachment -filename:contrat',
  'size>100',
  'kind:document',
  '5',
  '"5 000"',
  'euros OR dollars',
  'meeting -meetings',
  'budget OR facture -newsletter after:2017-03-29',
];

async function laptopCase(t: Parameters<typeof tempDir>[0], dump: string): Promise<Store> {
  const store = Store.open(join(tempDir(t), 'case'));
  t.after(() => store.close());
  await ingestPaths(store, [dump], { workers: 1, silent: true });
  return store;
}

/** A team case filled by the worker's ingest (the jobs run here, without a queue). */
async function teamCase(t: Parameters<typeof tempDir>[0], dump: string): Promise<SqlCaseStore> {
  const caseName = `search_pg_${randomBytes(5).toString('hex')}`;
  const store = (await openCaseStore({ databaseUrl: TEST_DATABASE_URL, caseName })) as SqlCaseStore;
  t.after(async () => {
    await store.close();
    const db = await PgDb.connect(TEST_DATABASE_URL, caseSchema(caseName));
    await db.dropSchema();
    await db.close();
  });
  await fill(store, dump, join(tempDir(t), 'blobs'));
  return store;
}

async function fill(store: CaseStore, dump: string, blobRoot: string): Promise<void> {
  const { tasks, dirs } = enumerateInputs([dump]);
  await store.applyRecords(dirRecords(dirs));
  await ingestJobsHere(
    store,
    blobRoot,
    groupTasks(tasks).map((group) => ({ tasks: group })),
  );
}

async function compare(laptop: Store, team: SqlCaseStore, queries: string[]): Promise<void> {
  for (const q of queries) {
    let laptopError: string | null = null;
    try {
      search(laptop, q);
    } catch (err) {
      laptopError = (err as Error).message;
    }
    if (laptopError !== null) {
      await assert.rejects(
        searchCase(team.db, q),
        (e: Error) => e.message === laptopError,
        `error of "${q}"`,
      );
      continue;
    }
    for (const sort of ['relevance', 'date'] as const) {
      const a = search(laptop, q, { limit: 100, sort, facets: true });
      const b = await searchCase(team.db, q, { limit: 100, sort, facets: true });
      assert.equal(b.total, a.total, `total of "${q}"`);
      const ids = (r: typeof a) => r.hits.map((h) => h.id);
      if (sort === 'date') assert.deepEqual(ids(b), ids(a), `hits of "${q}", by date`);
      else assert.deepEqual(new Set(ids(b)), new Set(ids(a)), `hits of "${q}"`);
      assert.deepEqual(
        b.hits.map((h) => h.snippet),
        ids(b).map((id) => a.hits.find((h) => h.id === id)!.snippet),
        `snippets of "${q}"`,
      );
      // Facets whose order has no tie-break (kind, attachment …) are compared as sets.
      for (const [name, values] of Object.entries(a.facets!))
        assert.deepEqual(
          new Set(b.facets![name]!.map((v) => `${v.value}=${v.count}`)),
          new Set(values.map((v) => `${v.value}=${v.count}`)),
          `facet ${name} of "${q}"`,
        );
    }
    const page = await searchCase(team.db, q, { limit: 2, offset: 1, sort: 'date' });
    const want = search(laptop, q, { limit: 2, offset: 1, sort: 'date' });
    assert.deepEqual(
      page.hits.map((h) => h.id),
      want.hits.map((h) => h.id),
      `page 2 of "${q}"`,
    );
    assert.equal(page.total, want.total);
  }
}

describe('search backends: PostgreSQL answers every query as SQLite does', { skip }, () => {
  test('the search corpus', async (t) => {
    const dump = tempDir(t);
    writeSearchCorpus(dump);
    const [laptop, team] = [await laptopCase(t, dump), await teamCase(t, dump)];
    const queries = [...suiteQueries(), ...MORE];
    assert.ok(suiteQueries().length >= 30, 'the suite queries were found in the test sources');
    await compare(laptop, team, queries);
    // Above RANK_BODY_MAX hits PostgreSQL ranks without the body (plan.ts): the same hits, ordered.
    for (const q of ['budget OR facture OR meeting', 'jean', 'kind:email']) {
      const plan = planSearch(parseQuery(q), 'postgres');
      const ids = async (sql: string, params: unknown[]) =>
        (await team.db.all<{ id: string }>(sql, [...params, 100, 0])).map((r) => r.id);
      const small = await ids(plan.pageSql, plan.pageParams);
      assert.deepEqual(new Set(await ids(plan.largePageSql, plan.largePageParams)), new Set(small), q);
      assert.ok(small.length > 0, q);
    }
    // A few totals written out, so that two wrong backends cannot agree.
    assert.equal((await searchCase(team.db, 'réunion')).total, 2);
    assert.equal((await searchCase(team.db, '"ordre du jour"')).total, 1);
    assert.equal((await searchCase(team.db, 'budget -vendredi')).total, 1);
    assert.equal((await searchCase(team.db, 'filename:contrat')).total, 2);
    assert.equal((await searchCase(team.db, 'kind:email')).total, 5);
  });

  test('the names corpus (Cyrillic and Latin forms)', async (t) => {
    const dump = tempDir(t);
    writeNamesCorpus(dump);
    const [laptop, team] = [await laptopCase(t, dump), await teamCase(t, dump)];
    await compare(laptop, team, [...suiteQueries(), 'Рошка', 'roshka -Георгий', 'Roshka Georgiy']);
    assert.equal((await searchCase(team.db, 'Рошка')).total, 2);
  });

  test('leaklens search --database: a team case, in text and --json, as on the laptop', async (t) => {
    const dump = tempDir(t);
    writeSearchCorpus(dump);
    const laptop = await laptopCase(t, dump);
    const caseName = `search_pg_${randomBytes(5).toString('hex')}`;
    const team = (await openCaseStore({ databaseUrl: TEST_DATABASE_URL, caseName })) as SqlCaseStore;
    t.after(async () => {
      await team.close();
      const db = await PgDb.connect(TEST_DATABASE_URL, caseSchema(caseName));
      await db.dropSchema();
      await db.close();
    });
    await fill(team, dump, join(tempDir(t), 'blobs'));
    const team_ = ['--database', TEST_DATABASE_URL, '--case-name', caseName];
    const json = await runCli(
      'search',
      ...team_,
      '--json',
      '--sort',
      'date',
      '--facets',
      'budget',
      'OR',
      'facture',
    );
    assert.equal(json.code, 0, json.err);
    const got = JSON.parse(json.out) as SearchResult;
    const want = search(laptop, 'budget OR facture', { sort: 'date', facets: true });
    assert.equal(got.total, 4);
    assert.deepEqual(
      got.hits.map((h) => h.id),
      want.hits.map((h) => h.id),
    );
    const text = await runCli('search', ...team_, '"ordre du jour"');
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^1 hit\(s\) for "\\"ordre du jour\\"" /);
    assert.match(text.out, /Ordre du jour/);
    const bad = await runCli('search', '--database', 'mysql://x', 'budget');
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /--database takes a postgres:\/\/ URL/);
  });

  test('user errors are the same on both', async (t) => {
    const dump = tempDir(t);
    writeSearchCorpus(dump);
    const team = await teamCase(t, dump);
    await assert.rejects(searchCase(team.db, 'nosuchfilter:x'), (e: Error) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, /unknown search filter "nosuchfilter:"/);
      return true;
    });
    await assert.rejects(searchCase(team.db, 'after:2017-13'), /not a date/);
    // verdicts come from `leaklens verify`, which has not run on this case
    await assert.rejects(searchCase(team.db, 'verdict:verified'), (e: Error) => {
      assert.ok(e instanceof UserError, String(e));
      assert.match(e.message, /needs the "verdicts" table/);
      return true;
    });
  });
});
