import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { stripAddressComments } from '../../src/ingest/email/address-comments.js';
import { splitMbox } from '../../src/ingest/email/mbox.js';
import { inReplyToId, toIsoDate } from '../../src/ingest/email/rfc822.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { tempCase, tempDir } from '../helpers.js';

/**
 * Generated reproductions of defects that real files from other projects' test suites showed
 * (docs/realworld.md): each input is built here, byte for byte, from the shape seen in the real file.
 */
const msg = (id: string, body: string, extra = '') =>
  `From: a@x.example\nTo: b@y.example\nSubject: ${id}\nDate: Tue, 28 Mar 2017 10:00:00 +0200\nMessage-ID: <${id}@x.example>\n${extra}\n${body}\n`;

const multipart = (id: string) =>
  msg(
    id,
    '--B\nContent-Type: text/plain\n\npart one\n--B\nContent-Type: text/plain\n\npart two\n--B--',
    'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n',
  );

const spansOf = (mbox: string) =>
  splitMbox(Buffer.from(mbox), 100).map(([s, e]) => Buffer.from(mbox).subarray(s, e).toString());

test('mbox: a "From " line right after a closing MIME boundary starts a new message', () => {
  const mbox = `From a@x.example Tue Mar 28 10:00:00 2017\n${multipart('m1')}From b@x.example Tue Mar 28 11:00:00 2017\n${msg('m2', 'second body')}`;
  assert.ok(!/\n\nFrom b@/.test(mbox), 'no blank line before the second separator');
  const spans = spansOf(mbox);
  assert.equal(spans.length, 2);
  assert.match(spans[0]!, /--B--\n$/);
  assert.match(spans[1]!, /^From: a@x.example\n[\s\S]*second body\n$/);
  // A body line "From …" after a boundary that is not a closing one stays in the body.
  const inBody = `From a@x.example Tue Mar 28 10:00:00 2017\n${msg('m3', '--B\nFrom me to you, 2017\nend')}`;
  assert.equal(spansOf(inBody).length, 1);
});

test('mbox: a separator preceded by a line of spaces is still a separator; the body is kept', () => {
  const mbox = `From a@x.example Tue Mar 28 10:00:00 2017\n${msg('w1', 'first body')}   \nFrom a@x.example Tue Mar 28 10:05:00 2017\n${msg('w2', 'second body')}`;
  const spans = spansOf(mbox);
  assert.equal(spans.length, 2);
  assert.match(spans[0]!, /first body\n/);
  assert.match(spans[1]!, /second body\n$/);
});

test('mbox: Netscape\'s "From - " separator without a date, in a file named .mbox.txt', async (t) => {
  const dir = tempDir(t);
  writeFileSync(
    join(dir, 'netscape.mbox.txt'),
    `From - \n${msg('n1', 'one')}\nFrom - \n${msg('n2', 'two')}\nFrom - here on, prose\n`,
  );
  const store = tempCase(t);
  const s = await ingestPaths(store, [dir], { workers: 0, silent: true });
  assert.equal(s.totals.failures, 0);
  const ids = (
    store.db.prepare('SELECT message_id FROM emails ORDER BY 1').all() as { message_id: string }[]
  ).map((r) => r.message_id);
  assert.deepEqual(ids, ['n1@x.example', 'n2@x.example'], 'a prose "From " line is not a separator');
});

test('dates before 1970 are kept as ISO dates', () => {
  assert.equal(toIsoDate('Thu, 13 Feb 1969 23:32:54 -0330'), '1969-02-14T03:02:54.000Z');
  assert.equal(toIsoDate('Mon, 1 Jan 1951 10:00:00 +0000'), '1951-01-01T10:00:00.000Z');
  assert.equal(toIsoDate('Thu, 13 Feb 1169 23:32:54 -0330'), null, 'an absurd year is refused');
});

test('RFC 5322 comments in addresses (Appendix A.5) are not part of the address', () => {
  assert.equal(
    stripAddressComments('pete(his account)@silly.test(his host)').replace(/\s+/g, ''),
    'pete@silly.test',
  );
  assert.equal(
    stripAddressComments('Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>'),
    'Pete <pete@silly.test>',
  );
  assert.equal(stripAddressComments('joe@example.org (Joe Bloggs)'), 'joe@example.org (Joe Bloggs)');
  assert.equal(stripAddressComments('"a (not a comment)" <a@x>'), '"a (not a comment)" <a@x>');
});

test('addresses with comments, a 1969 date and an old-style In-Reply-To, on both MIME paths', async (t) => {
  const raw =
    'From: Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>\r\n' +
    "To: A Group(Some people):Chris Jones <c@(Chris's host.)public.example>, joe@example.org, John <jdoe@one.test> (my dear friend); (the end of the group)\r\n" +
    'Cc: pete(his account)@silly.test(his host)\r\nSubject: old\r\nDate: Thu, 13 Feb 1969 23:32:54 -0330\r\n' +
    'Message-ID: <old@x>\r\nIn-Reply-To: <a@b> (from Joe <joe@x.com>)\r\n';
  const dir = tempDir(t);
  writeFileSync(join(dir, 'simple.eml'), `${raw}\r\nbody\r\n`);
  writeFileSync(
    join(dir, 'multi.eml'),
    `${raw.replace('<old@x>', '<old2@x>')}MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=Z\r\n\r\n--Z\r\nContent-Type: text/plain\r\n\r\nbody\r\n--Z\r\nContent-Type: text/html\r\n\r\n<p>body</p>\r\n--Z--\r\n`,
  );
  const store = tempCase(t);
  const prev = process.env.LEAKLENS_NO_FAST_MIME;
  for (const [file, fast] of [
    ['simple.eml', true],
    ['multi.eml', false],
  ] as const) {
    if (!fast) process.env.LEAKLENS_NO_FAST_MIME = '1';
    await ingestPaths(store, [join(dir, file)], { workers: 0, silent: true });
    if (prev === undefined) delete process.env.LEAKLENS_NO_FAST_MIME;
  }
  const rows = store.db
    .prepare(
      'SELECT from_addr, from_name, to_json, cc_json, date, in_reply_to FROM emails ORDER BY message_id',
    )
    .all() as Record<string, string>[];
  assert.equal(rows.length, 2);
  for (const r of rows) {
    assert.equal(r.from_addr, 'pete@silly.test');
    assert.equal(r.from_name, 'Pete');
    assert.deepEqual(
      JSON.parse(r.to_json).map((a: { address: string }) => a.address),
      ['c@public.example', 'joe@example.org', 'jdoe@one.test'],
    );
    assert.deepEqual(
      JSON.parse(r.cc_json).map((a: { address: string }) => a.address),
      ['pete@silly.test'],
    );
    assert.equal(r.date, '1969-02-14T03:02:54.000Z');
    assert.equal(r.in_reply_to, 'a@b');
  }
});

test('In-Reply-To: the msg-id, not an address in a comment or in the old "message of" form', () => {
  assert.equal(inReplyToId('<a@b>'), 'a@b');
  assert.equal(inReplyToId('<a@b> (from Joe <joe@x.com>)'), 'a@b');
  assert.equal(
    inReplyToId('Message from Joe <joe@x.com> of "Mon, 4 Jan 2010" <87abc@gnu.org>'),
    '87abc@gnu.org',
  );
  assert.equal(inReplyToId('id@host'), 'id@host');
  assert.equal(inReplyToId(''), null);
});

/** A .partial.emlx as Apple Mail writes it: attachment parts with headers and no body. */
function partialEmlx(count?: number): string {
  const m =
    'From: p@x.example\nTo: q@y.example\nSubject: Fwd: Lorem ipsum\nDate: Fri, 26 Jan 2018 22:01:16 +0100\nMessage-Id: <pe@x.example>\nMime-Version: 1.0\nContent-Type: multipart/mixed; boundary="AM"\n\n' +
    '--AM\nContent-Type: text/plain\n\nSee attached.\n' +
    '--AM\nContent-Disposition: attachment;\n\tfilename=short.txt\nContent-Type: text/plain;\n\tname=short.txt\nX-Apple-Content-Length: 12\n\n\n' +
    '--AM\nContent-Disposition: attachment;\n\tfilename=Warnmeldung\nContent-Type: text/plain;\n\tname=Warnmeldung\nX-Apple-Content-Length: 4\n\n\n' +
    '--AM\nContent-Disposition: attachment;\n\tfilename=missing.pdf\nContent-Type: application/pdf\nX-Apple-Content-Length: 9\n\n\n--AM--\n';
  const plist = '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict/></plist>\n';
  return `${count ?? Buffer.byteLength(m)}        \n${m}${plist}`;
}

test('partial .emlx: attachments stored beside it in Attachments/N/<part>/ are linked, not 0-byte entries', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'Mail/Messages'), { recursive: true });
  mkdirSync(join(dir, 'Mail/Attachments/114892/2.2'), { recursive: true });
  mkdirSync(join(dir, 'Mail/Attachments/114892/2.3'), { recursive: true });
  writeFileSync(join(dir, 'Mail/Attachments/114892/2.2/short.txt'), 'short text\r\n');
  writeFileSync(join(dir, 'Mail/Attachments/114892/2.3/Warnmeldung.txt'), 'warn');
  // Apple Mail may keep the full message's byte count: the message ends at the property list.
  writeFileSync(join(dir, 'Mail/Messages/114892.partial.emlx'), partialEmlx(3007));
  const store = tempCase(t);
  await ingestPaths(store, [join(dir, 'Mail')], { workers: 0, silent: true });
  const kids = store.db
    .prepare(
      "SELECT l.provenance, i.size, i.sha256 FROM locations l JOIN items i ON i.id = l.item_id WHERE l.provenance LIKE '%.partial.emlx/%' ORDER BY 1",
    )
    .all() as { provenance: string; size: number }[];
  assert.deepEqual(
    kids.map((k) => [k.provenance.replace(/^.*\.partial\.emlx/, ''), k.size]),
    [
      ['/attachment/1/short.txt', 12],
      ['/attachment/2/Warnmeldung', 4],
      ['/attachment/3/missing.pdf', 0],
    ],
  );
  const short = store.db
    .prepare('SELECT count(*) AS n FROM locations l JOIN items i ON i.id = l.item_id WHERE i.size = 12')
    .get() as { n: number };
  assert.equal(short.n, 2, 'the stored file is one item, found in its folder and under its message');
  const failures = store.db.prepare('SELECT provenance, reason FROM failures').all() as {
    provenance: string;
  }[];
  assert.ok(
    failures.every((f) => f.provenance.endsWith('missing.pdf')),
    `no failure but the attachment that is nowhere: ${JSON.stringify(failures)}`,
  );
});

test('mbox (mboxcl): a Content-Length that lands on a "From " line with no blank line before it splits there', () => {
  const body = 'AAAAAAAAAAAAAAAAAAAA\nBBBBBBBBBB\n';
  const first = msg('cl1', body.trimEnd(), `Content-Length: ${Buffer.byteLength(body)}\n`);
  const mbox = `From - Fri Dec 13 15:01:22 1996\n${first}From - Fri Dec 13 15:02:22 1996\n${msg('cl2', 'second')}`;
  const spans = spansOf(mbox);
  assert.equal(spans.length, 2);
  assert.match(spans[0]!, /BBBBBBBBBB\n$/);
  assert.match(spans[1]!, /^From: a@x.example[\s\S]*Subject: cl2/);
  // Prose after a blank line: "From Russia with love" above "Year: 1963" is not a separator.
  const prose = `From - \n${msg('bond', 'My favourite film:\n\nFrom Russia with love\nYear: 1963\n')}`;
  assert.equal(spansOf(prose).length, 1);
});

test('a UTF-8 byte order mark before "From " or the first header; a header fold that lost its indent', async (t) => {
  const dir = tempDir(t);
  const bom = '\ufeff';
  writeFileSync(
    join(dir, 'bom.mbox.txt'),
    `${bom}From - \n${msg('b1', 'one')}\nFrom - \n${msg('b2', 'two')}`,
  );
  writeFileSync(join(dir, 'bom-message.txt'), `${bom}${msg('b3', 'three')}`);
  // Exchange diagnostics headers folded without leading white space, then the usual headers.
  writeFileSync(
    join(dir, 'broken-fold.txt'),
    `Return-Path: <a@x.example>\nReceived: from x by y; 15 Nov 2017 14:16:18 -0000\nx-ms-exchange-diagnostics: 1;AM4PR01MB1442;6:1Y77VdiYZvw\nP8FxVksOO2tmFWl+LxT0Acgv7RaCFBKFmz\n${msg('b4', 'four')}`,
  );
  const store = tempCase(t);
  const s = await ingestPaths(store, [dir], { workers: 0, silent: true });
  assert.equal(s.totals.failures, 0);
  const rows = store.db
    .prepare('SELECT message_id, from_addr, subject FROM emails ORDER BY 1')
    .all() as Record<string, string>[];
  assert.deepEqual(
    rows.map((r) => [r.message_id, r.from_addr, r.subject]),
    [
      ['b1@x.example', 'a@x.example', 'b1'],
      ['b2@x.example', 'a@x.example', 'b2'],
      ['b3@x.example', 'a@x.example', 'b3'],
      ['b4@x.example', 'a@x.example', 'b4'],
    ],
  );
});

test('a header block ended by a line of spaces keeps its body (LF and CRLF, alone and in an mbox)', async (t) => {
  const dir = tempDir(t);
  const head = (id: string) =>
    `From: a@x.example\nTo: b@y.example\nSubject: ${id}\nDate: Tue, 28 Mar 2017 10:00:00 +0200\nMessage-ID: <${id}@x.example>\n`;
  writeFileSync(join(dir, 'lf.eml'), `${head('lf')}   \nThe body after a line of spaces.\n`);
  writeFileSync(
    join(dir, 'crlf.eml'),
    `${head('crlf')} \t\nThe body after a line of spaces.\n`.replace(/\n/g, '\r\n'),
  );
  writeFileSync(
    join(dir, 'box.mbox'),
    `From a@x.example Tue Mar 28 10:00:00 2017\n${head('mb1')}  \nThe body after a line of spaces.\n\nFrom a@x.example Tue Mar 28 10:05:00 2017\n${msg('mb2', 'second')}`,
  );
  // A fold made of spaces followed by another header is a fold, not the end of the headers.
  writeFileSync(
    join(dir, 'fold.eml'),
    `${head('fold')}X-Note: a\n   \nX-Other: b\n\nThe body after a line of spaces.\n`,
  );
  const store = tempCase(t);
  await ingestPaths(store, [dir], { workers: 0, silent: true });
  const rows = store.db.prepare('SELECT message_id, text FROM emails ORDER BY 1').all() as Record<
    string,
    string
  >[];
  assert.deepEqual(
    rows.map((r) => [r.message_id, r.text.trim()]),
    [
      ['crlf@x.example', 'The body after a line of spaces.'],
      ['fold@x.example', 'The body after a line of spaces.'],
      ['lf@x.example', 'The body after a line of spaces.'],
      ['mb1@x.example', 'The body after a line of spaces.'],
      ['mb2@x.example', 'second'],
    ],
  );
});
