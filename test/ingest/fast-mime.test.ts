import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeQuotedPrintable, fastParse } from '../../src/ingest/email/fast-mime.js';
import { headerEnd, parseRawHeaders } from '../../src/ingest/email/headers.js';
import { parseMessage } from '../../src/ingest/email/rfc822.js';
import type { ChildOut, IngestOutput } from '../../src/ingest/ingestor.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import { FIXTURES } from '../helpers.js';

async function both(raw: Buffer): Promise<[IngestOutput | Error, IngestOutput | Error, boolean]> {
  const run = async () => parseMessage(raw, DEFAULT_LIMITS).catch((e: Error) => e);
  const hEnd = headerEnd(raw);
  const usesFast = hEnd >= 0 && fastParse(raw, parseRawHeaders(raw, hEnd), hEnd) !== null;
  const fast = await run();
  process.env.LEAKLENS_NO_FAST_MIME = '1';
  try {
    return [fast, await run(), usesFast];
  } finally {
    delete process.env.LEAKLENS_NO_FAST_MIME;
  }
}

function view(o: IngestOutput | Error) {
  if (o instanceof Error) return { error: o.message };
  if (o.kind !== 'Email') return { kind: o.kind };
  const e = o.email;
  return {
    subject: e.subject,
    from: e.from,
    to: e.to,
    cc: e.cc,
    messageId: e.messageId,
    inReplyTo: e.inReplyTo,
    references: e.references,
    date: e.date,
    text: e.text.replace(/\s+$/, ''),
    html: e.html?.replace(/\s+$/, ''),
    children: (o.children as ChildOut[]).map((c) => ({
      name: c.name,
      mime: c.declaredMime,
      disp: c.disposition,
      sha: c.data.toString('base64').length,
      bytes: c.data.toString('base64'),
    })),
  };
}

const gen = (ct: string, body: string, extra = '') =>
  Buffer.from(
    `From: "Dupont, Jean" <Jean.Dupont@org.example>, =?UTF-8?Q?Ren=C3=A9e?= <renee@org.example>\r\nTo: a@b.example\r\nCc: Group: x@y.example, z@y.example;\r\nSubject: =?UTF-8?B?${Buffer.from('Réunion budgétaire').toString('base64')}?=\r\nDate: Tue, 28 Mar 2017 10:00:00 +0200\r\nMessage-ID: <g@org.example>\r\nIn-Reply-To: <p@org.example> (comment)\r\nReferences: <r1@x> <p@org.example>\r\nMIME-Version: 1.0\r\n${extra}Content-Type: ${ct}\r\n\r\n${body}`,
    'latin1',
  );

test('the fast MIME path gives the same record as postal-mime, on real and generated mail', async () => {
  const dir = join(FIXTURES, 'mail/tika-mail');
  const files = readdirSync(dir).filter((f) => !f.endsWith('.mbox'));
  const samples: [string, Buffer][] = files.map((f) => [f, readFileSync(join(dir, f))]);
  samples.push([
    'qp',
    gen(
      'text/plain; charset=utf-8',
      'Prix =E2=82=AC 10, r=C3=A9union =\r\nsuite\r\n',
      'Content-Transfer-Encoding: quoted-printable\r\n',
    ),
  ]);
  samples.push([
    'latin1',
    gen('text/plain; charset=iso-8859-1', 'caf\xe9 cr\xe8me\r\n', 'Content-Transfer-Encoding: 8bit\r\n'),
  ]);
  samples.push([
    'alt',
    gen(
      'multipart/alternative; boundary="a1"',
      '--a1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour\r\n--a1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Bonjour <b>Jean</b><img src="http://tracker.example/p.gif"></p>\r\n--a1--\r\n',
    ),
  ]);
  samples.push([
    'mixed',
    gen(
      'multipart/mixed; boundary="m1"',
      `--m1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('Voici la facture.\n').toString('base64')}\r\n--m1\r\nContent-Type: application/pdf; name="facture.pdf"\r\nContent-Disposition: attachment; filename="=?UTF-8?Q?facture_d=C3=A9c.pdf?="\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('%PDF-1.4 fake').toString('base64')}\r\n--m1\r\nContent-Type: image/png\r\nContent-ID: <img1>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--m1--\r\n`,
    ),
  ]);
  let fastCount = 0;
  for (const [name, raw] of samples) {
    const [fast, full, usesFast] = await both(raw);
    if (usesFast) fastCount++;
    assert.deepEqual(view(fast), view(full), name);
  }
  assert.ok(fastCount >= 8, `the fast path served ${fastCount} samples`);
});

test('quoted-printable: escapes, soft breaks, and broken escapes kept as written', () => {
  assert.equal(decodeQuotedPrintable(Buffer.from('a=3Db=\r\nc=\nd =ZZ=4')).toString('latin1'), 'a=bcd =ZZ=4');
});
