import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { IdentityResolver } from '../../src/analyze/identities.js';
import { buildGazetteer } from '../../src/analyze/names/gazetteer.js';
import { FIRST_NAMES } from '../../src/analyze/names/lexicon.js';
import { findNames, MAX_NAME_TEXT } from '../../src/analyze/names/recognize.js';
import { parseIob, parseLabelledEmails, scoreSpans, unlabel } from '../../src/analyze/names/score.js';
import { FIXTURES } from '../helpers.js';

const short = (text: string, g?: Parameters<typeof findNames>[1]) =>
  findNames(text, g).map((m) => `${m.type}:${m.text}:${m.evidence}${m.identityId ? `:${m.identityId}` : ''}`);

test('titles, first names, organisation words and places, French and English', () => {
  assert.deepEqual(
    short("Le président Emmanuel Macron a reçu Mme Durand au Ministère de l'Intérieur à Lyon."),
    [
      'PER:Emmanuel Macron:title',
      'PER:Durand:honorific',
      "ORG:Ministère de l'Intérieur:org-word",
      'LOC:Lyon:place',
    ],
  );
  assert.deepEqual(short('Please ask Dr Watson to call John Smith in London about the Bank of England.'), [
    'PER:Watson:honorific',
    'PER:John Smith:first-name',
    'LOC:London:place',
    'ORG:Bank of England:org-word',
  ]);
  assert.deepEqual(short('La réunion du Parti socialiste et de BNP Paribas est lundi.'), [
    'ORG:Parti socialiste:org-word',
    'ORG:BNP Paribas:acronym',
  ]);
});

test('offsets point at the words, and a title stays outside the name', () => {
  const text = 'Bonjour,\n\nM. Dupont viendra avec Sophie Martin.\n';
  for (const m of findNames(text)) assert.equal(text.slice(m.start, m.end), m.text);
  assert.deepEqual(short(text), ['PER:Dupont:honorific', 'PER:Sophie Martin:first-name']);
});

test('capitalised words that only begin a sentence, greetings, days and formats are no names', () => {
  assert.deepEqual(
    short('Merci pour le PDF. Lundi, Nous verrons. Thanks, Best regards. Total TTC : 12 EUR.'),
    [],
  );
  assert.deepEqual(short('Dear Sir,\nChère Madame,'), [], 'a title alone names nobody');
  assert.deepEqual(short('tout en minuscules, jean dupont et paris'), [], 'no capital, no name');
});

test("the case's gazetteer links a surname alone and a name written in another order to the identity", () => {
  const ids = new IdentityResolver();
  ids.add('Jean Dupont', 'jean.dupont@avancer.example');
  ids.add('Marie Martin', 'marie.martin@avancer.example');
  const idn = ids.resolve();
  const dupont = idn.find((i) => i.addresses.includes('jean.dupont@avancer.example'))!.id;
  const martin = idn.find((i) => i.addresses.includes('marie.martin@avancer.example'))!.id;
  const g = buildGazetteer({ identities: idn, organisations: ['En Marche'] });
  assert.deepEqual(short('Dupont a signé. DUPONT Jean aussi, avec En Marche.', g), [
    `PER:Dupont:gazetteer:${dupont}`,
    `PER:DUPONT Jean:gazetteer:${dupont}`,
    'ORG:En Marche:gazetteer',
  ]);
  // "Martin" is also a first name: alone it links to nobody, after a title it is Marie Martin.
  assert.deepEqual(short('Voir avec Mme Martin demain.', g), [`PER:Martin:honorific:${martin}`]);
  assert.deepEqual(
    short(
      'Dupont a signé.',
      buildGazetteer({ identities: [...idn, { id: 'id-x', names: ['Paul Dupont'] }] }),
    ),
    ['PER:Dupont:gazetteer'],
    'a surname two identities carry is a person linked to neither',
  );
});

test('a huge text is scanned up to MAX_NAME_TEXT only, without error', () => {
  const text = `${'a '.repeat(MAX_NAME_TEXT / 2)}Jean Dupont`;
  assert.deepEqual(findNames(text), []);
  assert.ok(FIRST_NAMES.has('jean') && FIRST_NAMES.has('emily') && FIRST_NAMES.size > 5000);
});

test('labelled format: labels become spans over the plain text; a block without body is refused', () => {
  const { text, spans } = unlabel('Voir [[PER|Jean Dupont]] à [[LOC|Paris]].');
  assert.equal(text, 'Voir Jean Dupont à Paris.');
  assert.deepEqual(
    spans.map((s) => text.slice(s.start, s.end)),
    ['Jean Dupont', 'Paris'],
  );
  assert.throws(() => parseLabelledEmails('=== 1 fr\nFrom: A <a@x>', 'bad.txt'), /bad\.txt: block "1 fr"/);
});

const emails = readdirSync(join(FIXTURES, 'names'))
  .filter((f) => /^emails-\d+\.txt$/.test(f))
  .flatMap((f) => parseLabelledEmails(readFileSync(join(FIXTURES, 'names', f), 'utf8'), f));

test('on the labelled e-mails (FR and EN): person precision ≥ 0.85 and recall ≥ 0.7', () => {
  assert.ok(emails.length >= 60, `${emails.length} labelled e-mails`);
  assert.ok(emails.some((e) => e.lang === 'fr') && emails.some((e) => e.lang === 'en'));
  for (const lang of ['fr', 'en']) {
    const set = emails.filter((e) => e.lang === lang);
    const ids = new IdentityResolver();
    for (const e of set) for (const h of e.headerNames) ids.add(h.name, h.address);
    const g = buildGazetteer({ identities: ids.resolve() });
    const per = scoreSpans(set.map((e) => ({ gold: e.gold, found: findNames(e.body, g) }))).find(
      (s) => s.type === 'PER',
    )!;
    assert.ok(per.precision! >= 0.85, `${lang} person precision ${per.precision}`);
    assert.ok(per.recall! >= 0.7, `${lang} person recall ${per.recall}`);
  }
});

test('WikiANN samples: sentences and gold spans read from the real format', () => {
  for (const lang of ['en', 'fr']) {
    const s = parseIob(readFileSync(join(FIXTURES, 'names', `wikiann-${lang}-sample.txt`), 'utf8'));
    assert.equal(s.length, 60, `${lang}: 60 sentences`);
    for (const x of s)
      for (const g of x.gold)
        assert.equal(x.text.slice(g.start, g.end), g.text, 'span text matches its tokens');
    assert.ok(s.flatMap((x) => x.gold).some((g) => g.type === 'PER'));
  }
  const en = parseIob(readFileSync(join(FIXTURES, 'names', 'wikiann-en-sample.txt'), 'utf8'));
  const per = scoreSpans(en.map((x) => ({ gold: x.gold, found: findNames(x.text) })))[0]!;
  assert.ok(per.correct > 0 && per.correct <= per.found, 'the scorer counts exact matches only');
});
