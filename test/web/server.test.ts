import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '../../src/web/auth.js';
import { BODY_CSP } from '../../src/web/csp.js';
import { BindRefused, createApp, resolveUsers } from '../../src/web/server.js';
import { buildCase, emailId } from './helpers.js';

type Case = Awaited<ReturnType<typeof buildCase>>;
let kase: Case;
before(async () => {
  kase = await buildCase();
});
after(() => kase.cleanup());

const HOST = { host: '127.0.0.1:8765' };

function local() {
  return createApp({ store: kase.store, allowedHosts: ['127.0.0.1:8765'] }).app;
}

async function csrfOf(
  app: ReturnType<typeof local>,
  headers: Record<string, string> = HOST,
): Promise<string> {
  const s = (await (await app.request('/api/session', { headers })).json()) as { csrf: string };
  return s.csrf;
}

describe('security headers and hosts', () => {
  it('every response carries nosniff, no-referrer and a strict CSP', async () => {
    const res = await local().request('/api/overview', { headers: HOST });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.match(
      res.headers.get('content-security-policy') ?? '',
      /default-src 'none'.*script-src 'self'.*frame-ancestors 'none'/,
    );
  });

  it('refuses an unknown Host (DNS rebinding)', async () => {
    const res = await local().request('/api/overview', { headers: { host: 'evil.test:8765' } });
    assert.equal(res.status, 421);
  });

  it('a body is served sandboxed under the body CSP, sanitised', async () => {
    const id = emailId(kase.store, 'hostile-10-remote-images@evil.test');
    const res = await local().request(`/api/items/${id}/body`, { headers: HOST });
    assert.equal(res.headers.get('content-security-policy'), BODY_CSP);
    assert.match(BODY_CSP, /; sandbox allow-same-origin$/);
    assert.match(BODY_CSP, /default-src 'none'/);
    assert.match(BODY_CSP, /form-action 'none'/);
    const html = await res.text();
    assert.doesNotMatch(html, /evil\.test/);
    assert.match(html, /marker-10-remote-images/);
  });

  it('serves a cid: inline image of the same message, and nothing else', async () => {
    const id = emailId(kase.store, 'cid-inline-1@campaign.example');
    const app = local();
    const body = await (await app.request(`/api/items/${id}/body`, { headers: HOST })).text();
    const src = /<img src="([^"]+)"/.exec(body)?.[1];
    assert.equal(src, `/api/items/${id}/cid/logo-123%40campaign.example`);
    const img = await app.request(src ?? '', { headers: HOST });
    assert.equal(img.status, 200);
    assert.equal(img.headers.get('content-type'), 'image/png');
    assert.deepEqual([...new Uint8Array(await img.arrayBuffer()).slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.equal((await app.request(`/api/items/${id}/cid/other@x`, { headers: HOST })).status, 404);
  });

  it('blobs: by hash only, always a download with nosniff', async () => {
    const id = emailId(kase.store, 'hostile-01-script@evil.test');
    const sha = (kase.store.db.prepare('SELECT sha256 FROM items WHERE id = ?').get(id) as { sha256: string })
      .sha256;
    const app = local();
    const res = await app.request(`/api/blobs/${sha}`, { headers: HOST });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/octet-stream');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="01-script\.eml"/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(await res.text(), /<script>fetch/);
    for (const bad of ['..%2f..%2fcase.sqlite', 'abc', sha.toUpperCase().slice(0, 63)]) {
      assert.equal((await app.request(`/api/blobs/${bad}`, { headers: HOST })).status, 404, bad);
    }
  });
});

describe('CSRF on state-changing requests', () => {
  it('refuses a POST without the token, with a foreign Origin, or not JSON', async () => {
    const app = local();
    const id = emailId(kase.store, 'hostile-01-script@evil.test');
    const url = `/api/items/${id}/annotations`;
    const token = await csrfOf(app);
    const json = { ...HOST, 'content-type': 'application/json' };
    const body = JSON.stringify({ kind: 'tag', value: 'x' });
    assert.equal((await app.request(url, { method: 'POST', headers: json, body })).status, 403);
    assert.equal(
      (await app.request(url, { method: 'POST', headers: { ...json, 'x-csrf-token': 'wrong' }, body }))
        .status,
      403,
    );
    const foreign = { ...json, 'x-csrf-token': token, origin: 'http://evil.test' };
    assert.equal((await app.request(url, { method: 'POST', headers: foreign, body })).status, 403);
    const form = { ...HOST, 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': token };
    assert.equal(
      (await app.request(url, { method: 'POST', headers: form, body: 'kind=tag&value=x' })).status,
      415,
    );
    const ok = await app.request(url, {
      method: 'POST',
      headers: { ...json, 'x-csrf-token': token, origin: 'http://127.0.0.1:8765' },
      body,
    });
    assert.equal(ok.status, 201);
  });
});

describe('authentication', () => {
  it('refuses to bind a non-loopback address without users', () => {
    assert.throws(() => resolveUsers('0.0.0.0', undefined, kase.dir), BindRefused);
    assert.deepEqual(resolveUsers('127.0.0.1', undefined, kase.dir), []);
  });

  it('with users: 401 before login, session cookie after, rate limit on guessing', async () => {
    const users = [{ name: 'ana', hash: await hashPassword('s3cret') }];
    const { app } = createApp({ store: kase.store, users });
    const h = { host: 'team.example:8765', 'content-type': 'application/json' };
    assert.equal((await app.request('/api/overview', { headers: h })).status, 401);
    assert.equal((await app.request('/search', { headers: h })).status, 302);
    const login = await app.request('/api/login', {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ user: 'ana', password: 's3cret' }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^leaklens_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict/);
    const sid = cookie.split(';')[0] ?? '';
    const ov = await app.request('/api/overview', { headers: { ...h, cookie: sid } });
    assert.equal(ov.status, 200);
    const { csrf } = (await login.json()) as { csrf: string };
    const out = await app.request('/api/logout', {
      method: 'POST',
      headers: { ...h, cookie: sid, 'x-csrf-token': csrf },
      body: '{}',
    });
    assert.equal(out.status, 200);
    assert.equal((await app.request('/api/overview', { headers: { ...h, cookie: sid } })).status, 401);
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await app.request('/api/login', {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ user: 'ana', password: `guess${i}` }),
      });
      codes.push(r.status);
    }
    assert.deepEqual(codes, [...Array(10).fill(401), 429]);
    const right = await app.request('/api/login', {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ user: 'ana', password: 's3cret' }),
    });
    assert.equal(right.status, 429, 'the right password is refused too while blocked');
  });
});
