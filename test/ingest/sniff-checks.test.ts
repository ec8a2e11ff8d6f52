import assert from 'node:assert/strict';
import { test } from 'node:test';
import { looksLikeText } from '../../src/ingest/documents/charset.js';
import { checkBody } from '../../src/ingest/email/checks.js';
import { looksLikeRfc822 } from '../../src/ingest/email/headers.js';
import { mulberry32 } from '../../src/util/mulberry32.js';

/**
 * The scoring and integrity checks every node of an ingest passes through, rewritten for speed in
 * issue #12 (line by line, no copies of an attachment's body): generated cases with known answers,
 * including the edges of the old formulation (the 80-line window, a stray mbox line, CR without LF,
 * trailing padding after white space).
 */
const msg = (lines: string[], eol = '\r\n') => Buffer.from(lines.join(eol), 'latin1');

test('looksLikeRfc822: headers, a stray mbox line, folds, and the 80-line window', () => {
  assert.equal(looksLikeRfc822(msg(['From: a@x.example', 'To: b@x.example', '', 'body'])), true);
  assert.equal(looksLikeRfc822(msg(['From: a@x.example', 'To: b@x.example'], '\n')), true);
  assert.equal(looksLikeRfc822(msg(['From MAILER-DAEMON', 'Subject: s', 'Date: d'])), true);
  assert.equal(looksLikeRfc822(msg(['Subject: s', '\tfolded', ' again', 'Date: d'])), true);
  // A blank line ends the header block: known headers after it do not count.
  assert.equal(looksLikeRfc822(msg(['Subject: s', '', 'From: a', 'To: b'])), false);
  // A CR not followed by LF stays in the line, which is then no header line.
  assert.equal(looksLikeRfc822(Buffer.from('Subject: s\rDate: d\rTo: b', 'latin1')), false);
  assert.equal(looksLikeRfc822(Buffer.from('Subject: s\r\nDate: d\r', 'latin1')), true);
  assert.equal(looksLikeRfc822(Buffer.from('Subject s\rDate: d\r\nTo: b', 'latin1')), false);
  // Only the first 80 lines are read: a known header on line 81 is not seen.
  const filler = Array.from({ length: 79 }, (_, i) => `X-Filler-${i}: ${i}`);
  assert.equal(looksLikeRfc822(msg([...filler, 'From: a', 'To: b'])), false);
  assert.equal(looksLikeRfc822(msg([...filler.slice(1), 'From: a', 'To: b'])), true);
  // After a stray mbox line the window is the same 80 lines, counted from the mbox line.
  assert.equal(looksLikeRfc822(msg(['From x', ...filler.slice(1), 'From: a', 'To: b'])), false);
  assert.equal(looksLikeRfc822(msg(['From x', ...filler.slice(2), 'From: a', 'To: b'])), true);
  // A byte order mark before the first header; an empty head.
  assert.equal(
    looksLikeRfc822(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), msg(['From: a', 'To: b'])])),
    true,
  );
  assert.equal(looksLikeRfc822(Buffer.alloc(0)), false);
  // Random bytes (what a binary attachment's head is) are refused.
  const rnd = mulberry32(12);
  for (let k = 0; k < 200; k++) {
    const b = Buffer.alloc(8192);
    for (let i = 0; i < b.length; i++) b[i] = Math.floor(rnd() * 256);
    assert.equal(looksLikeRfc822(b), false);
    assert.equal(looksLikeText(b), false);
  }
});

test('looksLikeText: NUL refuses, under 2% control characters accepts', () => {
  assert.equal(looksLikeText(Buffer.from('plain text\r\n\tindented\f')), true);
  assert.equal(looksLikeText(Buffer.from('text\0more')), false);
  assert.equal(looksLikeText(Buffer.alloc(0)), false);
  const ctl = (n: number) => Buffer.from(`${'\x01'.repeat(n)}${'a'.repeat(100 - n)}`, 'latin1');
  assert.equal(looksLikeText(ctl(1)), true);
  assert.equal(looksLikeText(ctl(2)), false);
});

const b64Message = (body: string) =>
  Buffer.from(
    `From: a@x.example\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}\r\n--b--\r\n`,
    'latin1',
  );
const reasons = (body: string) =>
  checkBody(b64Message(body)).map((p) => p.message.replace(/^part \d+: /, ''));

test('checkBody on base64: padding in the middle is found, padding at the end is not', () => {
  assert.deepEqual(reasons('SGVsbG8g\r\nd29ybGQ='), []);
  assert.deepEqual(reasons('SGVsbG8g\r\nd29ybA==\r\n'), []);
  // Trailing padding split by white space and line ends is still trailing.
  assert.deepEqual(reasons('SGVsbA=\r\n= \r\n\t'), []);
  assert.deepEqual(reasons('SGVs=bG8=\r\n'), ['base64 padding in the middle of the body; decoded leniently']);
  assert.deepEqual(reasons('SGVsbA==\r\nd29y\r\n'), [
    'base64 padding in the middle of the body; decoded leniently',
  ]);
  assert.deepEqual(reasons('=\r\nA'), ['base64 padding in the middle of the body; decoded leniently']);
  // Only '=' and white space: nothing comes after the padding.
  assert.deepEqual(reasons('= = =\r\n=\r\n'), []);
  // A character outside the alphabet is reported first, with its offset.
  assert.deepEqual(reasons('SGVs=bG8!'), [
    'base64 body holds a character outside the alphabet ("!" at offset 8); decoded leniently',
  ]);
  // A large body of padding and spaces is read in one pass (no quadratic backtracking).
  assert.deepEqual(reasons('= '.repeat(1_000_000)), []);
});
