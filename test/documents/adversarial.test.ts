import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import {
  BILLION_LAUGHS,
  badExifJpeg,
  encryptedOoxml,
  encryptedPdf,
  nestedPdf,
  XXE,
} from './gen/adversarial.js';
import { makeDocx, makeOdt } from './gen/office.js';
import { makeDoc, makeXls, summaryStreams } from './gen/ole.js';
import { makePdf } from './gen/pdf.js';
import { one, records } from './helpers.js';

test('billion laughs in docProps/core.xml: not expanded, part refused, text kept', async () => {
  const r = await one(
    makeDocx({ author: 'lol', corePrefix: BILLION_LAUGHS, paragraphs: ['corps du texte'] }),
    'bl.docx',
  );
  assert.equal(r.status, 'partial');
  assert.deepEqual(r.failure, {
    reason: 'unsafe-xml',
    message:
      'bl.docx: docProps/core.xml declares a DTD (entity expansion / external entity attack); not read',
  });
  assert.equal(r.metadata.author, undefined);
  assert.equal(r.text, 'corps du texte');
  assert.ok(!JSON.stringify(r).includes('lollol'), 'no entity was expanded');
});

test('external entities in ODF meta.xml: never fetched, never expanded', async () => {
  const r = await one(makeOdt({ author: '&xxe;', corePrefix: XXE, paragraphs: ['texte'] }), 'xxe.odt');
  assert.equal(r.failure?.reason, 'unsafe-xml');
  assert.equal(
    r.failure?.message,
    'xxe.odt: meta.xml declares a DTD (entity expansion / external entity attack); not read',
  );
  assert.ok(!JSON.stringify(r).includes('root:'), 'no /etc/passwd content');
  assert.equal(r.text, 'texte');
});

test('corrupt and truncated zip containers give a corrupt failure record', async () => {
  const d = makeDocx({ author: 'x', paragraphs: ['y'] });
  const t = await one(d.subarray(0, d.length - 30), 'trunc.docx');
  assert.equal(t.status, 'failed');
  assert.deepEqual(t.failure, {
    reason: 'corrupt',
    message: 'trunc.docx: not a readable zip container (invalid zip data)',
  });
  const noCt = await one(Buffer.from(zipSync({ 'a.txt': new Uint8Array([1]) })), 'fake.docx');
  assert.deepEqual(noCt.failure, {
    reason: 'corrupt',
    message: 'fake.docx: zip container without [Content_Types].xml: not an OOXML file',
  });
});

test('zip bomb entry inside an OOXML file trips maxCompressionRatio', async () => {
  const big = new Uint8Array(5_000_000);
  const bomb = Buffer.from(
    zipSync({ '[Content_Types].xml': new Uint8Array(10), 'word/document.xml': big }, { level: 9 }),
  );
  const r = await one(bomb, 'bomb.docx');
  assert.equal(r.failure?.reason, 'limit-exceeded');
  assert.match(
    r.failure?.message ?? '',
    /^bomb\.docx: entry exceeds the expansion limits: word\/document\.xml: 5000000 bytes from \d+ \(ratio \d+\)$/,
  );
});

test('truncated PDF: truncated failure record', async () => {
  const pdf = await makePdf({ title: 'T', pages: ['a', 'b'] });
  const r = await one(pdf.subarray(0, Math.floor(pdf.length / 2)), 'cut.pdf');
  assert.equal(r.status, 'failed');
  assert.equal(r.failure?.reason, 'truncated');
  assert.match(r.failure?.message ?? '', /^cut\.pdf: unreadable PDF/);
});

test('password-protected PDF: encrypted, partial record', async () => {
  const r = await one(encryptedPdf(), 'locked.pdf');
  assert.equal(r.status, 'partial');
  assert.deepEqual(r.failure, { reason: 'encrypted', message: 'locked.pdf: PDF needs a password to open' });
  assert.equal(r.metadata.encrypted, true);
});

test('PDF with more pages than maxPdfPages: text of the first pages, warning, true page count', async () => {
  const pdf = await makePdf({ pages: Array.from({ length: 12 }, (_, i) => `page ${i + 1}`) });
  const r = await one(pdf, 'many.pdf', { ...DEFAULT_LIMITS, maxPdfPages: 5 });
  assert.equal(r.status, 'ok');
  assert.equal(r.metadata.pages, 12);
  assert.deepEqual(r.warnings, ['text read from the first 5 of 12 pages (maxPdfPages)']);
  assert.equal(r.text, ['page 1', 'page 2', 'page 3', 'page 4', 'page 5'].join('\n\f\n'));
});

test('password-protected Office files: encrypted, readable properties kept', async () => {
  const ooxml = await one(
    encryptedOoxml(summaryStreams({ author: 'Ann', title: 'Secret' }).summary),
    'locked.docx',
  );
  assert.deepEqual(ooxml.failure, {
    reason: 'encrypted',
    message: 'locked.docx: password-protected ooxml file; properties read, text not',
  });
  assert.equal(ooxml.metadata.author, 'Ann');
  assert.equal(ooxml.metadata.encrypted, true);
  const doc = await one(makeDoc({ author: 'Bob', encrypted: true, text: 'secret text' }), 'locked.doc');
  assert.deepEqual(doc.failure, {
    reason: 'encrypted',
    message: 'locked.doc: password-protected doc file; properties read, text not',
  });
  assert.equal(doc.metadata.author, 'Bob');
  assert.equal(doc.text, '');
  const xls = await one(makeXls({ author: 'Eve', encrypted: true }, ['S'], ['secret']), 'locked.xls');
  assert.equal(xls.failure?.reason, 'encrypted');
  assert.equal(xls.metadata.author, 'Eve');
  assert.ok(!(xls.text ?? '').includes('secret'));
});

test('JPEG with an EXIF offset outside its segment: partial record with the reason', async () => {
  const r = await one(badExifJpeg(), 'bad.jpg');
  assert.equal(r.status, 'partial');
  assert.deepEqual(r.failure, {
    reason: 'corrupt',
    message: 'bad.jpg: EXIF IFD0 offset 2147483632 outside its 56-byte segment: metadata unreadable',
  });
});

test('garbage with an OLE2 or PDF signature: corrupt failure, no crash', async () => {
  const ole = Buffer.concat([
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    Buffer.alloc(600, 0xff),
  ]);
  const a = await one(ole, 'x.doc');
  assert.equal(a.status, 'failed');
  assert.equal(a.failure?.reason, 'corrupt');
  const recs = await records(
    Buffer.from('%PDF-1.7\n1 0 obj << /Kids [1 0 R] >> endobj\n%%EOF\n'),
    'loop.pdf',
  );
  assert.equal(recs.length, 1);
  assert.deepEqual(recs[0]?.failure, {
    reason: 'corrupt',
    message: 'loop.pdf: unreadable PDF (Invalid PDF structure.)',
  });
});

test('PDF with objects nested 200,000 deep: no crash, partial record saying the Info dictionary was lost', async () => {
  const r = await one(nestedPdf(200_000), 'deep.pdf');
  assert.equal(r.status, 'partial');
  assert.deepEqual(r.failure, {
    reason: 'corrupt',
    message: 'deep.pdf: Info dictionary present but no field could be read from it',
  });
  assert.equal(r.metadata.pages, 1);
});
