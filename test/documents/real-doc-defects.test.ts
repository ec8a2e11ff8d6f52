import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFBool, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { dictEntries } from '../../src/ingest/documents/pdf-raw-info.js';
import { makePdf } from './gen/pdf.js';
import { one } from './helpers.js';

/**
 * Generated reproductions of defects found on real documents from other projects' test suites
 * (docs/realworld.md): Tika's testPDF-custommetadata.pdf, pdf.js' auth-event-ef-open.pdf,
 * TextEdit/Word for Mac RTF.
 */

/** A PDF whose Info dictionary carries custom keys, as Acrobat's "Custom" tab writes them. */
async function pdfWithCustom(): Promise<Buffer> {
  const doc = await PDFDocument.load(
    await makePdf({ title: 'Budget', author: 'J. Dupont', pages: ['Total'] }),
  );
  const info = doc.getInfoDict();
  info.set(PDFName.of('Custom Property'), PDFString.of('Custom Value'));
  info.set(PDFName.of('Dossier'), PDFHexString.fromText('Réf. 2017/04'));
  info.set(PDFName.of('Version'), PDFNumber.of(3));
  info.set(PDFName.of('Approved'), PDFBool.True);
  info.set(PDFName.of('Status'), PDFName.of('Final'));
  info.set(PDFName.of('Signed'), PDFString.of("D:20170327140500+03'00'"));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

test('pdf: custom Info keys are exposed as custom {name: value}, typed like OOXML custom properties', async () => {
  const r = await one(await pdfWithCustom(), 'custom.pdf');
  assert.equal(r.metadata.title, 'Budget');
  assert.deepEqual(r.metadata.custom, {
    'Custom Property': 'Custom Value',
    Dossier: 'Réf. 2017/04',
    Version: 3,
    Approved: true,
    Status: 'Final',
    Signed: '2017-03-27T14:05:00+03:00',
  });
});

/** Adds an /Encrypt dictionary to the trailer without encrypting anything (the bytes stay clear). */
async function withEncrypt(pdf: Buffer, entries: Record<string, string>): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf);
  const dict = doc.context.obj({});
  for (const [k, v] of Object.entries(entries))
    dict.set(PDFName.of(k), doc.context.obj(v.startsWith('/') ? PDFName.of(v.slice(1)) : Number(v)));
  // Key material of the right sizes for R 6 (ISO 32000-2 §7.6.4.4) that opens with no password.
  dict.set(PDFName.of('O'), PDFHexString.of('00'.repeat(48)));
  dict.set(PDFName.of('U'), PDFHexString.of('11'.repeat(48)));
  dict.set(PDFName.of('OE'), PDFHexString.of('22'.repeat(32)));
  dict.set(PDFName.of('UE'), PDFHexString.of('33'.repeat(32)));
  dict.set(PDFName.of('Perms'), PDFHexString.of('44'.repeat(16)));
  const cf = doc.context.obj({});
  const std = doc.context.obj({});
  std.set(PDFName.of('CFM'), PDFName.of('AESV3'));
  std.set(PDFName.of('AuthEvent'), PDFName.of('EFOpen'));
  std.set(PDFName.of('Length'), PDFNumber.of(32));
  cf.set(PDFName.of('StdCF'), std);
  dict.set(PDFName.of('CF'), cf);
  doc.context.trailerInfo.Encrypt = doc.context.register(dict);
  doc.context.trailerInfo.ID = doc.context.obj([
    PDFHexString.of('ab'.repeat(16)),
    PDFHexString.of('ab'.repeat(16)),
  ]);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

test('encrypted pdf: Info read from the bytes when its strings are not encrypted (/StrF /Identity), never otherwise', async () => {
  const base = await pdfWithCustom();
  // Only embedded files encrypted (AuthEvent EFOpen, strings and streams Identity): pdf.js still
  // asks for a password; exiftool reads the Info dictionary.
  const efOpen = await withEncrypt(base, {
    Filter: '/Standard',
    V: '5',
    R: '6',
    Length: '256',
    P: '-4',
    StmF: '/Identity',
    StrF: '/Identity',
    EFF: '/StdCF',
  });
  const r = await one(efOpen, 'ef-open.pdf');
  assert.equal(r.status, 'partial');
  assert.equal(r.failure?.reason, 'encrypted');
  assert.equal(r.metadata.encrypted, true);
  assert.equal(r.metadata.title, 'Budget');
  assert.equal(r.metadata.author, 'J. Dupont');
  assert.equal((r.metadata.custom as Record<string, unknown>)['Custom Property'], 'Custom Value');
  // RC4 (V 2): the strings are ciphertext in a real file; they must not be read as text.
  const rc4 = await one(
    await withEncrypt(base, { Filter: '/Standard', V: '2', R: '3', Length: '128', P: '-4' }),
    'rc4.pdf',
  );
  assert.equal(rc4.failure?.reason, 'encrypted');
  assert.deepEqual(rc4.metadata, { encrypted: true });
});

test('pdf raw Info reader: literal and hex strings, escapes, UTF-16BE, names, numbers; references skipped', () => {
  const d = dictEntries(
    String.raw`/Title (Plan \(v2\) \351t\351) /Author <FEFF0420043E0448043A0430> /Trapped /False /N 12 /Ref 5 0 R /B true`,
  );
  assert.deepEqual(d, { Title: 'Plan (v2) été', Author: 'Рошка', Trapped: 'False', N: 12, B: true });
});

test('rtf: \\ansicpg10000 (Mac Roman, TextEdit and Word for Mac) decodes', async () => {
  const src = String.raw`{\rtf1\ansi\ansicpg10000\cocoartf1038{\fonttbl\f0\fswiss\fcharset0 Helvetica;}\f0 Caf\'8e cr\'8fme br\'9el\'8ee \'d2citation\'d3\par}`;
  const r = await one(Buffer.from(src, 'latin1'), 'mac.rtf');
  assert.equal(r.status, 'ok');
  assert.equal(r.text, 'Café crème brûlée “citation”');
  assert.equal(r.metadata.codepage, 10000);
});
