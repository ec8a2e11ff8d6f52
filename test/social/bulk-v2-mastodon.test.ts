import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { mastodonJsonl } from '../../bench/bulk/mastodon-generator.js';
import { xV2Jsonl } from '../../bench/bulk/x-v2-generator.js';
import { analyzeCampaign } from '../../src/social/analyze.js';
import { importPosts } from '../../src/social/import/index.js';
import { importBoth, storedRows } from './bulk-both.js';

const dir = mkdtempSync(join(tmpdir(), 'leaklens-bulk-v2-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLES = join(import.meta.dirname, '../fixtures/social/samples');

const tables = (kase: string) => storedRows(kase);
const both = (file: string) => importBoth(dir, file, tables);

function assertEqual(r: Awaited<ReturnType<typeof both>>) {
  assert.deepEqual(r.fast.failures, r.slow.failures);
  assert.deepEqual(r.fast.warnings, r.slow.warnings);
  assert.deepEqual(
    r.fast.files.map(({ bulkRows, ...f }) => f),
    r.slow.files,
  );
  assert.equal(r.fast.postsAdded, r.slow.postsAdded);
  assert.equal(r.fast.accountsAdded, r.slow.accountsAdded);
  assert.deepEqual(r.b.posts, r.a.posts);
  assert.deepEqual(r.b.accounts, r.a.accounts);
  assert.deepEqual(r.b.shares, r.a.shares);
  assert.deepEqual(r.b.media, r.a.media);
  assert.deepEqual(r.b.failures, r.a.failures);
  // The bulk path did read (it falls back to the importer silently when it cannot).
  assert.ok(r.slow.files.every((f) => f.bulkRows === undefined));
  const bulkRows = r.fast.files.reduce((s, f) => s + (f.bulkRows ?? 0), 0);
  assert.ok(bulkRows > 0, 'no row went through the bulk path');
  return bulkRows;
}

function generate(
  name: string,
  rows: number,
  opts: { defects?: boolean; huge?: boolean; seed?: number },
  gen: typeof xV2Jsonl = xV2Jsonl,
): string {
  const f = join(dir, name);
  const fd = openSync(f, 'w');
  for (const chunk of gen({ rows, ...opts })) writeSync(fd, chunk);
  closeSync(fd);
  return f;
}

describe('X v2 bulk path gives what the JavaScript importer gives', () => {
  it('on the sample (a retweet completed from includes, a reply with a place, an error record)', async () => {
    const r = await both(join(SAMPLES, 'twitter-v2.jsonl'));
    const bulkRows = assertEqual(r);
    assert.equal(bulkRows, 3);
    assert.deepEqual(
      r.fast.failures.map((f) => [f.line, f.reason]),
      [[2, 'not-a-v2-page']],
    );
    assert.equal(r.a.posts.length, 3);
    assert.ok(r.b.posts.every((p) => /twitter-v2\.jsonl:1$/.test(String(p.source))));
  });

  it('on generated pages with every defect real files carry, each bad line at its line', async () => {
    const f = generate('defects.jsonl', 6000, { defects: true, seed: 5 });
    const r = await both(f);
    const bulkRows = assertEqual(r);
    // `campaign analyze` gives the same answer on both cases.
    assert.deepEqual(await analyzeCampaign(r.bulkCase), await analyzeCampaign(r.jsCase));
    const lines = readFileSync(f, 'latin1').split(/\r\n|\r|\n/);
    const at = (line: number) => lines[line - 1] ?? '';
    const reasons = new Set(r.fast.failures.map((x) => x.reason));
    for (const want of ['invalid-json', 'not-a-v2-page', 'not-a-tweet']) assert.ok(reasons.has(want), want);
    for (const x of r.fast.failures.filter((y) => y.reason === 'not-a-tweet'))
      assert.match(at(x.line), /"data"/);
    assert.match(at(r.fast.failures.at(-1)?.line ?? 0), /"text":"cut$/);
    assert.ok(r.fast.warnings.some((w) => /3_missing/.test(w.message)));
    assert.ok(r.a.posts.length > 5000);
    assert.ok(r.a.media.length > 300);
    assert.ok(r.a.posts.some((p) => p.country === 'FR') && r.a.accounts.some((a) => a.country !== null));
    // Most rows went through DuckDB; the lines it was not sure of went to the importer.
    assert.ok(bulkRows > r.a.posts.length * 0.8, `${bulkRows} of ${r.a.posts.length}`);
    assert.ok(bulkRows < r.fast.files[0]!.read);
    // Every post names its line, and the line holds its id.
    for (const p of r.b.posts.slice(0, 2000)) {
      const line = Number(String(p.source).split(':').at(-1));
      assert.ok(at(line).includes(String(p.id).slice(2)), `${p.id} not at line ${line}`);
    }
  });

  it('on a page of several megabytes among clean pages', async () => {
    const f = generate('huge.jsonl', 400, { huge: true, seed: 9 });
    const r = await both(f);
    assertEqual(r);
    assert.ok(r.a.posts.some((p) => String(p.text).length > 3_000_000));
  });

  it('a text cut between the halves of an emoji (a lone surrogate) is kept with U+FFFD on both paths', async () => {
    const f = join(dir, 'surrogate.jsonl');
    writeFileSync(
      f,
      `${String.raw`{"data":[{"id":"7","author_id":"2","created_at":"2022-03-01T10:00:00.000Z","text":"cut \ud83d"}]}`}\n`,
    );
    const slow = await importPosts(join(dir, 'sur-js'), [f], { fastPathBytes: Number.POSITIVE_INFINITY });
    const fast = await importPosts(join(dir, 'sur-bulk'), [f], { fastPathBytes: 0 });
    assert.equal(slow.postsAdded, 1);
    assert.equal(fast.postsAdded, 1);
    const a = await tables(join(dir, 'sur-js'));
    assert.deepEqual(await tables(join(dir, 'sur-bulk')), a);
    assert.equal(a.posts[0]?.text, 'cut \ufffd');
  });

  it('a second import adds nothing', async () => {
    const f = generate('again.jsonl', 500, { seed: 3 });
    const kase = join(dir, 'again');
    const first = await importPosts(kase, [f], { fastPathBytes: 0 });
    const again = await importPosts(kase, [f], { fastPathBytes: 0 });
    assert.ok(first.postsAdded > 400);
    assert.equal(again.postsAdded, 0);
    assert.equal(again.accountsAdded, 0);
  });
});

describe('Mastodon bulk path gives what the JavaScript importer gives', () => {
  it('on the sample, one status a line (a boost, HTML with spans, a status without account or date)', async () => {
    const f = join(dir, 'mastodon.jsonl');
    const statuses = JSON.parse(readFileSync(join(SAMPLES, 'mastodon.json'), 'utf8')) as unknown[];
    writeFileSync(f, `${statuses.map((x) => JSON.stringify(x)).join('\n')}\n`);
    const r = await both(f);
    const bulkRows = assertEqual(r);
    assert.equal(bulkRows, 3);
    assert.deepEqual(
      r.fast.failures.map((x) => [x.line, x.reason]),
      [[3, 'not-a-status']],
    );
    assert.ok(r.b.posts.some((p) => p.text === 'Die Dokumente sind #Leak echt? @max'));
  });

  it('on a generated dump with every defect real dumps carry, each bad line at its line', async () => {
    const f = generate('mastodon-defects.jsonl', 5000, { defects: true, seed: 4 }, mastodonJsonl);
    const r = await both(f);
    const bulkRows = assertEqual(r);
    assert.deepEqual(await analyzeCampaign(r.bulkCase), await analyzeCampaign(r.jsCase));
    const lines = readFileSync(f, 'latin1').split(/\r\n|\r|\n/);
    const at = (line: number) => lines[line - 1] ?? '';
    const reasons = new Set(r.fast.failures.map((x) => x.reason));
    for (const want of ['invalid-json', 'not-a-status']) assert.ok(reasons.has(want), want);
    assert.match(at(r.fast.failures.at(-1)?.line ?? 0), /<p>cut$/);
    assert.ok(r.fast.warnings.length > 0);
    assert.ok(r.a.posts.length > 4000);
    assert.ok(r.a.media.length > 100);
    assert.ok(bulkRows > r.a.posts.length * 0.8, `${bulkRows} of ${r.a.posts.length}`);
    for (const p of r.b.posts.slice(0, 2000)) {
      const line = Number(String(p.source).split(':').at(-1));
      assert.ok(at(line).includes(String(p.id).slice('mastodon:'.length)), `${p.id} not at line ${line}`);
    }
  });

  it('on a status of several megabytes among clean ones', async () => {
    const f = generate('mastodon-huge.jsonl', 300, { huge: true, seed: 8 }, mastodonJsonl);
    const r = await both(f);
    assertEqual(r);
    assert.ok(r.a.posts.some((p) => String(p.text).length > 3_000_000));
  });
});
