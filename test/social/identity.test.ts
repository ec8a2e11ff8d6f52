import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SocialDb } from '../../src/social/db.js';
import { isLossyId } from '../../src/social/identity.js';
import { importPosts } from '../../src/social/import/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'leaklens-identity-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

type Row = Record<string, unknown>;
async function load(name: string, text: string) {
  const file = join(tmp, name);
  writeFileSync(file, text);
  const dir = join(tmp, `case${n++}`);
  const summary = await importPosts(dir, [file]);
  const db = await SocialDb.open(dir);
  const posts = await db.all<Row>('SELECT id, account_id, handle, repost_of FROM posts ORDER BY id');
  const accounts = await db.all<Row>('SELECT id, handle, followers FROM accounts ORDER BY id');
  const stored = await db.all<Row>('SELECT line, reason FROM import_failures ORDER BY reason, line');
  db.close();
  return { summary, posts, accounts, stored };
}

const HEADER =
  'external_author_id,author,content,region,language,publish_date,harvested_date,following,followers,updates,post_type,account_type,retweet,account_category,new_june_2018,alt_external_id,tweet_id,article_url,tco1_step1,tco2_step1,tco3_step1';
/** A FiveThirtyEight row; `o` overrides columns by name. */
function ira(o: Record<string, string>): string {
  const base: Record<string, string> = {
    external_author_id: '1',
    author: 'X',
    content: 'text',
    region: 'United States',
    language: 'English',
    publish_date: '5/5/2017 19:20',
    harvested_date: '5/5/2017 19:21',
    following: '10',
    followers: '20',
    updates: '30',
    post_type: '',
    account_type: 'Right',
    retweet: '0',
    account_category: 'RightTroll',
    new_june_2018: '0',
    alt_external_id: '',
    tweet_id: '',
    article_url: '',
    tco1_step1: '',
    tco2_step1: '',
    tco3_step1: '',
  };
  const r = { ...base, ...o };
  return HEADER.split(',')
    .map((h) => {
      const v = r[h] ?? '';
      return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
    })
    .join(',');
}
const url = (id: string) => `http://twitter.com/906000000000000000/statuses/${id}`;

describe('account identity with ids rounded by a spreadsheet', () => {
  it('recognises rounded and scientific-notation ids, not exact ones', () => {
    assert.ok(isLossyId('906000000000000000'));
    assert.ok(isLossyId('9.14312E+17'));
    assert.ok(isLossyId('9E+17'));
    assert.ok(!isLossyId('906000000000000123'));
    assert.ok(!isLossyId('1000001'));
    assert.ok(!isLossyId('1200000000000001'));
    assert.ok(isLossyId('1200000000000000')); // the 16th digit was rounded away
  });

  it('FiveThirtyEight CSV: rounded author ids keyed by handle, tweet ids from article_url, nothing merged', async () => {
    const rows = [
      // Two trolls sharing one rounded author id, and ids in scientific notation.
      ira({
        external_author_id: '906000000000000000',
        author: 'ALPHA_ONE',
        tweet_id: '9.14312E+17',
        article_url: url('914312000000000101'),
        content: 'a1',
      }),
      ira({
        external_author_id: '906000000000000000',
        author: 'BRAVO_TWO',
        tweet_id: '9.14312E+17',
        article_url: url('914312000000000102'),
        content: 'b1',
        followers: '99',
      }),
      ira({
        external_author_id: '9.06E+17',
        author: 'BRAVO_TWO',
        tweet_id: '914312000000000103',
        content: 'b2',
      }),
      // Exact ids are kept as they are.
      ira({ external_author_id: '1000004', author: 'DELTA', tweet_id: '914312000000000104', content: 'd1' }),
      // A rounded tweet id with no article_url cannot be recovered: a failure, not a merge.
      ira({ external_author_id: '1000004', author: 'DELTA', tweet_id: '9.14312E+17', content: 'd2' }),
      // R wrote NA for a missing id.
      ira({ external_author_id: '1000004', author: 'DELTA', tweet_id: 'NA', content: 'd3' }),
    ];
    const r = await load('ira-excel.csv', [HEADER, ...rows].join('\n'));
    assert.deepEqual(
      r.posts.map((p) => [p.id, p.account_id, p.handle]),
      [
        ['x:914312000000000101', 'x:@alpha_one', 'ALPHA_ONE'],
        ['x:914312000000000102', 'x:@bravo_two', 'BRAVO_TWO'],
        ['x:914312000000000103', 'x:@bravo_two', 'BRAVO_TWO'],
        ['x:914312000000000104', 'x:1000004', 'DELTA'],
      ],
    );
    assert.deepEqual(
      r.accounts.map((a) => [a.id, a.handle]),
      [
        ['x:1000004', 'DELTA'],
        ['x:@alpha_one', 'ALPHA_ONE'],
        ['x:@bravo_two', 'BRAVO_TWO'],
      ],
    );
    assert.deepEqual(
      r.summary.failures.map((f) => [f.line, f.reason]),
      [
        [6, 'lossy-id'],
        [7, 'lossy-id'],
      ],
    );
    assert.match(
      r.summary.failures[0]?.message ?? '',
      /ira-excel\.csv:6: tweet_id "9\.14312E\+17" was rounded/,
    );
    assert.deepEqual(
      r.summary.warnings.map((w) => w.reason),
      ['lossy-id'],
    );
    assert.match(
      r.summary.warnings[0]?.message ?? '',
      /warning: author ids rounded by a spreadsheet \(e\.g\. 906000000000000000 for @ALPHA_ONE\)/,
    );
    assert.equal(r.summary.files[0]?.warnings, 1);
    // Failures and warnings are stored for `leaklens errors`.
    assert.deepEqual(
      r.stored.map((s) => [s.line, s.reason]),
      [
        [0, 'lossy-id'],
        [6, 'lossy-id'],
        [7, 'lossy-id'],
      ],
    );
  });

  it('rows of one handle with a rounded id join the exact id the handle has elsewhere', async () => {
    const rows = [
      ira({ external_author_id: '906000000000000123', author: 'HOTEL', tweet_id: '31', content: 'h1' }),
      ira({ external_author_id: '9.06E+17', author: 'HOTEL', tweet_id: '32', content: 'h2' }),
      ira({ external_author_id: '906000000000000000', author: 'INDIA', tweet_id: '33', content: 'i1' }),
    ];
    const r = await load('ira-mixed.csv', [HEADER, ...rows].join('\n'));
    assert.deepEqual(
      r.posts.map((p) => p.account_id),
      ['x:906000000000000123', 'x:906000000000000123', 'x:@india'],
    );
    assert.deepEqual(
      r.accounts.map((a) => a.id),
      ['x:906000000000000123', 'x:@india'],
    );
    assert.deepEqual(
      r.summary.warnings.map((w) => w.reason),
      ['lossy-id'],
    );
  });

  it('an exact-looking id shared by several handles is keyed by handle, with a warning naming them', async () => {
    const rows = [
      ira({ external_author_id: '1000001', author: 'ECHO', tweet_id: '11', content: 'e' }),
      ira({ external_author_id: '1000001', author: 'FOXTROT', tweet_id: '12', content: 'f' }),
      ira({ external_author_id: '1000002', author: 'GOLF', tweet_id: '13', content: 'g' }),
      // One handle under two ids: kept apart, with a warning.
      ira({ external_author_id: '1000003', author: 'GOLF', tweet_id: '14', content: 'g2' }),
    ];
    const r = await load('ira-shared.csv', [HEADER, ...rows].join('\n'));
    assert.deepEqual(
      r.posts.map((p) => p.account_id),
      ['x:@echo', 'x:@foxtrot', 'x:1000002', 'x:1000003'],
    );
    assert.deepEqual(
      r.accounts.map((a) => a.id),
      ['x:1000002', 'x:1000003', 'x:@echo', 'x:@foxtrot'],
    );
    assert.deepEqual(
      r.summary.warnings.map((w) => [w.reason, w.message]),
      [
        [
          'account-id-conflict',
          'ira-shared.csv: warning: account id 1000001 appears with 2 handles (ECHO, FOXTROT): a spreadsheet may have rounded it; keyed by handle, not merged',
        ],
        [
          'handle-id-conflict',
          'ira-shared.csv: warning: handle @golf appears under 2 account ids (x:1000002, x:1000003): kept as separate accounts',
        ],
      ],
    );
    assert.equal(r.summary.failures.length, 0);
  });

  it('generic CSV: an account id shared by two handles is not merged either', async () => {
    const csv = [
      'post_id,user_id,screen_name,created_at,text',
      'p1,9.1E+17,anna,2024-01-01T10:00:00Z,hello',
      'p2,9.1E+17,bert,2024-01-01T10:01:00Z,world',
      'p3,u3,carl,2024-01-01T10:02:00Z,again',
    ].join('\n');
    const r = await load('generic-ids.csv', csv);
    assert.deepEqual(
      r.posts.map((p) => p.account_id),
      ['csv:@anna', 'csv:@bert', 'csv:u3'],
    );
    assert.equal(r.accounts.length, 3);
  });
});

describe('FiveThirtyEight retweets', () => {
  it('retweet = 1 rows are reposts even without "RT @", grouped by text; tco1_step1 names the original', async () => {
    const rows = [
      ira({ author: 'A', tweet_id: '21', retweet: '1', post_type: 'RETWEET', content: 'Big news today' }),
      ira({
        external_author_id: '2',
        author: 'B',
        tweet_id: '22',
        retweet: '1',
        post_type: 'RETWEET',
        content: 'Big news today',
      }),
      ira({
        external_author_id: '3',
        author: 'C',
        tweet_id: '23',
        retweet: '1',
        content: 'RT @Source: Big news today',
      }),
      ira({
        external_author_id: '3',
        author: 'C',
        tweet_id: '24',
        retweet: '1',
        content: 'RT @Source: other',
        tco1_step1: 'https://twitter.com/source/status/777',
      }),
      // A link to another account's tweet is not the original of a retweet of @Source.
      ira({
        external_author_id: '3',
        author: 'C',
        tweet_id: '25',
        retweet: '1',
        content: 'RT @Source: look',
        tco1_step1: 'https://twitter.com/other/status/888',
      }),
      ira({ external_author_id: '4', author: 'D', tweet_id: '26', content: 'my own words' }),
    ];
    const r = await load('ira-rt.csv', [HEADER, ...rows].join('\n'));
    const rt = Object.fromEntries(r.posts.map((p) => [p.id, p.repost_of]));
    assert.ok(String(rt['x:21']).startsWith('x:rt:'));
    assert.equal(rt['x:22'], rt['x:21']);
    assert.ok(String(rt['x:23']).startsWith('x:rt:'));
    assert.notEqual(rt['x:23'], rt['x:21']); // the author named by "RT @" is part of the key
    assert.equal(rt['x:24'], 'x:777');
    assert.ok(String(rt['x:25']).startsWith('x:rt:'));
    assert.equal(rt['x:26'], null);
  });
});
