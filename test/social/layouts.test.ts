import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SocialDb } from '../../src/social/db.js';
import { write } from '../../src/social/db-load.js';
import { importPosts } from '../../src/social/import/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'leaklens-layouts-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
type Row = Record<string, unknown>;

async function load(name: string, text: string) {
  const file = join(tmp, name);
  writeFileSync(file, text);
  const dir = join(tmp, `case${n++}`);
  const summary = await importPosts(dir, [file]);
  const db = await SocialDb.open(dir);
  const posts = await db.all<Row>(
    'SELECT id, account_id, handle, text, repost_of, quote_of, reply_to, mentions, urls FROM posts ORDER BY id',
  );
  const shares = await db.all<Row>('SELECT object_id FROM shares ORDER BY object_id');
  db.close();
  return { summary, posts, shares, byId: (id: string) => posts.find((p) => p.id === id) ?? {} };
}

const v1 = (id: string, extra: Row = {}) => ({
  id_str: id,
  created_at: 'Fri May 05 18:00:00 +0000 2017',
  full_text: `tweet ${id}`,
  user: { id_str: `u${id}`, screen_name: `user${id}` },
  ...extra,
});

describe('JSON layouts seen in real collections', () => {
  it('pretty-printed objects one after another: every one read, a broken one lost alone', async () => {
    const text = [
      JSON.stringify(v1('1'), null, 2),
      JSON.stringify(v1('2', { full_text: 'braces { in } "strings" \\" too' }), null, 2),
      '{ "id_str": "3", "broken": ',
      '}',
      JSON.stringify(v1('4'), null, 4),
    ].join('\n');
    const r = await load('pretty.json', text);
    assert.deepEqual(
      r.posts.map((p) => p.id),
      ['x:1', 'x:2', 'x:4'],
    );
    assert.equal(r.byId('x:2').text, 'braces { in } "strings" \\" too');
    assert.deepEqual(
      r.summary.failures.map((f) => f.reason),
      ['invalid-json'],
    );
  });

  it('saved v1.1 search responses: {statuses, search_metadata} and premium {results, next}', async () => {
    const a = await load(
      'search.json',
      JSON.stringify({ statuses: [v1('41'), v1('42')], search_metadata: { count: 2 } }),
    );
    assert.deepEqual(
      a.posts.map((p) => p.id),
      ['x:41', 'x:42'],
    );
    const b = await load(
      'premium.json',
      JSON.stringify({ results: [v1('43'), { id_str: '44' }], next: 'abc' }),
    );
    assert.deepEqual(
      b.posts.map((p) => p.id),
      ['x:43'],
    );
    assert.deepEqual(
      b.summary.failures.map((f) => [f.line, f.reason, f.message]),
      [[1, 'not-a-tweet', 'premium.json:1: [1]: missing id or user.id']],
    );
  });

  it('twarc2 flatten: one tweet a line with its author and referenced tweets inline', async () => {
    const author = { id: '10', username: 'alice', name: 'Alice', public_metrics: { followers_count: 5 } };
    const orig = {
      id: '100',
      text: 'the original',
      author_id: '11',
      author: { id: '11', username: 'bob' },
      created_at: '2021-01-01T00:00:00.000Z',
    };
    const rt = {
      id: '101',
      text: 'RT @bob: the original',
      author_id: '10',
      author,
      created_at: '2021-01-01T00:01:00.000Z',
      referenced_tweets: [{ type: 'retweeted', id: '100', ...orig }],
      __twarc: { url: 'https://api.twitter.com/2/tweets/search/recent', version: '2.0.0' },
    };
    const text = [JSON.stringify(rt), JSON.stringify({ ...orig, __twarc: {} })].join('\n');
    const r = await load('flat.jsonl', text);
    assert.equal(r.summary.files[0]?.format, 'twitter-v2');
    assert.deepEqual(
      r.posts.map((p) => [p.id, p.handle, p.repost_of, p.text]),
      [
        ['x:100', 'bob', null, 'the original'],
        ['x:101', 'alice', 'x:100', 'the original'],
      ],
    );
    assert.equal(r.summary.failures.length, 0);
  });

  it('Gnip Activity Streams: posts, shares and replies', async () => {
    const actor = (id: string, name: string) => ({
      objectType: 'person',
      id: `id:twitter.com:${id}`,
      preferredUsername: name,
      followersCount: 3,
      postedTime: '2012-01-01T00:00:00.000Z',
    });
    const post = {
      id: 'tag:search.twitter.com,2005:500',
      objectType: 'activity',
      verb: 'post',
      postedTime: '2017-05-05T18:00:00.000Z',
      actor: actor('1', 'carol'),
      body: 'hello #Leak @dan https://t.co/x',
      twitter_entities: {
        hashtags: [{ text: 'Leak' }],
        user_mentions: [{ screen_name: 'dan' }],
        urls: [{ url: 'https://t.co/x', expanded_url: 'https://example.org/a' }],
      },
      twitter_lang: 'en',
    };
    const share = {
      id: 'tag:search.twitter.com,2005:501',
      objectType: 'activity',
      verb: 'share',
      postedTime: '2017-05-05T18:01:00.000Z',
      actor: actor('2', 'dan'),
      body: 'RT @carol: hello #Leak',
      object: post,
    };
    const reply = {
      ...post,
      id: 'tag:search.twitter.com,2005:502',
      body: '@carol yes',
      inReplyTo: { link: 'http://twitter.com/carol/statuses/500' },
    };
    const r = await load(
      'gnip.json',
      [share, reply, { info: { message: 'Replay Request Completed' } }]
        .map((x) => JSON.stringify(x))
        .join('\n'),
    );
    assert.deepEqual(
      r.posts.map((p) => [p.id, p.account_id, p.repost_of, p.reply_to]),
      [
        ['x:500', 'x:1', null, null],
        ['x:501', 'x:2', 'x:500', null],
        ['x:502', 'x:1', null, 'x:500'],
      ],
    );
    assert.deepEqual(r.byId('x:500').urls, ['https://example.org/a']);
    assert.equal(r.summary.failures.length, 0);
  });
});

describe('links, mentions and quotes per platform', () => {
  it('Mastodon: link spans do not split URLs; accepted quotes link, pending ones do not', async () => {
    const account = { id: '1', acct: 'eve', username: 'eve', url: 'https://m.example/@eve' };
    const link =
      '<p>see <a href="https://news.example/a/long/path"><span class="invisible">https://</span><span class="ellipsis">news.example/a/lo</span><span class="invisible">ng/path</span></a> #<span>Leak</span></p>';
    const quoted = {
      id: '9',
      uri: 'https://m.example/s/9',
      created_at: '2025-01-01T00:00:00Z',
      account,
      content: '<p>quoted</p>',
      reblog: null,
    };
    const statuses = [
      {
        id: '1',
        uri: 'https://m.example/s/1',
        created_at: '2025-01-01T01:00:00Z',
        account,
        content: link,
        reblog: null,
      },
      {
        id: '2',
        uri: 'https://m.example/s/2',
        created_at: '2025-01-01T02:00:00Z',
        account,
        content: '<p>q</p>',
        reblog: null,
        quote: { state: 'accepted', quoted_status: quoted },
      },
      {
        id: '3',
        uri: 'https://m.example/s/3',
        created_at: '2025-01-01T03:00:00Z',
        account,
        content: '<p>q</p>',
        reblog: null,
        quote: { state: 'pending', quoted_status: null },
      },
      {
        id: '4',
        uri: 'https://m.example/s/4',
        created_at: '2025-01-01T04:00:00Z',
        account,
        content: '<p>q</p>',
        reblog: null,
        quoted_status: quoted,
      },
    ];
    const r = await load('mastodon.json', JSON.stringify(statuses));
    const p1 = r.byId('mastodon:https://m.example/s/1');
    assert.equal(p1.text, 'see https://news.example/a/long/path #Leak');
    assert.deepEqual(p1.urls, ['https://news.example/a/long/path']);
    assert.equal(r.byId('mastodon:https://m.example/s/2').quote_of, 'mastodon:https://m.example/s/9');
    assert.equal(r.byId('mastodon:https://m.example/s/3').quote_of, null);
    assert.equal(r.byId('mastodon:https://m.example/s/4').quote_of, 'mastodon:https://m.example/s/9');
    assert.equal(r.byId('mastodon:https://m.example/s/9').text, 'quoted');
  });

  it('Mastodon: a saved thread {ancestors, descendants} gives every status in it', async () => {
    const account = { id: '1', acct: 'eve', username: 'eve', url: 'https://m.example/@eve' };
    const st = (id: string) => ({
      id,
      uri: `https://m.example/s/${id}`,
      created_at: '2025-01-01T00:00:00Z',
      account,
      content: `<p>${id}</p>`,
      reblog: null,
    });
    const r = await load(
      'context.json',
      JSON.stringify({ ancestors: [st('1')], descendants: [st('3'), st('4')] }),
    );
    assert.deepEqual(
      r.posts.map((p) => p.text),
      ['1', '3', '4'],
    );
    assert.equal(r.summary.files[0]?.format, 'mastodon');
  });

  it('4chan: <wbr> does not cut URLs; >>123 reply links are replies, not mentions', async () => {
    const thread = {
      posts: [
        {
          no: 123456700,
          resto: 0,
          time: 1493920000,
          name: 'Anonymous',
          com: 'dump at https://paste.example/abcdefghij<wbr>klmnop',
        },
        {
          no: 123456701,
          resto: 123456700,
          time: 1493920060,
          name: 'Anonymous',
          com: '<a href="#p123456700" class="quotelink">&gt;&gt;123456700</a><br>thanks',
        },
      ],
    };
    const r = await load('thread.json', JSON.stringify(thread));
    assert.deepEqual(r.byId('4chan:123456700').urls, ['https://paste.example/abcdefghijklmnop']);
    const reply = r.byId('4chan:123456701');
    assert.equal(reply.reply_to, '4chan:123456700');
    assert.deepEqual(reply.mentions, []);
  });

  it('Bluesky: a link card without a facet gives its URL', async () => {
    const ev = {
      did: 'did:plc:abc',
      time_us: 1700000000000000,
      kind: 'commit',
      commit: {
        operation: 'create',
        collection: 'app.bsky.feed.post',
        rkey: '3k1',
        record: {
          $type: 'app.bsky.feed.post',
          text: 'read this',
          createdAt: '2023-11-14T22:13:20.000Z',
          embed: {
            $type: 'app.bsky.embed.external',
            external: { uri: 'https://card.example/story', title: 't' },
          },
        },
      },
    };
    const r = await load(
      'bsky.jsonl',
      `${JSON.stringify(ev)}\n${JSON.stringify({ ...ev, commit: { ...ev.commit, rkey: '3k2', record: { ...ev.commit.record, embed: undefined } } })}\n`,
    );
    assert.deepEqual(r.posts[0]?.urls, ['https://card.example/story']);
  });

  it('Bluesky API responses: getRecord, searchPosts, and a feed with a repost reason', async () => {
    const did = 'did:plc:aaa';
    const uri = `at://${did}/app.bsky.feed.post/3k1`;
    const record = {
      $type: 'app.bsky.feed.post',
      text: 'hello',
      createdAt: '2024-01-01T00:00:00.000Z',
      embed: { $type: 'app.bsky.embed.external', external: { uri: 'https://card.example/x' } },
    };
    const view = {
      uri,
      cid: 'c',
      author: { did, handle: 'alice.example' },
      record,
      indexedAt: '2024-01-01T00:00:01.000Z',
    };
    const a = await load('record.json', JSON.stringify({ uri, cid: 'c', value: record }));
    assert.deepEqual(
      a.posts.map((p) => [p.id, p.urls]),
      [[`bsky:${uri}`, ['https://card.example/x']]],
    );
    const feed = {
      feed: [
        { post: view },
        {
          post: view,
          reason: {
            $type: 'app.bsky.feed.defs#reasonRepost',
            by: { did: 'did:plc:bbb', handle: 'bob.example' },
            indexedAt: '2024-01-01T01:00:00.000Z',
          },
        },
      ],
      cursor: 'x',
    };
    const f = await load('feed.json', JSON.stringify(feed));
    assert.deepEqual(
      f.posts.map((p) => [p.account_id, p.handle, p.repost_of]),
      [
        [`bsky:${did}`, 'alice.example', null],
        ['bsky:did:plc:bbb', 'bob.example', `bsky:${uri}`],
      ],
    );
    const s = await load('search.json', JSON.stringify({ posts: [view], hitsTotal: 1 }));
    assert.equal(s.posts.length, 1);
    assert.equal(s.summary.files[0]?.format, 'bluesky-api');
  });

  it('X v1.1: a photo link is the expanded media URL, not t.co', async () => {
    const t = v1('7', {
      full_text: 'look https://t.co/pic',
      entities: {
        urls: [],
        media: [{ url: 'https://t.co/pic', expanded_url: 'https://twitter.com/user7/status/7/photo/1' }],
      },
    });
    const cut = v1('9', { full_text: 'RT @a: long text https://t.co/IKv…' });
    // A profile with an image URL but no default_profile_image flag (twitter-ruby's statuses.json).
    const pic = v1('10', {
      user: {
        id_str: 'u10',
        screen_name: 'user10',
        profile_image_url_https: 'https://pbs.twimg.com/p/a.jpg',
      },
    });
    const r = await load('photo.jsonl', [t, v1('8'), cut, pic].map((x) => JSON.stringify(x)).join('\n'));
    assert.deepEqual(r.byId('x:7').urls, ['https://twitter.com/user7/status/7/photo/1']);
    // A retweet's truncated text ends in a cut link: not a URL (twarc-csv's withheld.jsonl).
    assert.deepEqual(r.byId('x:9').urls, []);
    // The DuckDB bulk path reads the same file to the same rows.
    const file = join(tmp, 'photo.jsonl');
    const fast = join(tmp, `case${n++}`);
    await importPosts(fast, [file], { fastPathBytes: 0 });
    const db = await SocialDb.open(fast);
    const rows = await db.all<Row>(
      'SELECT id, account_id, handle, text, repost_of, quote_of, reply_to, mentions, urls FROM posts ORDER BY id',
    );
    const [src] = await db.all<Row>('SELECT DISTINCT source FROM posts');
    const images = await db.all<Row>('SELECT id, default_image FROM accounts ORDER BY id');
    db.close();
    assert.equal(src?.source, file); // the bulk path names the file only: it did run
    assert.deepEqual(rows, r.posts);
    const js = await SocialDb.open(join(tmp, `case${n - 2}`));
    assert.deepEqual(images, await js.all<Row>('SELECT id, default_image FROM accounts ORDER BY id'));
    js.close();
    assert.deepEqual(images.find((x) => x.id === 'x:u10')?.default_image, false);
  });

  it('Telegram: "@116" is a price, not a mention; old exports without date_unixtime warn of local time', async () => {
    const chat = {
      name: 'chan',
      type: 'public_channel',
      id: 5,
      messages: [
        {
          id: 1,
          type: 'message',
          date: '2022-03-01T10:00:00',
          from: 'Chan',
          from_id: 'channel5',
          text: 'Gold @116 today, ask @trader_bob',
          text_entities: [],
        },
        {
          id: 2,
          type: 'message',
          date: '2022-03-01T10:05:00',
          from: 'Chan',
          from_id: 'channel5',
          text: ['hi ', { type: 'mention', text: '@desk1' }],
          text_entities: [{ type: 'mention', text: '@desk1' }],
        },
      ],
    };
    const r = await load('result.json', JSON.stringify(chat));
    assert.deepEqual(r.byId('telegram:5/1').mentions, ['trader_bob']);
    assert.deepEqual(r.byId('telegram:5/2').mentions, ['desk1']);
    assert.deepEqual(
      r.summary.warnings.map((w) => w.reason),
      ['local-time'],
    );
    assert.equal(r.summary.failures.length, 0);
  });
});

describe('CSV files written by R', () => {
  it('a bare NA is missing: no shared object "NA", and a post id NA fails instead of merging', async () => {
    const csv = [
      'object_id,account_id,content_id,timestamp_share',
      'obj1,a1,c1,1600000000',
      'NA,a2,c2,1600000001',
      'NA,a3,c3,1600000002',
      'obj1,a4,NA,1600000003',
      'obj1,a5,NA,1600000004',
      '"NA",a6,c6,1600000005',
    ].join('\n');
    const r = await load('coortweet-r.csv', csv);
    assert.deepEqual(
      r.posts.map((p) => p.id),
      ['csv:c1', 'csv:c2', 'csv:c3', 'csv:c6'],
    );
    // The quoted "NA" is a string R wrote on purpose; the bare ones are missing values.
    assert.deepEqual(
      r.shares.map((s) => s.object_id),
      ['csv:NA', 'csv:obj1'],
    );
    assert.deepEqual(
      r.summary.failures.map((f) => [f.line, f.reason]),
      [
        [5, 'bad-row'],
        [6, 'bad-row'],
      ],
    );
  });
});

describe('campaign import of a folder', () => {
  it('imports every export in it, recursively, and notes files that are not posts', async () => {
    const dir = join(tmp, 'exports');
    mkdirSync(join(dir, 'x'), { recursive: true });
    writeFileSync(join(dir, 'x', 'a.jsonl'), `${JSON.stringify(v1('31'))}\n`);
    writeFileSync(join(dir, 'b.json'), JSON.stringify([v1('32')]));
    writeFileSync(join(dir, 'README.txt'), 'notes');
    writeFileSync(join(dir, '.DS_Store'), 'junk');
    const summary = await importPosts(join(tmp, 'folder-case'), [dir]);
    assert.equal(summary.postsAdded, 2);
    assert.deepEqual(
      summary.files.map((f) => [f.file.slice(dir.length + 1), f.format]),
      [
        ['README.txt', '?'],
        ['b.json', 'twitter-v1'],
        ['x/a.jsonl', 'twitter-v1'],
      ],
    );
    assert.deepEqual(
      summary.warnings.map((w) => [w.reason, w.message]),
      [['not-posts', 'README.txt: not a post export; skipped']],
    );
    assert.equal(summary.failures.length, 0);
  });
});

describe('large imports print no EventEmitter warning', () => {
  it('waiting for drain many times leaves no listener behind', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const file = join(tmp, 'drain.jsonl');
    const { createWriteStream } = await import('node:fs');
    const s = createWriteStream(file);
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 30; i++) await write(s, big);
    await new Promise((r) => s.end(r));
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    assert.equal(s.listenerCount('error'), 0);
    assert.deepEqual(warnings, []);
  });
});
