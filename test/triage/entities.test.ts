import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findAmounts, parseAmount } from '../../src/analyze/entities/amounts.js';
import { findCards, luhnOk } from '../../src/analyze/entities/cards.js';
import { findDates } from '../../src/analyze/entities/dates.js';
import { findIbans, validIban } from '../../src/analyze/entities/iban.js';
import { extractEntities } from '../../src/analyze/entities/index.js';
import { findSignatureNames } from '../../src/analyze/entities/names.js';
import { findIps, findUrlsAndDomains } from '../../src/analyze/entities/net.js';
import { findPhones } from '../../src/analyze/entities/phones.js';

// Example IBANs published by the banks/registries (SWIFT IBAN registry examples), valid checksums.
const VALID = [
  'FR14 2004 1010 0505 0001 3M02 606',
  'DE89 3704 0044 0532 0130 00',
  'GB82 WEST 1234 5698 7654 32',
  'BE68 5390 0754 7034',
];

test('iban: registry examples are found and normalised; one changed digit is rejected', () => {
  for (const v of VALID) assert.equal(validIban(v), v.replace(/ /g, ''), v);
  assert.equal(validIban('FR14 2004 1010 0505 0001 3M02 607'), null);
  assert.equal(validIban('DE89 3704 0044 0532 0130 0'), null, 'wrong length for DE');
  const text = `Merci de virer sur ${VALID[0]} (et non FR14 2004 1010 0505 0001 3M02 607), ou DE89370400440532013000.`;
  assert.deepEqual(
    findIbans(text).map((e) => e.normalized),
    ['FR1420041010050500013M02606', 'DE89370400440532013000'],
  );
  const e = findIbans(text)[0]!;
  assert.equal(text.slice(e.start, e.end), VALID[0]);
});

test('cards: Luhn-valid numbers with a known IIN only', () => {
  assert.ok(luhnOk('4970101234567893'));
  assert.ok(!luhnOk('4970101234567894'));
  const found = findCards(
    'Visa 4970 1012 3456 7893, faux 4970 1012 3456 7894, Amex 3782 822463 10005, commande 1234567890123, tel 0000 0000 0000 0000',
  );
  assert.deepEqual(
    found.map((e) => e.normalized),
    ['4970101234567893', '378282246310005'],
  );
});

test('amounts: French and English writings with currency', () => {
  const text =
    'Total : 1 234,56 € TTC ; acompte €1,234.56 ; solde EUR 1234 ; prix 1.234,56 EUR ; $5,000 ; 15 k€ ; 2,5 M€ ; 3 ans ; 12 euros ; 7 500 CHF';
  assert.deepEqual(
    findAmounts(text).map((e) => e.normalized),
    [
      'EUR 1234.56',
      'EUR 1234.56',
      'EUR 1234',
      'EUR 1234.56',
      'USD 5000',
      'EUR 15000',
      'EUR 2500000',
      'EUR 12',
      'CHF 7500',
    ],
  );
  assert.equal(parseAmount('1,5'), 1.5);
  assert.equal(parseAmount('1.234.567'), 1234567);
  assert.equal(parseAmount('1,234,567.89'), 1234567.89);
  assert.deepEqual(findAmounts('page 12, article 3.4, année 2017'), []);
});

test('phones: normalised to E.164; numbers that only look like phones are rejected', () => {
  const text =
    'Tél : 01 42 92 81 00, portable +33 6 12 34 56 78, London +44 20 7946 0958, US (202) 456-1111.';
  assert.deepEqual(
    findPhones(text).map((e) => e.normalized),
    ['+33142928100', '+33612345678', '+442079460958', '+12024561111'],
  );
  const lookalikes =
    'commande 20170505123, date 05/05/2017, montant 1 234 567,89, ref 0000000000, version 1.2.3.4, 12345';
  assert.deepEqual(findPhones(lookalikes), []);
});

test('dates, URLs, domains and IPs', () => {
  assert.deepEqual(
    findDates('le 5 mai 2017, 05/05/2017, 2017-05-06, May 7, 2017, 1er mars 2017, 31/02/2017').map(
      (e) => e.normalized,
    ),
    ['2017-05-05', '2017-05-05', '2017-05-06', '2017-05-07', '2017-03-01'],
  );
  const net = findUrlsAndDomains(
    'Voir https://en-marche.fr/dons?x=1. et www.example.com, le site lemonde.fr, mais pas rapport.pdf',
  );
  assert.deepEqual(
    net.filter((e) => e.type === 'url').map((e) => e.value),
    ['https://en-marche.fr/dons?x=1', 'www.example.com'],
  );
  assert.deepEqual(
    net
      .filter((e) => e.type === 'domain')
      .map((e) => e.normalized)
      .sort(),
    ['en-marche.fr', 'example.com', 'lemonde.fr'],
  );
  assert.deepEqual(
    findIps('from 192.168.1.20 and 2001:db8::1. Not 999.1.1.1 nor 10:30:00').map((e) => e.normalized),
    ['192.168.1.20', '2001:db8::1'],
  );
});

test('signature names after closing formulas, not greetings', () => {
  const names = findSignatureNames(
    'Bonjour Paul,\nVoici.\n\nCordialement,\n\nJean-Marie DUPONT\nTrésorier\n\n-- \nMarie Curie\n\nBien à vous,\nMerci encore',
  );
  assert.deepEqual(
    names.map((n) => [n.value, n.normalized]),
    [
      ['Jean-Marie DUPONT', 'Jean-Marie Dupont'],
      ['Marie Curie', 'Marie Curie'],
    ],
  );
});

test('extractEntities: a planted text yields exactly the planted values, with exact offsets', () => {
  const text = [
    'Bonjour,',
    'Merci de régler 1 234,56 € par virement sur FR14 2004 1010 0505 0001 3M02 606 avant le 15/05/2017.',
    'IBAN erroné : FR14 2004 1010 0505 0001 3M02 607. Carte 4970 1012 3456 7893. Réf commande 20170505123.',
    'Contact : jean.dupont@example.fr, 06 12 34 56 78, https://example.fr/facture/42 depuis 10.0.0.7.',
    '',
    'Cordialement,',
    'Jean Dupont',
  ].join('\n');
  const es = extractEntities(text);
  for (const e of es)
    assert.equal(
      text.slice(e.start, e.end),
      e.type === 'domain' ? text.slice(e.start, e.end) : e.value,
      `${e.type} offsets`,
    );
  const got = es.map((e) => `${e.type}:${e.normalized}`).sort();
  assert.deepEqual(got, [
    'amount:EUR 1234.56',
    'card:4970101234567893',
    'date:2017-05-15',
    'domain:example.fr',
    'email:jean.dupont@example.fr',
    'iban:FR1420041010050500013M02606',
    'ip:10.0.0.7',
    'person:Jean Dupont',
    'phone:+33612345678',
    'url:https://example.fr/facture/42',
  ]);
});

test('iban look-alikes: right shape and length, wrong check digits', async () => {
  const { findIbanLookalikes } = await import('../../src/analyze/entities/iban.js');
  const text =
    'virement sur FR76 3000 4000 0500 0012 3456 789 ; le bon : FR14 2004 1010 0505 0001 3M02 606 ; ref FR12 34';
  assert.deepEqual(
    findIbanLookalikes(text).map((e) => e.normalized),
    ['FR7630004000050000123456789'],
  );
  assert.deepEqual(
    findIbans(text).map((e) => e.normalized),
    ['FR1420041010050500013M02606'],
  );
});
