import { createHash } from 'node:crypto';
import { MIME } from './attachments.js';
import { makeContent } from './content.js';
import type { DocMeta } from './docs/doc-meta.js';
import { writeDocx, writeXlsx } from './docs/ooxml.js';
import { writePdf } from './docs/pdf.js';
import type { Attachment } from './email-writer.js';
import type { MailContext } from './mail-corpus.js';
import { isoLocal } from './mime-util.js';
import { plantOne } from './planted.js';
import type { PlantedDocument, PlantedEmail } from './truth.js';

/** The outside editor of the planted documents: Cyrillic name, Russian Office, Moscow clock. */
export const OUTSIDE_EDITOR = 'Рошка Георгий Петрович';
/** They edited every planted document within a few minutes on this day (Moscow time 13:10). */
const OUTSIDE_EDIT_AT = Date.UTC(2017, 2, 27, 10, 10, 0);

/** Documents edited by the outside editor, attached to fabricated messages sent before those edits. */
export async function outsideDocuments(
  ctx: MailContext,
  n: number,
  carriers: number,
): Promise<{ emails: PlantedEmail[]; docs: PlantedDocument[] }> {
  const { rng, org } = ctx;
  const groups: Attachment[][] = Array.from({ length: carriers }, () => []);
  const docs: PlantedDocument[] = [];
  for (let i = 0; i < n; i++) {
    const author = rng.pick(org.staff.slice(0, 6));
    const type = i === n - 1 ? 'pdf' : i === n - 2 ? 'docx' : 'xlsx';
    const c = makeContent(rng, 'budget', 'fr', org.staff, OUTSIDE_EDIT_AT);
    const modified = OUTSIDE_EDIT_AT + Math.floor((i * 240_000) / Math.max(1, n - 1)) + rng.int(0, 20) * 1000;
    const m: DocMeta = {
      title: c.docTitle,
      // A PDF has no last-modified-by: the editor's export names them as its author.
      author: type === 'pdf' ? OUTSIDE_EDITOR : author.name,
      lastModifiedBy: OUTSIDE_EDITOR,
      created: modified - rng.int(30, 90) * 86_400_000,
      modified,
      offsetMin: 180,
      application: type === 'xlsx' ? 'Microsoft Excel' : 'Microsoft Office Word',
      appVersion: '12.0000',
      company: 'Avancer',
      language: 'ru-RU',
      totalEditingMinutes: rng.int(1, 3),
      revision: rng.int(2, 5),
      savedPath: 'C:\\Users\\roshka\\Documents\\',
    };
    const rows = c.docLines
      .slice(0, 8)
      .map((l, k): [string, number] => [l.slice(0, 60), (k + 1) * rng.int(900, 90_000)]);
    const data =
      type === 'xlsx'
        ? writeXlsx(m, rows)
        : type === 'docx'
          ? writeDocx(m, c.docLines)
          : await writePdf(m, c.docLines, 'Microsoft Office Word 2007');
    const filename = `Budget_${['Lyon', 'Marseille', 'Lille', 'Nice', 'Pau', 'Albi', 'Arras', 'Dijon', 'Rennes'][i % 9]}_${i + 1}.${type}`;
    (groups[i % carriers] as Attachment[]).push({ filename, mime: MIME[type] as string, data });
    docs.push({
      filename,
      sha256: createHash('sha256').update(data).digest('hex'),
      carriedBy: '',
      author: m.author,
      lastModifiedBy: OUTSIDE_EDITOR,
      language: 'ru-RU',
      application: m.application,
      appVersion: m.appVersion,
      modified: isoLocal(modified, 180),
      timezoneOffset: 180,
      // OOXML dates are UTC: only the PDF states its +03'00' offset (the zip entry times imply it).
      expectedFlags: [
        'foreign-script',
        'foreign-language',
        ...(type === 'pdf' ? ['foreign-timezone'] : []),
        'modified-after-email',
        'edit-burst',
      ],
    });
  }
  const emails: PlantedEmail[] = [];
  for (const [g, atts] of groups.entries()) {
    const at = OUTSIDE_EDIT_AT - rng.int(2, 6) * 86_400_000 - rng.int(0, 36_000) * 1000;
    const e = await plantOne(ctx, 'fabricated', atts, at);
    emails.push(e);
    docs.forEach((d, i) => {
      if (i % carriers === g) d.carriedBy = e.messageId;
    });
  }
  return { emails, docs };
}
