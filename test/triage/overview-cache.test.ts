import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { caseFacts } from '../../src/analyze/case-facts.js';
import { overview } from '../../src/analyze/overview.js';
import { cachedOverviewOf, caseFingerprint } from '../../src/case/overview-cache.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { runStages } from '../../src/pipeline/all-stages.js';
import { tempCase, tempDir } from '../helpers.js';
import { eml, MSGS, writeSearchCorpus } from '../search/corpora.js';

/**
 * The overview is kept in the case with the case's fingerprint (src/case/overview-cache.ts, issue
 * #12): read back while nothing changed, computed again as soon as an ingest or an analysis did.
 */
test('overview cache: read back while the case is unchanged, recomputed after an ingest or a stage run', async (t) => {
  const dir = tempDir(t);
  writeSearchCorpus(dir);
  const store = tempCase(t);
  await ingestPaths(store, [dir], { workers: 1, silent: true });
  let computed = 0;
  const db = new SqliteDb(store.db);
  const facts = () =>
    cachedOverviewOf(db, 'facts', () => {
      computed++;
      return caseFacts(db);
    });
  assert.equal((await facts()).counts.emails, 5);
  assert.equal((await facts()).counts.emails, 5);
  assert.equal(computed, 1, 'the second call reads the stored value');
  assert.deepEqual(await facts(), JSON.parse(JSON.stringify(await caseFacts(db))));

  // More mail: the fingerprint moves, the overview is computed again.
  const fp = caseFingerprint(store.db);
  const more = tempDir(t);
  writeFileSync(
    join(more, 'n0.eml'),
    eml({
      ...MSGS[0]!,
      file: 'n0.eml',
      from: 'Paul <paul@campagne.example>',
      date: 'Mon, 01 May 2017 10:00:00 +0200',
    }),
  );
  await ingestPaths(store, [more], { workers: 1, silent: true });
  assert.notEqual(caseFingerprint(store.db), fp);
  assert.equal((await facts()).counts.emails, 6);
  assert.equal(computed, 2);

  // An analysis run (triage here) stamps the case: the triage overview follows it.
  const before = await overview(new SqliteDb(store.db));
  assert.equal(before.byType.length, 0, 'no triage yet');
  await runStages(store, { only: ['triage'], silent: true });
  const after = await overview(new SqliteDb(store.db));
  assert.ok(after.byType.length > 0, 'document types after triage');
  assert.ok(after.totals.threads > 0, 'threads after triage');
  // The stage run moved the fingerprint and computed the workbench's facts again at its end: the
  // next read is the stored value, equal to a fresh computation.
  assert.deepEqual(await facts(), JSON.parse(JSON.stringify(await caseFacts(db))));
  assert.equal(computed, 2, 'the end of the stages stored the facts at the new version');
  const kept = store.db
    .prepare("SELECT value FROM meta WHERE key = 'overview-cache:headlines'")
    .pluck()
    .get() as string;
  assert.equal(JSON.parse(kept).fingerprint, caseFingerprint(store.db), 'the headlines too');
  // A write of the case after that (an ingest without stages) computes them on the next read.
  const third = tempDir(t);
  writeFileSync(
    join(third, 'n1.eml'),
    eml({
      ...MSGS[0]!,
      file: 'n1.eml',
      from: 'Marie <marie@campagne.example>',
      date: 'Tue, 02 May 2017 10:00:00 +0200',
    }),
  );
  await ingestPaths(store, [third], { workers: 1, silent: true });
  assert.equal((await facts()).counts.emails, 7);
  assert.equal(computed, 3, 'the ingest moved the fingerprint');
});
