import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { blueskyJsonl } from '../../bench/bulk/bluesky-generator.js';
import { SocialDb } from '../../src/social/db.js';
import { importPosts } from '../../src/social/import/index.js';
import { importBoth, storedRows } from './bulk-both.js';

const dir = mkdtempSync(join(tmpdir(), 'leaklens-bulk-jsonl-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLES = join(import.meta.dirname, '../fixtures/social/samples');

/** Every stored row, lists in their stored order; `source` apart (the bulk path names the file only). */
async function tables(kase: string) {
  const rows = await storedRows(kase, { withSource: false });
  // Posts read by DuckDB name their file only; those the importer read name their line too.
  const db = await SocialDb.open(kase);
  const [bulk] = await db.all<{ n: number }>(
    `SELECT count(*) AS n FROM posts WHERE NOT regexp_matches(source, ':\\d+$')`,
  );
  db.close();
  return { ...rows, bulkRows: bulk?.n ?? 0 };
}

const both = (file: string) => importBoth(dir, file, tables);

function assertEqual(r: Awaited<ReturnType<typeof both>>) {
  assert.deepEqual(r.fast.failures, r.slow.failures);
  assert.deepEqual(r.fast.warnings, r.slow.warnings);
  assert.deepEqual(
    r.fast.files.map(({ bulkRows, ...f }) => f),
    r.slow.files,
  );
  assert.ok(
    r.fast.files.every((f) => f.bulkRows !== undefined) &&
      r.slow.files.every((f) => f.bulkRows === undefined),
  );
  assert.equal(r.fast.postsAdded, r.slow.postsAdded);
  assert.equal(r.fast.accountsAdded, r.slow.accountsAdded);
  assert.deepEqual(r.b.posts, r.a.posts);
  assert.deepEqual(r.b.accounts, r.a.accounts);
  assert.deepEqual(r.b.shares, r.a.shares);
  assert.deepEqual(r.b.media, r.a.media);
  assert.deepEqual(r.b.failures, r.a.failures);
  // The bulk path did read (it falls back to the importer silently when it cannot).
  assert.equal(r.a.bulkRows, 0);
  assert.equal(r.b.bulkRows > 0, true);
}

function generate(name: string, rows: number, defects: boolean, seed = 1): string {
  const f = join(dir, name);
  const fd = openSync(f, 'w');
  for (const chunk of blueskyJsonl({ rows, defects, seed })) writeSync(fd, chunk);
  closeSync(fd);
  return f;
}

describe('Bluesky Jetstream bulk path gives what the JavaScript importer gives', () => {
  it('on the sample (identity, post, repost, reply, quote, delete, bad lines)', async () => {
    const r = await both(join(SAMPLES, 'bluesky.jsonl'));
    assertEqual(r);
    assert.equal(r.a.posts.length, 4);
    assert.deepEqual(
      r.fast.failures.map((f) => [f.line, f.reason]),
      [
        [7, 'bad-event'],
        [8, 'not-an-event'],
      ],
    );
  });

  it('on a generated dump with every defect real dumps carry, each bad line at its line', async () => {
    const f = generate('defects.jsonl', 3000, true, 7);
    const r = await both(f);
    assertEqual(r);
    const lines = readFileSync(f, 'latin1').split(/\r\n|\r|\n/);
    const at = (line: number) => lines[line - 1] ?? '';
    const reasons = r.fast.failures.map((x) => x.reason);
    assert.equal(reasons.filter((x) => x === 'invalid-json').length > 3, true);
    for (const x of r.fast.failures.filter((y) => y.reason === 'bad-event'))
      assert.match(at(x.line), /"commit"/);
    assert.match(at(r.fast.failures.at(-1)?.line ?? 0), /"text":"cut$/);
    assert.equal(r.fast.warnings.length > 0, true);
    assert.equal(r.a.posts.length > 2000, true);
    assert.equal(r.a.media.length > 50, true);
  });

  it('a second import adds nothing', async () => {
    const f = generate('again.jsonl', 500, false, 3);
    const kase = join(dir, 'again');
    const first = await importPosts(kase, [f], { fastPathBytes: 0 });
    const again = await importPosts(kase, [f], { fastPathBytes: 0 });
    assert.equal(first.postsAdded > 300, true);
    assert.equal(again.postsAdded, 0);
    assert.equal(again.accountsAdded, 0);
  });
});
