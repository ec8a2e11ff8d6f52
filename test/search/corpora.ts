import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The search suite's test corpora, shared by its tests and by the backend contract test
 * (backends.test.ts), which ingests them into SQLite and PostgreSQL and compares every query.
 */
export interface Msg {
  file: string;
  from: string;
  to: string;
  subject: string;
  date: string;
  body: string;
  attachment?: { name: string; text: string };
}

export const MSGS: Msg[] = [
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

export function eml(m: Msg): string {
  const head = `From: ${m.from}\r\nTo: ${m.to}\r\nSubject: ${m.subject}\r\nDate: ${m.date}\r\nMessage-ID: <${m.file}@test.example>\r\nMIME-Version: 1.0\r\n`;
  if (!m.attachment)
    return `${head}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${m.body}\r\n`;
  return (
    `${head}Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${m.body}\r\n` +
    `--b1\r\nContent-Type: text/plain; charset=utf-8; name="${m.attachment.name}"\r\nContent-Disposition: attachment; filename="${m.attachment.name}"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${m.attachment.text}\r\n--b1--\r\n`
  );
}

/** Writes the messages of the main search corpus into `dir`. */
export function writeSearchCorpus(dir: string): void {
  for (const m of MSGS) writeFileSync(join(dir, m.file), eml(m));
}

/** RFC 2047 encoded-word, as mail clients write a non-ASCII display name. */
const word = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

function nameEml(file: string, from: string, subject: string): string {
  return `From: ${from}\r\nTo: redaction@journal.example\r\nSubject: ${subject}\r\nDate: Mon, 27 Mar 2017 10:00:00 +0300\r\nMessage-ID: <${file}@test.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour, voici le fichier.\r\n`;
}

/** Writes the names corpus (a Cyrillic and a Latin Roshka, and Jean Dupont) into `dir`. */
export function writeNamesCorpus(dir: string): void {
  writeFileSync(
    join(dir, 'cyr.eml'),
    nameEml('cyr', `${word('Георгий Рошка')} <g.r@mail.example>`, 'Budget'),
  );
  writeFileSync(join(dir, 'lat.eml'), nameEml('lat', 'Georgiy Roshka <georgiy@other.example>', 'Planning'));
  writeFileSync(join(dir, 'other.eml'), nameEml('other', 'Jean Dupont <jean@campagne.example>', 'Factures'));
}
