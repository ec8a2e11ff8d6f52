import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestPaths } from '../../src/ingest/manager.js';
import type { Store } from '../../src/store/store.js';
import { count, tempCase, tempDir } from '../helpers.js';

const GOOD =
  'From: Jean <jean@org.example>\r\nTo: marie@org.example\r\nSubject: Budget\r\nDate: Tue, 28 Mar 2017 10:00:00 +0200\r\nMessage-ID: <good@org.example>\r\n\r\nLe budget est prêt.\r\n';

/** Writes the hostile files beside one good message, ingests, and returns the case. */
async function ingestWith(
  t: Parameters<typeof tempCase>[0],
  files: Record<string, string | Buffer>,
): Promise<Store> {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'good.eml'), GOOD);
  for (const [name, body] of Object.entries(files))
    writeFileSync(join(dir, name), typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
  const store = tempCase(t);
  const s = await ingestPaths(store, [dir], { workers: 1, silent: true });
  assert.equal(s.files, Object.keys(files).length + 1);
  // Nothing around the bad file is lost.
  const good = store.db
    .prepare("SELECT subject, text FROM emails WHERE message_id = 'good@org.example'")
    .get() as { subject: string; text: string };
  assert.equal(good.subject, 'Budget');
  assert.match(good.text, /budget est prêt/);
  // Every input file is an item with its original bytes.
  assert.ok(
    count(store, "SELECT count(*) AS n FROM items WHERE kind != 'Folder' AND parent_id IS NOT NULL") >=
      s.files,
  );
  return store;
}

const failures = (store: Store) =>
  store.db.prepare('SELECT provenance, reason, message FROM failures ORDER BY provenance').all() as {
    provenance: string;
    reason: string;
    message: string;
  }[];
const status = (store: Store, name: string) =>
  (store.db.prepare('SELECT status FROM items WHERE name = ?').get(name) as { status: string }).status;

test('zero-byte file, binary garbage named .eml, truncated multipart', async (t) => {
  const garbage = Buffer.alloc(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
  const truncated =
    'From: a@x.example\r\nSubject: cut\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nfirst part\r\n--zz\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK';
  const store = await ingestWith(t, { 'empty.eml': '', 'garbage.eml': garbage, 'cut.eml': truncated });
  // The PDF part cut short inside cut.eml is recorded too, by the PDF reader.
  const f = failures(store).filter((x) => !x.provenance.includes('cut.eml/'));
  assert.deepEqual(
    f.map((x) => [x.provenance.split('/').pop(), x.reason]),
    [
      ['cut.eml', 'truncated'],
      ['empty.eml', 'empty'],
      ['garbage.eml', 'not-email'],
    ],
  );
  assert.match(f[0]!.message, /boundary "zz" is never closed/);
  assert.equal(status(store, 'empty.eml'), 'failed');
  assert.equal(status(store, 'garbage.eml'), 'failed');
  // The truncated message keeps what was there: its headers and first part.
  assert.equal(status(store, 'cut.eml'), 'partial');
  const cut = store.db.prepare("SELECT subject, text FROM emails WHERE subject = 'cut'").get() as {
    text: string;
  };
  assert.match(cut.text, /first part/);
});

test('broken base64 and quoted-printable are decoded leniently and recorded', async (t) => {
  const b64 =
    'From: a@x.example\r\nSubject: b64\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8gd29y!!bGQ=\r\n';
  const qp =
    'From: a@x.example\r\nSubject: qp\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nPrix =E2=82=AC 10 =ZZ fin\r\n';
  const store = await ingestWith(t, { 'b64.eml': b64, 'qp.eml': qp });
  const f = failures(store);
  assert.deepEqual(
    f.map((x) => x.reason),
    ['corrupt-encoding', 'corrupt-encoding'],
  );
  assert.match(f[0]!.message, /base64 body holds a character outside the alphabet \("!"/);
  assert.match(f[1]!.message, /quoted-printable escape "=ZZ"/);
  const qpText = (store.db.prepare("SELECT text FROM emails WHERE subject = 'qp'").get() as { text: string })
    .text;
  assert.match(qpText, /Prix € 10/);
});

test('unknown, wrong and missing charsets; 8-bit headers; doubly encoded words', async (t) => {
  const unknown =
    'From: a@x.example\r\nSubject: unknown\r\nContent-Type: text/plain; charset=x-no-such-charset\r\nContent-Transfer-Encoding: 8bit\r\n\r\nh\xe9llo\r\n';
  const wrong =
    'From: a@x.example\r\nSubject: wrong\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nr\xe9union\r\n';
  const eightBitLatin1 = 'From: a@x.example\r\nSubject: R\xe9union budg\xe9taire\r\n\r\nx\r\n';
  const eightBitUtf8 = Buffer.concat([
    Buffer.from('From: a@x.example\r\nSubject: '),
    Buffer.from('Réunion café', 'utf8'),
    Buffer.from('\r\n\r\nx\r\n'),
  ]);
  const inner = '=?ISO-8859-1?Q?R=E9union_du_lundi?=';
  const twice = `From: a@x.example\r\nSubject: =?UTF-8?B?${Buffer.from(inner).toString('base64')}?=\r\n\r\nx\r\n`;
  const store = await ingestWith(t, {
    'unknown.eml': unknown,
    'wrong.eml': wrong,
    'latin1-header.eml': eightBitLatin1,
    'utf8-header.eml': eightBitUtf8,
    'twice.eml': twice,
  });
  const subjects = (
    store.db.prepare('SELECT subject FROM emails ORDER BY subject').all() as { subject: string }[]
  ).map((r) => r.subject);
  assert.ok(subjects.includes('Réunion budgétaire'), '8-bit Latin-1 header read');
  assert.ok(subjects.includes('Réunion café'), '8-bit UTF-8 header read');
  assert.ok(subjects.includes('Réunion du lundi'), 'doubly encoded word decoded');
  // Unknown charset: decoded as Latin-1, no loss. Wrong charset: recorded.
  assert.match(
    (store.db.prepare("SELECT text FROM emails WHERE subject = 'unknown'").get() as { text: string }).text,
    /héllo/,
  );
  const f = failures(store);
  assert.deepEqual(
    f.map((x) => [x.provenance.split('/').pop(), x.reason]),
    [['wrong.eml', 'bad-charset']],
  );
  assert.match(f[0]!.message, /not valid utf-8/);
});

test('missing From, Date and Message-ID; megabyte lines; MIME nested thousands deep', async (t) => {
  const bare = 'Subject: nothing else\r\n\r\nbody without sender\r\n';
  const longLine = `From: a@x.example\r\nSubject: long\r\n\r\n${'mot '.repeat(1_500_000)}\r\n`;
  let deep = 'From: a@x.example\r\nSubject: deep\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n';
  for (let i = 0; i < 3000; i++)
    deep += `--b${i}\r\nContent-Type: multipart/mixed; boundary=b${i + 1}\r\n\r\n`;
  const store = await ingestWith(t, { 'bare.eml': bare, 'long.eml': longLine, 'deep.eml': deep });
  const bareRow = store.db
    .prepare("SELECT from_addr, date, message_id, text FROM emails WHERE subject = 'nothing else'")
    .get() as Record<string, string | null>;
  assert.equal(bareRow.from_addr, null);
  assert.equal(bareRow.date, null);
  assert.equal(bareRow.message_id, null);
  assert.match(bareRow.text!, /body without sender/);
  const long = store.db.prepare("SELECT length(text) AS n FROM emails WHERE subject = 'long'").get() as {
    n: number;
  };
  assert.ok(long.n >= 4_000_000, 'a 6 MB line is indexed up to maxTextChars');
  const f = failures(store);
  assert.deepEqual(
    f.map((x) => [x.provenance.split('/').pop(), x.reason]),
    [['deep.eml', 'limit-exceeded']],
  );
  assert.match(f[0]!.message, /nested deeper than 64 levels \(maxMimeDepth\); headers kept/);
  assert.equal(status(store, 'deep.eml'), 'partial');
  assert.ok(
    store.db.prepare("SELECT 1 FROM emails WHERE subject = 'deep'").get(),
    'headers of the deep message kept',
  );
});
