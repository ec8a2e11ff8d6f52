import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AuditLog } from '../../src/accounts/audit.js';
import { SessionStore } from '../../src/accounts/sessions.js';
import { Users } from '../../src/accounts/users.js';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import {
  CASE_WRITES_NEUTRAL,
  CASE_WRITES_VERSION_SQL,
} from '../../src/case/migrations/0019-pg-case-writes.js';
import { caseSchema, openCaseStore } from '../../src/case/open.js';
import { PgDb } from '../../src/case/pg-db.js';
import { postgresReachable, TEST_DATABASE_URL } from './backends.js';

/**
 * The write version of a team case (migration 19), which a team server keeps searches, item pages
 * and annotation lists under: every table of a migrated case moves it except the neutral ones;
 * a write committed on another connection (another server process, a worker) moves it for the next
 * reader; the workbench's own bookkeeping (audit log, sessions, logins, the overview's cache) does
 * not; a writer still in its transaction is not seen; and the session statement reads it too.
 */
const pgUp = await postgresReachable();
if (!pgUp && process.env.CI) throw new Error('CI: PostgreSQL not answering on 127.0.0.1');
const skip = pgUp ? false : 'PostgreSQL not answering on 127.0.0.1 (laptop mode)';

describe('case write version on PostgreSQL (migration 19)', { skip }, () => {
  const name = `tw_cw_${randomBytes(4).toString('hex')}`;
  let store: SqlCaseStore;
  let other: PgDb;
  const version = async (db: { get: PgDb['get'] }) =>
    (await db.get<{ v: string }>(`SELECT (${CASE_WRITES_VERSION_SQL}) AS v`))!.v;

  before(async () => {
    store = (await openCaseStore({ databaseUrl: TEST_DATABASE_URL, caseName: name })) as SqlCaseStore;
    other = await PgDb.connect(TEST_DATABASE_URL, caseSchema(name));
  });
  after(async () => {
    await store?.close();
    await other?.dropSchema();
    await other?.close();
  });

  it('every table of the case has the triggers, or is one of the neutral tables', async () => {
    const tables = await other.all<{ t: string; n: number }>(
      `SELECT c.relname AS t, (SELECT count(*) FROM pg_trigger g WHERE g.tgrelid = c.oid
           AND g.tgname LIKE '%case_writes%') AS n
         FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
         ORDER BY 1`,
    );
    assert.ok(tables.length > 20, `${tables.length} tables`);
    const bare = tables.filter((r) => r.n === 0 && !CASE_WRITES_NEUTRAL.includes(r.t)).map((r) => r.t);
    assert.deepEqual(bare, [], 'a table a search or an item page may read moves no version');
    // meta counts too, by row (its overview cache aside)
    assert.equal(tables.find((r) => r.t === 'meta')?.n, 2);
    assert.equal(tables.find((r) => r.t === 'audit_log')?.n, 0);
  });

  it("another connection's committed write moves it; bookkeeping and uncommitted writes do not", async () => {
    const v0 = await version(store.db);
    await new Users(other).add('ana', 'a long enough password', 'editor');
    const sessions = new SessionStore(other);
    const s = await sessions.create('ana', 'editor');
    await sessions.get(s.id);
    await new AuditLog(other).record({ user: 'ana', action: 'search', target: 'x', address: '127.0.0.1' });
    await new AuditLog(other, { group: true }).record({
      user: 'ana',
      action: 'open',
      target: 'y',
      address: '127.0.0.1',
    });
    await other.run("INSERT INTO meta(key, value) VALUES ('overview-cache:facts', '{}')");
    assert.equal(await version(store.db), v0, 'accounts, sessions, audit log, overview cache: neutral');

    // A writer in its transaction is not seen; once it commits, it is.
    let seenInside = '';
    await other.transaction(async (tx) => {
      await tx.run(
        "INSERT INTO annotations(item_id, kind, value, author, created_at) VALUES ('i1', 'tag', 'x', 'ana', '2026-01-01')",
      );
      await tx.run(
        "INSERT INTO annotations(item_id, kind, value, author, created_at) VALUES ('i1', 'tag', 'y', 'ana', '2026-01-01')",
      );
      seenInside = await version(store.db);
    });
    assert.equal(seenInside, v0);
    const v1 = await version(store.db);
    assert.notEqual(v1, v0);
    // one transaction of two statements counts once
    assert.equal(Number(v1.split(':')[0]) - Number(v0.split(':')[0]), 1);

    await other.run("INSERT INTO meta(key, value) VALUES ('stage-run:triage', '1')");
    const v2 = await version(store.db);
    assert.notEqual(v2, v1, 'a stage stamp in meta counts');
    await other.run("DELETE FROM annotations WHERE value = 'y'");
    assert.notEqual(await version(store.db), v2, 'a delete counts');
  });

  it('a transaction of many write statements calls each bump function once (migration 20), and still moves both versions', async () => {
    const v0 = await version(store.db);
    const s0 = (await store.db.get<{ n: string }>('SELECT coalesce(sum(n), 0) AS n FROM search_writes'))!.n;
    const calls = await other.transaction(async (tx) => {
      // Counts this transaction's calls of plpgsql functions (superuser setting; trust auth).
      await tx.run("SELECT set_config('track_functions', 'pl', true)");
      // A worker's group commit: one statement per table, items and e-mails among them (facets).
      await tx.run(
        "INSERT INTO blobs(sha256, size, mime) VALUES ('b1', 1, 'text/plain') ON CONFLICT DO NOTHING",
      );
      for (const id of ['c1', 'c2', 'c3'])
        await tx.run(
          "INSERT INTO items(id, kind, sha256, size, mime, name, status, provenance) VALUES (?, 'email', 'b1', 1, 'message/rfc822', 'x', 'ok', 'p')",
          [id],
        );
      await tx.run("INSERT INTO emails(id, subject, headers_json) VALUES ('c1', 's', '{}')");
      await tx.run("INSERT INTO journal(source, size, mtime_ms, status) VALUES ('f1', 1, 1, 'queued')");
      await tx.run("UPDATE journal SET status = 'done' WHERE source = 'f1'");
      return tx.get<{ cw: number; sw: number }>(
        "SELECT pg_stat_get_xact_function_calls('case_writes_bump'::regproc) AS cw, pg_stat_get_xact_function_calls('search_writes_bump'::regproc) AS sw",
      );
    });
    assert.deepEqual({ cw: Number(calls?.cw), sw: Number(calls?.sw) }, { cw: 1, sw: 1 });
    const v1 = await version(store.db);
    assert.equal(Number(v1.split(':')[0]) - Number(v0.split(':')[0]), 1);
    const s1 = (await store.db.get<{ n: string }>('SELECT coalesce(sum(n), 0) AS n FROM search_writes'))!.n;
    assert.equal(Number(s1) - Number(s0), 1);
  });

  it('the session statement reads the version with the session, and a removed user gets none', async () => {
    const sessions = new SessionStore(store.db, Date.now, CASE_WRITES_VERSION_SQL);
    const s = await sessions.create('ana', 'editor');
    const got = await sessions.get(s.id);
    assert.equal(got?.user, 'ana');
    assert.equal(got?.caseVersion, await version(store.db));
    await other.run("UPDATE flags SET stage = stage WHERE item_id = 'none'");
    // an UPDATE of no row is still a write statement: counted (a version moved for nothing costs a
    // search, a version that misses a write would cost a stale answer)
    assert.notEqual((await sessions.get(s.id))?.caseVersion, got?.caseVersion);
    await new Users(other).remove('ana');
    assert.equal(await sessions.get(s.id), undefined);
  });
});
