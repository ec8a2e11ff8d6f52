import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AuditLog } from '../../src/accounts/audit.js';
import { RateLimiter } from '../../src/accounts/login-limit.js';
import { SessionStore } from '../../src/accounts/sessions.js';
import { Users } from '../../src/accounts/users.js';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { hashPassword } from '../../src/web/auth.js';
import { BACKENDS, postgresReachable } from '../case/backends.js';

/**
 * Accounts, sessions, login counters and the audit log (migration 3) on both databases: every
 * test runs on SQLite and on PostgreSQL. "Another process" is the same case opened a second time
 * (its own connection or pool), as a second `serve` process would.
 */
const pgUp = await postgresReachable();
if (!pgUp && process.env.CI) throw new Error('CI: PostgreSQL does not answer on 127.0.0.1:5432');

for (const backend of BACKENDS) {
  const skip = backend.name === 'postgres' && !pgUp ? 'no PostgreSQL on 127.0.0.1:5432 (laptop mode)' : false;
  const open = async (t: Parameters<typeof backend.open>[0]) => ((await backend.open(t)) as SqlCaseStore).db;

  describe(`accounts contract: ${backend.name}`, { skip }, () => {
    test('users: add, list, role, password, remove; errors name the problem', async (t) => {
      const users = new Users(await open(t));
      await users.add('ana', 'correct horse', 'editor');
      await users.add('rita', 'battery staple', 'reader');
      assert.deepEqual(
        (await users.list()).map((u) => [u.name, u.role, u.source]),
        [
          ['ana', 'editor', 'cli'],
          ['rita', 'reader', 'cli'],
        ],
      );
      await assert.rejects(users.add('ana', 'another one', 'admin'), /user "ana" already exists/);
      await assert.rejects(users.add('bob', 'short', 'reader'), /at least 8 characters/);
      await assert.rejects(users.add('bo b', 'long enough', 'reader'), /user name "bo b"/);
      await assert.rejects(users.add('bob', 'long enough', 'owner' as 'admin'), /unknown role "owner"/);
      await users.setRole('rita', 'admin');
      assert.equal((await users.get('rita'))?.role, 'admin');
      await assert.rejects(users.setRole('nobody', 'reader'), /no user "nobody"/);
      assert.equal((await users.verify('ana', 'correct horse'))?.role, 'editor');
      assert.equal(await users.verify('ana', 'correct horsE'), undefined);
      assert.equal(await users.verify('nobody', 'correct horse'), undefined);
      await users.setPassword('ana', 'new password!');
      assert.equal(await users.verify('ana', 'correct horse'), undefined);
      assert.equal((await users.verify('ana', 'new password!'))?.name, 'ana');
      // The hash in the database is scrypt, never the password.
      assert.match((await users.get('ana'))?.hash ?? '', /^scrypt\$32768\$8\$1\$/);
      await users.remove('rita');
      await assert.rejects(users.remove('rita'), /no user "rita"/);
      assert.equal(await users.count(), 1);
    });

    test('a users.json file: entries added and updated, a line deleted from the file revokes', async (t) => {
      const db = await open(t);
      const users = new Users(db);
      const sessions = new SessionStore(db);
      await users.add('cli-user', 'correct horse', 'admin');
      const h1 = await hashPassword('first pass');
      await users.syncFile([
        { name: 'ana', hash: h1 },
        { name: 'bob', hash: h1, role: 'reader' },
      ]);
      assert.deepEqual(
        (await users.list()).map((u) => [u.name, u.role, u.source]),
        [
          ['ana', 'editor', 'file'],
          ['bob', 'reader', 'file'],
          ['cli-user', 'admin', 'cli'],
        ],
      );
      const s = await sessions.create('bob', 'reader');
      await users.syncFile([{ name: 'ana', hash: await hashPassword('second pass') }]);
      assert.deepEqual(
        (await users.list()).map((u) => u.name),
        ['ana', 'cli-user'],
      );
      assert.equal(await sessions.get(s.id), undefined, 'the removed user has no session left');
      assert.equal((await users.verify('ana', 'second pass'))?.name, 'ana');
    });

    test('sessions: seen by another process, follow role changes, end with their user', async (t) => {
      const db = await open(t);
      const store = (await backend.open(t)) as SqlCaseStore;
      const other = (await backend.reopen(store)) as SqlCaseStore;
      t.after(() => other.close());
      const users = new Users(store.db);
      await users.add('ana', 'correct horse', 'editor');
      const mine = new SessionStore(store.db);
      const theirs = new SessionStore(other.db);
      const s = await mine.create('ana', 'editor');
      const seen = await theirs.get(s.id);
      assert.deepEqual([seen?.user, seen?.role, seen?.csrf], ['ana', 'editor', s.csrf]);
      await users.setRole('ana', 'reader');
      assert.equal((await theirs.get(s.id))?.role, 'reader');
      assert.equal(await theirs.get('not-a-session'), undefined);
      await theirs.destroy(s.id);
      assert.equal(await mine.get(s.id), undefined);
      const s2 = await mine.create('ana', 'reader');
      await users.remove('ana');
      assert.equal(await theirs.get(s2.id), undefined);
      // The database holds a hash of the token, not the token.
      const rows = await store.db.all<{ token_hash: string }>('SELECT token_hash FROM sessions');
      assert.ok(rows.every((r) => r.token_hash !== s2.id));
      assert.ok(db);
    });

    test('login counters: 30 concurrent attempts from two processes let exactly 10 through', async (t) => {
      const store = (await backend.open(t)) as SqlCaseStore;
      const other = (await backend.reopen(store)) as SqlCaseStore;
      t.after(() => other.close());
      const a = new RateLimiter(store.db, 'account');
      const b = new RateLimiter(other.db, 'account');
      const res = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).attempt('["ana","203.0.113.9"]')),
      );
      assert.equal(res.filter((r) => r.ok).length, 10);
      const refused = res.filter((r) => !r.ok);
      assert.ok(refused.every((r) => !r.ok && r.retryAfter > 0));
      assert.equal(await a.allowed('["ana","203.0.113.9"]'), false);
      assert.equal(await b.allowed('["ana","198.51.100.7"]'), true, 'another address is not locked');
    });

    test('login counters: each lockout doubles the lock (back-off), forgive and reset', async (t) => {
      let now = 0;
      const rl = new RateLimiter(await open(t), 'test', 3, 60_000, () => now);
      for (let i = 0; i < 3; i++) await rl.fail('k');
      assert.equal(await rl.retryAfter('k'), 60);
      assert.deepEqual(await rl.attempt('k'), { ok: false, retryAfter: 60 });
      now += 60_000;
      assert.equal(await rl.allowed('k'), true);
      for (let i = 0; i < 3; i++) await rl.fail('k');
      assert.equal(await rl.retryAfter('k'), 120);
      now += 120_000;
      for (let i = 0; i < 3; i++) await rl.fail('k');
      assert.equal(await rl.retryAfter('k'), 240);
      await rl.reset('k');
      assert.equal(await rl.allowed('k'), true);
      // A success takes its own attempt back: a failure and a forgiven success leave two attempts.
      await rl.fail('j');
      assert.deepEqual(await rl.attempt('j'), { ok: true });
      await rl.forgive('j');
      assert.deepEqual(await rl.attempt('j'), { ok: true });
      assert.equal(await rl.allowed('j'), true);
      assert.deepEqual(await rl.attempt('j'), { ok: true }); // the third: allowed, and it locks
      assert.equal(await rl.allowed('j'), false);
    });

    test('audit log: appended by any process, newest first, filtered, long values cut', async (t) => {
      const store = (await backend.open(t)) as SqlCaseStore;
      const other = (await backend.reopen(store)) as SqlCaseStore;
      t.after(() => other.close());
      const a = new AuditLog(store.db);
      const b = new AuditLog(other.db);
      await a.record({ user: 'ana', action: 'open', target: 'item-1', address: '10.0.0.7' });
      await b.record({
        user: 'bob',
        action: 'search',
        target: 'macron',
        detail: 'limit=20',
        address: '10.0.0.8',
      });
      await a.record({
        user: 'ana',
        action: 'annotate',
        target: 'item-1',
        detail: `note: ${'x'.repeat(900)}`,
        address: '10.0.0.7',
      });
      const all = await b.list();
      assert.deepEqual(
        all.map((e) => [e.user, e.action, e.target]),
        [
          ['ana', 'annotate', 'item-1'],
          ['bob', 'search', 'macron'],
          ['ana', 'open', 'item-1'],
        ],
      );
      assert.equal(all[0]?.detail.length, 500);
      assert.deepEqual(
        (await a.list({ user: 'ana' })).map((e) => e.action),
        ['annotate', 'open'],
      );
      assert.deepEqual(
        (await a.list({ target: 'macron' })).map((e) => e.user),
        ['bob'],
      );
      assert.deepEqual((await a.list({ action: 'open', user: 'bob' })).length, 0);
      assert.equal((await a.list({ limit: 1 })).length, 1);
    });
  });
}
