import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeJpeg } from './gen/exif.js';
import { makeDocx, makeOdt, makePptx, makeXlsx } from './gen/office.js';
import { makeDoc, makeXls } from './gen/ole.js';
import { makePdf, withOffset } from './gen/pdf.js';
import { one } from './helpers.js';

const RU = 'Рошка Георгий Петрович';
const AR = 'علي بن حسن';

test('docx: every property, Cyrillic editor, +03:00 times, user name in the template path', async () => {
  const r = await one(
    makeDocx({
      title: 'Note interne',
      subject: 'Budget',
      author: 'Jean Dupont',
      lastModifiedBy: RU,
      created: '2017-03-27T14:01:00+03:00',
      modified: '2017-03-27T14:05:00+03:00',
      application: 'Microsoft Office Word',
      appVersion: '16.0000',
      company: 'En Marche',
      manager: 'Alain Martin',
      template: 'Normal.dotm',
      templatePath: 'C:\\Users\\roshka\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm',
      totalMinutes: 3,
      language: 'ru-RU',
      custom: { Dossier: 'A-12', Version: 4, Final: true },
      paragraphs: [
        'Le budget de la campagne pour le mois de mars a été validé par le trésorier.',
        'Deuxième paragraphe.',
      ],
    }),
    'note.docx',
  );
  assert.equal(r.status, 'ok');
  assert.deepEqual(
    { ...r.metadata },
    {
      title: 'Note interne',
      subject: 'Budget',
      author: 'Jean Dupont',
      lastModifiedBy: RU,
      created: '2017-03-27T14:01:00+03:00',
      modified: '2017-03-27T14:05:00+03:00',
      language: 'ru-RU',
      application: 'Microsoft Office Word',
      appVersion: '16.0000',
      company: 'En Marche',
      manager: 'Alain Martin',
      template: 'Normal.dotm',
      totalEditingTime: 180,
      custom: { Dossier: 'A-12', Version: 4, Final: true },
      templatePath: 'C:\\Users\\roshka\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm',
      editingLanguages: ['ru-RU'],
    },
  );
  assert.equal(
    r.text,
    'Le budget de la campagne pour le mois de mars a été validé par le trésorier.\nDeuxième paragraphe.',
  );
  assert.equal(r.language, 'fr');
});

test('xlsx: sheet names, shared strings and numbers in row order; Arabic author', async () => {
  const r = await one(
    makeXlsx(
      { author: AR, lastModifiedBy: AR, created: '2017-03-20T09:00:00Z', application: 'Microsoft Excel' },
      [
        {
          name: 'Dépenses',
          rows: [
            ['Poste', 'Montant'],
            ['Salle', '1200'],
          ],
        },
        { name: 'Вторая', rows: [['итого', '1200']] },
      ],
    ),
    'depenses.xlsx',
  );
  assert.equal(r.metadata.author, AR);
  assert.equal(r.metadata.created, '2017-03-20T09:00:00Z');
  assert.equal(r.text, 'Dépenses\nPoste\tMontant\nSalle\t1200\n\nВторая\nитого\t1200');
});

test('pptx: slides then notes', async () => {
  const r = await one(
    makePptx({ author: 'A', language: 'fr-FR' }, ['Titre un', 'Titre deux'], ['Note orateur']),
    's.pptx',
  );
  assert.equal(r.text, 'Titre un\n\nTitre deux\n\nNote orateur');
  assert.deepEqual(r.metadata.editingLanguages, ['fr-FR']);
});

test('odt: initial creator, last editor, editing cycles and duration, generator split', async () => {
  const r = await one(
    makeOdt({
      author: 'Marie Curie',
      lastModifiedBy: RU,
      created: '2017-03-27T14:01:00',
      modified: '2017-03-27T14:09:30.5',
      generator:
        'LibreOffice/5.2.3.3$Windows_X86_64 LibreOffice_project/d54a8868f08a7b39642414cf2c8ef2f228f780cf',
      editingCycles: 7,
      editingDuration: 'PT1H2M3S',
      language: 'ru-RU',
      custom: { Score: 2.5 },
      paragraphs: ['Привет, это тестовый документ для проверки языка и текста.'],
    }),
    'doc.odt',
  );
  const m = r.metadata;
  assert.equal(m.author, 'Marie Curie');
  assert.equal(m.lastModifiedBy, RU);
  assert.equal(m.created, '2017-03-27T14:01:00', 'a local time keeps no Z');
  assert.equal(m.modified, '2017-03-27T14:09:30.5');
  assert.equal(m.application, 'LibreOffice');
  assert.equal(m.appVersion, '5.2.3.3');
  assert.equal(m.editingCycles, 7);
  assert.equal(m.totalEditingTime, 3723);
  assert.deepEqual(m.custom, { Score: 2.5 });
  assert.equal(r.language, 'ru');
});

test('pdf: Info dictionary, page text, offset kept and derived', async () => {
  const base = await makePdf({
    title: 'Facture',
    author: AR,
    creator: 'Microsoft Word 2016',
    producer: 'Microsoft: Print To PDF',
    created: new Date('2017-03-27T11:05:00Z'),
    modified: new Date('2017-03-27T11:09:00Z'),
    pages: ['Facture numero 42 pour la location de la salle de reunion', 'Page deux'],
  });
  const pdf = withOffset(
    withOffset(base, 'D:20170327110500Z', "D:20170327140500+03'00'"),
    'D:20170327110900Z',
    "D:20170327140900+03'00'",
  );
  const r = await one(pdf, 'f.pdf');
  assert.equal(r.metadata.title, 'Facture');
  assert.equal(r.metadata.author, AR);
  assert.equal(r.metadata.application, 'Microsoft Word 2016');
  assert.equal(r.metadata.producer, 'Microsoft: Print To PDF');
  assert.equal(r.metadata.created, '2017-03-27T14:05:00+03:00');
  assert.equal(r.metadata.modified, '2017-03-27T14:09:00+03:00');
  assert.equal(r.metadata.timezoneOffset, 180);
  assert.equal(r.metadata.pages, 2);
  assert.equal(r.text, 'Facture numero 42 pour la location de la salle de reunion\n\f\nPage deux');
});

test('jpeg: camera, software, Cyrillic artist, GPS, OffsetTimeOriginal', async () => {
  const r = await one(
    makeJpeg({
      make: 'Canon',
      model: 'EOS 5D',
      software: 'Adobe Photoshop CS6',
      artist: 'Иван Петров',
      dateTime: '2017:03:28 10:00:00',
      dateTimeOriginal: '2017:03:27 14:05:00',
      offsetTimeOriginal: '+03:00',
      gps: { lat: 55.7558, lon: 37.6173, alt: 150.5 },
    }),
    'p.jpg',
  );
  assert.deepEqual(r.metadata, {
    author: 'Иван Петров',
    created: '2017-03-27T14:05:00+03:00',
    modified: '2017-03-28T10:00:00+03:00',
    software: 'Adobe Photoshop CS6',
    camera: { make: 'Canon', model: 'EOS 5D' },
    gps: { lat: 55.7558, lon: 37.6173, alt: 150.5 },
    timezoneOffset: 180,
  });
});

test('jpeg without OffsetTime: local times keep no zone', async () => {
  const r = await one(makeJpeg({ make: 'X', dateTimeOriginal: '2017:03:27 14:05:00' }), 'q.jpg');
  assert.equal(r.metadata.created, '2017-03-27T14:05:00');
  assert.equal(r.metadata.timezoneOffset, undefined);
});

test('doc: property sets in code page 1251, Word install language, save history, custom', async () => {
  const r = await one(
    makeDoc({
      codepage: 1251,
      title: 'Отчёт',
      author: RU,
      lastModifiedBy: RU,
      application: 'Microsoft Office Word',
      company: 'ООО Ромашка',
      created: new Date('2017-03-27T11:01:00Z'),
      modified: new Date('2017-03-27T11:05:00Z'),
      editMinutes: 4,
      lid: 0x0419,
      custom: { Отдел: 'Финансы' },
      savedBy: [
        { author: 'roshka', path: 'C:\\Users\\roshka\\Desktop\\otchet.doc' },
        { author: RU, path: 'D:\\docs\\otchet.doc' },
      ],
      text: 'Привет мир, это тестовый документ для проверки извлечения текста.',
    }),
    'otchet.doc',
  );
  assert.deepEqual(r.metadata, {
    title: 'Отчёт',
    author: RU,
    lastModifiedBy: RU,
    totalEditingTime: 240,
    created: '2017-03-27T11:01:00Z',
    modified: '2017-03-27T11:05:00Z',
    application: 'Microsoft Office Word',
    company: 'ООО Ромашка',
    codepage: 1251,
    custom: { Отдел: 'Финансы' },
    appLanguage: 'ru-RU',
    savedBy: [
      { author: 'roshka', path: 'C:\\Users\\roshka\\Desktop\\otchet.doc' },
      { author: RU, path: 'D:\\docs\\otchet.doc' },
    ],
  });
  assert.equal(r.text, 'Привет мир, это тестовый документ для проверки извлечения текста.');
  assert.equal(r.language, 'ru');
});

test('xls: Arabic names in code page 1256, sheet names and SST strings', async () => {
  const r = await one(
    makeXls(
      { codepage: 1256, author: AR, company: 'شركة النور' },
      ['ورقة1', 'Sheet2'],
      ['مرحبا بالعالم', 'total'],
    ),
    'a.xls',
  );
  assert.equal(r.metadata.author, AR);
  assert.equal(r.metadata.company, 'شركة النور');
  assert.equal(r.metadata.codepage, 1256);
  assert.equal(r.text, 'ورقة1\nSheet2\nمرحبا بالعالم\ntotal');
});

test("rtf: info group, local dates, \\uN and \\'hh text in code page 1251", async () => {
  const src = String.raw`{\rtf1\ansi\ansicpg1251{\fonttbl{\f0 Arial;}}{\info{\title Plan}{\author \'d0\'ee\'f8\'ea\'e0}{\operator Ivan}{\company ACME}{\creatim\yr2017\mo3\dy27\hr14\min5}{\revtim\yr2017\mo3\dy27\hr14\min9}{\edmins4}{\nofpages2}}\pard Hello \u1055?\u1088?ivet\par World\par}`;
  const r = await one(Buffer.from(src, 'latin1'), 'plan.rtf');
  assert.deepEqual(r.metadata, {
    title: 'Plan',
    author: 'Рошка',
    lastModifiedBy: 'Ivan',
    company: 'ACME',
    created: '2017-03-27T14:05:00',
    modified: '2017-03-27T14:09:00',
    totalEditingTime: 240,
    pages: 2,
    codepage: 1251,
  });
  assert.equal(
    r.text,
    'Hello Прivet\nWorld',
    '\\u1055? and \\u1088? are П and р; the ? fallbacks are skipped',
  );
});

test('html: title, meta author/generator, lang, visible text', async () => {
  const html =
    '<!DOCTYPE html><html lang="fr"><head><title>Compte rendu</title><meta name="author" content="Jean Dupont"><meta name="generator" content="Microsoft Word 15"></head><body><p>Réunion du comité</p><script>x()</script></body></html>';
  const r = await one(Buffer.from(html), 'cr.html');
  assert.deepEqual(r.metadata, {
    title: 'Compte rendu',
    author: 'Jean Dupont',
    application: 'Microsoft Word 15',
    language: 'fr',
  });
  assert.equal(r.text, 'Réunion du comité');
});

test('text: windows-1251 bytes detected and decoded', async () => {
  const iconv = (await import('iconv-lite')).default;
  const s = 'Привет, это служебная записка о бюджете избирательной кампании на март.';
  const r = await one(iconv.encode(s, 'win1251'), 'note.txt');
  assert.equal(r.text, s);
  assert.equal(r.language, 'ru');
  assert.match(String(r.metadata.charset), /1251/);
});
