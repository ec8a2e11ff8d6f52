import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { caseSchema, openCaseStore } from '../../src/case/open.js';
import { PgDb } from '../../src/case/pg-db.js';
import { enumerateInputs } from '../../src/ingest/enumerate.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { badgesFor } from '../../src/search/badges.js';
import { DATE_WALK_MIN, planSearch, RANK_BODY_MAX, type SearchSort } from '../../src/search/plan.js';
import { parseQuery } from '../../src/search/query.js';
import { search } from '../../src/search/search.js';
import { searchCase } from '../../src/search/search-case.js';
import { Store } from '../../src/store/store.js';
import { dirRecords } from '../../src/team/dirs.js';
import { groupTasks } from '../../src/team/queue.js';
import { ingestJobsHere } from '../../src/team/worker.js';
import { postgresReachable, TEST_DATABASE_URL } from '../case/backends.js';
import { tempDir } from '../helpers.js';

/**
 * PostgreSQL's search pages of a large hit set (issue #15): above RANK_BODY_MAX hits the page by
 * relevance ranks only the hits whose subject, names or people hold a query word and puts the
 * others after them in row id order; above DATE_WALK_MIN hits the page newest first walks the
 * items in date order. Both must give exactly the pages of the plain statements that rank or sort
 * every hit (plan.ts largePageSql and pageSql, the rule of the previous build), on a generated
 * case with more hits than those limits, ties of scores and dates, undated messages, and pages that
 * straddle the boundary between ranked and unranked hits; and the same totals and date order as
 * the laptop case of the same messages.
 */
const pgUp = await postgresReachable();
if (!pgUp && process.env.CI) throw new Error('CI: PostgreSQL not answering on 127.0.0.1');
const skip = pgUp ? false : 'PostgreSQL not answering on 127.0.0.1 (laptop mode)';

const N = 1300;
/** Messages with a subject holding "budget" (every 7th): the ranked head of the relevance order. */
const SUBJECT_EVERY = 7;

/** N e-mails: "budget" in every body, in some subjects; "facture" in a quarter; repeated dates. */
function writeCorpus(dir: string): void {
  for (let k = 0; k < N; k++) {
    const subject = `${k % SUBJECT_EVERY === 0 ? 'Budget' : 'Note'} ${k % 3 === 0 ? 'du mois' : 'annuelle'}`;
    const day = String((k % 28) + 1).padStart(2, '0');
    const month = ['Jan', 'Feb', 'Mar'][k % 3];
    const date =
      k % 97 === 0 ? '' : `Date: Mon, ${day} ${month} 2017 ${String(k % 5).padStart(2, '0')}:00:00 +0000\r\n`;
    const body = `${'budget '.repeat((k % 5) + 1)}${k % 4 === 0 ? 'facture payée' : 'rien'} ${k % 11 === 0 ? 'budget' : ''}`;
    writeFileSync(
      join(dir, `m${String(k).padStart(4, '0')}.eml`),
      `From: Person ${k % 13} <p${k % 13}@example.org>\r\nTo: desk@example.org\r\nSubject: ${subject}\r\n${date}Message-ID: <m${k}@pgs.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
    );
  }
}

describe('PostgreSQL search: pages of a large hit set equal those of ranking or sorting every hit', {
  skip,
}, () => {
  test('relevance above RANK_BODY_MAX hits, newest first above DATE_WALK_MIN, on a generated case', async (t) => {
    const dump = tempDir(t);
    writeCorpus(dump);
    const laptop = Store.open(join(tempDir(t), 'case'));
    t.after(() => laptop.close());
    await ingestPaths(laptop, [dump], { workers: 1, silent: true });

    const caseName = `pgs_order_${randomBytes(5).toString('hex')}`;
    const team = (await openCaseStore({ databaseUrl: TEST_DATABASE_URL, caseName })) as SqlCaseStore;
    t.after(async () => {
      await team.close();
      const db = await PgDb.connect(TEST_DATABASE_URL, caseSchema(caseName));
      await db.dropSchema();
      await db.close();
    });
    const { tasks, dirs } = enumerateInputs([dump]);
    await team.applyRecords(dirRecords(dirs));
    await ingestJobsHere(
      team,
      join(tempDir(t), 'blobs'),
      groupTasks(tasks).map((g) => ({ tasks: g })),
    );

    /** The page by the plain statement: every hit ranked (or sorted), then LIMIT and OFFSET. */
    const plain = async (q: string, sort: SearchSort, large: boolean, limit: number, offset: number) => {
      const plan = planSearch(parseQuery(q), 'postgres', sort);
      const [sql, params] = large
        ? [plan.largePageSql, plan.largePageParams]
        : [plan.pageSql, plan.pageParams];
      const rows = await team.db.all<{ id: string; score: number }>(sql, [...params, limit, offset]);
      return rows.map((r) => ({ id: r.id, score: -Number(r.score) }));
    };
    const page = async (q: string, sort: SearchSort, limit: number, offset: number) =>
      (await searchCase(team.db, q, { limit, offset, sort })).hits.map((h) => ({ id: h.id, score: h.score }));

    const budget = (await searchCase(team.db, 'budget', { limit: 0 })).total;
    assert.equal(budget, N, 'every message holds "budget"');
    assert.ok(budget > RANK_BODY_MAX && budget > DATE_WALK_MIN);
    const head = Math.ceil(N / SUBJECT_EVERY); // hits with "budget" in the subject
    for (const q of ['budget', 'budget OR facture', '"budget budget" OR budget', 'budget -rien']) {
      const total = (await searchCase(team.db, q, { limit: 0 })).total;
      assert.equal(total, search(laptop, q, { limit: 0 }).total, `total of "${q}"`);
      const large = total > RANK_BODY_MAX;
      // The first pages, pages across the end of the ranked head, and the last page.
      for (const [limit, offset] of [
        [20, 0],
        [20, 20],
        [20, head - 7],
        [50, head - 30],
        [20, head + 1],
        [20, Math.max(0, total - 10)],
      ] as const) {
        assert.deepEqual(
          await page(q, 'relevance', limit, offset),
          await plain(q, 'relevance', large, limit, offset),
          `"${q}" by relevance, ${limit} from ${offset}`,
        );
        const byDate = await page(q, 'date', limit, offset);
        assert.deepEqual(
          byDate,
          await plain(q, 'date', false, limit, offset),
          `"${q}" by date, ${limit} from ${offset}`,
        );
        assert.deepEqual(
          byDate.map((h) => h.id),
          search(laptop, q, { limit, offset, sort: 'date' }).hits.map((h) => h.id),
          `"${q}" by date as on SQLite, ${limit} from ${offset}`,
        );
      }
    }
    // The ranked head is where it should be: its hits hold "budget" in the subject, the next do not.
    const first = (await searchCase(team.db, 'budget', { limit: head + 5, sort: 'relevance' })).hits;
    assert.ok(first.slice(0, head).every((h) => /budget/i.test(h.subject ?? '')));
    assert.ok(first.slice(head).every((h) => !/budget/i.test(h.subject ?? '')));
    // Undated messages come last by date, as on SQLite.
    const last = (await searchCase(team.db, 'budget', { limit: 5, offset: N - 5, sort: 'date' })).hits;
    assert.ok(last.every((h) => h.date === null));

    // Badges (a verdict, flag kinds with their strongest severity) come with the page's rows, as
    // the laptop's separate queries give them.
    const [a, b, c] = first.map((h) => h.id) as [string, string, string];
    const flags = [
      [a, 'dkim-fail', 'high'],
      [a, 'dkim-fail', 'critical'],
      [a, 'date-gap', 'low'],
      [b, 'date-gap', 'medium'],
      [b, 'attachment-mime', 'medium'],
    ];
    for (const [k, [item, kind, severity]] of flags.entries()) {
      const row = [`f${k}`, item, kind, severity, 'test', '{}', 'verify'];
      const sql =
        'INSERT INTO flags(id, item_id, kind, severity, message, evidence_json, stage) VALUES (?, ?, ?, ?, ?, ?, ?)';
      await team.db.run(sql, row);
      laptop.db.prepare(sql).run(...row);
    }
    for (const [item, verdict] of [
      [a, 'verified'],
      [c, 'body-altered'],
    ]) {
      const sql = "INSERT INTO verdicts(item_id, verdict, signatures_json) VALUES (?, ?, '[]')";
      await team.db.run(sql, [item, verdict]);
      laptop.db.prepare(sql).run(item, verdict);
    }
    const teamHits = (await searchCase(team.db, 'budget', { limit: 5 })).hits;
    const want = badgesFor(
      laptop.db,
      teamHits.map((h) => h.id),
    );
    assert.deepEqual(
      teamHits.map((h) => ({ id: h.id, verdict: h.verdict, flags: h.flags })),
      teamHits.map((h) => ({ id: h.id, ...want.get(h.id)! })),
    );
    assert.deepEqual(teamHits[0]!.flags, [
      { kind: 'dkim-fail', severity: 'critical' },
      { kind: 'date-gap', severity: 'low' },
    ]);
    assert.equal(teamHits[2]!.verdict, 'body-altered');
  });
});
