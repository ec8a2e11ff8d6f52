/**
 * A generated case whose changes are known: messages signed here by mailauth's signer, then
 * altered with the demo generator's own tampering (src/demo/tamper.ts), beside benign copies.
 * Used by the verify, `show` and workbench tests of "what changed".
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWord, quotedPrintable } from '../../src/demo/mime-util.js';
import { Rng } from '../../src/demo/prng.js';
import { alterBody, alterSubject, benignReencode } from '../../src/demo/tamper.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';
import { verifyCase } from '../../src/verify/case.js';
import { addKeyFiles } from '../../src/verify/key-archive.js';
import { rsaKey, sign, type TestKey } from './helpers.js';

export const INSERTED =
  'Merci de faire le virement sur le compte FR76 3000 4000 0500 (Chypre) dès aujourd’hui.';
export const SUBJECT = 'Prévisionnel les législatives';
export const ADDED = ' – URGENT : virement';

const PARAGRAPHS = [
  'Salut Chloé,',
  'Voici la note sur la politique européenne que nous avions évoquée ensemble.',
  'Trois options se dégagent ; la deuxième me paraît la plus réaliste pour le comité.',
  'Les chiffres sont à confirmer avec l’équipe de Albi avant la fin de la semaine.',
  'À plus,',
];

/** multipart/alternative as clients write it: the same paragraphs as text and as HTML. */
export function alternative(
  id: string,
  subject = 'Note européenne',
  o: { wrap?: boolean; headers?: string[] } = {},
): string {
  // A client that hard-wraps its plain part at 40 columns: the words are the same.
  const text = PARAGRAPHS.map((p) => (o.wrap ? p.replace(/(.{30,40}) /g, '$1\n') : p)).join('\n\n');
  const html = `<div>${PARAGRAPHS.map((p) => `<p>${p.replace(/’/g, '&rsquo;')}</p>`).join('\n')}\n<p>Lien : <a href="https://avancer.example/note">la note</a></p></div>`;
  return [
    'From: Nathalie Marchand <nathalie@avancer.example>',
    'To: Chloé Perrin <chloe@avancer.example>',
    `Subject: ${encodeWord(subject)}`,
    'Date: Mon, 30 Jan 2017 12:29:57 +0000',
    `Message-ID: <${id}@avancer.example>`,
    ...(o.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(`${text}\n\nLien : la note <https://avancer.example/note>`),
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(html),
    '--b1--',
    '',
  ].join('\r\n');
}

export interface ChangeCase {
  dir: string;
  store: Store;
  cleanup(): void;
}

/**
 * Message-IDs and what was done to each:
 * - inserted@: a sentence inserted into the plain part only (the demo's body-altered);
 * - copy@ twice: in one mailbox untouched, in another with a sentence inserted (both parts);
 * - subject@: " – URGENT : virement" appended to its encoded Subject (the demo's header-altered);
 * - replaced@ twice: untouched, and with its Subject replaced (only the copy tells which header);
 * - topic@: its Subject replaced, no copy; its Thread-Topic and a reply (topic-reply@) keep the old one;
 * - wrapped@, benign-N@: authentic, one hard-wrapped, the others re-encoded benignly.
 */
export async function buildChangeCase(): Promise<ChangeCase> {
  const root = mkdtempSync(join(tmpdir(), 'leaklens-change-'));
  const key: TestKey = rsaKey(2048);
  const signed = (m: string) => sign(m, { domain: 'avancer.example', selector: 's2017', key });
  const inbox = join(root, 'dump', 'inbox');
  const sent = join(root, 'dump', 'sent');
  mkdirSync(inbox, { recursive: true });
  mkdirSync(sent, { recursive: true });
  writeFileSync(join(inbox, 'inserted.eml'), alterBody(await signed(alternative('inserted')), INSERTED));
  const copy = await signed(alternative('copy'));
  writeFileSync(join(sent, 'copy.eml'), copy);
  const bothParts = copy.replace(
    /Salut Chlo=C3=A9,/g,
    `Salut Chlo=C3=A9,\r\n\r\n${quotedPrintable(INSERTED)}`,
  );
  writeFileSync(join(inbox, 'copy.eml'), bothParts);
  const subj = await signed(alternative('subject', SUBJECT));
  writeFileSync(join(inbox, 'subject.eml'), alterSubject(subj, `${SUBJECT}${ADDED}`));
  const replaced = await signed(alternative('replaced', 'Budget Lyon'));
  writeFileSync(join(sent, 'replaced.eml'), replaced);
  writeFileSync(join(inbox, 'replaced.eml'), alterSubject(replaced, 'Virement Chypre'));
  // Outlook's Thread-Topic (unsigned) and a reply still call it "Budget Albi".
  const topic = await signed(alternative('topic', 'Budget Albi', { headers: ['Thread-Topic: Budget Albi'] }));
  writeFileSync(join(inbox, 'topic.eml'), alterSubject(topic, 'Virement Chypre'));
  const reply = alternative('topic-reply', 'RE: Budget Albi', {
    headers: ['In-Reply-To: <topic@avancer.example>'],
  });
  writeFileSync(join(inbox, 'topic-reply.eml'), await signed(reply));
  writeFileSync(join(inbox, 'wrapped.eml'), await signed(alternative('wrapped', 'Note', { wrap: true })));
  const rng = new Rng(2017);
  for (let i = 0; i < 6; i++)
    writeFileSync(
      join(inbox, `benign-${i}.eml`),
      benignReencode(rng, await signed(alternative(`benign-${i}`))).raw,
    );
  writeFileSync(
    join(root, 'keys.zone'),
    `$ORIGIN avancer.example.\ns2017._domainkey IN TXT "${key.record.slice(0, 120)}" "${key.record.slice(120)}"\n`,
  );
  const dir = join(root, 'case');
  const store = Store.open(dir);
  await ingestPaths(store, [join(root, 'dump')], { workers: 0, silent: true });
  addKeyFiles(store, [join(root, 'keys.zone')]);
  await verifyCase(store, { silent: true });
  return {
    dir,
    store,
    cleanup: () => {
      store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Item id of the copy of `messageId` found under `mailbox` ('inbox' or 'sent'). */
export function idAt(store: Store, messageId: string, mailbox = 'inbox'): string {
  const row = store.db
    .prepare(
      `SELECT e.id FROM emails e JOIN items i ON i.id = e.id WHERE e.message_id = ? AND i.provenance LIKE ?`,
    )
    .get(messageId, `%${mailbox}/%`) as { id: string } | undefined;
  if (!row) throw new Error(`no ${messageId} in ${mailbox}`);
  return row.id;
}
