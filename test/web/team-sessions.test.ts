import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RENEW_EVERY_MS, SessionStore } from '../../src/accounts/sessions.js';
import { Users } from '../../src/accounts/users.js';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { CASE_WRITES_VERSION_SQL } from '../../src/case/migrations/0019-pg-case-writes.js';
import type { SqlDb } from '../../src/case/sql-db.js';
import { BACKENDS, postgresReachable } from '../case/backends.js';

/**
 * A team server reads the sessions of concurrent requests in one statement (grouped reads,
 * accounts/sessions.ts): fewer round trips, and nothing a request sees may be older than the
 * request. "Another process" is the same case opened a second time, as a second `serve` would.
 */
const pgUp = await postgresReachable();
if (!pgUp && process.env.CI) throw new Error('CI: PostgreSQL does not answer on 127.0.0.1:5432');
const skip = pgUp ? false : 'no PostgreSQL on 127.0.0.1:5432 (laptop mode)';
const postgres = BACKENDS.find((b) => b.name === 'postgres');

/** `db`, counting the statements whose text matches `re`. */
function counting(db: SqlDb, re: RegExp): { db: SqlDb; count: () => number } {
  let n = 0;
  const seen = (sql: string) => {
    if (re.test(sql)) n++;
  };
  const wrapped: SqlDb = {
    dialect: db.dialect,
    all: (sql, p) => {
      seen(sql);
      return db.all(sql, p);
    },
    get: (sql, p) => {
      seen(sql);
      return db.get(sql, p);
    },
    run: (sql, p) => {
      seen(sql);
      return db.run(sql, p);
    },
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    close: () => db.close(),
  };
  return { db: wrapped, count: () => n };
}

describe('grouped session reads of a team server (PostgreSQL)', { skip }, () => {
  const setUp = async (t: Parameters<NonNullable<typeof postgres>['open']>[0]) => {
    const store = (await postgres?.open(t)) as SqlCaseStore;
    const other = (await postgres?.reopen(store)) as SqlCaseStore;
    t.after(() => other.close());
    const users = new Users(store.db);
    for (const [name, role] of [
      ['ana', 'editor'],
      ['bob', 'editor'],
      ['rita', 'reader'],
    ] as const)
      await users.add(name, 'correct horse battery', role);
    return { store, other, users };
  };

  test('concurrent requests share one statement and each gets its own session and the version', async (t) => {
    const { store, other } = await setUp(t);
    const maker = new SessionStore(store.db);
    const made = [
      await maker.create('ana', 'editor'),
      await maker.create('bob', 'editor'),
      await maker.create('rita', 'reader'),
    ];
    const c = counting(other.db, /FROM sessions/);
    const sessions = new SessionStore(c.db, Date.now, CASE_WRITES_VERSION_SQL, { group: true });
    const version = (await other.db.get<{ v: string }>(`SELECT (${CASE_WRITES_VERSION_SQL}) AS v`))?.v;
    const asked = Array.from({ length: 60 }, (_, i) => made[i % 3]?.id);
    asked.push('not-a-session', undefined);
    const got = await Promise.all(asked.map((id) => sessions.get(id)));
    for (let i = 0; i < 60; i++) {
      const want = made[i % 3];
      assert.deepEqual(
        [got[i]?.user, got[i]?.role, got[i]?.csrf, got[i]?.caseVersion],
        [want?.user, want?.role, want?.csrf, version],
      );
    }
    assert.equal(got[60], undefined);
    assert.equal(got[61], undefined);
    // The first read goes alone; the 60 others asked meanwhile wait for one more statement.
    assert.ok(c.count() <= 3, `${c.count()} session statements for 61 reads`);
  });

  test('a user removed or a role changed by another process counts at the next read, even while a group is under way', async (t) => {
    const { store, other, users } = await setUp(t);
    const maker = new SessionStore(store.db);
    const bob = await maker.create('bob', 'editor');
    const rita = await maker.create('rita', 'reader');
    const sessions = new SessionStore(other.db, Date.now, CASE_WRITES_VERSION_SQL, { group: true });
    for (let round = 0; round < 5; round++) {
      // Reads under way (grouped) while the other process writes.
      const busy = Promise.all(Array.from({ length: 30 }, () => sessions.get(rita.id)));
      if (round === 2) await users.setRole('rita', 'editor');
      if (round === 3) await users.remove('bob');
      const next = await sessions.get(bob.id);
      assert.equal(next === undefined, round >= 3, `round ${round}: bob's session after his removal`);
      const r = await sessions.get(rita.id);
      assert.equal(r?.role, round >= 2 ? 'editor' : 'reader', `round ${round}: rita's role`);
      await busy;
    }
  });

  test('a write committed before a read is in the version that read returns', async (t) => {
    const { store, other } = await setUp(t);
    const s = await new SessionStore(store.db).create('ana', 'editor');
    const sessions = new SessionStore(other.db, Date.now, CASE_WRITES_VERSION_SQL, { group: true });
    const before = (await sessions.get(s.id))?.caseVersion;
    const busy = Promise.all(Array.from({ length: 30 }, () => sessions.get(s.id)));
    // A write to the case by the first process (a tag): a table under the write-version triggers.
    await store.db.run(
      "INSERT INTO annotations(item_id, kind, value, author, created_at) VALUES ('x', 'tag', 't', 'ana', '2026-12-05')",
    );
    const after = (await sessions.get(s.id))?.caseVersion;
    await busy;
    assert.ok(before && after && before !== after, `version ${before} then ${after}`);
  });

  test('concurrent requests of a session due for renewal renew it once', async (t) => {
    const { store, other } = await setUp(t);
    let now = Date.now();
    const s = await new SessionStore(store.db, () => now).create('ana', 'editor');
    const c = counting(other.db, /^UPDATE sessions SET expires/);
    const sessions = new SessionStore(c.db, () => now, CASE_WRITES_VERSION_SQL, { group: true });
    now += RENEW_EVERY_MS + 1_000;
    const got = await Promise.all(Array.from({ length: 40 }, () => sessions.get(s.id)));
    assert.equal(c.count(), 1);
    for (const g of got) assert.equal(g?.expires, got[0]?.expires);
    assert.ok((got[0]?.expires ?? 0) > s.expires);
    // Another process reads the renewed expiry.
    assert.equal((await new SessionStore(store.db, () => now).get(s.id))?.expires, got[0]?.expires);
  });

  test('grouped reads are refused on SQLite (they need an array parameter)', async (t) => {
    const sqlite = BACKENDS.find((b) => b.name === 'sqlite');
    const store = (await sqlite?.open(t)) as SqlCaseStore;
    assert.throws(() => new SessionStore(store.db, Date.now, undefined, { group: true }), /need PostgreSQL/);
  });
});
