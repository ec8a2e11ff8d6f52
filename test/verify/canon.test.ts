/** Canonicalisation: the RFC 6376 §3.4.6 examples, and the empty-body rules (§3.4.3, §3.4.4). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonBody, canonHeader } from '../../src/verify/canon.js';
import { parseMessage } from '../../src/verify/message-parse.js';

const msg = parseMessage(Buffer.from('A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n'));

test('RFC 6376 §3.4.6 relaxed example', () => {
  assert.equal(msg.headers.map((h) => canonHeader(h, 'relaxed')).join(''), 'a:X\r\nb:Y Z\r\n');
  assert.equal(canonBody(msg.body, 'relaxed'), ' C\r\nD E\r\n');
});

test('RFC 6376 §3.4.6 simple example', () => {
  assert.equal(msg.headers.map((h) => canonHeader(h, 'simple')).join(''), 'A: X\r\nB : Y\t\r\n\tZ  \r\n');
  assert.equal(canonBody(msg.body, 'simple'), ' C \r\nD \t E\r\n');
});

test('empty bodies and missing final CRLF', () => {
  assert.equal(canonBody('', 'simple'), '\r\n');
  assert.equal(canonBody('\r\n\r\n', 'simple'), '\r\n');
  assert.equal(canonBody('', 'relaxed'), '');
  assert.equal(canonBody(' \r\n\t\r\n', 'relaxed'), '');
  assert.equal(canonBody('abc', 'simple'), 'abc\r\n');
  assert.equal(canonBody('abc \t', 'relaxed'), 'abc\r\n');
});

test('LF-only and mixed line ends are normalised to CRLF; an mbox From_ line is skipped', () => {
  const m = parseMessage(
    Buffer.from('From a@b Sat Jan  1 00:00:00 2000\nSubject: x\n y\r\nTo: z\n\nline\nline2\r\n'),
  );
  assert.deepEqual(
    m.headers.map((h) => h.raw),
    ['Subject: x\r\n y', 'To: z'],
  );
  assert.equal(m.body, 'line\r\nline2\r\n');
});
