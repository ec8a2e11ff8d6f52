import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { iraCsv } from '../../bench/csv/ira-generator.js';
import { SocialDb } from '../../src/social/db.js';
import { acceptedLogicalLines, indexCsvLines } from '../../src/social/import/bulk/csv-lines.js';
import { importPosts } from '../../src/social/import/index.js';
import { importBoth, storedRows } from './bulk-both.js';

const dir = mkdtempSync(join(tmpdir(), 'leaklens-bulk-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLES = join(import.meta.dirname, '../fixtures/social/samples');

/** Every stored row, lists in their stored order, `source` (file:line) included. */
async function tables(kase: string) {
  const rows = await storedRows(kase);
  const sources = (rows.posts as { id: string; source: string }[]).map(({ id, source }) => ({ id, source }));
  return { ...rows, sources };
}

const both = (file: string) => importBoth(dir, file, tables);

/** Both paths' tables and summaries are equal, and (unless `tolerant`) the bulk side took DuckDB's reader. */
function assertEqual(r: Awaited<ReturnType<typeof both>>, tolerant = false) {
  assert.deepEqual(r.fast.failures, r.slow.failures);
  assert.deepEqual(r.fast.warnings, r.slow.warnings);
  assert.deepEqual(
    r.fast.files.map(({ bulkRows, ...f }) => f),
    r.slow.files,
  );
  assert.ok(
    r.fast.files.every((f) => (f.bulkRows === undefined) === tolerant),
    tolerant ? 'the importer read the file' : 'the bulk reader took the file',
  );
  assert.ok(
    r.slow.files.every((f) => f.bulkRows === undefined),
    'the importer read the file',
  );
  assert.equal(r.fast.postsAdded, r.slow.postsAdded);
  assert.equal(r.fast.accountsAdded, r.slow.accountsAdded);
  assert.deepEqual(r.b.posts, r.a.posts);
  assert.deepEqual(r.b.accounts, r.a.accounts);
  assert.deepEqual(r.b.shares, r.a.shares);
  assert.deepEqual(r.b.failures, r.a.failures);
}

function write(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('IRA CSV bulk path gives what the JavaScript importer gives', () => {
  it('on the sample (a retweet, an unreadable date)', async () => {
    const r = await both(join(SAMPLES, 'ira.csv'));
    assertEqual(r);
    assert.equal(r.a.posts.length, 2);
    assert.deepEqual(
      r.fast.failures.map((f) => [f.line, f.reason]),
      [[4, 'bad-row']],
    );
  });

  it('on a generated release with every defect seen in real exports, each bad row at its line', async () => {
    const f = write('defects.csv', [...iraCsv({ rows: 3000, defects: true, seed: 7 })].join(''));
    const r = await both(f);
    assertEqual(r);
    const lines = readFileSync(f, 'utf8').split('\n');
    const at = (line: number) => lines[line - 1] ?? '';
    const byReason = (reason: string) => r.fast.failures.filter((x) => x.reason === reason);
    // The generator puts one defect after every 97th row, in a cycle of eight.
    const short = byReason('bad-row').filter((x) => x.message.includes('6 fields'));
    assert.equal(short.length, 4);
    for (const x of short) assert.match(at(x.line), /a row with a field too few/);
    const rounded = byReason('lossy-id');
    assert.equal(rounded.length, 4);
    for (const x of rounded) assert.match(at(x.line), /9\.14312E\+17/);
    const last = r.fast.failures.at(-1);
    assert.equal(last?.message.endsWith('unterminated quoted field'), true);
    assert.match(at(last?.line ?? 0), /"an unterminated quote/);
    // Rows the SQL was not sure of were read by the importer: kept, with their line.
    const db = await SocialDb.open(r.bulkCase);
    const iso = await db.all<{ ts: number; source: string }>(
      `SELECT ts, source FROM posts WHERE text = 'a date in ISO form' ORDER BY ts`,
    );
    const rolled = await db.all<{ ts: number }>(`SELECT ts FROM posts WHERE text = 'an impossible date'`);
    const counter = await db.all<{ n: number }>(
      `SELECT count(*) AS n FROM posts p JOIN accounts a ON a.id = p.account_id WHERE p.text = 'a counter that is not a number'`,
    );
    db.close();
    assert.equal(iso[0]?.ts, Date.UTC(2017, 4, 5, 18, 31));
    for (const p of iso) assert.match(at(Number(p.source.split(':').at(-1))), /a date in ISO form/);
    assert.equal(rolled[0]?.ts, Date.UTC(2017, 2, 2, 12, 0));
    assert.equal((counter[0]?.n ?? 0) > 0, true);
  });

  it('on a clean release, every row at its line, with and without multi-line contents (no pass numbering lines)', async () => {
    const text = [...iraCsv({ rows: 2000, seed: 21 })].join('');
    // The generator writes some contents over several lines; the second file has none.
    const flat = text.replace(/"(?:[^"]|"")*"/g, (m) => m.replaceAll('\n', ' '));
    assert.ok(text.split('\n').length > flat.split('\n').length);
    for (const [name, body] of [
      ['clean.csv', text],
      ['flat.csv', flat],
    ] as const) {
      const f = write(name, body);
      const r = await both(f);
      assertEqual(r);
      assert.equal(r.fast.files[0]?.bulkRows, 2000);
      const lines = readFileSync(f, 'utf8').split('\n');
      for (const p of r.b.sources) {
        const line = Number(p.source.split(':').at(-1));
        // A record starts at its line; the tweet id comes after the contents, which may span lines.
        const record = lines.slice(line - 1, line + 4).join('\n');
        assert.ok(record.includes(p.id.slice(2)), `${p.id} at line ${line}`);
        assert.ok(!lines[line - 2]?.includes(p.id.slice(2)), `${p.id} not before line ${line}`);
      }
    }
  });

  it('on CRLF line ends, a BOM and quoted multi-line contents', async () => {
    const text = [...iraCsv({ rows: 600, seed: 3 })].join('').replaceAll('\n', '\r\n');
    const r = await both(write('crlf.csv', `\uFEFF${text}`));
    assertEqual(r);
    assert.equal(r.fast.postsAdded, 600);
  });

  it('a second import adds nothing', async () => {
    const f = write('again.csv', [...iraCsv({ rows: 500, seed: 11 })].join(''));
    const kase = join(dir, 'again');
    const first = await importPosts(kase, [f], { fastPathBytes: 0 });
    const again = await importPosts(kase, [f], { fastPathBytes: 0 });
    assert.equal(first.postsAdded, 500);
    assert.equal(again.postsAdded, 0);
    assert.equal(again.accountsAdded, 0);
  });

  it('a header without a column the SQL needs takes the tolerant path', async () => {
    const text = [...iraCsv({ rows: 50, seed: 5 })].join('');
    const [head = '', ...rest] = text.split('\n');
    // "author" renamed: the bulk SQL needs it, so the importer reads the file (keyed by id).
    const r = await both(write('noauthor.csv', [head.replace(',author,', ',handle,'), ...rest].join('\n')));
    assertEqual(r, true);
    // Without handles, the rows whose author id a spreadsheet rounded have no author.
    assert.equal(r.fast.postsAdded + r.fast.failures.length, 50);
    assert.equal(r.fast.failures.length > 0, true);
  });

  it('keeps every row of a file of 200,000 (DuckDB lost rows inserted into a temp table in one transaction)', async () => {
    const f = write('big.csv', [...iraCsv({ rows: 200_000, seed: 9 })].join(''));
    const kase = join(dir, 'big');
    const s = await importPosts(kase, [f], { fastPathBytes: 0 });
    assert.equal(s.failures.length, 0);
    assert.equal(s.postsAdded, 200_000);
    assert.equal(s.totalPosts, 200_000);
  });
});

/**
 * An X information-operations release: list cells in each form releases use, hashed and rounded
 * user ids, retweets, replies and quotes, language codes to normalise, and defects (a short row,
 * an unreadable time, a rounded tweetid, a time in another form, a date that does not exist).
 */
function xIoRows(rows: number): string {
  const header =
    'tweetid,userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,user_profile_url,follower_count,following_count,account_creation_date,account_language,tweet_language,tweet_text,tweet_time,tweet_client_name,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,is_retweet,retweet_userid,retweet_tweetid,latitude,longitude,quote_count,reply_count,like_count,retweet_count,hashtags,urls,user_mentions,poll_choices';
  const lists = ["['MacronLeaks', 'France']", '[MacronLeaks, fr]', 'a,b', '[]', '', "['#Tag', 'tag']"];
  const urls = ["['https://t.co/x', 'https://ex.example/a']", '[https://ex.example/b]', '[]', ''];
  const users = ['4001', '4002', 'c0ffee' + '0'.repeat(58), '9.06E+17', '906000000000000000', '4003'];
  const langs = ['en', 'fr', 'und', 'pt-BR', 'in', 'ru'];
  const texts = [
    'Les #MacronLeaks sont là @infoops1',
    'RT @infoops2: regardez https://t.co/abc.',
    'plain words, "quoted"',
    'two\nlines #Tag',
  ];
  const out = [header];
  /** An 18-digit tweet id, exact (a JavaScript number would round it). */
  const tid = (k: number) => `90000000000${String(Math.max(1, k + 1)).padStart(7, '0')}`;
  for (let i = 0; i < rows; i++) {
    const u = users[i % users.length] ?? '';
    const rt = i % 3 === 1 ? tid(i - 1) : '';
    const text = texts[i % texts.length] ?? '';
    const q = (x: string) => (/[",\n]/.test(x) ? `"${x.replaceAll('"', '""')}"` : x);
    let time = `2017-05-0${1 + (i % 9)} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    let id = tid(i);
    if (i % 50 === 7) time = 'yesterday';
    if (i % 50 === 17) id = '9.00000E+17';
    if (i % 50 === 27) time = '2017-05-05T9:10Z';
    if (i % 50 === 37) time = '2017-02-30 10:00';
    const fields = [
      id,
      u,
      `User ${i % 7}`,
      `infoops${i % 7}`,
      i % 2 ? q('Paris, France') : '',
      i % 4 ? 'bio' : '',
      '',
      String(i % 100),
      i % 13 === 0 ? '1.5K' : String(i % 50),
      i % 11 === 0 ? '04/30/2017' : '2017-04-30',
      'fr',
      langs[i % langs.length] ?? '',
      q(text),
      time,
      'Twitter Web Client',
      '',
      i % 5 === 0 ? tid(i - 2) : '',
      i % 7 === 0 ? tid(i - 3) : '',
      rt ? 'True' : 'False',
      rt ? '4001' : '',
      rt,
      '',
      '',
      '0',
      '0',
      '0',
      '0',
      q(lists[i % lists.length] ?? ''),
      q(urls[i % urls.length] ?? ''),
      q(i % 2 ? '[4001, 4002]' : '[]'),
      '',
    ];
    out.push(i % 50 === 45 ? fields.slice(0, 5).join(',') : fields.join(','));
  }
  return `${out.join('\n')}\n`;
}

describe('X information-operations CSV bulk path gives what the JavaScript importer gives', () => {
  it('on the sample (a multi-line text, a short row)', async () => {
    // DuckDB 1.5.6 refuses this four-line file as a whole ("The CSV Parser state machine reached
    // an invalid state": a short row as the last of so few), so the importer reads all of it;
    // without the short row, DuckDB's reader takes it.
    const r = await both(join(SAMPLES, 'x-io.csv'));
    assertEqual(r, true);
    assert.equal(r.a.posts.length, 2);
    const lines = readFileSync(join(SAMPLES, 'x-io.csv'), 'utf8').split('\n');
    const good = await both(write('x-io-good.csv', `${lines.slice(0, 4).join('\n')}\n`));
    assertEqual(good);
    assert.equal(good.fast.files[0]?.bulkRows, 2);
  });

  it('on a generated release with list cells in every form, hashed and rounded ids and defects', async () => {
    const r = await both(write('xio.csv', xIoRows(400)));
    assertEqual(r);
    const reasons = r.fast.failures.map((f) => f.reason);
    // Per 50 rows: a short row, two unreadable times ("yesterday", 2/30), a rounded tweetid.
    assert.equal(reasons.filter((x) => x === 'bad-row').length, 24);
    assert.equal(reasons.filter((x) => x === 'lossy-id').length, 8);
    assert.equal(r.a.posts.length > 300, true);
    // "['#Tag', 'tag']" lists one hashtag once (the tolerant importer listed "tag" twice).
    for (const p of r.a.posts as { hashtags: string[] }[])
      assert.equal(new Set(p.hashtags).size, p.hashtags.length);
    assert.equal(r.fast.warnings.length > 0, true);
  });
});

describe('CSV line index', () => {
  it('numbers logical lines as DuckDB does and maps them to physical lines', () => {
    const f = write('lines.csv', 'a,b\n1,"x\ny"\n\n2,"a ""q"", b"\r\n3,z"w\n4,"open\n5,never\n');
    const idx = indexCsvLines(f);
    assert.equal(idx.count, 6);
    assert.deepEqual([...idx.line.subarray(0, idx.count)], [1, 2, 4, 5, 6, 7]);
    assert.deepEqual([...idx.blank.subarray(0, idx.count)], [0, 0, 1, 0, 0, 0]);
    // DuckDB numbers the header 1 and counts the blank line: rejecting logical line 6 (the
    // unclosed quote, which runs to the end) leaves rows 1, 2, 3.
    assert.deepEqual([...acceptedLogicalLines(idx, new Set([6]))], [1, 3, 4]);
  });
});

/**
 * A CooRTweet-style export (object_id, account_id, content_id, timestamp_share) with the optional
 * columns the generic importer maps, and the defects real exports carry: times in several forms
 * (epoch seconds and milliseconds, ISO with and without a zone, an offset, words), ids rounded by a
 * spreadsheet, empty and NA cells, quoted newlines, duplicate rows, bytes that are not UTF-8, list
 * cells in each form, and a last line cut off inside a quote.
 */
function coortweetRows(rows: number): Buffer {
  const header =
    'object_id,account_id,content_id,timestamp_share,screen_name,text,hashtags,urls,lang,location';
  const times = [
    '1623881091',
    '1623881091123',
    '2021-06-16T22:04:51Z',
    '2021-06-16 22:04',
    '2021-06-16T22:04:51+02:00',
  ];
  const texts = ['plain', 'RT @src: look #Leak #leak https://ex.example/a.', '"quoted", two\nlines @who', ''];
  const tags = ['', "['Tag', 'tag']", '[a, b]', 'NA', '[]'];
  const urls = ['', '[https://ex.example/b]', "['https://ex.example/cut…']", '[]'];
  const q = (x: string) => (/[",\n]/.test(x) ? `"${x.replaceAll('"', '""')}"` : x);
  const parts: Buffer[] = [Buffer.from(`${header}\n`)];
  for (let i = 0; i < rows; i++) {
    let time = times[i % times.length] ?? '';
    let content = `c${i}`;
    let accountId = `a${i % 13}`;
    if (i % 40 === 7) time = 'yesterday';
    if (i % 40 === 11) time = '6/16/2021 22:04';
    if (i % 40 === 17) content = '1.62388E+17';
    if (i % 40 === 23) accountId = '1.23457E+17';
    if (i % 40 === 29) accountId = '';
    if (i % 40 === 31) content = '';
    const fields = [
      i % 9 === 0 ? 'NA' : `o${i % 17}`,
      accountId,
      content,
      time,
      i % 40 === 23 && i % 80 !== 23 ? '' : `user${i % 13}`,
      q(texts[i % texts.length] ?? ''),
      q(tags[i % tags.length] ?? ''),
      q(urls[i % urls.length] ?? ''),
      i % 3 ? 'en' : '',
      i % 2 ? q('Paris, France') : '',
    ];
    const line = `${(i % 40 === 35 ? fields.slice(0, 4) : fields).join(',')}\n`;
    parts.push(Buffer.from(line));
    // The same row twice, as exports that page with overlap give it.
    if (i % 40 === 3) parts.push(Buffer.from(line));
    // A row written in Latin-1 ("é" as one byte 0xE9).
    if (i % 40 === 5) parts.push(Buffer.from(`o1,a1,lat${i},1623881091,user1,caf\xe9,,,,\n`, 'latin1'));
  }
  parts.push(Buffer.from('o1,a1,cut,1623881091,user1,"the export stopped here'));
  return Buffer.concat(parts);
}

describe('generic CSV bulk path (CooRTweet and mapped columns) gives what the JavaScript importer gives', () => {
  it("on CooRTweet's russian_coord_tweets (35,125 shares)", async () => {
    const r = await both(join(SAMPLES, '../russian_coord_tweets.csv'));
    assertEqual(r);
    // DuckDB read them all.
    assert.equal(r.fast.files[0]?.bulkRows, r.fast.files[0]?.read);
    assert.equal(r.a.shares.length > 30_000, true);
  });

  it('on the generic sample with a mapping', async () => {
    const mapping = { id: 'msg', account: 'sender', time: 'sent', text: 'body', repost: 'shared' };
    const f = join(SAMPLES, 'generic.csv');
    const r = await importBoth(dir, f, tables, { format: 'csv', mapping });
    assertEqual(r);
    assert.equal(r.a.posts.length, 2);
    assert.deepEqual(
      r.fast.failures.map((x) => [x.line, x.reason]),
      [[4, 'bad-row']],
    );
  });

  it('on a generated export with every defect real exports carry, each bad row at its line', async () => {
    const f = join(dir, 'coortweet-defects.csv');
    writeFileSync(f, coortweetRows(800));
    const r = await both(f);
    assertEqual(r);
    assert.equal((r.fast.files[0]?.bulkRows ?? 0) > 300, true);
    const lines = readFileSync(f, 'latin1').split('\n');
    const at = (line: number) => lines[line - 1] ?? '';
    const reasons = r.fast.failures.map((x) => x.reason);
    // Per 40 rows: "yesterday", an empty account, an empty content id, a short row (bad-row);
    // a rounded content id (lossy-id), every other rounded account id with no handle (lossy-id);
    // and the cut last line.
    assert.equal(reasons.filter((x) => x === 'lossy-id').length, 30);
    for (const x of r.fast.failures.filter((y) => y.reason === 'lossy-id'))
      assert.match(at(x.line), /1\.62388E\+17|1\.23457E\+17/);
    assert.equal(r.fast.failures.at(-1)?.message.endsWith('unterminated quoted field'), true);
    assert.equal(r.fast.warnings.length, 1);
    // Shares are kept per object, the Latin-1 rows too (read by the importer), hashtags once each.
    assert.equal(r.b.shares.length > 500, true);
    const db = await SocialDb.open(r.bulkCase);
    const [latin] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM posts WHERE id LIKE 'csv:lat%'`);
    db.close();
    assert.equal(latin?.n, 20);
    for (const p of r.b.posts as { hashtags: string[] }[])
      assert.equal(new Set(p.hashtags).size, p.hashtags.length);
  });
});
