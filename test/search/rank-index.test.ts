import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type Database from 'better-sqlite3';
import { ingestPaths } from '../../src/ingest/manager.js';
import { caseVersion } from '../../src/search/case-version.js';
import { planSearch } from '../../src/search/plan.js';
import { parseQuery } from '../../src/search/query.js';
import {
  buildHeads,
  persistRankIndex,
  phraseExpr,
  phrasesOf,
  rankCounts,
  rankedHead,
  SQLITE_SCORE,
} from '../../src/search/rank-index.js';
import { forgetHitSets, search } from '../../src/search/search.js';
import type { Store } from '../../src/store/store.js';
import { tempCase, tempDir } from '../helpers.js';
import { eml } from './corpora.js';

/**
 * The ranked heads of frequent phrases (migration 21, src/search/rank-index.ts) on a generated
 * case whose ground truth is FTS5's own ranking of every hit (`ORDER BY bm25, rowid`): the stored
 * heads are exactly the top rows of each phrase, a proven head is exactly FTS5's, every search
 * answers as without the index, and once the case changed the stored heads are not used.
 */

/** A fixed-seed generator (mulberry32): the same case on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILLER = [
  'rapport',
  'semaine',
  'dossier',
  'projet',
  'courrier',
  'agenda',
  'point',
  'note',
  'liste',
  'suivi',
];
/** Messages of the generated case: budget in about 90 % (1 to 6 times, sometimes in the subject), réunion in half. */
const MESSAGES = 1200;

function writeCorpus(dir: string, n: number, seed: number, prefix = 'g'): void {
  mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  for (let i = 0; i < n; i++) {
    const words: string[] = [];
    const len = 5 + Math.floor(r() * 60);
    for (let k = 0; k < len; k++) words.push(pick(FILLER));
    if (r() < 0.9)
      for (let k = 1 + Math.floor(r() * 6); k > 0; k--)
        words.splice(Math.floor(r() * words.length), 0, 'budget');
    if (r() < 0.5) words.splice(Math.floor(r() * words.length), 0, 'réunion');
    if (r() < 0.1) words.push('budget', 'réunion');
    const subject = r() < 0.15 ? `Budget ${pick(FILLER)}` : `Au sujet du ${pick(FILLER)}`;
    const from =
      r() < 0.3 ? 'Jean Dupont <jean@campagne.example>' : `Agent ${i % 17} <agent${i % 17}@campagne.example>`;
    writeFileSync(
      join(dir, `${prefix}${i}.eml`),
      eml({
        file: `${prefix}${i}.eml`,
        from,
        to: 'equipe@campagne.example',
        subject,
        date: new Date(Date.UTC(2017, 0, 1) + i * 3_600_000).toUTCString(),
        body: words.join(' '),
      }),
    );
  }
}

async function generated(t: Parameters<typeof tempCase>[0]): Promise<Store> {
  const store = tempCase(t);
  const dump = tempDir(t);
  writeCorpus(dump, MESSAGES, 7);
  await ingestPaths(store, [dump], { workers: 0, silent: true });
  return store;
}

/** Small heads for a small case: phrases in 200 rows or more, 150 rows kept of each. */
const OPTS = { frequent: 200, headRows: 150 };

/** FTS5's ranking of every hit: the ground truth. */
function truth(db: Database.Database, expr: string, n: number): [number, number][] {
  return db
    .prepare(`SELECT rowid, ${SQLITE_SCORE} AS s FROM fts WHERE fts MATCH ? ORDER BY s, rowid LIMIT ?`)
    .raw()
    .all(expr, n) as [number, number][];
}

const exprOf = (q: string) => planSearch(parseQuery(q), 'sqlite').parts!.match!;

const QUERIES = [
  'budget',
  'budget réunion',
  '"budget réunion" OR budget',
  'budget OR réunion',
  'réunion',
  'budget from:jean',
  'budget -réunion',
  'budget after:2017-01-20',
];

test('phrasesOf reads the expressions of fts-expr.ts and refuses anything else', () => {
  const ps = phrasesOf(exprOf('budget réunion'))!.map(phraseExpr);
  assert.ok(ps.includes('{subject body people} : "budget"'), ps.join(' | '));
  assert.ok(ps.includes('{names people} : "budget"*'), ps.join(' | '));
  assert.ok(
    ps.some((p) => p.startsWith('{subject body people} : "reunion')),
    ps.join(' | '),
  );
  assert.deepEqual(phrasesOf('{a b} : ("x" OR {b c} : "y"*)')!.map(phraseExpr), [
    '{a b} : "x"',
    '{b} : "y"*',
  ]);
  for (const bad of ['budget', '{-a} : "x"', '"a" NOT "b"', 'NEAR("a" "b")', '("a"', '"a")', '{a} :', '^"a"'])
    assert.equal(phrasesOf(bad), null, bad);
});

test('the stored heads are the top rows of each phrase alone, and the bound is the best share of any other row', async (t) => {
  const store = await generated(t);
  const heads = buildHeads(store.db, OPTS);
  assert.ok(heads.has('{subject body people} : "budget"'), [...heads.keys()].join(' | '));
  for (const [phrase, head] of heads) {
    const all = truth(store.db, phrase, 1_000_000);
    assert.ok(all.length > OPTS.headRows, phrase);
    // Highest share first, ties by rowid: FTS5's own order of the phrase alone.
    const top = all.slice(0, OPTS.headRows);
    assert.deepEqual(
      Array.from(head.rows),
      top.map((r) => r[0]),
      `rows of ${phrase}`,
    );
    assert.deepEqual(
      Array.from(head.shares!),
      top.map((r) => -r[1]),
      `shares of ${phrase}`,
    );
    const rest = all.slice(OPTS.headRows).map((r) => -r[1]);
    assert.equal(head.bound, Math.max(...rest), `bound of ${phrase}`);
    // A share is never negative: the bound of a row of no head holds for every phrase.
    assert.ok(
      all.every((r) => r[1] <= 0),
      phrase,
    );
  }
});

test('a proven head is exactly FTS5 ranking every hit; the common word is proven', async (t) => {
  const store = await generated(t);
  assert.equal(persistRankIndex(store.db, OPTS), true);
  const before = rankCounts.proven;
  for (const q of QUERIES)
    for (const n of [1, 20, 100]) {
      const got = rankedHead(store.db, exprOf(q), n, 1_000_000);
      if (got) assert.deepEqual(got, truth(store.db, exprOf(q), n), `${q} (${n})`);
    }
  assert.ok(rankedHead(store.db, exprOf('budget'), 20, 1_000_000), 'budget: proven');
  assert.ok(rankCounts.proven > before);
});

/** The answers of the 8 queries, both orders, three pages, with facets. */
function answers(db: Database.Database): unknown[] {
  const out: unknown[] = [];
  for (const q of QUERIES)
    for (const sort of ['relevance', 'date'] as const)
      for (const offset of [0, 20, 100]) {
        forgetHitSets(db);
        const r = search({ db } as never, q, { facets: true, limit: 20, offset, sort });
        out.push({ q, sort, offset, total: r.total, hits: r.hits, facets: r.facets });
        // The next page asked within the same hit set.
        const next = search({ db } as never, q, { facets: true, limit: 20, offset: offset + 20, sort });
        out.push({ q, sort, offset: offset + 20, hits: next.hits });
      }
  return out;
}

test('searches answer the same with the stored heads as without them (hits, scores, snippets, facets)', async (t) => {
  const store = await generated(t);
  const without = answers(store.db);
  assert.equal(persistRankIndex(store.db, OPTS), true);
  const before = rankCounts.proven;
  const withIndex = answers(store.db);
  assert.ok(rankCounts.proven > before, 'the stored heads answered some pages');
  assert.deepEqual(withIndex, without);
});

test('once the case changed the stored heads are not used: the new best hit comes first', async (t) => {
  const store = await generated(t);
  assert.equal(persistRankIndex(store.db, OPTS), true);
  const stamped = store.db.prepare("SELECT version FROM rank_index WHERE phrase = ''").pluck().get();
  assert.equal(stamped, `1:${caseVersion(store.db)}`);
  // A short message all about budget: it ranks first, and no stored head holds it.
  const more = tempDir(t);
  writeFileSync(
    join(more, 'best.eml'),
    eml({
      file: 'best.eml',
      from: 'Jean Dupont <jean@campagne.example>',
      to: 'equipe@campagne.example',
      subject: 'Budget budget budget',
      date: 'Mon, 01 Jan 2018 10:00:00 +0000',
      body: 'budget budget budget budget',
    }),
  );
  await ingestPaths(store, [more], { workers: 0, silent: true });
  assert.equal(rankedHead(store.db, exprOf('budget'), 20, 1_000_000), null, 'stale heads are not used');
  forgetHitSets(store.db);
  const first = search({ db: store.db } as never, 'budget', { facets: true, limit: 20 }).hits[0]!;
  const best = store.db
    .prepare(
      "SELECT id FROM items WHERE name LIKE '%best.eml%' OR id IN (SELECT id FROM emails WHERE subject = 'Budget budget budget')",
    )
    .pluck()
    .all() as string[];
  assert.ok(best.includes(first.id), `first hit ${first.id}`);
  // Stored again at the new version, they are used again and still answer as FTS5.
  assert.equal(persistRankIndex(store.db, OPTS), true);
  const got = rankedHead(store.db, exprOf('budget'), 20, 1_000_000);
  assert.deepEqual(got, truth(store.db, exprOf('budget'), 20));
  assert.equal(got![0]![0], store.db.prepare('SELECT rowid FROM items WHERE id = ?').pluck().get(first.id));
});

test('the terms stored fit the budget of rows, the most frequent first, the most frequent first; a frequent term left out is ranked in full', async (t) => {
  const store = await generated(t);
  buildHeads(store.db, OPTS); // creates temp.rank_vocab
  const vocab = store.db
    .prepare('SELECT term, doc FROM temp.rank_vocab WHERE doc >= ? ORDER BY doc DESC, term')
    .raw();
  const frequent = vocab.all(OPTS.frequent) as [string, number][];
  assert.ok(frequent.length > 2, `frequent terms: ${frequent.length}`);
  // A budget that holds the two most frequent terms' rows and no more.
  const rows = store.db.prepare('SELECT count(*) FROM fts').pluck().get() as number;
  const budget = { ...OPTS, postingsPerRow: (frequent[0]![1] + frequent[1]![1]) / rows };
  const heads = buildHeads(store.db, budget);
  const kept = new Set([...heads.keys()].map((p) => /"(.*)"/.exec(p)![1]));
  assert.ok(kept.size <= 2 && kept.size > 0, [...kept].join(' | '));
  const top2 = frequent.slice(0, 2).map((r) => r[0]);
  for (const term of kept) assert.ok(top2.includes(term), `${term} is not among ${top2.join(', ')}`);
  const without = answers(store.db);
  assert.equal(persistRankIndex(store.db, budget), true);
  assert.deepEqual(answers(store.db), without);
});
