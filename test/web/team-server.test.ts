import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditLog } from '../../src/accounts/audit.js';
import { Users } from '../../src/accounts/users.js';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { caseSchema, openCaseStore } from '../../src/case/open.js';
import { PgDb } from '../../src/case/pg-db.js';
import { searchCase } from '../../src/search/search-case.js';
import { ingestJobsHere } from '../../src/team/worker.js';
import { createApp, createTeamApp } from '../../src/web/server.js';
import { postgresReachable, TEST_DATABASE_URL } from '../case/backends.js';
import { tempCase } from '../helpers.js';
import { FIXTURES } from './helpers.js';
import { type Client, call, login, type ServerProcess, signIn, startServe } from './serve-process.js';

/**
 * The team workbench over real PostgreSQL and real HTTP: two `leaklens serve --database` processes
 * on one case (and one `--processes 2`), users with roles, sessions and login counters shared
 * through the database. Skipped off CI only when no PostgreSQL answers; on CI it must.
 */
const pgUp = await postgresReachable();
if (!pgUp && process.env.CI) throw new Error('CI: PostgreSQL does not answer on 127.0.0.1:5432');
const skip = pgUp ? false : 'no PostgreSQL on 127.0.0.1:5432 (laptop mode)';

const CASE = `teamserver_${randomBytes(5).toString('hex')}`;
const PW = 'correct horse battery';
const MAIL = join(FIXTURES, 'mail', 'testRFC822_dkim.eml');

/** Every route of an app, with made-up parameters, except the login page's own. */
function routesOf(app: { routes: { method: string; path: string }[] }): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    const path = r.path.replace(/:[a-z]+(\{[^}]*\})?/gi, 'x.svg').replace(/\*/g, 'x');
    const key = `${r.method} ${path}`;
    if (seen.has(key) || /^\/(login|api\/login|api\/session)$/.test(path)) continue;
    seen.add(key);
    out.push([r.method, path]);
  }
  return out;
}

describe('team workbench on PostgreSQL, two server processes', { skip }, () => {
  let store: SqlCaseStore;
  let a: ServerProcess;
  let b: ServerProcess;
  let itemId: string;
  const args = ['--database', TEST_DATABASE_URL, '--case-name', CASE];

  const tmp = mkdtempSync(join(tmpdir(), 'll-team-server-'));
  before(async () => {
    store = (await openCaseStore({ databaseUrl: TEST_DATABASE_URL, caseName: CASE })) as SqlCaseStore;
    const st = statSync(MAIL);
    await ingestJobsHere(store, join(tmp, 'blobs'), [
      {
        tasks: [
          {
            path: MAIL,
            name: 'testRFC822_dkim.eml',
            provenance: 'testRFC822_dkim.eml',
            parentId: null,
            size: st.size,
            mtimeMs: st.mtimeMs,
          },
        ],
      },
    ]);
    const row = await store.db.get<{ id: string }>('SELECT id FROM emails');
    itemId = row?.id ?? '';
    const users = new Users(store.db);
    for (const [name, role] of [
      ['ana', 'editor'],
      ['bob', 'editor'],
      ['rita', 'reader'],
      ['ada', 'admin'],
      ['eve', 'editor'],
    ] as const)
      await users.add(name, PW, role);
    [a, b] = await Promise.all([startServe(args), startServe(args)]);
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await store?.close();
    const db = await PgDb.connect(TEST_DATABASE_URL, caseSchema(CASE));
    await db.dropSchema();
    await db.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('the case holds the ingested message', () => {
    assert.match(itemId, /.+/);
  });

  it('a session made by one process is valid on the other', async () => {
    const ana = await signIn(a.base, 'ana', PW);
    const s = (await (await call(b.base, ana, 'GET', '/api/session')).json()) as Record<string, unknown>;
    assert.deepEqual([s.authenticated, s.user, s.role], [true, 'ana', 'editor']);
    const r = await call(b.base, ana, 'POST', `/api/items/${itemId}/annotations`, {
      kind: 'tag',
      value: 'cross',
    });
    assert.equal(r.status, 201);
    // Logging out on B ends the session on A too.
    assert.equal((await call(b.base, ana, 'POST', '/api/logout')).status, 200);
    assert.equal((await call(a.base, ana, 'GET', '/api/annotations')).status, 401);
  });

  it('a user removed by another process gets 401 at the next request on both, even while their requests are under way', async () => {
    const users = new Users(store.db);
    await users.add('temp', PW, 'editor');
    const temp = await signIn(a.base, 'temp', PW);
    // Requests under way on both processes (their sessions read in groups) while `users remove` runs.
    const busy = Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(i % 2 ? a.base : b.base, temp, 'GET', `/api/items/${itemId}/annotations`),
      ),
    );
    await users.remove('temp');
    const next = await Promise.all([
      call(a.base, temp, 'GET', `/api/items/${itemId}/annotations`),
      call(b.base, temp, 'GET', `/api/items/${itemId}/annotations`),
    ]);
    assert.deepEqual(
      next.map((r) => r.status),
      [401, 401],
    );
    for (const r of await busy) assert.ok(r.status === 200 || r.status === 401, `status ${r.status}`);
  });

  it('two users annotating the same message at the same moment keep both', async () => {
    const [ana, bob] = await Promise.all([signIn(a.base, 'ana', PW), signIn(b.base, 'bob', PW)]);
    const writes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => [
        call(a.base, ana, 'POST', `/api/items/${itemId}/annotations`, { kind: 'note', value: `ana ${i}` }),
        call(b.base, bob, 'POST', `/api/items/${itemId}/annotations`, { kind: 'note', value: `bob ${i}` }),
        call(i % 2 ? a.base : b.base, ana, 'POST', `/api/items/${itemId}/annotations`, {
          kind: 'tag',
          value: 'same-tag',
        }),
        call(i % 2 ? b.base : a.base, bob, 'POST', `/api/items/${itemId}/annotations`, {
          kind: 'tag',
          value: 'same-tag',
        }),
      ]).flat(),
    );
    assert.ok(writes.every((r) => r.status === 201 || r.status === 200));
    const list = (await (await call(a.base, bob, 'GET', `/api/items/${itemId}/annotations`)).json()) as {
      id: number;
      kind: string;
      value: string;
      author: string;
      createdAt: string;
    }[];
    const notes = list.filter((n) => n.kind === 'note');
    assert.equal(notes.length, 20);
    assert.deepEqual(
      notes.map((n) => `${n.author}:${n.value}`).sort(),
      [
        ...Array.from({ length: 10 }, (_, i) => `ana:ana ${i}`),
        ...Array.from({ length: 10 }, (_, i) => `bob:bob ${i}`),
      ].sort(),
    );
    assert.ok(notes.every((n) => !Number.isNaN(Date.parse(n.createdAt))));
    // Each user's tag once (a user tagging twice adds nothing), both users' tags kept.
    assert.deepEqual(
      list
        .filter((n) => n.value === 'same-tag')
        .map((n) => n.author)
        .sort(),
      ['ana', 'bob'],
    );
    // Live: what bob wrote on B appears in ana's poll on A.
    const changes = (await (await call(a.base, ana, 'GET', '/api/annotations/changes?after=0')).json()) as {
      last: number;
      annotations: { author: string }[];
    };
    assert.ok(changes.annotations.some((x) => x.author === 'bob'));
    assert.equal(
      changes.last,
      Math.max(...changes.annotations.map((x) => (x as unknown as { id: number }).id)),
    );
  });

  it('a reader reads but cannot annotate, export or manage users (403)', async () => {
    const rita = await signIn(b.base, 'rita', PW);
    assert.equal((await call(a.base, rita, 'GET', `/api/items/${itemId}/annotations`)).status, 200);
    assert.equal((await call(a.base, rita, 'GET', '/api/annotations')).status, 200);
    const refused: [string, string, unknown?][] = [
      ['POST', `/api/items/${itemId}/annotations`, { kind: 'note', value: 'nope' }],
      ['DELETE', '/api/annotations/1'],
      ['POST', '/api/saved-searches', { name: 'n', query: 'q' }],
      ['GET', '/api/blobs/0000000000000000000000000000000000000000000000000000000000000000'],
      ['GET', '/api/graph.gexf'],
      ['GET', '/api/users'],
      ['POST', '/api/users', { name: 'mallory', password: 'long enough!', role: 'admin' }],
      ['PUT', '/api/users/rita/role', { role: 'admin' }],
      ['DELETE', '/api/users/ana'],
      ['GET', '/api/audit'],
    ];
    for (const [method, path, body] of refused) {
      const r = await call(a.base, rita, method, path, body);
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.match(((await r.json()) as { error: string }).error, /your role \(reader\) does not allow/);
    }
    assert.equal(
      (await new Users(store.db).list()).map((u) => `${u.name}:${u.role}`).join(','),
      'ada:admin,ana:editor,bob:editor,eve:editor,rita:reader',
    );
  });

  it('an unknown user sees nothing: 401 on every API route, the login page for every other', async () => {
    const routes = routesOf(createTeamApp(store.db, {}).app);
    assert.ok(routes.length > 30, `${routes.length} routes`);
    for (const [method, path] of routes) {
      const forged: Client = { cookie: 'leaklens_session=forged', csrf: 'forged' };
      for (const who of [undefined, forged]) {
        const r = await call(a.base, who, method, path, {});
        const text = await r.text();
        if (path.startsWith('/api/')) {
          assert.equal(r.status, 401, `${method} ${path}`);
          assert.equal(text, '{"error":"login required"}');
        } else {
          assert.equal(r.status, 302, `${method} ${path}`);
          assert.equal(r.headers.get('location'), '/login');
        }
      }
    }
    const s = (await (await call(a.base, undefined, 'GET', '/api/session')).json()) as Record<
      string,
      unknown
    >;
    assert.deepEqual(s, { authenticated: false, authRequired: true });
  });

  it('searches the team case on PostgreSQL with the answers of searchCase, facets included', async () => {
    const ada = await signIn(a.base, 'ada', PW);
    for (const q of ['kind:email', 'nosuchfilter:x', 'dkim OR signature', 'nosuchwordanywhere']) {
      const r = await call(b.base, ada, 'GET', `/api/search?q=${encodeURIComponent(q)}&limit=5`);
      if (q === 'nosuchfilter:x') {
        assert.equal(r.status, 400, q);
        continue;
      }
      assert.equal(r.status, 200, q);
      const got = (await r.json()) as { total: number; hits: { id: string }[]; facets?: unknown };
      const want = await searchCase(store.db, q, { limit: 5, facets: true });
      assert.equal(got.total, want.total, q);
      assert.deepEqual(
        got.hits.map((h) => h.id),
        want.hits.map((h) => h.id),
        q,
      );
      assert.deepEqual(got.facets, JSON.parse(JSON.stringify(want.facets)), q);
    }
    const one = (await (await call(b.base, ada, 'GET', '/api/search?q=kind:email')).json()) as {
      hits: { id: string }[];
    };
    assert.deepEqual(
      one.hits.map((h) => h.id),
      [itemId],
    );
  });

  it('a write by the other process or a worker is in the next search, item page and annotation list', async () => {
    const ana = await signIn(a.base, 'ana', PW);
    const bob = await signIn(b.base, 'bob', PW);
    const tag = `tw-fresh-${randomBytes(3).toString('hex')}`;
    const read = async () => {
      const search = (await (await call(a.base, ana, 'GET', `/api/search?q=tag:${tag}`)).json()) as {
        total: number;
        hits: { id: string }[];
      };
      const item = (await (await call(a.base, ana, 'GET', `/api/items/${itemId}`)).json()) as {
        annotations: { value: string }[];
        flags: { kind: string }[];
      };
      const list = (await (await call(a.base, ana, 'GET', `/api/items/${itemId}/annotations`)).json()) as {
        value: string;
      }[];
      return { search, item, list };
    };
    // Asked twice on process a: the second answers come from what a keeps.
    await read();
    const before = await read();
    assert.equal(before.search.total, 0);
    assert.ok(!before.item.annotations.some((x) => x.value === tag));
    assert.ok(!before.list.some((x) => x.value === tag));
    assert.ok(!before.item.flags.some((f) => f.kind === 'tw-worker-flag'));

    // Process b tags the message: a's next answers show it.
    const r = await call(b.base, bob, 'POST', `/api/items/${itemId}/annotations`, {
      kind: 'tag',
      value: tag,
    });
    assert.equal(r.status, 201);
    const tagged = await read();
    assert.equal(tagged.search.total, 1);
    assert.deepEqual(
      tagged.search.hits.map((h) => h.id),
      [itemId],
    );
    assert.ok(tagged.item.annotations.some((x) => x.value === tag));
    assert.ok(tagged.list.some((x) => x.value === tag));

    // A worker (any other connection) writes a flag: a's next item page shows it.
    await store.db.run(
      "INSERT INTO flags(id, item_id, kind, severity, message, evidence_json, stage) VALUES ('tw-flag', ?, 'tw-worker-flag', 'low', 'planted', '{}', 'test')",
      [itemId],
    );
    const flagged = await read();
    assert.ok(flagged.item.flags.some((f) => f.kind === 'tw-worker-flag'));
    await store.db.run("DELETE FROM flags WHERE kind = 'tw-worker-flag'");
    assert.ok(!(await read()).item.flags.some((f) => f.kind === 'tw-worker-flag'));

    // The answers are those of the case read directly.
    assert.equal((await searchCase(store.db, `tag:${tag}`, { limit: 20, facets: true })).total, 1);
  });

  it('the overview is served from PostgreSQL (no 501 any more); admins read the audit log', async () => {
    const ada = await signIn(a.base, 'ada', PW);
    const r = await call(b.base, ada, 'GET', '/api/overview');
    assert.equal(r.status, 200);
    const o = (await r.json()) as { case: string; counts: { emails: number }; verdicts: unknown };
    assert.deepEqual([o.case, o.counts.emails, o.verdicts], [CASE, 1, null]);
    const audit = (await (await call(b.base, ada, 'GET', '/api/audit?action=annotate&user=bob')).json()) as {
      entries: { user: string; target: string; detail: string }[];
    };
    assert.ok(audit.entries.length >= 11);
    assert.ok(audit.entries.every((e) => e.user === 'bob' && e.target === itemId));
    assert.ok(audit.entries.some((e) => e.detail === 'note: bob 3'));
    const logins = await new AuditLog(store.db).list({ action: 'login', user: 'rita' });
    assert.equal(logins.length, 1);
  });

  it('lockout is shared: 10 failures spread over both processes lock the account on both', async () => {
    const res = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(i % 2 ? a.base : b.base, 'eve', `guess ${i}`)),
    );
    const codes = res.map((r) => r.status).sort();
    assert.deepEqual(codes, [...Array(10).fill(401), ...Array(20).fill(429)]);
    for (const srv of [a, b]) {
      const r = await login(srv.base, 'eve', PW);
      assert.equal(r.status, 429, 'locked even with the right password');
      assert.ok(Number(r.headers.get('retry-after')) > 800);
    }
  });
});

describe('serve --processes 2 on a team case', { skip }, () => {
  it('both processes serve one port; a session and a write made through one are seen by all', async (t) => {
    const name = `teamserver_${randomBytes(5).toString('hex')}`;
    const store = (await openCaseStore({ databaseUrl: TEST_DATABASE_URL, caseName: name })) as SqlCaseStore;
    t.after(async () => {
      await store.close();
      const db = await PgDb.connect(TEST_DATABASE_URL, caseSchema(name));
      await db.dropSchema();
      await db.close();
    });
    await new Users(store.db).add('ana', PW, 'editor');
    const srv = await startServe(['--database', TEST_DATABASE_URL, '--case-name', name, '--processes', '2']);
    t.after(() => srv.stop());
    assert.match(srv.log(), /2 processes/);
    const ana = await signIn(srv.base, 'ana', PW);
    // New connections are handed round-robin to the two processes: every one knows the session.
    const codes = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${srv.base}/api/session`, { headers: { cookie: ana.cookie, connection: 'close' } }).then((r) =>
          r.json().then((j) => (j as { user?: string }).user),
        ),
      ),
    );
    assert.deepEqual(new Set(codes), new Set(['ana']));
    const saved = await call(srv.base, ana, 'POST', '/api/saved-searches', { name: 'both', query: 'tag:x' });
    assert.equal(saved.status, 201);
  });
});

describe('audit of reads on the laptop workbench', () => {
  it('opening an item, searching and downloading an original are recorded with user and query', async (t) => {
    const kase = tempCase(t);
    const { ingestPaths } = await import('../../src/ingest/manager.js');
    await ingestPaths(kase, [MAIL], { workers: 0, silent: true });
    const { hashPassword } = await import('../../src/web/auth.js');
    const { app, ctx } = createApp({
      store: kase,
      users: [{ name: 'ana', hash: await hashPassword(PW), role: 'editor' }],
    });
    const res = await app.request('/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'ana', password: PW }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const id = (kase.db.prepare('SELECT id FROM emails').get() as { id: string }).id;
    const sha = (kase.db.prepare('SELECT sha256 FROM items WHERE id = ?').get(id) as { sha256: string })
      .sha256;
    for (const path of [
      `/api/items/${id}`,
      '/api/search?q=dkim&limit=5',
      `/api/blobs/${sha}`,
      '/api/items/nope',
    ])
      await app.request(path, { headers: { cookie } });
    const log = await ctx.audit.list();
    assert.deepEqual(
      log.map((e) => [e.user, e.action, e.target, e.detail]),
      [
        ['ana', 'export', sha, 'original'],
        ['ana', 'search', 'dkim', 'limit=5'],
        ['ana', 'open', id, ''],
        ['ana', 'login', 'ana', ''],
      ],
    );
  });

  it('an unknown user gets 401 on every API route of the laptop workbench too', async (t) => {
    const { hashPassword } = await import('../../src/web/auth.js');
    const { app } = createApp({ store: tempCase(t), users: [{ name: 'ana', hash: await hashPassword(PW) }] });
    const routes = routesOf(app);
    assert.ok(routes.length > 40, `${routes.length} routes`);
    for (const [method, path] of routes) {
      const r = await app.request(path, {
        method,
        headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : '{}',
      });
      assert.equal(r.status, path.startsWith('/api/') ? 401 : 302, `${method} ${path}`);
    }
  });
});
