import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ingestPaths } from '../../src/ingest/manager.js';
import { caseVersion } from '../../src/search/case-version.js';
import { facetIndexBuilds } from '../../src/search/facet-index.js';
import { facetsBySql, search } from '../../src/search/search.js';
import { tempCase, tempDir } from '../helpers.js';
import { writeSearchCorpus } from './corpora.js';

/**
 * The case version searches keep their facet index and hit sets under (src/search/case-version.ts)
 * is shared by every process of a case and moved only by writes searches read: as with
 * `serve --processes 2`, another process's audit-log, session and login rows leave this process's
 * facet index as it was, and its tags and verdicts are seen by the next search.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `body` (TypeScript, with `caseDir` and the imports below in scope) in a new Node process. */
function inAnotherProcess(t: { after: (fn: () => void) => void }, caseDir: string, body: string): void {
  const file = join(tempDir(t), 'writer.mts');
  writeFileSync(
    file,
    `import { AuditLog } from ${JSON.stringify(join(ROOT, 'src/accounts/audit.ts'))};
import { SqliteDb } from ${JSON.stringify(join(ROOT, 'src/case/sqlite-db.ts'))};
import { Store } from ${JSON.stringify(join(ROOT, 'src/store/store.ts'))};
const caseDir = ${JSON.stringify(caseDir)};
const store = Store.open(caseDir);
const db = new SqliteDb(store.db);
${body}
store.close();
`,
  );
  execFileSync(process.execPath, ['--import', 'tsx', file], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

test('another process: its audit and login rows keep the facet index, its tags and verdicts are seen at once', async (t) => {
  const store = tempCase(t);
  const dump = tempDir(t);
  writeSearchCorpus(dump);
  await ingestPaths(store, [dump], { workers: 0, silent: true });
  // A connection opened before any search (as a second server process started with this one):
  // its statements were prepared before the version's triggers existed.
  const early = new Database(join(store.dir, 'case.sqlite'));
  t.after(() => early.close());
  const tagEarly = early.prepare(
    "INSERT INTO annotations (item_id, kind, value, author, created_at) VALUES (?, 'tag', 'early', 'b', '2026-01-01')",
  );
  const emails = store.db
    .prepare("SELECT id FROM items WHERE kind = 'Email' ORDER BY id")
    .pluck()
    .all() as string[];
  assert.ok(emails.length >= 4);

  const all = search(store, 'kind:email', { facets: true }).total;
  assert.equal(all, emails.length);
  const built = facetIndexBuilds(store.db);
  const version = caseVersion(store.db);

  // Another process writes only what no search reads: the audit log, a login attempt, meta.
  inAnotherProcess(
    t,
    store.dir,
    `const audit = new AuditLog(db);
for (let k = 0; k < 5; k++) await audit.record({ user: 'b', action: 'search', target: 'x', address: '127.0.0.1' });
store.db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('overviewCache', 'x')").run();`,
  );
  assert.equal(
    store.db.prepare("SELECT count(*) FROM audit_log WHERE user_name = 'b'").pluck().get(),
    5,
    'the other process wrote',
  );
  assert.equal(caseVersion(store.db), version, 'audit and meta rows leave the version');
  assert.equal(search(store, 'kind:email', { facets: true }).total, all);
  assert.equal(facetIndexBuilds(store.db), built, 'the facet index is not built again');

  // Another process tags two e-mails: the next search here finds them.
  assert.equal(search(store, 'kind:email tag:suspect', { facets: true }).total, 0);
  inAnotherProcess(
    t,
    store.dir,
    `const put = store.db.prepare("INSERT INTO annotations (item_id, kind, value, author, created_at) VALUES (?, 'tag', 'suspect', 'b', '2026-01-01')");
for (const id of ${JSON.stringify(emails.slice(0, 2))}) put.run(id);`,
  );
  assert.notEqual(caseVersion(store.db), version);
  assert.equal(search(store, 'kind:email tag:suspect', { facets: true }).total, 2);

  // Verdicts written by another process change a facet without any new item.
  inAnotherProcess(
    t,
    store.dir,
    `const put = store.db.prepare("INSERT OR REPLACE INTO verdicts (item_id, verdict, signatures_json) VALUES (?, ?, '[]')");
store.db.transaction(() => { for (const [k, id] of ${JSON.stringify(emails)}.entries()) put.run(id, k % 2 ? 'verified' : 'unsigned'); })();`,
  );
  const facets = search(store, 'kind:email', { facets: true }).facets!;
  assert.deepEqual(facets.verdict, facetsBySql(store.db, 'kind:email').facets.verdict);
  assert.equal(facets.verdict!.find((v) => v.value === 'verified')?.count, Math.floor(emails.length / 2));

  // The early connection's statement, prepared before the triggers: its write is seen too.
  const before = facetIndexBuilds(store.db);
  assert.equal(search(store, 'kind:email tag:early', { facets: true }).total, 0);
  tagEarly.run(emails[0]);
  assert.equal(search(store, 'kind:email tag:early', { facets: true }).total, 1);
  assert.ok(facetIndexBuilds(store.db) > before, 'a tag is a write searches read');
});

test('a read-only connection on a case without the version table still sees every write', async (t) => {
  const store = tempCase(t);
  const dump = tempDir(t);
  writeSearchCorpus(dump);
  await ingestPaths(store, [dump], { workers: 0, silent: true });
  store.db.exec('DROP TABLE case_version');
  const ro = new Database(join(store.dir, 'case.sqlite'), { readonly: true });
  t.after(() => ro.close());
  const v = caseVersion(ro);
  store.db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('x', 'y')").run();
  assert.notEqual(caseVersion(ro), v, 'without the table, any commit counts (as before)');
});
