/**
 * A whole case: ingest a generated dump with the ingest manager, archive its keys, verify. Every
 * message gets a verdict row with evidence; dump-level flags (time zone, reply before parent)
 * appear; a second run changes nothing; the summary counts what the rows say.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';
import { findSuspects } from '../../src/suspects/index.js';
import { verifyCase } from '../../src/verify/case.js';
import { addKeyFiles, listKeys } from '../../src/verify/key-archive.js';
import { summarizeVerdicts } from '../../src/verify/summary.js';
import { plainMessage, rsaKey, sign } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'leaklens-verify-'));
let store: Store;
const dateAt = (day: number, zone = '+0200') =>
  `${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][day % 7]}, ${day} May 2017 10:00:00 ${zone}`;

function message(i: number, o: { zone?: string; inReplyTo?: string; day?: number } = {}): string {
  const day = o.day ?? i + 1;
  return plainMessage({ date: dateAt(day, o.zone), body: `Message ${i}\r\n` })
    .replace(
      'Message-ID: <20170505180000.12345@example.fr>',
      `Message-ID: <m${i}@example.fr>${o.inReplyTo ? `\r\nIn-Reply-To: <${o.inReplyTo}>` : ''}`,
    )
    .replace(
      /Fri, 5 May 2017 20:00:0(\d) \+0200/g,
      (_m, s: string) => `${dateAt(day, o.zone ?? '+0200').replace('10:00:00', `10:00:0${s}`)}`,
    );
}

before(async () => {
  const key = rsaKey(2048);
  const dump = join(root, 'dump');
  mkdirSync(dump);
  const signed = (m: string) => sign(m, { domain: 'example.fr', selector: 's2017', key });
  for (let i = 0; i < 6; i++) writeFileSync(join(dump, `m${i}.eml`), await signed(message(i)));
  // Sent in a zone the sender never otherwise uses.
  writeFileSync(join(dump, 'm6.eml'), await signed(message(6, { zone: '+0300' })));
  // Text changed after signing.
  const m7 = await signed(message(7));
  writeFileSync(join(dump, 'm7.eml'), m7.replace('Message 7', 'Message 7 (falsifié)'));
  // The untouched copy of m7, as found in another mailbox.
  writeFileSync(join(dump, 'm7-sent.eml'), m7.replace(/^Received: .*\r\n/m, ''));
  // A reply dated before the message it answers (m3 is dated 4 May; this one 2 May).
  writeFileSync(join(dump, 'm8.eml'), message(8, { inReplyTo: 'm3@example.fr', day: 2 }));
  writeFileSync(
    join(root, 'keys.zone'),
    `$ORIGIN example.fr.\ns2017._domainkey IN TXT "${key.record.slice(0, 120)}" "${key.record.slice(120)}"\n`,
  );
  store = Store.open(join(root, 'case'));
  await ingestPaths(store, [dump], { workers: 0, silent: true });
});

after(() => {
  store?.close();
  rmSync(root, { recursive: true, force: true });
});

test('keys add copies the file into <case>/keys and archives the record', () => {
  const added = addKeyFiles(store, [join(root, 'keys.zone'), join(root, 'missing.zone')]);
  assert.deepEqual(
    added.map((a) => [a.format, a.keys]),
    [
      ['zone', 1],
      [null, 0],
    ],
  );
  assert.match(added[1]?.error ?? '', /^cannot read .*missing\.zone/);
  const keys = listKeys(store);
  assert.equal(keys.length, 1);
  assert.match(keys[0]?.source ?? '', /^keys\/[0-9a-f]{12}-keys\.zone$/);
});

test('every e-mail gets a verdict with evidence, and the dump-level flags', async () => {
  const r = await verifyCase(store, { silent: true });
  assert.equal(r.messages, 10);
  assert.equal(r.failures, 0);
  assert.deepEqual([r.counts.verified, r.counts['body-altered'], r.counts.unsigned], [8, 1, 1]);
  const rows = store.db
    .prepare(
      'SELECT v.verdict, v.signing_domains, v.signatures_json, e.message_id FROM verdicts v JOIN emails e ON e.id = v.item_id ORDER BY e.message_id',
    )
    .all() as {
    verdict: string;
    signing_domains: string | null;
    signatures_json: string;
    message_id: string;
  }[];
  const byId = Object.fromEntries(rows.map((x) => [x.message_id, x]));
  const m7 = rows.filter((x) => x.message_id === 'm7@example.fr');
  assert.deepEqual(m7.map((x) => x.verdict).sort(), ['body-altered', 'verified']);
  const diagnosis = JSON.parse(m7.find((x) => x.verdict === 'body-altered')?.signatures_json ?? '[]')[0]
    .bodyDiagnosis;
  assert.equal(diagnosis.diagnosis, 'content-changed');
  // The verified copy from the other mailbox shows what changed.
  const cmp = diagnosis.comparedWith;
  assert.deepEqual([cmp.line, cmp.signedCopy, cmp.thisCopy], [1, 'Message 7', 'Message 7 (falsifié)']);
  assert.equal(byId['m0@example.fr']?.signing_domains, 'example.fr');
  const flags = store.db
    .prepare(
      `SELECT f.kind, e.message_id, f.evidence_json FROM flags f JOIN emails e ON e.id = f.item_id WHERE f.stage = 'verify' ORDER BY f.kind`,
    )
    .all() as {
    kind: string;
    message_id: string;
    evidence_json: string;
  }[];
  const tz = flags.find((f) => f.kind === 'timezone-inconsistent');
  assert.equal(tz?.message_id, 'm6@example.fr');
  assert.deepEqual(JSON.parse(tz?.evidence_json ?? '{}').senderZones, { '+0200': 9, '+0300': 1 });
  const reply = flags.find((f) => f.kind === 'reply-before-parent');
  assert.equal(reply?.message_id, 'm8@example.fr');
  assert.equal(JSON.parse(reply?.evidence_json ?? '{}').parents[0].messageId, 'm3@example.fr');
  // m8 is the only unsigned message of example.fr, which verifies 8 of its 10 (the threshold, 80%).
  const unsigned = flags.filter((f) => f.kind === 'unsigned-from-signing-domain');
  assert.deepEqual(
    unsigned.map((f) => [f.message_id, JSON.parse(f.evidence_json)]),
    [['m8@example.fr', { domain: 'example.fr', verified: 8, total: 10, rate: 0.8, threshold: 0.8 }]],
  );
  assert.match(
    (await summarizeVerdicts(new SqliteDb(store.db))).sentences.join(' '),
    /1 unsigned message claims to come from example\.fr, which signs 8 of its 10 messages in this dump \(80\.0%\)/,
  );
});

test('suspects: the altered copy, the unsigned reply and the odd time zone, strongest evidence first', async () => {
  const r = await findSuspects(new SqliteDb(store.db));
  const mid = (id: string) =>
    (store.db.prepare('SELECT message_id AS m FROM emails WHERE id = ?').get(id) as { m: string }).m;
  assert.deepEqual(
    r.suspects.map((s) => [mid(s.id), s.finding, s.class]),
    [
      // The signature proves the change (cryptographic) …
      ['m7@example.fr', 'body-altered', 'cryptographic'],
      // … the unsigned reply breaks two patterns of the dump (two signals, both high) …
      ['m8@example.fr', 'unsigned-from-signing-domain', 'case'],
      // … the odd zone one, at medium severity.
      ['m6@example.fr', 'timezone-inconsistent', 'case'],
    ],
  );
  assert.equal(r.suspects[1]?.signals, 2);
  assert.equal(r.suspects[0]?.reason, r.suspects[0]?.evidence[0]?.message);
  assert.match(r.suspects[0]?.reason ?? '', /body hash does not/);
});

test('running again changes nothing', async () => {
  const count = () =>
    store.db
      .prepare(
        `SELECT (SELECT count(*) FROM flags WHERE stage = 'verify') AS f, (SELECT count(*) FROM verdicts) AS v`,
      )
      .get();
  const before = count();
  await verifyCase(store, { silent: true });
  assert.deepEqual(count(), before);
});

test('worker threads give exactly the same verdicts and flags', async () => {
  const snapshot = () => ({
    verdicts: store.db.prepare('SELECT * FROM verdicts ORDER BY item_id').all(),
    flags: store.db
      .prepare(`SELECT id, item_id, kind, evidence_json FROM flags WHERE stage = 'verify' ORDER BY id`)
      .all(),
  });
  const single = snapshot();
  const r = await verifyCase(store, { silent: true, threads: 2 });
  assert.equal(r.messages, 10);
  assert.deepEqual(snapshot(), single);
});

test('the summary counts what the rows say, in quotable sentences', async () => {
  const s = await summarizeVerdicts(new SqliteDb(store.db));
  assert.equal(s.messages, 10);
  assert.equal(
    s.sentences[0],
    '10 e-mails were checked. 8 (80.0%) carry a DKIM signature that verifies with the key the domain published at the time.',
  );
  assert.equal(s.sentences[1], '1 fail: 1 had its text changed after signing.');
  assert.equal(s.sentences[2], '1 message is unsigned.');
  assert.deepEqual(s.table.rows[0]?.slice(0, 5), ['example.fr', 's2017', 9, 8, 0]);
  assert.equal(s.failing.length, 1);
  assert.equal(s.failing[0]?.verdict, 'body-altered');
});
