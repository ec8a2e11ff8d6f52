import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  allFlags,
  applicationFlags,
  burstFlags,
  type DocRow,
  dateFlags,
  languageFlags,
  majority,
  outsideEditorFlags,
  pathFlags,
  scriptFlags,
} from '../../src/meta/outlier-rules.js';
import { userInPath, writingSystem } from '../../src/meta/script.js';
import type { DocumentMetadata } from '../../src/model/entities.js';

const doc = (id: string, metadata: DocumentMetadata, extra: Partial<DocRow> = {}): DocRow => ({
  id,
  filename: `${id}.docx`,
  size: 1000,
  language: 'fr',
  textLength: 100,
  metadata,
  emailDate: null,
  ...extra,
});

test('writing systems of names', () => {
  assert.equal(writingSystem('Jean Dupont'), 'Latin');
  assert.equal(writingSystem('Рошка Георгий Петрович'), 'Cyrillic');
  assert.equal(writingSystem('علي بن حسن'), 'Arabic');
  assert.equal(writingSystem('王小明'), 'CJK');
  assert.equal(writingSystem('Γιώργος'), 'Greek');
  assert.equal(writingSystem('1234'), 'None');
});

test('user names in profile paths, generic profiles ignored', () => {
  assert.equal(
    userInPath('C:\\Users\\roshka\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm'),
    'roshka',
  );
  assert.equal(userInPath('C:\\Documents and Settings\\ivanov\\Bureau\\a.doc'), 'ivanov');
  assert.equal(userInPath('/home/jd/docs/a.odt'), 'jd');
  assert.equal(userInPath('C:\\Users\\Public\\Documents\\a.doc'), undefined);
  assert.equal(userInPath('Normal.dotm'), undefined);
});

test('a majority needs 5 values and 60%', () => {
  assert.equal(majority(['a', 'a', 'a', 'b']), undefined);
  assert.deepEqual(majority(['a', 'a', 'a', 'b', 'c']), { value: 'a', share: 0.6, n: 5 });
  assert.equal(majority(['a', 'a', 'b', 'b', 'c']), undefined);
});

test('foreign-script flags only the minority names, with evidence', () => {
  const docs = [
    ...Array.from({ length: 5 }, (_, i) => doc(`d${i}`, { author: 'Jean Dupont' })),
    doc('x', { lastModifiedBy: 'علي بن حسن' }),
  ];
  const flags = scriptFlags(docs);
  assert.equal(flags.length, 1);
  assert.equal(flags[0]?.itemId, 'x');
  assert.deepEqual(flags[0]?.evidence, {
    field: 'lastModifiedBy',
    name: 'علي بن حسن',
    script: 'Arabic',
    majorityScript: 'Latin',
    majorityShare: 0.833,
    sample: 6,
  });
});

test('created after modified; zone-less times compared only with zone-less times', () => {
  const f = dateFlags([
    doc('a', { created: '2017-03-27T12:00:00Z', modified: '2017-03-27T11:00:00Z' }),
    doc('b', { created: '2017-03-27T12:00:00', modified: '2017-03-27T11:00:00Z' }),
    doc('c', { created: '2017-03-27T11:00:00Z', modified: '2017-03-27T11:00:30Z' }),
  ]);
  assert.deepEqual(
    f.map((x) => [x.itemId, x.kind]),
    [['a', 'created-after-modified']],
  );
});

test('implausible editing time: long text typed in seconds; more editing than lifetime', () => {
  const f = dateFlags([
    doc('fast', { totalEditingTime: 20, characters: 12000 }),
    doc('long', {
      totalEditingTime: 36000,
      created: '2017-03-27T11:00:00Z',
      modified: '2017-03-27T12:00:00Z',
    }),
    doc('ok', {
      totalEditingTime: 1200,
      characters: 12000,
      created: '2017-03-27T11:00:00Z',
      modified: '2017-03-27T12:00:00Z',
    }),
  ]);
  assert.deepEqual(
    f.map((x) => [x.itemId, x.kind, x.evidence]),
    [
      ['fast', 'implausible-editing-time', { totalEditingTime: 20, characters: 12000 }],
      ['long', 'implausible-editing-time', { totalEditingTime: 36000, lifetimeSeconds: 3600 }],
    ],
  );
});

test('modified-after-email: a zone-less local time gets 14 h of slack', () => {
  const f = dateFlags([
    doc('local', { modified: '2017-03-28T02:00:00' }, { emailDate: '2017-03-27T10:00:00.000Z' }),
    doc('near', { modified: '2017-03-27T15:00:00' }, { emailDate: '2017-03-27T10:00:00.000Z' }),
  ]);
  assert.deepEqual(
    f.map((x) => x.itemId),
    ['local'],
  );
});

test('rare application among ≥ 20 documents', () => {
  const docs = [
    ...Array.from({ length: 24 }, (_, i) =>
      doc(`w${i}`, { application: 'Microsoft Office Word', appVersion: '16.0000' }),
    ),
    doc('r', { application: 'WPS Office', appVersion: '11.2' }),
  ];
  const f = applicationFlags(docs);
  assert.deepEqual(
    f.map((x) => [x.itemId, x.evidence]),
    [['r', { application: 'WPS Office 11', count: 1, sample: 25 }]],
  );
});

test('username-in-path from the template path and Word save history', () => {
  const f = pathFlags([
    doc('s', {
      savedBy: [{ author: 'x', path: 'C:\\Users\\petrov\\Desktop\\a.doc' }],
      template: 'Normal.dotm',
    }),
  ]);
  assert.deepEqual(
    f.map((x) => x.evidence),
    [{ path: 'C:\\Users\\petrov\\Desktop\\a.doc', user: 'petrov' }],
  );
});

test('text language: a language the organisation also mails in is not foreign', () => {
  const docs = [
    ...Array.from({ length: 30 }, (_, i) => doc(`f${i}`, {})),
    doc('en', {}, { language: 'en' }),
    doc('ru', {}, { language: 'ru' }),
  ];
  const f = languageFlags(docs, new Set(['fr', 'en']));
  assert.deepEqual(
    f.map((x) => [x.itemId, x.evidence]),
    [['ru', { source: 'text', language: 'ru', majority: 'fr', majorityShare: 0.938 }]],
  );
});

test('edit burst: an outside editor saving others’ documents, and a PDF naming the same person, within minutes', () => {
  const O = 'Рошка Георгий Петрович';
  const f = burstFlags([
    doc('a', { author: 'Jean Dupont', lastModifiedBy: O, modified: '2017-03-27T10:10:17Z' }),
    doc('b', { author: 'Marie Martin', lastModifiedBy: O, modified: '2017-03-27T10:11:15Z' }),
    doc('p', { author: O, modified: '2017-03-27T13:14:10+03:00' }),
    doc('late', { author: 'Paul Durand', lastModifiedBy: O, modified: '2017-03-27T11:00:00Z' }),
    // Someone saving their own files in a row is not a burst.
    ...['10:00', '10:01', '10:02'].map((t, i) =>
      doc(`own${i}`, {
        author: 'Claire Petit',
        lastModifiedBy: 'Claire Petit',
        modified: `2017-03-27T${t}:00Z`,
      }),
    ),
  ]);
  assert.deepEqual(
    f.map((x) => x.itemId),
    ['a', 'b', 'p'],
  );
  assert.deepEqual(f[0]?.evidence, {
    editor: O,
    documents: 3,
    from: '2017-03-27T10:10:17Z',
    to: '2017-03-27T13:14:10+03:00',
    items: ['a', 'b', 'p'],
  });
});

test('outside-editor: editor traces read together; an English memo alone is not an outsider', () => {
  const O = 'Рошка Георгий Петрович';
  const staff = Array.from({ length: 30 }, (_, i) =>
    doc(`s${i}`, { author: 'Jean Dupont', appLanguage: 'fr-FR', timezoneOffset: 60 }),
  );
  const docs = [
    ...staff,
    doc('ru', { author: 'Jean Dupont', lastModifiedBy: O, appLanguage: 'ru-RU', timezoneOffset: 60 }),
    doc('tz', { author: 'Jean Dupont', appLanguage: 'fr-FR', timezoneOffset: 180 }),
    doc('en', { author: 'Jean Dupont', appLanguage: 'fr-FR', timezoneOffset: 60 }, { language: 'de' }),
  ];
  const all = allFlags(docs);
  const outside = all.filter((f) => f.kind === 'outside-editor');
  assert.deepEqual(
    outside.map((f) => [f.itemId, f.severity, f.evidence.signals]),
    [
      ['ru', 'high', ['foreign-language', 'foreign-script']],
      ['tz', 'medium', ['foreign-timezone']],
    ],
  );
  // The German text was flagged foreign-language (text), which says nothing about its editor.
  assert.ok(all.some((f) => f.itemId === 'en' && f.kind === 'foreign-language'));
  assert.equal(outside[0]?.evidence.editor, O);
  assert.match(
    outside[0]?.message ?? '',
    /lastModifiedBy "Рошка Георгий Петрович" in Cyrillic; application set to "ru"/,
  );
  assert.deepEqual(outsideEditorFlags(docs, []), []);
});
