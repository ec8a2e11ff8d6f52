import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { AuditLog } from '../../src/accounts/audit.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { facetIndexBuilds } from '../../src/search/facet-index.js';
import type { FacetValue } from '../../src/search/facets.js';
import { facetsBySql, forgetHitSets, hitSetCounts, search } from '../../src/search/search.js';
import type { Store } from '../../src/store/store.js';
import { tempCase, tempDir } from '../helpers.js';
import { eml, type Msg } from './corpora.js';

/**
 * The fast path of a search with facets (search.ts: hit sets listed without ranking and kept per
 * query, filters kept as rowid sets from their second use, pages by date chosen in memory) against
 * direct SQL on a generated case whose truth is known: totals and facets against SQL's counts
 * (facetsBySql), pages against SQL's ORDER BY … LIMIT (the search without facets), for common and
 * rare words, phrases, OR, negations, filters and dates, asked the first time, the second time
 * (filters then evaluated over the case) and the third (cached), and again after writes that
 * change facets: mail ingested through the same connection, verdicts written by another one.
 */

const SENDERS = [
  'Jean Dupont <jean@campagne.example>',
  'Marie Curie <marie@banque.example>',
  'Bob Smith <bob@press.example>',
  'Alice Martin <alice@campagne.example>',
  'Paul Durand <paul@banque.example>',
  'Zoé Petit <zoe@press.example>',
];
const RECIPIENTS = ['compta@campagne.example', 'direction@banque.example', 'redaction@press.example'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Gen extends Msg {
  words: string[];
  month: string;
  sender: string;
}

/** A fixed-seed corpus: `budget` in about 80 % of the mail, `virement` in 30 %, `zorblat` in 3. */
function corpus(n: number, seed: number, offset = 0): Gen[] {
  let x = seed;
  const rnd = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const out: Gen[] = [];
  for (let i = 0; i < n; i++) {
    const k = i + offset;
    const words = ['bonjour'];
    if (rnd() < 0.8) words.push('budget');
    if (rnd() < 0.3) words.push('virement');
    if (rnd() < 0.2) words.push('ordre du jour');
    if (k % 50 === 7) words.push('zorblat');
    if (rnd() < 0.25) words.push('presse');
    const y = 2016 + Math.floor(rnd() * 2);
    const m = Math.floor(rnd() * 12);
    const sender = SENDERS[Math.floor(rnd() * SENDERS.length)]!;
    out.push({
      file: `g${k}.eml`,
      from: sender,
      to: RECIPIENTS[k % RECIPIENTS.length]!,
      subject: `Message ${k}`,
      date: `Mon, 15 ${MONTHS[m]} ${y} 12:00:00 +0000`,
      body: `${words.join(', ')}. Cordialement.`,
      attachment:
        k % 4 === 0 ? { name: `annexe-${k}.txt`, text: `Annexe numéro ${k} du dossier.` } : undefined,
      words,
      month: `${y}-${String(m + 1).padStart(2, '0')}`,
      sender: /<(.+)>/.exec(sender)![1]!,
    });
  }
  return out;
}

async function ingest(store: Store, t: { after: (fn: () => void) => void }, msgs: Msg[]): Promise<void> {
  const dir = tempDir(t);
  for (const m of msgs) writeFileSync(join(dir, m.file), eml(m));
  await ingestPaths(store, [dir], { workers: 1, silent: true });
}

const QUERIES = [
  'budget',
  'bonjour',
  'virement',
  'zorblat',
  'budget virement',
  '"ordre du jour"',
  '"ordre du jour" OR zorblat',
  'budget OR presse',
  'budget -virement',
  '-budget bonjour',
  'budget from:jean',
  'budget from:@banque.example',
  'virement from:marie after:2017-01',
  'budget after:2016-06 before:2017-03',
  'budget -presse has:attachment',
  'has:attachment',
  'from:bob',
  'date:2016-05',
  'kind:document',
  'kind:email after:2017-01',
  'annexe',
  'budget -from:jean',
  'nosuchwordanywhere',
  'budget from:nobody.example',
  // A rare word with a filter on items: one statement at first use (search.ts EAGER_SHARE), but
  // for from:, after: and before:, read from the facet index at first use too.
  'zorblat from:zoe',
  'zorblat before:2017-06',
  'zorblat to:compta',
  'zorblat date:2016',
  'virement -has:attachment',
  'bonjour -budget -has:attachment',
  // from:, after: and before: read from the facet index at first use (facet-index.ts senderRows,
  // dateRows): ASCII letters match without case (SQLite's LIKE and lower()), other letters with it.
  'budget from:DUPONT',
  'virement from:Zoé',
  'virement from:ZOÉ',
  'from:n_ope',
  'budget from:e after:2016-03-15',
  'before:2016-01-01',
  'after:2018-01-01',
];

/** Asked once verdicts exist (before, such a filter says that verify has not run). */
const VERDICT_QUERIES = ['budget verdict:unsigned', 'verdict:unsigned -virement', 'verdict:verified'];

/** Facets with ties put in a canonical order (SQL orders ties of `count DESC` as it meets them). */
function canonical(f: Record<string, FacetValue[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, vs] of Object.entries(f)) {
    if (k === 'month') {
      out[k] = vs.map((v) => `${v.value}=${v.count}`);
      continue;
    }
    const groups = new Map<number, string[]>();
    for (const v of vs) groups.set(v.count, [...(groups.get(v.count) ?? []), v.value]);
    // A cut at the limit may keep other values of a tied count: then compare the counts only.
    out[k] =
      vs.length === 15
        ? vs.map((v) => String(v.count))
        : [...groups].map(([n, g]) => `${n}:${g.sort().join('|')}`);
  }
  return out;
}

/**
 * Every query, in every order and two pages, against SQL, in three rounds: asked the first time
 * (one statement per query), the second (hit sets forgotten, filters then evaluated over the case
 * as rowid sets) and the third (hit sets kept). Returns how many hits were compared.
 */
function compareAll(store: Store, label: string, queries = QUERIES): number {
  // SQL's facets fill a temporary table, a write: all of them first, then only reads.
  const truth = new Map(queries.map((q) => [q, facetsBySql(store.db, q)]));
  forgetHitSets(store.db);
  const before = { ...hitSetCounts };
  let compared = 0;
  for (const round of ['first', 'second', 'third']) {
    if (round === 'second') forgetHitSets(store.db, { filters: false });
    for (const q of queries) {
      const sql = truth.get(q)!;
      for (const sort of ['relevance', 'date', 'date-asc'] as const)
        for (const [limit, offset] of [
          [10, 0],
          [7, 12],
        ] as const) {
          const fast = search(store, q, { limit, offset, sort, facets: true });
          const slow = search(store, q, { limit, offset, sort });
          const where = `${label}, ${round} round: "${q}" by ${sort}, ${limit} from ${offset}`;
          assert.equal(fast.total, sql.total, `total, ${where}`);
          assert.equal(slow.total, sql.total, `total without facets, ${where}`);
          assert.deepEqual(canonical(fast.facets!), canonical(sql.facets), `facets, ${where}`);
          assert.deepEqual(fast.hits, slow.hits, `page, ${where}`);
          compared += fast.hits.length;
        }
    }
  }
  // Every path was taken: words only, one statement, filters as sets, kept hit sets.
  for (const [path, n] of Object.entries(hitSetCounts))
    assert.ok(n > before[path as keyof typeof before], `${label}: the ${path} path was taken`);
  return compared;
}

test('search with facets, fast path: totals, facets and pages equal to direct SQL, before and after writes', async (t) => {
  const store = tempCase(t);
  const first = corpus(150, 42);
  await ingest(store, t, first);

  // Known truth, straight from the generator.
  const budget = first.filter((m) => m.words.includes('budget'));
  const res = search(store, 'budget', { limit: 5, facets: true });
  assert.equal(res.total, budget.length);
  assert.ok(budget.length > 100 && budget.length < 140, `a common word (${budget.length} of 150)`);
  const bySender = new Map<string, number>();
  for (const m of budget) bySender.set(m.sender, (bySender.get(m.sender) ?? 0) + 1);
  assert.deepEqual(
    Object.fromEntries(res.facets!.sender!.map((v) => [v.value, v.count])),
    Object.fromEntries(bySender),
  );
  const byMonth = new Map<string, number>();
  for (const m of budget) byMonth.set(m.month, (byMonth.get(m.month) ?? 0) + 1);
  assert.deepEqual(
    res.facets!.month!.map((v) => `${v.value}=${v.count}`),
    [...byMonth].sort().map(([k, n]) => `${k}=${n}`),
  );
  assert.equal(search(store, 'zorblat', { facets: true }).total, 3);
  assert.equal(
    search(store, 'budget -virement', { facets: true }).total,
    budget.filter((m) => !m.words.includes('virement')).length,
  );
  assert.equal(
    search(store, 'budget from:@banque.example', { facets: true }).total,
    budget.filter((m) => m.sender.endsWith('@banque.example')).length,
  );

  // Asked the first time (one statement per query), the second (filters as rowid sets over the
  // case) and the third (hit sets kept): the same answers as SQL each time.
  let compared = compareAll(store, 'first ingest');
  assert.ok(compared > 2000, `hits compared: ${compared}`);

  // A write through the same connection: more mail, from a new sender, in a new month.
  const more = corpus(20, 7, 1000).map((m) => ({
    ...m,
    from: 'Léa Nouvelle <lea@nouveau.example>',
    sender: 'lea@nouveau.example',
    date: 'Mon, 15 May 2018 12:00:00 +0000',
    month: '2018-05',
  }));
  await ingest(store, t, more);
  const after = search(store, 'budget', { limit: 5, facets: true });
  const moreBudget = more.filter((m) => m.words.includes('budget')).length;
  assert.ok(moreBudget > 0);
  assert.equal(after.total, budget.length + moreBudget);
  assert.deepEqual(after.facets!.month!.at(-1), { value: '2018-05', count: moreBudget });
  assert.ok(after.facets!.domain!.some((v) => v.value === 'nouveau.example' && v.count === moreBudget));
  compared = compareAll(store, 'after an ingest');
  assert.ok(compared > 2000, `hits compared after the ingest: ${compared}`);

  // Writes by another connection (as `leaklens verify` in another process): verdicts, a facet
  // and a filter, change without any new item.
  const other = new Database(join(store.dir, 'case.sqlite'));
  const ids = other
    .prepare("SELECT id FROM items WHERE kind = 'Email' ORDER BY id")
    .pluck()
    .all() as string[];
  const put = other.prepare(
    "INSERT OR REPLACE INTO verdicts (item_id, verdict, signatures_json) VALUES (?, ?, '[]')",
  );
  const verify = (verdict: (k: number) => string) =>
    other.transaction(() => {
      for (const [k, id] of ids.entries()) put.run(id, verdict(k));
    })();
  verify(() => 'unsigned');
  const all = budget.length + moreBudget;
  // Asked three times: the filter verdict:unsigned is then kept as a rowid set.
  for (let k = 0; k < 3; k++)
    assert.equal(search(store, 'budget verdict:unsigned', { facets: true }).total, all);
  verify((k) => (k % 3 === 0 ? 'verified' : 'unsigned'));
  const unsigned = search(store, 'budget verdict:unsigned', { facets: true });
  assert.equal(unsigned.total, facetsBySql(store.db, 'budget verdict:unsigned').total);
  assert.ok(unsigned.total < all && unsigned.total > all / 2, `${unsigned.total} of ${all}`);
  const verdicts = search(store, 'budget', { facets: true }).facets!.verdict!;
  assert.equal(
    verdicts.reduce((n, v) => n + v.count, 0),
    all,
  );
  assert.deepEqual(
    verdicts.map((v) => v.value),
    ['unsigned', 'verified'],
  );
  other.close();
  compared = compareAll(store, 'after verify', [...QUERIES, ...VERDICT_QUERIES]);
  assert.ok(compared > 2000, `hits compared after verify: ${compared}`);

  // The workbench writes the audit log (every search), sessions and logins on the connection it
  // searches with: those tables no search reads, so the facet index is not built again; a tag is
  // read by the tag: filter, so the next search sees it.
  search(store, 'budget tag:suspect', { facets: true });
  search(store, 'budget tag:suspect', { facets: true, sort: 'date' });
  const built = facetIndexBuilds(store.db);
  const audit = new AuditLog(new SqliteDb(store.db));
  for (let k = 0; k < 3; k++) {
    await audit.record({ user: 'local', action: 'search', target: 'budget', address: '127.0.0.1' });
    assert.equal(search(store, 'budget', { facets: true }).total, all);
  }
  assert.equal(facetIndexBuilds(store.db), built, 'the audit log leaves the facet index as it was');
  assert.equal(search(store, 'budget tag:suspect', { facets: true }).total, 0);
  const tagged = store.db
    .prepare("SELECT id FROM items WHERE kind = 'Email' ORDER BY id LIMIT 9")
    .pluck()
    .all();
  const tag = store.db.prepare(
    "INSERT INTO annotations (item_id, kind, value, author, created_at) VALUES (?, 'tag', 'suspect', 'test', '2026-01-01')",
  );
  for (const id of tagged) tag.run(id);
  const suspect = search(store, 'budget tag:suspect', { facets: true });
  assert.equal(suspect.total, facetsBySql(store.db, 'budget tag:suspect').total);
  assert.ok(suspect.total > 0, 'tagged items are found at once');
  assert.ok(facetIndexBuilds(store.db) > built, 'a tag is a write searches read');
});
