import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { metadataStage } from '../../src/analyze/metadata-outliers.js';
import { buildPeople, type Person } from '../../src/analyze/people.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';
import { OUTSIDER, writeDump } from './gen/dump.js';

let dir: string;
let store: Store;
const flagsOf = (name: string) =>
  store.db
    .prepare(
      "SELECT f.kind, f.evidence_json FROM flags f JOIN documents d ON d.id = f.item_id WHERE f.stage = 'metadata' AND d.filename = ? ORDER BY f.kind",
    )
    .all(name) as { kind: string; evidence_json: string }[];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leaklens-people-'));
  await writeDump(join(dir, 'dump'));
  store = Store.open(join(dir, 'case'));
  await ingestPaths(store, [join(dir, 'dump')], { workers: 0, silent: true });
  await metadataStage.run(store, { silent: true });
});
after(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the planted spreadsheets carry foreign-script, foreign-language, edit-burst and outside-editor flags', () => {
  const kinds = flagsOf('virements-0.xlsx').map((f) => f.kind);
  assert.deepEqual(kinds, ['edit-burst', 'foreign-language', 'foreign-script', 'outside-editor']);
  const outside = flagsOf('virements-0.xlsx').find((f) => f.kind === 'outside-editor');
  assert.deepEqual(JSON.parse(outside!.evidence_json), {
    editor: OUTSIDER,
    signals: ['foreign-language', 'foreign-script'],
    independentSignals: 2,
  });
  const burst = JSON.parse(flagsOf('virements-1.xlsx').find((f) => f.kind === 'edit-burst')!.evidence_json);
  assert.equal(burst.editor, OUTSIDER);
  assert.equal(burst.documents, 3);
  assert.equal(burst.from, '2017-03-27T11:01:00Z');
  assert.equal(burst.to, '2017-03-27T11:05:00Z');
});

test('the attachment modified after its e-mail was sent is flagged', () => {
  const f = flagsOf('virements-2.xlsx').find((x) => x.kind === 'modified-after-email');
  assert.ok(f, 'modified-after-email flag');
  assert.deepEqual(JSON.parse(f.evidence_json), {
    modified: '2017-03-27T11:05:00Z',
    emailDate: '2017-03-27T10:00:00.000Z',
    slackMinutes: 5,
  });
});

test('UTC+3 PDF in a UTC+1/+2 dump: foreign-timezone; user name in a template path', () => {
  const tz = flagsOf('annexe.pdf').find((f) => f.kind === 'foreign-timezone');
  assert.deepEqual(JSON.parse(tz!.evidence_json), {
    timezoneOffset: 180,
    usualOffsets: [60, 120],
    sample: 6,
  });
  const p = flagsOf('note-0.docx').find((f) => f.kind === 'username-in-path');
  assert.equal(JSON.parse(p!.evidence_json).user, 'jdupont');
  assert.deepEqual(flagsOf('note-1.docx'), [], 'an ordinary staff document has no flag');
});

test('people: the outsider with roles, dates, script, app language, offsets and flags', () => {
  const people = buildPeople(store);
  const out = people.find((p) => p.name === OUTSIDER) as Person;
  assert.deepEqual(out.roles, { 'last-editor': 3, author: 1 });
  assert.equal(out.documents, 4);
  assert.equal(out.writingSystem, 'Cyrillic');
  assert.deepEqual(out.appLanguages, ['ru']);
  assert.deepEqual(out.timezones, [180]);
  assert.equal(out.lastDate, '2017-03-27T14:10:00+03:00');
  assert.ok(out.flags['foreign-script']! >= 4 && out.flags['edit-burst'] === 3);
  const jean = people.find((p) => p.addresses.includes('jean.dupont@en-marche.fr')) as Person;
  assert.equal(jean.name, 'Jean Dupont');
  assert.ok(
    jean.roles.sender === 1 && (jean.roles.author ?? 0) >= 3,
    'header identity merged with the metadata author',
  );
  assert.equal(jean.writingSystem, 'Latin');
  // Jean authored the spreadsheets the outsider re-saved: the flags and the Russian Office are not his.
  assert.deepEqual(jean.flags, {});
  assert.deepEqual(jean.appLanguages, ['fr']);
  const row = store.db
    .prepare('SELECT writing_system, roles_json FROM people WHERE name = ?')
    .get(OUTSIDER) as { writing_system: string; roles_json: string };
  assert.equal(row.writing_system, 'Cyrillic');
});

test('the stage is idempotent', async () => {
  const n = () =>
    (store.db.prepare("SELECT count(*) AS n FROM flags WHERE stage = 'metadata'").get() as { n: number }).n;
  const before = n();
  await metadataStage.run(store, { silent: true });
  assert.equal(n(), before);
});
