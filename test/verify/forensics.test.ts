/** Header forensics on generated messages: each tampering gives exactly its flag and evidence. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyMessage } from '../../src/verify/message.js';
import type { ForensicFlag } from '../../src/verify/types.js';
import { lookup, plainMessage } from './helpers.js';

const flagsOf = async (msg: string, dateToleranceMinutes?: number): Promise<ForensicFlag[]> =>
  (await verifyMessage(Buffer.from(msg), { keys: lookup([]), dateToleranceMinutes })).flags;

test('a clean message has no flags', async () => {
  assert.deepEqual(await flagsOf(plainMessage()), []);
});

test('Received chain running backwards: received-out-of-order with the inverted hops', async () => {
  const msg = plainMessage().replace('Fri, 5 May 2017 20:00:05 +0200', 'Fri, 5 May 2017 17:00:05 +0200');
  const flags = await flagsOf(msg);
  assert.deepEqual(
    flags.map((f) => f.kind),
    ['received-out-of-order'],
  );
  assert.deepEqual(flags[0]?.evidence.inversions, [
    {
      hop: 1,
      at: '2017-05-05T18:00:01.000Z',
      laterHop: 0,
      laterAt: '2017-05-05T15:00:05.000Z',
      minutes: 180,
    },
  ]);
  assert.equal(flags[0]?.severity, 'high');
});

test('Date far from the first Received: date-far-from-received, tolerance configurable', async () => {
  const msg = plainMessage({ date: 'Tue, 2 May 2017 09:00:00 +0200' });
  const flags = await flagsOf(msg);
  assert.deepEqual(
    flags.map((f) => f.kind),
    ['date-far-from-received'],
  );
  assert.equal(flags[0]?.evidence.minutes, 3 * 1440 + 660);
  assert.equal(flags[0]?.evidence.firstReceived, '2017-05-05T18:00:01.000Z');
  assert.deepEqual(await flagsOf(msg, 10 * 1440), []);
});

test('claims Apple Mail with a Thunderbird Message-ID and boundary: message-id and boundary mismatch', async () => {
  const msg = plainMessage({
    extraHeaders: ['X-Mailer: Apple Mail (2.3273)'],
    body: '--------------A1B2C3D4E5F6A7B8C9D0E1F2\r\nContent-Type: text/plain\r\n\r\nhi\r\n--------------A1B2C3D4E5F6A7B8C9D0E1F2--\r\n',
  })
    .replace(
      'Content-Type: text/plain; charset=utf-8',
      'Content-Type: multipart/alternative; boundary="------------A1B2C3D4E5F6A7B8C9D0E1F2"',
    )
    .replace('<20170505180000.12345@example.fr>', '<59B84785.1060301@example.fr>');
  const flags = await flagsOf(msg);
  assert.deepEqual(
    flags.map((f) => [f.kind, f.evidence.client]),
    [
      ['message-id-mismatch', 'Apple Mail'],
      ['boundary-mismatch', 'Apple Mail'],
    ],
  );
  assert.equal(flags[0]?.evidence.messageId, '<59B84785.1060301@example.fr>');
});

test('genuine client formats raise nothing: Apple Mail, Gmail, Thunderbird, Outlook', async () => {
  const cases: [string, string, string][] = [
    [
      'X-Mailer: Apple Mail (2.3273)',
      '<C3A9E208-6B5D-4D9F-B4DE-9323946993AC@example.fr>',
      'Apple-Mail=_6A1B2C3D-4E5F-6A7B-8C9D-0E1F2A3B4C5D',
    ],
    [
      'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Thunderbird/45.8.0',
      '<59B84785.1060301@example.fr>',
      '------------090807060103080505000305',
    ],
    [
      'X-Mailer: Microsoft Outlook 16.0',
      '<000001d2c5a1$3f1e2b00$bd5a8100$@example.fr>',
      '----=_NextPart_000_0001_01D2C5B2.0F2F5A00',
    ],
  ];
  for (const [mailer, id, boundary] of cases) {
    const msg = plainMessage({
      extraHeaders: [mailer],
      body: `--${boundary}\r\nContent-Type: text/plain\r\n\r\nhi\r\n--${boundary}--\r\n`,
    })
      .replace(
        'Content-Type: text/plain; charset=utf-8',
        `Content-Type: multipart/alternative; boundary="${boundary}"`,
      )
      .replace('<20170505180000.12345@example.fr>', id);
    assert.deepEqual(await flagsOf(msg), [], mailer);
  }
  const gmail = plainMessage({
    from: 'jean.dupont@gmail.com',
    body: '--001a113e15fcdd0f9e0545366e8f\r\n\r\nhi\r\n--001a113e15fcdd0f9e0545366e8f--\r\n',
  })
    .replace(
      'Content-Type: text/plain; charset=utf-8',
      'Content-Type: multipart/alternative; boundary=001a113e15fcdd0f9e0545366e8f',
    )
    .replace(
      '<20170505180000.12345@example.fr>',
      '<CAKx8V+fT1nUeX4N4b2m1kq2UeQ1h0Zq0T2Lw0p0-5g6JmW5nA@mail.gmail.com>',
    );
  assert.deepEqual(await flagsOf(gmail), []);
});

test('two Subject headers on an unsigned message: duplicate-header, medium', async () => {
  const flags = await flagsOf(`Subject: Urgent\r\n${plainMessage()}`);
  assert.deepEqual(
    flags.map((f) => [f.kind, f.severity, f.evidence.count, f.evidence.unsignedCopies]),
    [['duplicate-header', 'medium', 2, 2]],
  );
});
