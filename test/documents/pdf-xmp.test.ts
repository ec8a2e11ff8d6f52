import assert from 'node:assert/strict';
import { test } from 'node:test';
import { infoFields } from '../../src/ingest/documents/pdf.js';
import { xmpFields } from '../../src/ingest/documents/pdf-xmp.js';

// An XMP packet as Acrobat writes it (element and attribute forms, rdf:Seq/Alt, xmpMM:History).
const XMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
 xmp:CreatorTool="Microsoft® Word 2016" pdf:Producer="Adobe PDF Library 15.0">
<xmp:CreateDate>2017-03-27T14:05:00+03:00</xmp:CreateDate>
<xmp:ModifyDate>2017-03-27T14:09:00+03:00</xmp:ModifyDate>
<dc:creator><rdf:Seq><rdf:li>Рошка Георгий</rdf:li></rdf:Seq></dc:creator>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Virements &amp; budget</rdf:li></rdf:Alt></dc:title>
<xmpMM:DocumentID>uuid:1234</xmpMM:DocumentID>
<xmpMM:History><rdf:Seq>
<rdf:li stEvt:action="created" stEvt:when="2017-03-27T14:05:00+03:00" stEvt:softwareAgent="Acrobat PDFMaker 17 for Word"/>
<rdf:li rdf:parseType="Resource"><stEvt:action>saved</stEvt:action><stEvt:when>2017-03-27T14:09:00+03:00</stEvt:when><stEvt:softwareAgent>Adobe Acrobat Pro DC</stEvt:softwareAgent></rdf:li>
</rdf:Seq></xmpMM:History>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

test('XMP: flat fields in element and attribute form, lists, and the edit history', () => {
  assert.deepEqual(xmpFields(XMP), {
    title: 'Virements & budget',
    author: 'Рошка Георгий',
    description: undefined,
    keywords: undefined,
    application: 'Microsoft® Word 2016',
    producer: 'Adobe PDF Library 15.0',
    created: '2017-03-27T14:05:00+03:00',
    modified: '2017-03-27T14:09:00+03:00',
    documentId: 'uuid:1234',
    history: [
      { action: 'created', when: '2017-03-27T14:05:00+03:00', softwareAgent: 'Acrobat PDFMaker 17 for Word' },
      { action: 'saved', when: '2017-03-27T14:09:00+03:00', softwareAgent: 'Adobe Acrobat Pro DC' },
    ],
  });
});

test('Info dictionary wins over XMP; XMP fills the gaps; offset from the creation date', () => {
  const m = infoFields(
    {
      Author: 'Jean Dupont',
      CreationDate: "D:20170327140500+03'00'",
      Language: 'ru-RU',
      PDFFormatVersion: '1.7',
    },
    XMP,
  );
  assert.equal(m.author, 'Jean Dupont');
  assert.equal(m.title, 'Virements & budget');
  assert.equal(m.application, 'Microsoft® Word 2016');
  assert.equal(m.created, '2017-03-27T14:05:00+03:00');
  assert.equal(m.timezoneOffset, 180);
  assert.equal(m.language, 'ru-RU');
  assert.equal((m.history as unknown[]).length, 2);
});
