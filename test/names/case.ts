import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTriage } from '../../src/analyze/triage-stage.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers.js';
import { rfc822 } from '../triage/gen-dump.js';

/**
 * A small case whose truth is known: Jean Dupont writes to Sophie Martin; Sophie writes to the
 * bank that "M. Dupont" validated a transfer with the Banque Lumière in Rennes; a text document
 * names Jean Dupont, Odile Vautrin and Lyon. Ingested and triaged.
 */
const MAILS = [
  {
    file: 'a.eml',
    from: 'Jean Dupont <jean.dupont@avancer.example>',
    to: 'Sophie Martin <sophie.martin@avancer.example>',
    subject: 'Budget',
    date: 'Mon, 3 Apr 2017 10:00:00 +0200',
    messageId: '<a@avancer.example>',
    body: 'Bonjour Sophie,\n\nLe budget est prêt.\n\nCordialement,\nJean Dupont',
  },
  {
    file: 'b.eml',
    from: 'Sophie Martin <sophie.martin@avancer.example>',
    to: 'Marc Lefebvre <marc@banque.example>',
    subject: 'Virement',
    date: 'Tue, 4 Apr 2017 10:00:00 +0200',
    messageId: '<b@avancer.example>',
    body: 'Bonjour,\n\nM. Dupont a validé le virement avec la Banque Lumière à Rennes.\n\nSophie',
  },
];

export async function planted(t: Parameters<typeof tempDir>[0]) {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'dump'));
  for (const m of MAILS) writeFileSync(join(dir, 'dump', m.file), rfc822(m));
  writeFileSync(
    join(dir, 'dump', 'compte-rendu.txt'),
    'Compte rendu : Jean Dupont et Odile Vautrin se sont vus à Lyon.\n',
  );
  const store = Store.open(join(dir, 'case'));
  t.after(() => store.close());
  await ingestPaths(store, [join(dir, 'dump')], { silent: true });
  await runTriage(store, { silent: true });
  return { store, caseDir: join(dir, 'case') };
}
