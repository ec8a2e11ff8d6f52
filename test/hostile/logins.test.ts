import assert from 'node:assert/strict';
import { request } from 'node:http';
import { before, describe, it } from 'node:test';
import { RateLimiter } from '../../src/accounts/login-limit.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { hashPassword } from '../../src/web/auth.js';
import { clientAddress } from '../../src/web/routes/session.js';
import { createApp, hostsFor, startServer } from '../../src/web/server.js';
import { tempCase } from '../helpers.js';

let hash: string;
before(async () => {
  hash = await hashPassword('s3cret-pass');
});

const H = { host: 'leaks.example', 'content-type': 'application/json' };
const peer = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

function app(t: Parameters<typeof tempCase>[0], trustedProxies: string[] = []) {
  const store = tempCase(t);
  return createApp({
    store,
    users: [{ name: 'ana', hash }],
    allowedHosts: hostsFor('0.0.0.0', 8765, ['leaks.example']),
    trustedProxies,
  }).app;
}

type App = ReturnType<typeof app>;
const login = (a: App, password: string, ip: string, headers: Record<string, string> = {}) =>
  a.request(
    '/api/login',
    { method: 'POST', headers: { ...H, ...headers }, body: JSON.stringify({ user: 'ana', password }) },
    peer(ip),
  );

describe('login rate limit under concurrency', () => {
  it('30 concurrent wrong guesses: 10 × 401, then 429 (counted before the hash)', async (t) => {
    const a = app(t);
    const res = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(a, `guess-${i}`, '203.0.113.9')),
    );
    const codes = res.map((r) => r.status).sort();
    assert.deepEqual(codes, [...Array(10).fill(401), ...Array(20).fill(429)]);
    assert.ok(Number(res.find((r) => r.status === 429)?.headers.get('retry-after')) > 0);
    // The same account from another address still logs in: one guesser cannot lock the owner out.
    assert.equal((await login(a, 's3cret-pass', '198.51.100.7')).status, 200);
    // The guesser's address stays locked, even with the right password.
    assert.equal((await login(a, 's3cret-pass', '203.0.113.9')).status, 429);
  });

  it('each lockout of the same key doubles the lock (back-off)', async (t) => {
    let now = 0;
    const rl = new RateLimiter(new SqliteDb(tempCase(t).db), 'test', 3, 60_000, () => now);
    for (let i = 0; i < 3; i++) await rl.fail('k');
    assert.equal(await rl.retryAfter('k'), 60);
    now += 60_000;
    assert.equal(await rl.allowed('k'), true);
    for (let i = 0; i < 3; i++) await rl.fail('k');
    assert.equal(await rl.retryAfter('k'), 120);
    await rl.reset('k');
    assert.equal(await rl.allowed('k'), true);
  });
});

describe('X-Forwarded-For only from configured proxies', () => {
  it('a client cannot pick its own address unless the peer is a trusted proxy', () => {
    assert.equal(clientAddress(peer('203.0.113.9'), '1.2.3.4', []), '203.0.113.9');
    assert.equal(clientAddress(peer('203.0.113.9'), '1.2.3.4', ['10.0.0.1']), '203.0.113.9');
    assert.equal(
      clientAddress(peer('::ffff:10.0.0.1'), '6.6.6.6, 198.51.100.7', ['10.0.0.1']),
      '198.51.100.7',
    );
    assert.equal(
      clientAddress(peer('10.0.0.1'), '198.51.100.7, 10.0.0.2', ['10.0.0.1', '10.0.0.2']),
      '198.51.100.7',
    );
  });

  it('behind a trusted proxy, the limit is per forwarded client; spoofed headers change nothing', async (t) => {
    const a = app(t, ['10.0.0.1']);
    for (let i = 0; i < 10; i++)
      assert.equal((await login(a, `g${i}`, '10.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).status, 401);
    assert.equal((await login(a, 'g', '10.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).status, 429);
    assert.equal(
      (await login(a, 's3cret-pass', '10.0.0.1', { 'x-forwarded-for': '198.51.100.7' })).status,
      200,
    );
    // Without trust, a rotating X-Forwarded-For does not escape the limit.
    const b = app(t);
    for (let i = 0; i < 10; i++) await login(b, `g${i}`, '203.0.113.9', { 'x-forwarded-for': `9.9.9.${i}` });
    assert.equal((await login(b, 'g', '203.0.113.9', { 'x-forwarded-for': '9.9.9.99' })).status, 429);
  });
});

describe('Host checks beyond loopback', () => {
  it('a wildcard bind without --public-host still refuses a foreign Host (421)', () => {
    const hosts = hostsFor('0.0.0.0', 8765);
    assert.ok(hosts.length > 0);
    assert.ok(hosts.includes('127.0.0.1:8765'));
    assert.ok(!hosts.some((h) => h.startsWith('evil.example')));
  });

  it('served on 0.0.0.0 with users and no --public-host: a foreign Host gets 421 over the socket', async (t) => {
    const srv = await startServer({
      store: tempCase(t),
      users: [{ name: 'ana', hash }],
      host: '0.0.0.0',
      port: 0,
    });
    t.after(() => srv.close());
    const status = (host: string) =>
      new Promise<number>((res, rej) => {
        const req = request(
          { host: '127.0.0.1', port: srv.port, path: '/api/session', headers: { host } },
          (r) => {
            r.resume();
            res(r.statusCode ?? 0);
          },
        );
        req.on('error', rej);
        req.end();
      });
    for (const host of ['evil.example', `evil.example:${srv.port}`, 'leaks.example'])
      assert.equal(await status(host), 421, host);
    assert.equal(await status(`127.0.0.1:${srv.port}`), 200);
  });

  it('--public-host leaks.example accepts the name with or without the port', async (t) => {
    const a = app(t);
    for (const host of ['leaks.example', 'leaks.example:8765', 'leaks.example:443', 'LEAKS.EXAMPLE'])
      assert.equal((await a.request('/api/session', { headers: { host } })).status, 200, host);
    for (const host of ['evil.example', 'leaks.example.evil.example', 'leaks.example:9999'])
      assert.equal((await a.request('/api/session', { headers: { host } })).status, 421, host);
  });
});
