import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { splitMbox, unquoteFrom } from '../../src/ingest/email/mbox.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { tempCase, tempDir } from '../helpers.js';

const msg = (id: string, body: string, extra = '') =>
  `From: a@x.example\nTo: b@y.example\nSubject: ${id}\nDate: Tue, 28 Mar 2017 10:00:00 +0200\nMessage-ID: <${id}@x.example>\n${extra}\n${body}\n`;

test('mboxrd: ">From " quoting is undone, one level', () => {
  const m = Buffer.from('Subject: q\n\n>From here\n>>From there\nFrom-less line\n');
  assert.equal(unquoteFrom(m).toString(), 'Subject: q\n\nFrom here\n>From there\nFrom-less line\n');
});

test('mbox with Content-Length: an unquoted "From " line in the body does not split the message', () => {
  const body = 'line one\n\nFrom director@x.example Tue Mar 28 12:00:00 2017 approved.\nend';
  const first = msg('cl', body, `Content-Length: ${Buffer.byteLength(`${body}\n`)}\n`);
  const mbox = Buffer.from(
    `From a@x.example Tue Mar 28 10:00:00 2017\n${first}\nFrom b@x.example Tue Mar 28 11:00:00 2017\n${msg('second', 'hello')}\n`,
  );
  const spans = splitMbox(mbox, 100);
  assert.equal(spans.length, 2);
  assert.match(
    mbox.subarray(spans[0]![0], spans[0]![1]).toString(),
    /From director@x\.example Tue Mar 28 12:00:00 2017 approved\.\nend\n$/,
  );
  // Without Content-Length the same body splits (mboxo/mboxrd writers would have quoted it).
  const noCl = Buffer.from(`From a@x.example Tue Mar 28 10:00:00 2017\n${msg('x', body)}`);
  assert.equal(splitMbox(noCl, 100).length, 2);
});

test('maildir, mbox, emlx, extension-less files and a forwarded message/rfc822 all land as e-mails', async (t) => {
  const dir = tempDir(t);
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, 'Maildir', sub), { recursive: true });
  writeFileSync(join(dir, 'Maildir/cur/1490000000.M1P1.host:2,S'), msg('md1', 'maildir one'));
  writeFileSync(join(dir, 'Maildir/new/1490000001.M2P1.host'), msg('md2', 'maildir two'));
  writeFileSync(
    join(dir, 'inbox'),
    `From a@x.example Tue Mar 28 10:00:00 2017\n${msg('mb1', 'first')}\nFrom a@x.example Tue Mar 28 10:05:00 2017\n${msg('mb2', '>From the quoted line')}\n`,
  );
  const inner = msg('inner', 'the forwarded original');
  const emlx = msg('apple', 'from Apple Mail');
  writeFileSync(
    join(dir, '12345.emlx'),
    `${Buffer.byteLength(emlx)}\n${emlx}<?xml version="1.0"?><plist version="1.0"><dict/></plist>\n`,
  );
  const fwd =
    'From: c@x.example\nTo: d@y.example\nSubject: Fwd: inner\nDate: Wed, 29 Mar 2017 10:00:00 +0200\nMessage-ID: <fwd@x.example>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"\n\n' +
    `--B\nContent-Type: text/plain\n\nSee below.\n--B\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename="inner.eml"\n\n${inner}\n--B--\n`;
  writeFileSync(join(dir, 'forward.eml'), fwd);
  const store = tempCase(t);
  const s = await ingestPaths(store, [dir], { workers: 1, silent: true });
  assert.equal(s.totals.failures, 0);
  const rows = store.db
    .prepare(
      'SELECT e.message_id AS id, e.text, l.provenance FROM emails e JOIN locations l ON l.item_id = e.id ORDER BY e.message_id',
    )
    .all() as { id: string; text: string; provenance: string }[];
  const base = dir.split('/').pop();
  assert.deepEqual(
    rows.map((r) => [r.id, r.provenance.replace(`${base}/`, '')]),
    [
      ['apple@x.example', '12345.emlx'],
      ['fwd@x.example', 'forward.eml'],
      ['inner@x.example', 'forward.eml/attachment/1/inner.eml'],
      ['mb1@x.example', 'inbox#1'],
      ['mb2@x.example', 'inbox#2'],
      ['md1@x.example', 'Maildir/cur/1490000000.M1P1.host:2,S'],
      ['md2@x.example', 'Maildir/new/1490000001.M2P1.host'],
    ],
  );
  assert.match(rows.find((r) => r.id === 'mb2@x.example')!.text, /^From the quoted line/);
  const maildir = store.db
    .prepare("SELECT f.format FROM folders f JOIN items i ON i.id = f.id WHERE i.name = 'Maildir'")
    .get() as { format: string };
  assert.equal(maildir.format, 'maildir');
  // The forwarded message's parent is the forwarding message.
  const parent = store.db
    .prepare(
      "SELECT p.message_id AS id FROM emails c JOIN items i ON i.id = c.id JOIN emails p ON p.id = i.parent_id WHERE c.message_id = 'inner@x.example'",
    )
    .get() as { id: string };
  assert.equal(parent.id, 'fwd@x.example');
});
