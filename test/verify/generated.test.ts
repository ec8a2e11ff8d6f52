/**
 * Generated cases with known truth: messages signed here (by mailauth's signer, independent of
 * our verifier) with keys made at run time, then tampered in each way an investigator meets.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { verifyMessage } from '../../src/verify/message.js';
import { candidate, ed25519Key, lookup, plainMessage, rsaKey, sign, type TestKey } from './helpers.js';

let rsa2048: TestKey;
let rsa1024: TestKey;
let rsa512: TestKey;
let ed: TestKey;
let other: TestKey;
before(() => {
  rsa2048 = rsaKey(2048);
  rsa1024 = rsaKey(1024);
  rsa512 = rsaKey(512);
  ed = ed25519Key();
  other = rsaKey(2048);
});

const keysFor = (key: TestKey, domain = 'example.fr', selector = 's2017') =>
  lookup([candidate(domain, selector, key.record)]);
const signed = (msg: string, key: TestKey, extra: Partial<Parameters<typeof sign>[1]> = {}) =>
  sign(msg, { domain: 'example.fr', selector: 's2017', key, ...extra });
const verify = async (msg: string, key: TestKey) =>
  verifyMessage(Buffer.from(msg, 'utf8'), { keys: keysFor(key) });

for (const canonicalization of ['relaxed/relaxed', 'simple/simple', 'relaxed/simple', 'simple/relaxed']) {
  test(`RSA-2048 ${canonicalization}: verified`, async () => {
    const v = await verify(await signed(plainMessage(), rsa2048, { canonicalization }), rsa2048);
    assert.equal(v.verdict, 'verified');
    assert.equal(v.signatures[0]?.canonicalization, canonicalization);
    assert.equal(v.signatures[0]?.keyBits, 2048);
  });
}

test('Ed25519: verified, key type reported', async () => {
  const v = await verify(await signed(plainMessage(), ed), ed);
  assert.equal(v.verdict, 'verified');
  assert.deepEqual([v.signatures[0]?.algorithm, v.signatures[0]?.keyType], ['ed25519-sha256', 'ed25519']);
});

test('1024-bit RSA verifies and is reported as 1024; 512-bit gives weak-key', async () => {
  const v1 = await verify(await signed(plainMessage(), rsa1024), rsa1024);
  assert.equal(v1.verdict, 'verified');
  assert.equal(v1.signatures[0]?.keyBits, 1024);
  const v2 = await verify(await signed(plainMessage(), rsa512), rsa512);
  assert.equal(v2.verdict, 'weak-key');
  assert.equal(v2.signatures[0]?.headerResult, 'pass');
  assert.equal(v2.signatures[0]?.keyBits, 512);
});

test('a signed header changed after signing: signature-invalid', async () => {
  const msg = (await signed(plainMessage(), rsa2048)).replace(
    'Subject: Budget de la campagne',
    'Subject: Virement urgent',
  );
  const v = await verify(msg, rsa2048);
  assert.equal(v.verdict, 'signature-invalid');
  assert.deepEqual([v.signatures[0]?.headerResult, v.signatures[0]?.bodyResult], ['fail', 'pass']);
});

test('a signature made with another key (forged): signature-invalid', async () => {
  const v = await verify(await signed(plainMessage(), other), rsa2048);
  assert.equal(v.verdict, 'signature-invalid');
});

test('the text changed: body-altered, content-changed, the text part shown', async () => {
  const msg = (await signed(plainMessage(), rsa2048)).replace('budget révisé', 'budget falsifié');
  const v = await verify(msg, rsa2048);
  assert.equal(v.verdict, 'body-altered');
  const d = v.signatures[0]?.bodyDiagnosis;
  assert.equal(d?.diagnosis, 'content-changed');
  assert.equal(d?.parts?.[0]?.contentType, 'text/plain');
  assert.match(d?.parts?.[0]?.preview ?? '', /budget falsifi/);
  assert.match(v.reason, /content was changed/);
});

test('8-bit text re-encoded to quoted-printable in transit: body-altered, re-encoded-in-transit', async () => {
  const headerList = ['from', 'to', 'subject', 'date', 'message-id'];
  const msg = await signed(plainMessage(), rsa2048, { headerList });
  const reencoded = msg
    .replace('Content-Transfer-Encoding: 8bit', 'Content-Transfer-Encoding: quoted-printable')
    .replace('révisé', '=C3=A9'.replace('=C3=A9', 'r=C3=A9vis=C3=A9'));
  const v = await verify(reencoded, rsa2048);
  assert.equal(v.verdict, 'body-altered');
  assert.deepEqual(v.signatures[0]?.bodyDiagnosis, {
    diagnosis: 're-encoded-in-transit',
    transformation: 'quoted-printable decoded to 8bit',
  });
  assert.match(v.reason, /re-encoded in transit/);
});

test('a footer appended after signing (no l=): body-altered, content-appended with its bytes', async () => {
  const footer = '--\r\nListe campagne: https://lists.example.fr/info\r\n';
  const v = await verify(`${await signed(plainMessage(), rsa2048)}${footer}`, rsa2048);
  assert.equal(v.verdict, 'body-altered');
  const d = v.signatures[0]?.bodyDiagnosis;
  assert.equal(d?.diagnosis, 'content-appended');
  assert.equal(d?.appendedBytes, footer.length);
  assert.match(d?.appendedPreview ?? '', /Liste campagne/);
});

test('l= signature without additions: verified', async () => {
  const msg = plainMessage();
  const bodyLen = Buffer.byteLength(msg.slice(msg.indexOf('\r\n\r\n') + 4));
  const v = await verify(await signed(msg, rsa2048, { maxBodyLength: bodyLen }), rsa2048);
  assert.equal(v.verdict, 'verified');
  assert.equal(v.signatures[0]?.bodyLength, bodyLen);
  assert.equal(v.flags.filter((f) => f.kind === 'content-past-l').length, 0);
});

test('content appended past l=: body-altered and a content-past-l flag with the bytes', async () => {
  const msg = plainMessage();
  const bodyLen = Buffer.byteLength(msg.slice(msg.indexOf('\r\n\r\n') + 4));
  const added = 'PS: le mot de passe du compte est Macron2017\r\n';
  const v = await verify(`${await signed(msg, rsa2048, { maxBodyLength: bodyLen })}${added}`, rsa2048);
  assert.equal(v.verdict, 'body-altered');
  const s = v.signatures[0];
  assert.deepEqual(
    [s?.headerResult, s?.bodyResult, s?.bytesPastLimit],
    ['pass', 'pass', Buffer.byteLength(added)],
  );
  const flag = v.flags.find((f) => f.kind === 'content-past-l');
  assert.equal(flag?.severity, 'high');
  assert.equal(flag?.evidence.bytesPastLimit, Buffer.byteLength(added));
  assert.equal(flag?.evidence.l, bodyLen);
  assert.equal(flag?.evidence.appendedPreview, 'PS: le mot de passe du compte est Macron2017');
  assert.deepEqual(
    [s?.bodyDiagnosis?.diagnosis, s?.bodyDiagnosis?.transformation],
    ['content-appended', 'past the l= limit'],
  );
});

test('key rotation: every archived key of a selector is tried; the one that verifies is named', async () => {
  const msg = await signed(plainMessage(), rsa1024);
  const keys = lookup([
    candidate('example.fr', 's2017', other.record, { source: 'keys/new.zone', kind: 'zone' }),
    candidate('example.fr', 's2017', rsa1024.record, {
      source: 'keys/old.jsonl',
      kind: 'prove-email',
      firstSeen: '2016-01-01',
      lastSeen: '2017-12-31',
    }),
  ]);
  const v = await verifyMessage(Buffer.from(msg, 'utf8'), { keys });
  assert.equal(v.verdict, 'verified');
  const s = v.signatures[0];
  assert.equal(s?.keySource?.source, 'keys/old.jsonl');
  assert.equal(s?.keySource?.window, 'within');
  // The key whose seen-window holds the message time is tried first.
  assert.equal(s?.keysTried, 1);
  const noWindow = lookup([
    candidate('example.fr', 's2017', other.record),
    candidate('example.fr', 's2017', rsa1024.record, { source: 'second' }),
  ]);
  const v2 = await verifyMessage(Buffer.from(msg, 'utf8'), { keys: noWindow });
  assert.equal(v2.signatures[0]?.keysTried, 2);
  assert.equal(v2.signatures[0]?.keySource?.source, 'second');
});

test('no key for the selector: key-unavailable; revoked key: key-unavailable with the reason', async () => {
  const msg = await signed(plainMessage(), rsa2048);
  const v = await verifyMessage(Buffer.from(msg, 'utf8'), { keys: lookup([]) });
  assert.equal(v.verdict, 'key-unavailable');
  assert.equal(v.signatures[0]?.keyError, 'no key in archive');
  const revoked = lookup([candidate('example.fr', 's2017', 'v=DKIM1; k=rsa; p=')]);
  const v2 = await verifyMessage(Buffer.from(msg, 'utf8'), { keys: revoked });
  assert.equal(v2.signatures[0]?.keyError, 'revoked');
});

test('signed by a domain other than From: verified-third-party', async () => {
  const msg = await sign(plainMessage(), { domain: 'lists.example.net', selector: 'k1', key: rsa2048 });
  const v = await verifyMessage(Buffer.from(msg, 'utf8'), {
    keys: keysFor(rsa2048, 'lists.example.net', 'k1'),
  });
  assert.equal(v.verdict, 'verified-third-party');
  assert.equal(v.signatures[0]?.aligned, false);
});

test('judged at its own time: an x= long past today still verifies, the expiry is reported', async () => {
  const msg = await signed(plainMessage(), rsa2048, {
    signTime: new Date('2017-05-05T18:00:00Z'),
    expires: new Date('2017-05-12T18:00:00Z'),
  });
  const v = await verify(msg, rsa2048);
  assert.equal(v.verdict, 'verified');
  assert.equal(v.signatures[0]?.expires, '2017-05-12T18:00:00.000Z');
  assert.equal(v.signatures[0]?.expiredAtMessageTime, false);
  assert.equal(v.asOf, '2017-05-05T18:00:00.000Z');
});

test('an extra From added above the signed one: verified, duplicate-header flag (high)', async () => {
  const msg = `From: Emmanuel <em@en-marche.fr>\r\n${await signed(plainMessage(), rsa2048)}`;
  const v = await verify(msg, rsa2048);
  assert.equal(v.verdict, 'verified');
  const flag = v.flags.find((f) => f.kind === 'duplicate-header');
  assert.equal(flag?.severity, 'high');
  assert.deepEqual(flag?.evidence, {
    header: 'From',
    count: 2,
    values: ['Emmanuel <em@en-marche.fr>', 'Jean Dupont <jean@example.fr>'],
    signedCopies: 1,
    unsignedCopies: 1,
  });
});

test('headers outside the signature: unsigned-header flag lists them', async () => {
  const msg = await signed(plainMessage(), rsa2048, { headerList: ['from', 'to', 'date'] });
  const v = await verify(msg, rsa2048);
  const flag = v.flags.find((f) => f.kind === 'unsigned-header');
  assert.deepEqual(flag?.evidence.headers, [
    'subject',
    'message-id',
    'content-type',
    'content-transfer-encoding',
    'mime-version',
  ]);
  assert.equal(flag?.severity, 'medium');
});

test('body cut shorter than l=: headers verify, body fails -> body-altered', async () => {
  const msg = plainMessage();
  const bodyLen = Buffer.byteLength(msg.slice(msg.indexOf('\r\n\r\n') + 4));
  const cut = (await signed(msg, rsa2048, { maxBodyLength: bodyLen })).replace('\r\nJean\r\n', '\r\n');
  const v = await verify(cut, rsa2048);
  assert.equal(v.verdict, 'body-altered');
  assert.deepEqual(
    [v.signatures[0]?.headerResult, v.signatures[0]?.bodyResult, v.signatures[0]?.bytesPastLimit],
    ['pass', 'fail', 0],
  );
});

test('a list footer added as a last MIME part: content-appended, MIME part appended', async () => {
  const b = 'b1_5f4dcc3b5aa765d61d8327deb882cf99';
  const part = (text: string) => `--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`;
  const msg = plainMessage({ body: `${part('Bonjour Marie,')}--${b}--\r\n` }).replace(
    'Content-Type: text/plain; charset=utf-8',
    `Content-Type: multipart/mixed; boundary="${b}"`,
  );
  const footer = part('_______________\r\nListe campagne: https://lists.example.fr/info');
  const tampered = (await signed(msg, rsa2048)).replace(`--${b}--`, `${footer}--${b}--`);
  const v = await verify(tampered, rsa2048);
  assert.equal(v.verdict, 'body-altered');
  const d = v.signatures[0]?.bodyDiagnosis;
  assert.deepEqual([d?.diagnosis, d?.transformation], ['content-appended', 'MIME part appended']);
  assert.match(d?.appendedPreview ?? '', /Liste campagne/);
});

test('a multipart text part re-encoded to quoted-printable: re-encoded-in-transit', async () => {
  const b = '001a113e15fcdd0f9e0545366e8f';
  const body = `--${b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nLe budget révisé.\r\n--${b}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Le budget</p>\r\n--${b}--\r\n`;
  const msg = plainMessage({ body }).replace(
    'Content-Type: text/plain; charset=utf-8',
    `Content-Type: multipart/alternative; boundary="${b}"`,
  );
  const signedMsg = await signed(msg, rsa2048, { headerList: ['from', 'to', 'subject', 'date'] });
  const reencoded = signedMsg
    .replace(
      'Content-Transfer-Encoding: 8bit\r\n\r\nLe budget',
      'Content-Transfer-Encoding: quoted-printable\r\n\r\nLe budget',
    )
    .replace('révisé.', 'r=C3=A9vis=C3=A9.');
  const v = await verify(reencoded, rsa2048);
  assert.equal(v.verdict, 'body-altered');
  assert.deepEqual(v.signatures[0]?.bodyDiagnosis, {
    diagnosis: 're-encoded-in-transit',
    transformation: 'MIME parts re-encoded (decoded to 8bit)',
  });
});
