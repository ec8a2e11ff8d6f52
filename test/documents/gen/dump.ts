import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDocx, makeXlsx } from './office.js';
import { makePdf, withOffset } from './pdf.js';

/**
 * A small dump that mixes an organisation's documents (French, Latin-script names, Paris time)
 * with documents planted by an outside editor (Cyrillic name, Russian-language Office, UTC+3,
 * four minutes apart), one of them attached to an e-mail sent before it was last modified.
 */
export const OUTSIDER = 'Рошка Георгий Петрович';
const STAFF = ['Jean Dupont', 'Marie Martin', 'Paul Durand', 'Claire Petit'];
const FR =
  'Le comité de campagne a validé le budget des déplacements pour le mois de mars et les factures sont jointes.';

export async function writeDump(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 6; i++) {
    const who = STAFF[i % STAFF.length]!;
    writeFileSync(
      join(dir, `note-${i}.docx`),
      makeDocx({
        author: who,
        lastModifiedBy: STAFF[(i + 1) % STAFF.length],
        created: `2017-02-0${i + 1}T09:00:00Z`,
        modified: `2017-02-0${i + 1}T10:00:00Z`,
        application: 'Microsoft Office Word',
        appVersion: '16.0000',
        language: 'fr-FR',
        paragraphs: [FR],
        templatePath:
          i === 0 ? 'C:\\Users\\jdupont\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm' : undefined,
      }),
    );
  }
  for (let i = 0; i < 5; i++) {
    const pdf = await makePdf({
      author: STAFF[i % STAFF.length],
      creator: 'Microsoft Word',
      created: new Date(Date.UTC(2017, 2, 10 + i, 8)),
      modified: new Date(Date.UTC(2017, 2, 10 + i, 8, 30)),
      pages: [FR],
    });
    const stamp = (d: Date) => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
    const local = (d: Date, h: number) =>
      `D:${new Date(d.getTime() + h * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0${h}'00'`;
    const c = new Date(Date.UTC(2017, 2, 10 + i, 8));
    const m = new Date(Date.UTC(2017, 2, 10 + i, 8, 30));
    const h = i < 3 ? 1 : 2;
    writeFileSync(
      join(dir, `compte-rendu-${i}.pdf`),
      withOffset(withOffset(pdf, stamp(c), local(c, h)), stamp(m), local(m, h)),
    );
  }
  // The planted batch: three spreadsheets last saved by the outsider within four minutes.
  for (let i = 0; i < 3; i++) {
    const xlsx = makeXlsx(
      {
        author: STAFF[0],
        lastModifiedBy: OUTSIDER,
        created: '2017-01-15T09:00:00Z',
        modified: `2017-03-27T11:0${1 + i * 2}:00Z`,
        application: 'Microsoft Excel',
        appVersion: '16.0300',
        language: 'ru-RU',
      },
      [
        {
          name: 'Virements',
          rows: [
            ['Compte', 'Montant'],
            ['FR76 3000 4000', '250000'],
          ],
        },
      ],
    );
    if (i < 2) writeFileSync(join(dir, `virements-${i}.xlsx`), xlsx);
    else writeFileSync(join(dir, 'mail.eml'), eml(xlsx));
  }
  // Written on a machine set to UTC+3.
  const ru = await makePdf({
    author: OUTSIDER,
    creator: 'Microsoft Word',
    created: new Date('2017-03-27T11:10:00Z'),
    pages: [FR],
  });
  writeFileSync(join(dir, 'annexe.pdf'), withOffset(ru, 'D:20170327111000Z', "D:20170327141000+03'00'"));
}

/** An e-mail sent at 10:00 UTC carrying a spreadsheet last modified at 11:05 UTC the same day. */
function eml(att: Buffer): Buffer {
  const b64 = att.toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      'From: Jean Dupont <jean.dupont@en-marche.fr>',
      'To: Marie Martin <marie.martin@en-marche.fr>',
      'Subject: Virements',
      'Date: Mon, 27 Mar 2017 12:00:00 +0200',
      'Message-ID: <planted-1@en-marche.fr>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Voici les virements.',
      '--b1',
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name="virements-2.xlsx"',
      'Content-Disposition: attachment; filename="virements-2.xlsx"',
      'Content-Transfer-Encoding: base64',
      '',
      b64,
      '--b1--',
      '',
    ].join('\r\n'),
  );
}
