import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDump } from '../documents/gen/dump.js';
import { FIXTURES as ALL_FIXTURES } from '../helpers.js';
import { FIXTURES, plainMessage, rsaKey, sign } from '../verify/helpers.js';
import { writeKeyArchive } from './services.js';

/**
 * The dump the team case-page tests ingest twice (a laptop case and a team case): shared by
 * test/team/pages.test.ts (the workbench's pages) and test/team/report.test.ts (the report and
 * the command-line readers).
 */

const dateAt = (day: number, zone = '+0200') =>
  `${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][day % 7]}, ${day} May 2017 10:00:00 ${zone}`;

/** A message of the generated signed mail (as test/team/verify.test.ts makes them). */
function message(i: number, o: { inReplyTo?: string; day?: number; from?: string } = {}): string {
  const day = o.day ?? (i % 28) + 1;
  return plainMessage({ date: dateAt(day), body: `Message ${i}\r\n`, from: o.from })
    .replace(
      'Message-ID: <20170505180000.12345@example.fr>',
      `Message-ID: <m${i}@example.fr>${o.inReplyTo ? `\r\nIn-Reply-To: <${o.inReplyTo}>` : ''}`,
    )
    .replace(/Fri, 5 May 2017 20:00:0(\d) \+0200/g, (_m, s: string) =>
      dateAt(day).replace('10:00:00', `10:00:0${s}`),
    );
}

/**
 * The dump: signed mail of example.fr with one message altered after signing and an unsigned one
 * claiming the domain (a fabricated message), the real signed messages of the verify fixtures with
 * their keys, a real mbox with a thread and an e-mail with attachments, and office documents of
 * which some were last edited by an outsider whose name is in Cyrillic script.
 */
export async function makePagesDump(dir: string): Promise<{ dump: string; keyFiles: string[] }> {
  const key = rsaKey(2048);
  const dump = join(dir, 'dump');
  const gen = join(dump, 'mail', 'signed');
  mkdirSync(gen, { recursive: true });
  const signed = (m: string) => sign(m, { domain: 'example.fr', selector: 's2017', key });
  for (let i = 0; i < 14; i++)
    writeFileSync(
      join(gen, `m${i}.eml`),
      await signed(
        message(
          i,
          i % 3 ? {} : { from: 'paul@example.fr', inReplyTo: i ? `m${i - 3}@example.fr` : undefined },
        ),
      ),
    );
  const m20 = await signed(message(20, { day: 4 }));
  writeFileSync(join(gen, 'm20.eml'), m20.replace('Message 20', 'Message 20 (virement modifié)'));
  writeFileSync(join(gen, 'm21.eml'), message(21, { day: 5, inReplyTo: 'm3@example.fr' }));
  const real = join(dump, 'mail', 'real');
  mkdirSync(real, { recursive: true });
  // One message per Message-ID: the team ingest does not yet run the laptop's post-ingest pass that
  // flags different messages sharing one (src/ingest/post-ingest.ts, the ingest area's), so a dump
  // with such pairs differs in its flags before any page reads them.
  const seen = new Set<string>();
  for (const sub of ['mailauth/real', 'rfc6376'])
    for (const f of readdirSync(join(FIXTURES, sub)).filter((n) => n.endsWith('.eml'))) {
      const id =
        /^message-id:\s*(.+)$/im.exec(readFileSync(join(FIXTURES, sub, f), 'latin1'))?.[1]?.trim() ?? f;
      if (seen.has(id)) continue;
      seen.add(id);
      copyFileSync(join(FIXTURES, sub, f), join(real, f));
    }
  cpSync(join(ALL_FIXTURES, 'mail/tika-mail/complex.mbox'), join(dump, 'mail', 'complex.mbox'));
  cpSync(
    join(ALL_FIXTURES, 'mail/tika-mail/testRFC822_multipart_attachments.eml'),
    join(dump, 'mail', 'attachments.eml'),
  );
  await writeDump(join(dump, 'docs'));
  return { dump, keyFiles: writeKeyArchive(dir, key) };
}
