import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestPaths } from '../../src/ingest/manager.js';
import { search } from '../../src/search/search.js';
import type { Store } from '../../src/store/store.js';
import { tempCase, tempDir } from '../helpers.js';

interface Msg {
  file: string;
  from: string;
  to: string;
  subject: string;
  date: string;
  body: string;
  attachment?: { name: string; text: string };
}

const MSGS: Msg[] = [
  {
    file: 'm1.eml',
    from: 'Jean Dupont <jean.dupont@campagne.example>',
    to: 'compta@campagne.example',
    subject: 'Factures du mois',
    date: 'Tue, 28 Mar 2017 10:00:00 +0200',
    body: 'Bonjour, voici les factures à payer avant la réunion. Cordialement, Jean',
  },
  {
    file: 'm2.eml',
    from: 'Marie Curie <marie@banque.example>',
    to: 'jean.dupont@campagne.example',
    subject: 'Re: Factures du mois',
    date: 'Wed, 29 Mar 2017 09:30:00 +0200',
    body: "La facture a été payée hier. Merci pour l'envoi du relevé.",
  },
  {
    file: 'm3.eml',
    from: 'Bob Smith <bob@press.example>',
    to: 'jean.dupont@campagne.example',
    subject: 'Meeting notes',
    date: 'Mon, 03 Apr 2017 16:00:00 +0000',
    body: 'Thanks for the meetings yesterday. The budget review is scheduled for Friday.',
  },
  {
    file: 'm4.eml',
    from: 'Alice <alice@campagne.example>',
    to: 'bob@press.example',
    subject: 'Ordre du jour',
    date: 'Thu, 06 Apr 2017 08:00:00 +0200',
    body: "Voici l'ordre du jour de la reunion de vendredi: budget, presse, meeting.",
    attachment: {
      name: 'contrat-edition.txt',
      text: "Contrat d'édition entre les parties, avance de 5 000 euros.",
    },
  },
  {
    file: 'm5.eml',
    from: 'Newsletter <news@shop.example>',
    to: 'jean.dupont@campagne.example',
    subject: 'Promotions',
    date: 'Fri, 07 Apr 2017 12:00:00 +0000',
    body: 'Newsletter: this week only, invoices paid online get a discount.',
  },
];

function eml(m: Msg): string {
  const head = `From: ${m.from}\r\nTo: ${m.to}\r\nSubject: ${m.subject}\r\nDate: ${m.date}\r\nMessage-ID: <${m.file}@test.example>\r\nMIME-Version: 1.0\r\n`;
  if (!m.attachment)
    return `${head}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${m.body}\r\n`;
  return (
    `${head}Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${m.body}\r\n` +
    `--b1\r\nContent-Type: text/plain; charset=utf-8; name="${m.attachment.name}"\r\nContent-Disposition: attachment; filename="${m.attachment.name}"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${m.attachment.text}\r\n--b1--\r\n`
  );
}

async function corpus(t: Parameters<typeof tempCase>[0]): Promise<Store> {
  const dir = tempDir(t);
  for (const m of MSGS) writeFileSync(join(dir, m.file), eml(m));
  const store = tempCase(t);
  await ingestPaths(store, [dir], { workers: 1, silent: true });
  return store;
}

const subjects = (store: Store, q: string, sort?: 'date' | 'date-asc') =>
  search(store, q, { limit: 50, sort }).hits.map((h) => h.subject ?? h.filename);

test('search: accents, French and English inflections, from either form', async (t) => {
  const store = await corpus(t);
  assert.deepEqual(subjects(store, 'reunion', 'date-asc'), ['Factures du mois', 'Ordre du jour']); // réunion / reunion
  assert.deepEqual(subjects(store, 'réunion', 'date-asc'), ['Factures du mois', 'Ordre du jour']);
  assert.deepEqual(subjects(store, 'facture', 'date-asc'), ['Factures du mois', 'Re: Factures du mois']);
  assert.deepEqual(subjects(store, 'factures', 'date-asc'), ['Factures du mois', 'Re: Factures du mois']);
  assert.deepEqual(subjects(store, 'payer', 'date-asc'), ['Factures du mois', 'Re: Factures du mois']); // payer / payée
  assert.deepEqual(subjects(store, 'payé', 'date-asc'), ['Factures du mois', 'Re: Factures du mois']);
  assert.deepEqual(subjects(store, 'meeting', 'date-asc'), ['Meeting notes', 'Ordre du jour']);
  assert.deepEqual(subjects(store, 'meetings', 'date-asc'), ['Meeting notes', 'Ordre du jour']);
  assert.deepEqual(subjects(store, 'invoice'), ['Promotions']);
});

test('search: phrases, OR, NOT, field filters and dates', async (t) => {
  const store = await corpus(t);
  assert.deepEqual(subjects(store, '"ordre du jour"'), ['Ordre du jour']);
  assert.deepEqual(subjects(store, '"jour du ordre"'), []);
  assert.deepEqual(subjects(store, 'budget OR newsletter', 'date-asc'), [
    'Meeting notes',
    'Ordre du jour',
    'Promotions',
  ]);
  assert.deepEqual(subjects(store, 'budget -vendredi'), ['Meeting notes']);
  assert.deepEqual(subjects(store, 'budget NOT vendredi'), ['Meeting notes']);
  assert.deepEqual(subjects(store, 'from:marie'), ['Re: Factures du mois']);
  assert.deepEqual(subjects(store, 'to:bob@press.example'), ['Ordre du jour']);
  assert.deepEqual(subjects(store, 'subject:factures', 'date-asc'), [
    'Factures du mois',
    'Re: Factures du mois',
  ]);
  assert.deepEqual(subjects(store, 'subject:budget'), []);
  // filename: finds the message carrying the attachment and the attachment itself
  assert.deepEqual(
    new Set(subjects(store, 'filename:contrat')),
    new Set(['Ordre du jour', 'contrat-edition.txt']),
  );
  assert.deepEqual(subjects(store, 'has:attachment'), ['Ordre du jour']);
  assert.deepEqual(subjects(store, 'after:2017-04-01 kind:email', 'date-asc'), [
    'Meeting notes',
    'Ordre du jour',
    'Promotions',
  ]);
  assert.deepEqual(subjects(store, 'before:2017-03-29 kind:email'), ['Factures du mois']);
  // text of a text-like attachment is searchable (and its name finds the message carrying it)
  assert.deepEqual(new Set(subjects(store, 'édition')), new Set(['contrat-edition.txt', 'Ordre du jour']));
  assert.deepEqual(subjects(store, 'avance'), ['contrat-edition.txt']);
});

test('search: order, paging, totals, snippets and facets', async (t) => {
  const store = await corpus(t);
  const all = search(store, 'kind:email', { sort: 'date', limit: 2, offset: 1, facets: true });
  assert.equal(all.total, 5);
  assert.deepEqual(
    all.hits.map((h) => h.subject),
    ['Ordre du jour', 'Meeting notes'],
  );
  assert.deepEqual(all.facets!.domain![0], { value: 'campagne.example', count: 2 });
  assert.equal(all.facets!.month!.find((m) => m.value === '2017-04')!.count, 3);
  const hit = search(store, 'payées').hits.find((h) => h.subject === 'Re: Factures du mois')!;
  assert.match(hit.snippet, /<mark>payée<\/mark>/);
  const rel = search(store, 'factures');
  assert.equal(rel.hits[0]!.subject, 'Factures du mois', 'subject match ranks first');
  assert.throws(() => search(store, 'nosuchfilter:x'), /unknown search filter "nosuchfilter:"/);
});
