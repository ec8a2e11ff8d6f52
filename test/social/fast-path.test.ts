import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SocialDb } from '../../src/social/db.js';
import { importPosts } from '../../src/social/import/index.js';
import { plantedCampaign } from './planted-campaign.js';

const dir = mkdtempSync(join(tmpdir(), 'leaklens-fast-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLE = join(import.meta.dirname, '../fixtures/social/samples/twitter-v1.jsonl');

async function tables(kase: string) {
  const db = await SocialDb.open(kase);
  const posts = await db.all(
    'SELECT * EXCLUDE (source, hashtags, mentions, urls), list_sort(hashtags) AS h, list_sort(mentions) AS m, list_sort(urls) AS u FROM posts ORDER BY id',
  );
  const accounts = await db.all('SELECT * FROM accounts ORDER BY id');
  db.close();
  return { posts, accounts };
}

/** Imports `file` through the JavaScript importer and through DuckDB's bulk reader. */
async function both(name: string, file: string) {
  const slow = await importPosts(join(dir, `${name}-js`), [file], {
    fastPathBytes: Number.POSITIVE_INFINITY,
  });
  const fast = await importPosts(join(dir, `${name}-fast`), [file], { fastPathBytes: 0 });
  return { slow, fast, a: await tables(join(dir, `${name}-js`)), b: await tables(join(dir, `${name}-fast`)) };
}

describe('X v1.1 bulk path gives the same rows as the JavaScript importer', () => {
  it('on the planted campaign (retweets, mentions, locations, detected languages)', async () => {
    const f = join(dir, 'planted.jsonl');
    writeFileSync(f, plantedCampaign().lines.join('\n'));
    const r = await both('planted', f);
    assert.equal(r.fast.postsAdded, r.slow.postsAdded);
    assert.deepEqual(r.b.posts, r.a.posts);
    assert.deepEqual(r.b.accounts, r.a.accounts);
  });

  it('on extended tweets, quotes, places and embedded originals', async () => {
    const f = join(dir, 'clean.jsonl');
    writeFileSync(f, readFileSync(SAMPLE, 'utf8').split('\n').slice(0, 4).join('\n'));
    const r = await both('clean', f);
    assert.equal(r.a.posts.length, 3);
    assert.deepEqual(r.b.posts, r.a.posts);
    assert.deepEqual(r.b.accounts, r.a.accounts);
  });

  it('falls back to the tolerant importer when a line is bad, keeping its failure records', async () => {
    const r = await both('dirty', SAMPLE);
    assert.deepEqual(
      r.fast.failures.map((f) => [f.line, f.reason]),
      [
        [5, 'not-a-tweet'],
        [6, 'invalid-json'],
      ],
    );
    assert.deepEqual(r.b.posts, r.a.posts);
  });
});

describe('X v1.1 bulk path: duplicates, progress, re-import, late bad lines', () => {
  it('a file holding some tweets twice gives the same rows as the JavaScript importer', async () => {
    const f = join(dir, 'pieces.jsonl');
    const { lines } = plantedCampaign();
    // The same tweets twice, far apart, so duplicates fall in different pieces.
    writeFileSync(f, [...lines, ...lines.slice(0, 50)].join('\n'));
    const slow = await importPosts(join(dir, 'pieces-js'), [f], { fastPathBytes: Number.POSITIVE_INFINITY });
    let progress = 0;
    const fast = await importPosts(join(dir, 'pieces-fast'), [f], {
      fastPathBytes: 0,
      onProgress: (n) => {
        progress = n;
      },
    });
    assert.equal(fast.postsAdded, slow.postsAdded);
    assert.equal(progress, lines.length + 50);
    const a = await tables(join(dir, 'pieces-js'));
    const b = await tables(join(dir, 'pieces-fast'));
    assert.deepEqual(b.posts, a.posts);
    assert.deepEqual(b.accounts, a.accounts);
    // A second import adds nothing.
    const again = await importPosts(join(dir, 'pieces-fast'), [f], { fastPathBytes: 0 });
    assert.equal(again.postsAdded, 0);
    assert.equal(again.accountsAdded, 0);
  });
});
