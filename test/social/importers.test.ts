import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { SocialDb } from '../../src/social/db.js';
import { type ImportOptions, importPosts, pickImporter } from '../../src/social/import/index.js';

const SAMPLES = join(import.meta.dirname, '../fixtures/social/samples');
const tmp = mkdtempSync(join(tmpdir(), 'leaklens-importers-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

type Row = Record<string, unknown>;
async function load(file: string, opts: ImportOptions = {}) {
  const dir = join(tmp, `case${n++}`);
  const summary = await importPosts(dir, [join(SAMPLES, file)], opts);
  const db = await SocialDb.open(dir);
  const posts = await db.all<Row>('SELECT * FROM posts ORDER BY ts, id');
  const accounts = await db.all<Row>('SELECT * FROM accounts ORDER BY id');
  db.close();
  const byId = (id: string) => posts.find((p) => p.id === id) ?? {};
  return {
    summary,
    posts,
    accounts,
    byId,
    failures: summary.failures.map((f) => [f.line, f.reason, f.message]),
  };
}

describe('importers read their samples', () => {
  it('detects every sample format from its first bytes', () => {
    const expect: Record<string, string> = {
      'twitter-v1.jsonl': 'twitter-v1',
      'twitter-v1-array.json': 'twitter-v1',
      'twitter-v2.jsonl': 'twitter-v2',
      'x-io.csv': 'x-io-csv',
      'ira.csv': 'ira-csv',
      'bluesky.jsonl': 'bluesky-jetstream',
      'mastodon.json': 'mastodon',
      'telegram-result.json': 'telegram',
      '4chan-thread.json': '4chan',
      'generic.csv': 'csv',
    };
    for (const [f, fmt] of Object.entries(expect))
      assert.equal(pickImporter(join(SAMPLES, f))?.format, fmt, f);
  });

  it('X v1.1: extended text, retweet of the original, quote, place, bad rows as failures', async () => {
    const r = await load('twitter-v1.jsonl');
    assert.deepEqual(r.failures, [
      [5, 'not-a-tweet', 'twitter-v1.jsonl:5: missing id or user.id'],
      [6, 'invalid-json', 'twitter-v1.jsonl:6: not valid JSON: Unterminated string in JSON at position 103'],
    ]);
    const seed = r.byId('x:860000000000000001');
    assert.match(String(seed.text), /ce soir, tout est là/);
    assert.deepEqual(
      [seed.hashtags, seed.urls, seed.country, seed.lang],
      [['macronleaks'], ['https://pastebin.example/leak'], 'FR', 'fr'],
    );
    const rt = r.byId('x:860000000000000002');
    assert.deepEqual([rt.repost_of, rt.text, rt.mentions], ['x:860000000000000001', seed.text, ['seedacct']]);
    const q = r.byId('x:860000000000000003');
    assert.deepEqual([q.quote_of, q.lang, q.lang_source], ['x:860000000000000001', 'en', 'detected']);
    assert.equal(r.posts.length, 3);
    const acc = r.accounts.find((a) => a.id === 'x:11');
    assert.deepEqual([acc?.followers, acc?.default_profile, acc?.country], [120, true, 'FR']);
    assert.equal(r.accounts.find((a) => a.id === 'x:13')?.country, 'US');
  });

  it('X v1.1 as a JSON array, with a reply', async () => {
    const r = await load('twitter-v1-array.json');
    assert.deepEqual(r.failures, []);
    assert.equal(r.byId('x:870000000000000002').reply_to, 'x:870000000000000001');
    assert.deepEqual(
      r.accounts.map((a) => a.country),
      ['GB', 'DE'],
    );
  });

  it('X v2: retweet text from includes, referenced original, place, error page as failure', async () => {
    const r = await load('twitter-v2.jsonl');
    assert.deepEqual(r.failures, [[2, 'not-a-v2-page', 'twitter-v2.jsonl:2: record has no "data" array']]);
    const rt = r.byId('x:1500000000000000001');
    assert.match(String(rt.text), /full text here #leak$/);
    assert.deepEqual([rt.repost_of, rt.mentions], ['x:1500000000000000000', ['source']]);
    assert.deepEqual(
      [r.byId('x:1500000000000000002').reply_to, r.byId('x:1500000000000000002').country],
      ['x:1500000000000000000', 'FR'],
    );
    const u = r.accounts.find((a) => a.id === 'x:31');
    assert.deepEqual([u?.friends, u?.default_image, u?.country], [400, true, 'UA']);
  });

  it('X information-operations CSV: multi-line quoted text, list cells, short row as failure', async () => {
    const r = await load('x-io.csv');
    assert.deepEqual(r.failures, [[5, 'bad-row', 'x-io.csv:5: 5 fields, header has 31']]);
    assert.equal(r.byId('x:900000000000000001').text, 'Les #MacronLeaks\nsur deux lignes, avec "guillemets"');
    assert.deepEqual(r.byId('x:900000000000000002').repost_of, 'x:900000000000000001');
    assert.equal(r.byId('x:900000000000000002').ts, Date.UTC(2017, 4, 5, 19, 11));
    assert.equal(r.accounts.find((a) => a.id === 'x:4001')?.country, 'RU');
  });

  it('FiveThirtyEight IRA CSV: M/D/YYYY times, language names, retweets keyed by quoted text', async () => {
    const r = await load('ira.csv');
    assert.deepEqual(r.failures, [
      [4, 'bad-row', 'ira.csv:4: missing author or unreadable publish_date "not a date"'],
    ]);
    const rt = r.byId('x:860000000000000101');
    assert.equal(rt.ts, Date.UTC(2017, 4, 5, 19, 22));
    assert.equal(rt.lang, 'en');
    assert.match(String(rt.repost_of), /^x:rt:[0-9a-f]{40}$/);
    assert.deepEqual(
      r.accounts.map((a) => a.country),
      ['US', 'US'],
    );
  });

  it('Bluesky Jetstream: posts, reposts, replies, quotes; identity gives handles; deletes skipped', async () => {
    const r = await load('bluesky.jsonl');
    assert.deepEqual(r.failures, [
      [7, 'bad-event', 'bluesky.jsonl:7: repost without subject.uri'],
      [8, 'not-an-event', 'bluesky.jsonl:8: record has no "did"'],
    ]);
    const orig = 'bsky:at://did:plc:alice111/app.bsky.feed.post/3l3qo2vuowo2b';
    assert.deepEqual(r.byId(orig).hashtags, ['leaks']);
    assert.equal(r.byId(orig).handle, 'alice.bsky.social');
    assert.equal(r.byId('bsky:at://did:plc:bob222/app.bsky.feed.repost/3l3qo3aaaaa2b').repost_of, orig);
    assert.equal(r.byId('bsky:at://did:plc:carol333/app.bsky.feed.post/3l3qo4bbbbb2b').reply_to, orig);
    assert.deepEqual(r.byId('bsky:at://did:plc:carol333/app.bsky.feed.post/3l3qo4bbbbb2b').mentions, [
      'alice.bsky.social',
    ]);
    assert.equal(r.byId('bsky:at://did:plc:dave444/app.bsky.feed.post/3l3qo5ccccc2b').quote_of, orig);
    assert.equal(r.posts.length, 4);
  });

  it('Mastodon: HTML content to text, boosts point at the original by URI', async () => {
    const r = await load('mastodon.json');
    assert.deepEqual(r.failures, [[3, 'not-a-status', 'mastodon.json:3: missing id/uri or account']]);
    const o = r.byId('mastodon:https://social.example/users/erika/statuses/111000000000000001');
    assert.deepEqual(
      [o.text, o.hashtags, o.mentions],
      ['Die Dokumente sind #Leak echt? @max', ['leak'], ['max@other.example']],
    );
    const boost = r.posts.find((p) => p.account_id === 'mastodon:booster@social.example');
    assert.equal(boost?.repost_of, o.id);
  });

  it('Telegram export: text runs, entities, forwards, replies; service messages skipped', async () => {
    const r = await load('telegram-result.json');
    assert.deepEqual(r.failures, [
      [5, 'bad-message', 'telegram-result.json:5: messages[4]: missing id or date'],
    ]);
    const m = r.byId('telegram:1234567890/2');
    assert.deepEqual(
      [m.text, m.hashtags, m.urls, m.ts],
      [
        'Новые документы #утечка тут: https://example.org/files',
        ['утечка'],
        ['https://example.org/files'],
        1673341500000,
      ],
    );
    assert.match(String(r.byId('telegram:1234567890/3').repost_of), /^telegram:fwd:/);
    assert.equal(r.byId('telegram:1234567890/4').reply_to, 'telegram:1234567890/2');
  });

  it('4chan thread: poster ids per thread, country flags, >> quote-links as replies', async () => {
    const r = await load('4chan-thread.json');
    assert.deepEqual(r.failures, [[4, 'bad-post', '4chan-thread.json:4: posts[3]: missing no or time']]);
    assert.deepEqual(
      r.posts.map((p) => [p.account_id, p.country, p.reply_to]),
      [
        ['4chan:570368:Abc12345', 'US', null],
        ['4chan:570368:Xyz98765', 'FR', '4chan:570368'],
        ['4chan:570368:Abc12345', 'US', '4chan:570368'],
      ],
    );
  });

  it('generic CSV with a column mapping', async () => {
    const r = await load('generic.csv', {
      format: 'csv',
      mapping: { id: 'msg', account: 'sender', time: 'sent', text: 'body', repost: 'shared' },
    });
    assert.deepEqual(r.failures, [
      [4, 'bad-row', 'generic.csv:4: missing id (msg), account (sender) or unreadable time "yesterday"'],
    ]);
    assert.deepEqual(r.byId('csv:m1').text, 'first, with comma #tag');
    assert.equal(r.byId('csv:m2').repost_of, 'csv:m1');
  });

  it('importing the same file twice adds nothing', async () => {
    const dir = join(tmp, 'twice');
    const a = await importPosts(dir, [join(SAMPLES, 'twitter-v1.jsonl')]);
    const b = await importPosts(dir, [join(SAMPLES, 'twitter-v1.jsonl')]);
    assert.deepEqual([a.postsAdded, b.postsAdded, b.accountsAdded, b.totalPosts], [3, 0, 0, 3]);
  });

  it('an unknown format and a missing file are failures, not crashes', async () => {
    const f = join(tmp, 'notes.txt');
    writeFileSync(f, 'just some notes\n');
    const s = await importPosts(join(tmp, 'unknown'), [f, join(tmp, 'missing.json')]);
    assert.deepEqual(
      s.failures.map((x) => x.reason),
      ['unknown-format', 'unreadable'],
    );
  });

  it('never throws on arbitrary text, and reads no post from it', async () => {
    const dir = join(tmp, 'fuzz');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string(), { minLength: 1, maxLength: 8 }), async (lines) => {
        const f = join(tmp, 'fuzz.jsonl');
        writeFileSync(f, lines.join('\n'));
        const s = await importPosts(dir, [f], { format: 'twitter-v1' });
        assert.equal(s.files[0]?.read ?? 0, 0);
      }),
      { numRuns: 15 },
    );
  });
});
