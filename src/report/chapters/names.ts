import { itemsNaming, namedInText } from '../../analyze/names/read.js';
import { fmt, htmlTable } from '../html.js';
import type { ReportContext } from './context.js';

const LABEL = { PER: 'People', ORG: 'Organisations', LOC: 'Places' } as const;

/**
 * Part of chapter 5 (what is in it): the people, organisations and places most named in the text
 * of e-mails and documents (names found by triage in running text, not in headers), each with the
 * identity it was linked to and the items that name it.
 */
export async function namedInTextSection(ctx: ReportContext, perType = 10): Promise<string> {
  const db = ctx.db;
  const out: string[] = [];
  for (const type of ['PER', 'ORG', 'LOC'] as const) {
    const rows = await namedInText(db, { type, limit: perType });
    if (!rows.length) continue;
    // Read before citing: references are numbered in the order they are cited.
    const naming: string[][] = [];
    for (const r of rows) naming.push(await itemsNaming(db, r.type, r.key, 5));
    out.push(
      `<h4>${LABEL[type]}</h4>`,
      htmlTable(
        ['name', 'mentions', 'items', ...(type === 'PER' ? ['identity'] : []), 'examples'],
        rows.map((r, i) => [
          r.text,
          fmt(r.mentions),
          fmt(r.items),
          ...(type === 'PER'
            ? [
                r.identity
                  ? `${r.identity.name}${r.identity.addresses[0] ? ` <${r.identity.addresses[0]}>` : ''}`
                  : '',
              ]
            : []),
          { html: ctx.refs.citeAll(naming[i] ?? [], 5) },
        ]),
      ),
    );
  }
  if (!out.length) return '';
  return [
    '<h3 id="named">Named in the text</h3>',
    '<p>People, organisations and places written in the bodies of e-mails and in documents (not only in headers or metadata), most mentioned first; a person is shown with the identity of the case the name was matched with.</p>',
    ...out,
  ].join('\n');
}
