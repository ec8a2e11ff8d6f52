import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RateLimiter } from '../../src/accounts/login-limit.js';
import { SESSION_TTL_MS, SessionStore } from '../../src/accounts/sessions.js';
import { Users } from '../../src/accounts/users.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { hashPassword, loadUsers, verifyPassword } from '../../src/web/auth.js';
import { sameToken, sessionCookie } from '../../src/web/sessions.js';
import { tempCase } from '../helpers.js';

const caseDb = (t: Parameters<typeof tempCase>[0]) => new SqliteDb(tempCase(t).db);

describe('password hashes (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('correct horse battery');
    assert.match(h, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    assert.equal(await verifyPassword('correct horse battery', h), true);
    assert.equal(await verifyPassword('correct horse batterY', h), false);
  });

  it('salts: the same password hashes differently twice', async () => {
    assert.notEqual(await hashPassword('pw'), await hashPassword('pw'));
  });

  it('refuses malformed or abusive hashes without throwing', async () => {
    const good = await hashPassword('pw');
    const parts = good.split('$');
    for (const bad of [
      '',
      'plain',
      'argon2$x',
      `scrypt$${2 ** 20}$8$1$${parts[4]}$${parts[5]}`,
      'scrypt$1000$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==',
    ]) {
      assert.equal(await verifyPassword('pw', bad), false, bad);
    }
  });

  it('a login needs an existing user and its password', async (t) => {
    const users = new Users(caseDb(t));
    await users.syncFile([{ name: 'ana', hash: await hashPassword('s3cret') }]);
    assert.equal((await users.verify('ana', 's3cret'))?.name, 'ana');
    assert.equal(await users.verify('ana', 'nope'), undefined);
    assert.equal(await users.verify('bob', 's3cret'), undefined);
  });

  it('loadUsers reads a users file and explains a bad one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-users-'));
    const f = join(dir, 'users.json');
    writeFileSync(f, JSON.stringify({ users: [{ name: 'ana', hash: await hashPassword('x') }] }));
    assert.equal(loadUsers(f)[0]?.name, 'ana');
    writeFileSync(f, JSON.stringify({ users: [{ name: 'ana', hash: 'plaintext' }] }));
    assert.throws(() => loadUsers(f), /user #1 needs a "name" and an scrypt "hash"/);
  });
});

describe('login rate limit', () => {
  it('blocks after the maximum failures inside the window, then lets go', async (t) => {
    let now = 1_000_000;
    const rl = new RateLimiter(caseDb(t), 'test', 3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      assert.equal(await rl.allowed('ip:1'), true);
      await rl.fail('ip:1');
    }
    assert.equal(await rl.allowed('ip:1'), false);
    assert.equal(await rl.retryAfter('ip:1'), 60);
    assert.equal(await rl.allowed('ip:2'), true);
    now += 60_001;
    assert.equal(await rl.allowed('ip:1'), true);
  });
});

describe('sessions', () => {
  it('expire after the idle TTL and are renewed by use', async (t) => {
    let now = 0;
    const db = caseDb(t);
    await new Users(db).syncFile([{ name: 'ana', hash: await hashPassword('s3cret') }]);
    const s = new SessionStore(db, () => now);
    const a = await s.create('ana', 'editor');
    now += SESSION_TTL_MS - 1;
    assert.equal((await s.get(a.id))?.user, 'ana');
    now += SESSION_TTL_MS - 1;
    assert.equal((await s.get(a.id))?.user, 'ana');
    now += SESSION_TTL_MS + 1;
    assert.equal(await s.get(a.id), undefined);
  });

  it('cookies are HttpOnly and SameSite=Strict, Secure when asked', () => {
    assert.equal(
      sessionCookie('abc', false, 60),
      'leaklens_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60',
    );
    assert.match(sessionCookie('abc', true), /; Secure$/);
  });

  it('compares tokens exactly', () => {
    assert.equal(sameToken('abc', 'abc'), true);
    assert.equal(sameToken('abc', 'abd'), false);
    assert.equal(sameToken(undefined, 'abc'), false);
    assert.equal(sameToken('abc', 'abcd'), false);
  });
});
