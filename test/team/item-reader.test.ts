import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditLog } from '../../src/accounts/audit.js';
import { Users } from '../../src/accounts/users.js';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { caseSchema, openCaseStore } from '../../src/case/open.js';
import { PgDb } from '../../src/case/pg-db.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { stageRan } from '../../src/case/stage-ran.js';
import { enumerateInputs } from '../../src/ingest/enumerate.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { getItem } from '../../src/search/item.js';
import { Store } from '../../src/store/store.js';
import { dirRecords } from '../../src/team/dirs.js';
import { ingestJobsHere } from '../../src/team/worker.js';
import { BODY_CSP } from '../../src/web/csp.js';
import { createApp, createTeamApp } from '../../src/web/server.js';
import { postgresReachable, TEST_DATABASE_URL } from '../case/backends.js';
import { runCli } from '../cli/run.js';
import { FIXTURES } from '../helpers.js';
import { call, type ServerProcess, signIn, startServe } from '../web/serve-process.js';

/**
 * The one item reader on a team case: the same dump ingested by the laptop ingest (SQLite) and by
 * a team worker's job (PostgreSQL + a blob directory) reads back as the same item JSON, through
 * `leaklens show` and through a `leaklens serve --database --blobs` process with users and roles.
 * Real PostgreSQL, no mocks; skipped off CI only when none answers.
 */
const pgUp = await postgresReachable();
if (!pgUp && process.env.CI) throw new Error('CI: PostgreSQL does not answer on 127.0.0.1:5432');
const skip = pgUp ? false : 'no PostgreSQL on 127.0.0.1:5432 (laptop mode)';

const PW = 'correct horse battery';

/** A dump of real fixtures: e-mails with attachments, an inline image, a thread, a Word file, a hostile body, a broken zip. */
function makeDump(dir: string): string {
  const dump = join(dir, 'dump');
  mkdirSync(join(dump, 'mail'), { recursive: true });
  mkdirSync(join(dump, 'docs'), { recursive: true });
  const copy = (from: string, to: string) => cpSync(join(FIXTURES, from), join(dump, to));
  copy('mail/tika-mail/testRFC822_multipart_attachments.eml', 'mail/attachments.eml');
  copy('mail/tika-mail/complex.mbox', 'mail/complex.mbox');
  copy('web/mail/generated-cid-inline.eml', 'mail/cid-inline.eml');
  copy('web/hostile/01-script.eml', 'mail/01-script.eml');
  copy('web/mail/generated-truncated.zip', 'mail/truncated.zip');
  copy('documents/tika/testWORD_custom_props.docx', 'docs/custom_props.docx');
  return dump;
}

/** The same dump as a team ingests it: folders by the enqueuer, the files by a worker's job. */
async function teamIngest(store: SqlCaseStore, blobRoot: string, dump: string): Promise<void> {
  const { tasks, dirs } = enumerateInputs([dump]);
  await store.applyRecords(dirRecords(dirs));
  await ingestJobsHere(store, blobRoot, [{ tasks }]);
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('the item reader on a laptop case and a team case of the same dump', { skip }, () => {
  const name = `itempg_${randomBytes(5).toString('hex')}`;
  let laptop: Store;
  let team: SqlCaseStore;
  let dir: string;
  let blobRoot: string;
  let ids: string[];
  /** The id of the item stored from this file of the dump. */
  const at = (file: string) =>
    (laptop.db.prepare('SELECT id FROM items WHERE provenance = ?').get(`dump/${file}`) as { id: string }).id;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'll-itempg-'));
    const dump = makeDump(dir);
    laptop = Store.open(join(dir, 'laptop'));
    await ingestPaths(laptop, [dump], { workers: 0, silent: true });
    team = (await openCaseStore({ databaseUrl: TEST_DATABASE_URL, caseName: name })) as SqlCaseStore;
    blobRoot = join(dir, 'team-blobs');
    await teamIngest(team, blobRoot, dump);
    ids = (laptop.db.prepare('SELECT id FROM items ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    await markBoth();
  });

  /**
   * The same flags and notes written into both cases (as a later stage and two users would): kinds
   * whose order differs between code points and a locale's collation, and one kind at two
   * severities on an attachment (its badge shows the strongest).
   */
  async function markBoth() {
    const mail = at('mail/attachments.eml');
    const child = (
      laptop.db.prepare('SELECT id FROM items WHERE parent_id = ? ORDER BY id').get(mail) as { id: string }
    ).id;
    const flags = [
      [`${mail}-1`, mail, 'b-kind', 'low', 'second by kind', '{"n":1}', 'test'],
      [`${mail}-2`, mail, 'Z-kind', 'low', 'first by code point', '{}', 'test'],
      [`${mail}-3`, mail, 'a_kind', 'high', 'strongest first', '{"why":["x"]}', 'test'],
      [`${child}-1`, child, 'macro', 'medium', 'a macro', '{}', 'test'],
      [`${child}-2`, child, 'macro', 'high', 'an auto-run macro', '{}', 'test'],
    ];
    const notes = [
      [mail, 'tag', 'suspect', 'ana', '2026-12-04T10:00:00.000Z'],
      [mail, 'note', 'ask the sender', 'rita', '2026-12-04T10:01:00.000Z'],
    ];
    const flagSql =
      'INSERT INTO flags(id, item_id, kind, severity, message, evidence_json, stage) VALUES (?, ?, ?, ?, ?, ?, ?)';
    const noteSql =
      'INSERT INTO annotations(item_id, kind, value, author, created_at) VALUES (?, ?, ?, ?, ?)';
    for (const f of flags) {
      laptop.db.prepare(flagSql).run(...f);
      await team.db.run(flagSql, f);
    }
    for (const n of notes) {
      laptop.db.prepare(noteSql).run(...n);
      await team.db.run(noteSql, n);
    }
  }

  after(async () => {
    laptop?.close();
    await team?.close();
    rmSync(dir, { recursive: true, force: true });
    const db = await PgDb.connect(TEST_DATABASE_URL, caseSchema(name));
    await db.dropSchema();
    await db.close();
  });

  it('both cases hold the same items', async () => {
    const teamIds = (await team.db.all<{ id: string }>('SELECT id FROM items ORDER BY id')).map((r) => r.id);
    assert.ok(ids.length >= 12, `${ids.length} items`);
    assert.deepEqual(teamIds, ids);
  });

  it('every item reads back as the same JSON from SQLite and from PostgreSQL', async () => {
    const sqlite = new SqliteDb(laptop.db);
    for (const id of ids)
      assert.deepEqual(plain(await getItem(team.db, id)), plain(await getItem(sqlite, id)), id);
  });

  it('an e-mail with attachments: its attachments, previews and thread are there on PostgreSQL', async () => {
    const id = at('mail/attachments.eml');
    const item = await getItem(team.db, id);
    assert.equal(item?.kind, 'Email');
    assert.ok((item?.attachments.length ?? 0) >= 2, JSON.stringify(item?.attachments.map((a) => a.name)));
    assert.ok(item?.attachments.every((a) => Array.isArray(a.flags) && 'verdict' in a));
    assert.ok(item?.attachments.some((a) => (a.preview ?? '').length > 0));
    assert.deepEqual(
      item?.flags.map((f) => f.kind),
      ['a_kind', 'Z-kind', 'b-kind'],
    );
    assert.deepEqual(
      item?.attachments.flatMap((a) => a.flags),
      [{ kind: 'macro', severity: 'high' }],
    );
    assert.deepEqual(
      item?.annotations.map((a) => `${a.author}:${a.value}`),
      ['ana:suspect', 'rita:ask the sender'],
    );
    assert.deepEqual(plain(item), plain(await getItem(new SqliteDb(laptop.db), id)));
    // The conversation of the mbox (In-Reply-To/References), without the triage area's threads table.
    const replies = (await team.db.all<{ id: string }>(
      "SELECT id FROM emails WHERE in_reply_to IS NOT NULL AND in_reply_to <> '' ORDER BY id",
    )) as { id: string }[];
    const withThread = [];
    for (const r of replies) withThread.push(((await getItem(team.db, r.id))?.thread ?? []).length);
    assert.ok(
      withThread.some((n) => n > 0),
      'a reply of complex.mbox shows its conversation',
    );
  });

  it('a Word document: metadata, author and text on PostgreSQL as on SQLite', async () => {
    const id = at('docs/custom_props.docx');
    const item = await getItem(team.db, id);
    assert.ok(item?.document, 'a document view');
    assert.ok((item?.document?.textLength ?? 0) > 0);
    assert.equal(typeof item?.document?.metadata.author, 'string');
    assert.deepEqual(plain(item), plain(await getItem(new SqliteDb(laptop.db), id)));
  });

  it('tables the team case lacks (verdicts, threads, OCR) leave their parts empty, not an error', async () => {
    // Verify has not run: its table exists (migration 4) with no row. Triage has not run either:
    // its tables exist (migration 8), empty, and the stage's stamp is absent.
    assert.equal(await team.db.get('SELECT 1 AS x FROM verdicts LIMIT 1'), undefined, 'no verdict');
    for (const t of ['threads', 'duplicates'])
      assert.equal(await team.db.get(`SELECT 1 AS x FROM ${t} LIMIT 1`), undefined, t);
    assert.equal(await stageRan(team.db, 'triage'), false);
    const id = at('mail/cid-inline.eml');
    const item = await getItem(team.db, id);
    assert.deepEqual(
      [item?.verdict, item?.duplicates, item?.threadNodes, item?.change],
      [null, null, [], null],
    );
    assert.equal(await getItem(team.db, 'no-such-item'), undefined);
  });

  it('leaklens show --database reads the team case, by id prefix, as text and --json', async () => {
    const id = at('mail/cid-inline.eml');
    const db = ['--database', TEST_DATABASE_URL, '--case-name', name];
    const j = await runCli('show', id.slice(0, 12), '--json', ...db);
    assert.equal(j.code, 0, j.err);
    assert.deepEqual(JSON.parse(j.out), plain(await getItem(team.db, id)));
    const teamText = await runCli('show', id, ...db);
    const laptopText = await runCli('show', id, '--case', join(dir, 'laptop'));
    assert.equal(laptopText.code, 0, laptopText.err);
    assert.equal(teamText.code, 0, teamText.err);
    assert.equal(teamText.out, laptopText.out);
    assert.match(teamText.out, /Logo inline \(cid\) et facture/);
    const raw = await runCli('show', id, '--raw-headers', ...db, '--blobs', blobRoot);
    assert.equal(raw.code, 0, raw.err);
    assert.equal(raw.out, (await runCli('show', id, '--raw-headers', '--case', join(dir, 'laptop'))).out);
    const noBlobs = await runCli('show', id, '--raw-headers', ...db);
    assert.notEqual(noBlobs.code, 0);
    assert.match(noBlobs.err, /--raw-headers on a team case needs --blobs DIR/);
    const missing = await runCli('show', 'zz-nothing', ...db);
    assert.notEqual(missing.code, 0);
    assert.match(missing.err, new RegExp(`no item "zz-nothing" in case "${name}"`));
  });

  describe('on a team server (leaklens serve --database --blobs)', () => {
    let srv: ServerProcess;
    before(async () => {
      const users = new Users(team.db);
      await users.add('rita', PW, 'reader');
      await users.add('ana', PW, 'editor');
      srv = await startServe(['--database', TEST_DATABASE_URL, '--case-name', name, '--blobs', blobRoot]);
    });
    after(() => srv?.stop());

    it('a reader opens an item: the JSON of the one reader, and the audit log records the opening', async () => {
      const id = at('mail/attachments.eml');
      const rita = await signIn(srv.base, 'rita', PW);
      const r = await call(srv.base, rita, 'GET', `/api/items/${id}`);
      assert.equal(r.status, 200);
      assert.deepEqual(await r.json(), plain(await getItem(new SqliteDb(laptop.db), id)));
      assert.equal((await call(srv.base, rita, 'GET', '/api/items/no-such-item')).status, 404);
      const log = await new AuditLog(team.db).list({ user: 'rita', action: 'open' });
      assert.deepEqual(
        log.map((e) => [e.user, e.action, e.target, e.detail]),
        [['rita', 'open', id, '']],
      );
    });

    it('bodies are sanitised and sandboxed, inline images come from the shared blobs', async () => {
      const rita = await signIn(srv.base, 'rita', PW);
      const hostile = at('mail/01-script.eml');
      const b = await call(srv.base, rita, 'GET', `/api/items/${hostile}/body`);
      assert.equal(b.status, 200);
      assert.equal(b.headers.get('content-security-policy'), BODY_CSP);
      const html = await b.text();
      assert.doesNotMatch(html, /<script|evil\.test/i);
      assert.match(html, /marker-01-script/);
      const cid = at('mail/cid-inline.eml');
      const body = await (await call(srv.base, rita, 'GET', `/api/items/${cid}/body`)).text();
      const src = /<img src="([^"]+)"/.exec(body)?.[1] ?? '';
      assert.equal(src, `/api/items/${cid}/cid/logo-123%40campaign.example`);
      const img = await call(srv.base, rita, 'GET', src);
      assert.equal(img.status, 200);
      assert.equal(img.headers.get('content-type'), 'image/png');
      assert.deepEqual([...new Uint8Array(await img.arrayBuffer()).slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      const opened = await new AuditLog(team.db).list({ user: 'rita', target: hostile });
      assert.deepEqual(
        opened.map((e) => [e.action, e.detail]),
        [['open', 'body']],
      );
    });

    it('originals: an editor downloads the bytes the worker stored, a reader is refused', async () => {
      const id = at('mail/attachments.eml');
      const sha = (laptop.db.prepare('SELECT sha256 FROM items WHERE id = ?').get(id) as { sha256: string })
        .sha256;
      const ana = await signIn(srv.base, 'ana', PW);
      const r = await call(srv.base, ana, 'GET', `/api/blobs/${sha}`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-disposition') ?? '', /^attachment; filename="attachments\.eml"/);
      assert.deepEqual(
        Buffer.from(await r.arrayBuffer()),
        readFileSync(join(FIXTURES, 'mail/tika-mail/testRFC822_multipart_attachments.eml')),
      );
      const rita = await signIn(srv.base, 'rita', PW);
      assert.equal((await call(srv.base, rita, 'GET', `/api/blobs/${sha}`)).status, 403);
      const exports = await new AuditLog(team.db).list({ action: 'export' });
      assert.deepEqual(
        exports.map((e) => [e.user, e.target, e.detail]),
        [['ana', sha, 'original']],
      );
    });

    it('an unknown user sees nothing: 401 on the item routes, the login page elsewhere', async () => {
      const id = at('mail/cid-inline.eml');
      const sha = (laptop.db.prepare('SELECT sha256 FROM items WHERE id = ?').get(id) as { sha256: string })
        .sha256;
      const forged = { cookie: 'leaklens_session=forged', csrf: 'forged' };
      const logged = (await new AuditLog(team.db).list()).length;
      for (const path of [
        `/api/items/${id}`,
        `/api/items/${id}/body`,
        `/api/items/${id}/cid/logo-123%40campaign.example`,
        `/api/blobs/${sha}`,
      ])
        for (const who of [undefined, forged]) {
          const r = await call(srv.base, who, 'GET', path);
          assert.equal(r.status, 401, path);
          assert.equal(await r.text(), '{"error":"login required"}');
        }
      const page = await call(srv.base, undefined, 'GET', `/items/${id}`);
      assert.equal(page.status, 302);
      assert.equal(page.headers.get('location'), '/login');
      // Nothing was opened, so nothing is logged.
      assert.equal((await new AuditLog(team.db).list()).length, logged);
    });

    it('the failures page reads the team case through the case store, as the laptop page reads its case', async () => {
      const ana = await signIn(srv.base, 'ana', PW);
      const r = await call(srv.base, ana, 'GET', '/api/failures');
      assert.equal(r.status, 200);
      const got = (await r.json()) as {
        total: number;
        failures: { provenance: string; reason: string; downloadable: boolean }[];
      };
      const { app } = createApp({ store: laptop, allowedHosts: ['127.0.0.1:8765'] });
      const want = await (await app.request('/api/failures', { headers: { host: '127.0.0.1:8765' } })).json();
      assert.deepEqual(got, want);
      assert.ok(got.total >= 1);
      const zip = got.failures.find((f) => f.provenance === 'dump/mail/truncated.zip');
      assert.deepEqual([zip?.reason, zip?.downloadable], ['truncated', true]);
      const one = (await (await call(srv.base, ana, 'GET', '/api/failures?reason=nosuchreason')).json()) as {
        total: number;
      };
      assert.equal(one.total, 0);
    });

    it('a team server started without --blobs shows items but says originals need --blobs', async () => {
      const { app } = createTeamApp(team.db, { allowedHosts: ['127.0.0.1:8765'] });
      const res = await app.request('/api/login', {
        method: 'POST',
        headers: { host: '127.0.0.1:8765', 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'ana', password: PW }),
      });
      const headers = {
        host: '127.0.0.1:8765',
        cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
      };
      const id = at('mail/cid-inline.eml');
      assert.equal((await app.request(`/api/items/${id}`, { headers })).status, 200);
      const sha = (laptop.db.prepare('SELECT sha256 FROM items WHERE id = ?').get(id) as { sha256: string })
        .sha256;
      const blob = await app.request(`/api/blobs/${sha}`, { headers });
      assert.equal(blob.status, 501);
      assert.match(((await blob.json()) as { error: string }).error, /start it with --blobs DIR/);
    });
  });
});
