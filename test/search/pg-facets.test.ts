import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AuditLog } from '../../src/accounts/audit.js';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { PgDb } from '../../src/case/pg-db.js';
import { stageRunKey } from '../../src/case/stage-ran.js';
import { enumerateInputs } from '../../src/ingest/enumerate.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import type { FacetValue } from '../../src/search/facets.js';
import { PG_SEARCH_VERSION_SQL, pgFacetIndexBuilds } from '../../src/search/pg-facet-index.js';
import { search } from '../../src/search/search.js';
import { searchCase } from '../../src/search/search-case.js';
import type { Store } from '../../src/store/store.js';
import { dirRecords } from '../../src/team/dirs.js';
import { groupTasks } from '../../src/team/queue.js';
import { ingestJobsHere } from '../../src/team/worker.js';
import { postgresReachable, TEST_DATABASE_URL } from '../case/backends.js';
import { tempCase, tempDir } from '../helpers.js';
import { sqlTeamCase } from '../team/services.js';
import { eml, type Msg } from './corpora.js';

/**
 * PostgreSQL's facets counted in memory (search/pg-facet-index.ts, migration 16) against the
 * laptop's on the same generated mail: asked at a search version seen the first time (SQL
 * facets), the second (the index is built) and after (the index), every facet equal to SQLite's;
 * then writes that change facets (verdicts, a stage's stamp and its table) are seen by the next
 * search, writes no facet reads (the audit log, the overview's cache in meta) keep the index, and
 * two writers of facet tables do not wait for each other's commit.
 */
const pgUp = await postgresReachable();
if (!pgUp && process.env.CI) throw new Error('CI: PostgreSQL not answering on 127.0.0.1');
const skip = pgUp ? false : 'PostgreSQL not answering on 127.0.0.1 (laptop mode)';

const SENDERS = ['Jean <jean@campagne.example>', 'Marie <marie@banque.example>', 'Bob <bob@press.example>'];
const RECIPIENTS = ['compta@campagne.example', 'direction@banque.example', 'redaction@press.example'];

/** 60 messages: `budget` in two thirds, `virement` in a fifth, senders, months and attachments cycling. */
function corpus(): Msg[] {
  return Array.from({ length: 60 }, (_, k) => ({
    file: `p${k}.eml`,
    from: SENDERS[k % 3]!,
    to: `${RECIPIENTS[k % 3]}, ${RECIPIENTS[((k + k / 7) % 3) | 0]}`,
    subject: `Note ${k}`,
    date: `Mon, ${10 + (k % 15)} ${['Jan', 'Mar', 'Jun', 'Nov'][k % 4]} ${2016 + (k % 2)} 12:00:00 +0000`,
    body: `${k % 3 ? 'budget' : 'bonjour'} ${k % 5 ? '' : 'virement'} dossier ${k}`,
    attachment: k % 4 === 0 ? { name: `annexe-${k}.txt`, text: `annexe budget ${k}` } : undefined,
  }));
}

const QUERIES = [
  'budget',
  'dossier',
  'virement',
  'budget -virement',
  'budget from:jean',
  'has:attachment',
  'kind:email after:2017-01',
  'annexe',
  'nosuchwordanywhere',
];

/** Ties of `count DESC` put in value order (SQL orders them as it meets them). */
function canonical(f: Record<string, FacetValue[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, vs] of Object.entries(f))
    out[k] = (
      k === 'month' ? vs : [...vs].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
    ).map((v) => `${v.count}=${v.value}`);
  return out;
}

async function both(dir: string, t: Parameters<typeof tempDir>[0]) {
  const laptop = tempCase(t);
  await ingestPaths(laptop, [dir], { workers: 1, silent: true });
  const { store: team } = await sqlTeamCase(t, 'pgfacets');
  const { tasks, dirs } = enumerateInputs([dir]);
  await team.applyRecords(dirRecords(dirs));
  await ingestJobsHere(
    team,
    join(tempDir(t), 'blobs'),
    groupTasks(tasks).map((g) => ({ tasks: g })),
  );
  return { laptop, team };
}

/** Every query three times on the team case (SQL facets, index built, index), each equal to the laptop's. */
async function compare(laptop: Store, team: SqlCaseStore, label: string, queries = QUERIES): Promise<void> {
  for (let round = 0; round < 3; round++)
    for (const q of queries) {
      const want = search(laptop, q, { limit: 5, facets: true });
      const got = await searchCase(team.db, q, { limit: 5, facets: true, sort: 'date' });
      assert.equal(got.total, want.total, `${label}, round ${round}: total of "${q}"`);
      assert.deepEqual(
        canonical(got.facets!),
        canonical(want.facets!),
        `${label}, round ${round}: facets of "${q}"`,
      );
    }
}

const version = async (db: PgDb | SqlCaseStore['db']) =>
  (await db.get<{ v: string }>(`SELECT (${PG_SEARCH_VERSION_SQL}) AS v`))!.v;

test('PostgreSQL facets from the in-memory index: equal to the laptop, fresh after writes', {
  skip,
}, async (t) => {
  const dir = tempDir(t);
  mkdirSync(dir, { recursive: true });
  for (const m of corpus()) writeFileSync(join(dir, m.file), eml(m));
  const { laptop, team } = await both(dir, t);
  assert.equal(search(laptop, 'budget').total, 40 + 15);

  // Known truth: budget in messages k % 3 != 0 (40) and in the 15 attachments; senders by k % 3.
  const res = await searchCase(team.db, 'budget', { facets: true });
  assert.equal(res.total, 55);
  const builds0 = pgFacetIndexBuilds.n;
  await compare(laptop, team, 'after ingest');
  // No write in between: one index for every query, built on the second search at this version.
  assert.equal(pgFacetIndexBuilds.n, builds0 + 1, 'one build for the unchanged case');

  // Writes no facet reads: the audit log, the overview's cache in meta. The index is kept.
  const v0 = await version(team.db);
  await new AuditLog(team.db).record({
    user: 'a',
    action: 'search',
    target: 'budget',
    address: '127.0.0.1',
  });
  await team.db.run("INSERT INTO meta(key, value) VALUES ('overview:test', '1')");
  assert.equal(await version(team.db), v0);
  await compare(laptop, team, 'after neutral writes');
  assert.equal(pgFacetIndexBuilds.n, builds0 + 1, 'neutral writes keep the index');

  // Verdicts written by another connection (as `leaklens verify` in another process), the same
  // on the laptop: the next search sees them, by SQL and then by a new index.
  const other = await PgDb.connect(TEST_DATABASE_URL, (team.db as PgDb).schema);
  t.after(() => other.close());
  const ids = (await other.all<{ id: string }>("SELECT id FROM items WHERE kind = 'Email' ORDER BY id")).map(
    (r) => r.id,
  );
  const verdictOf = (k: number) => (k % 4 === 0 ? 'verified' : 'unsigned');
  await other.transaction(async (tx) => {
    for (const [k, id] of ids.entries())
      await tx.run("INSERT INTO verdicts (item_id, verdict, signatures_json) VALUES (?, ?, '[]')", [
        id,
        verdictOf(k),
      ]);
  });
  const put = laptop.db.prepare(
    "INSERT INTO verdicts (item_id, verdict, signatures_json) VALUES (?, ?, '[]')",
  );
  for (const [k, id] of ids.entries()) put.run(id, verdictOf(k));
  const verdicts = (await searchCase(team.db, 'budget', { facets: true })).facets!.verdict!;
  assert.deepEqual(
    verdicts.map((v) => v.value),
    ['unsigned', 'verified'],
  );
  await compare(laptop, team, 'after verify', [...QUERIES, 'budget verdict:unsigned']);
  assert.equal(pgFacetIndexBuilds.n, builds0 + 2, 'rebuilt once after the verdicts');

  // A stage's facet appears with its stamp: doc_types exists on a team case from the start
  // (migration 8) but is shown only once triage has run (stage-ran.ts).
  const docs = ids.slice(0, 10);
  await other.transaction(async (tx) => {
    for (const id of docs)
      await tx.run("INSERT INTO doc_types (item_id, type, score) VALUES (?, 'invoice', 1)", [id]);
  });
  await searchCase(team.db, 'budget', { facets: true });
  const before = (await searchCase(team.db, 'budget', { facets: true })).facets!;
  assert.equal(before.type, undefined, 'no type facet before the stage ran');
  await other.run('INSERT INTO meta(key, value) VALUES (?, ?)', [stageRunKey('triage'), '1']);
  const typed = (await searchCase(team.db, 'dossier', { facets: true })).facets!;
  const again = (await searchCase(team.db, 'dossier', { facets: true })).facets!;
  assert.deepEqual(typed.type, [{ value: 'invoice', count: 10 }]);
  assert.deepEqual(again, typed, 'the index gives what SQL gave');
});

test('search_writes: writers of facet tables do not wait for each other', { skip }, async (t) => {
  const { store: team } = await sqlTeamCase(t, 'pgfacetw');
  const dir = tempDir(t);
  for (const m of corpus().slice(0, 4)) writeFileSync(join(dir, m.file), eml(m));
  const { tasks, dirs } = enumerateInputs([dir]);
  await team.applyRecords(dirRecords(dirs));
  await ingestJobsHere(
    team,
    join(tempDir(t), 'blobs'),
    groupTasks(tasks).map((g) => ({ tasks: g })),
  );
  const [a, b] = (await team.db.all<{ id: string }>('SELECT id FROM items ORDER BY id LIMIT 2')).map(
    (r) => r.id,
  );
  const v0 = await version(team.db);
  // The first writer holds its transaction open while the second writes and commits; a lock on
  // a shared counter row would make the second fail on its lock timeout.
  let release!: () => void;
  const held = new Promise<void>((r) => {
    release = r;
  });
  let wrote!: () => void;
  const first = team.db.transaction(async (tx) => {
    await tx.run('UPDATE items SET date = date WHERE id = ?', [a]);
    await tx.run('UPDATE emails SET subject = subject WHERE id = ?', [a]);
    wrote();
    await held;
  });
  await new Promise<void>((r) => {
    wrote = r;
  });
  let v1: string;
  try {
    await team.db.transaction(async (tx) => {
      await tx.run("SET LOCAL lock_timeout = '5s'");
      await tx.run('UPDATE items SET date = date WHERE id = ?', [b]);
    });
    v1 = await version(team.db);
  } finally {
    release();
    await first;
  }
  assert.notEqual(v1, v0, 'the committed write moved the version');
  const v2 = await version(team.db);
  assert.notEqual(v2, v1, 'so did the other one, at its commit');
  const [n0, n2] = [v0, v2].map((v) => Number(v.split(':')[0]));
  assert.equal(n2! - n0!, 2, 'one count per transaction, whatever its statements');
});
