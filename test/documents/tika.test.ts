import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, one, records } from './helpers.js';

// Expected values: shared/data/SOURCES.md (the project's public test data), as asserted by Apache Tika's own parser tests.
// Files listed there and present in test/fixtures/documents/tika/ are all tested here.

test('testWORD_custom_props.docx matches Tika', async () => {
  const r = await one(fixture('tika/testWORD_custom_props.docx'), 'testWORD_custom_props.docx');
  const m = r.metadata;
  assert.equal(r.status, 'ok');
  assert.equal(m.author, 'EJ04325S');
  assert.equal(m.lastModifiedBy, 'Etienne Jouvin');
  assert.equal(m.created, '2011-07-29T16:52:00Z');
  assert.equal(m.modified, '2012-01-03T22:14:00Z');
  assert.equal(m.application, 'Microsoft Office Word');
  assert.equal(m.template, 'Normal.dotm');
  assert.equal(m.company, 'EDF-DIT');
  assert.equal(m.title, 'My Title');
  assert.equal(m.custom?.MyCustomString, 'MyStringValue');
  assert.equal(m.custom?.MyCustomDate, '2010-12-30T23:00:00Z');
  assert.equal(m.totalEditingTime, 120, 'TotalTime 2 minutes → 120 s');
  assert.equal(r.text, 'Document content');
});

test('testWORD_custom_props.doc matches Tika (created 2010-10-05)', async () => {
  const r = await one(fixture('tika/testWORD_custom_props.doc'), 'testWORD_custom_props.doc');
  const m = r.metadata;
  assert.equal(r.mime, 'application/msword');
  assert.equal(m.author, 'EJ04325S');
  assert.equal(m.lastModifiedBy, 'Etienne Jouvin');
  assert.equal(m.created, '2010-10-05T09:03:00Z');
  assert.equal(m.modified, '2012-01-03T22:14:00Z');
  assert.equal(m.application, 'Microsoft Office Word');
  assert.equal(m.template, 'Normal.dotm');
  assert.equal(m.company, 'EDF-DIT');
  assert.equal(m.title, 'My Title');
  assert.equal(m.custom?.MyCustomString, 'MyStringValue');
  assert.equal(m.custom?.MyCustomDate, '2010-12-30T23:00:00Z');
  assert.equal(m.codepage, 1252);
  assert.equal(r.text, 'Document content');
});

test('testWORD.doc: title and creator; text from the piece table', async () => {
  const r = await one(fixture('tika/testWORD.doc'), 'testWORD.doc');
  assert.equal(r.metadata.title, 'Sample Word Document');
  assert.equal(r.metadata.author, 'Keith Bennett');
  assert.match(r.text ?? '', /This is a sample Microsoft Word Document\./);
  assert.equal(r.language, 'en');
});

test('testPPT_custom_props.ppt matches Tika', async () => {
  const r = await one(fixture('tika/testPPT_custom_props.ppt'), 'testPPT_custom_props.ppt');
  assert.equal(r.mime, 'application/vnd.ms-powerpoint');
  assert.equal(r.metadata.author, 'JOUVIN ETIENNE');
  assert.equal(r.metadata.lastModifiedBy, 'EJ04325S');
  assert.equal(r.metadata.created, '2011-08-22T13:30:53Z');
  assert.match(r.text ?? '', /Test extraction properties/);
});

test('testPPT_custom_props.pptx has the same people and creation date as the .ppt', async () => {
  const r = await one(fixture('tika/testPPT_custom_props.pptx'), 'testPPT_custom_props.pptx');
  assert.equal(r.metadata.author, 'JOUVIN ETIENNE');
  assert.equal(r.metadata.lastModifiedBy, 'EJ04325S');
  assert.equal(r.metadata.created, '2011-08-22T13:30:53Z');
  assert.deepEqual(r.metadata.editingLanguages, ['fr-FR']);
});

test('testEXCEL_custom_props.xls: no creator, no last editor, Tika dates', async () => {
  const r = await one(fixture('tika/testEXCEL_custom_props.xls'), 'testEXCEL_custom_props.xls');
  assert.equal(r.metadata.author, undefined);
  assert.equal(r.metadata.lastModifiedBy, undefined);
  assert.equal(r.metadata.created, '2006-09-12T15:06:44Z');
  assert.equal(r.metadata.modified, '2011-08-22T13:45:54Z');
  assert.equal(r.metadata.custom?.myCustomNumber, 3);
  assert.equal(r.metadata.custom?.myCustomBoolean, true);
  assert.match(r.text ?? '', /Fichier test pour propriétés sur xls/);
});

test('testEXCEL.xls and .xlsx: sheet names and shared strings as text', async () => {
  const xls = await one(fixture('tika/testEXCEL.xls'), 'testEXCEL.xls');
  const xlsx = await one(fixture('tika/testEXCEL.xlsx'), 'testEXCEL.xlsx');
  for (const r of [xls, xlsx]) {
    assert.equal(r.metadata.author, 'Keith Bennett');
    assert.equal(r.metadata.title, 'Simple Excel document');
    assert.match(r.text ?? '', /Feuil1/);
    assert.match(r.text ?? '', /Sample Excel Worksheet - Numbers and their Squares/);
  }
  assert.match(xlsx.text ?? '', /15\t225/, 'numeric cells kept row by row');
});

test('testMSG.msg: sender, recipient, message class', async () => {
  const r = await one(fixture('tika/testMSG.msg'), 'testMSG.msg');
  assert.equal(r.kind, 'Email');
  assert.equal(r.ingestor, 'msg');
  assert.equal(r.email?.from, 'Jukka Zitting <jukka.zitting@gmail.com>');
  assert.ok(r.email?.to.some((t) => t.includes('tika-dev@lucene.apache.org')));
  assert.equal(r.email?.subject, 'MIME registry use cases');
  assert.equal(r.email?.messageClass, 'IPM.Note');
});

test('test-outlook.msg: subject and submit time', async () => {
  const r = await one(fixture('tika/test-outlook.msg'), 'test-outlook.msg');
  assert.equal(r.email?.subject, 'Microsoft Outlook Express 6');
  assert.equal(r.email?.date, '2007-04-05T16:26:06.000Z');
});

test('testPST.pst: a Folder of messages rebuilt as RFC 822; the first as Tika says', async () => {
  const recs = await records(fixture('tika/testPST.pst'), 'testPST.pst');
  const [folder, ...rest] = recs;
  assert.equal(folder?.kind, 'Folder');
  const mails = rest.filter((r) => r.kind === 'Email');
  // pst-extractor sees 7 messages in the only non-empty folder (Tika reports 10; see docs/documents.md).
  assert.equal(mails.length, 7);
  assert.equal(
    folder?.folder?.entries,
    mails.length + rest.filter((r) => r.kind === 'Failure' && r.depth === 1).length,
  );
  const first = mails[0]!;
  assert.equal(first.email?.from, 'Jörn Kottmann <kottmann@gmail.com>');
  assert.equal(first.email?.subject, 'Re: Feature Generators');
  assert.deepEqual(first.email?.to, ['users@opennlp.apache.org']);
  assert.equal(first.email?.date, '2014-02-26T07:50:04.000Z');
  assert.match(first.provenance, /^testPST\.pst!\/Début du fichier de données Outlook#1$/);
});
