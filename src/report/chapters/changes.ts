/**
 * The authenticity chapter's "What was changed": for each altered message, the text inserted
 * after signing (from the diff against a verified copy or the other MIME part) and the signed
 * header that differs, read through the one item reader (search/item.ts) the CLI and workbench use.
 */
import { getItem, type ItemView } from '../../search/item.js';
import { alteredMessages } from '../../verify/queries.js';
import { esc, fmt, htmlTable } from '../html.js';
import type { ReportContext } from './context.js';

/** Rows shown; the rest are one search away. */
const MAX_ROWS = 60;
/** Characters of inserted text quoted per message. */
const QUOTE_CHARS = 300;

export async function changesSection(ctx: ReportContext): Promise<string> {
  const db = ctx.db;
  const ids = await alteredMessages(db);
  const items: [string, ItemView | undefined][] = [];
  for (const id of ids) items.push([id, await getItem(db, id)]);
  const rows = items.flatMap(([id, item]) => {
    const c = item?.change;
    if (!item || !c || (!c.inserted.length && !c.headerChanges.length)) return [];
    const inserted = c.inserted.join(' … ');
    const header = c.headerChanges
      .map((h) =>
        h.signedCopyValue === null && h.expectedValue
          ? `${h.header} (probably): "${h.expectedValue}" → "${h.thisValue ?? '(absent)'}"`
          : `${h.header}: "${h.signedCopyValue ?? '(absent)'}" → "${h.thisValue ?? '(absent)'}"`,
      )
      .join('; ');
    return [
      [
        { html: ctx.refs.cite(id) },
        item.email?.subject ?? '',
        inserted
          ? {
              html: `<ins>${esc(inserted.length > QUOTE_CHARS ? `${inserted.slice(0, QUOTE_CHARS)}…` : inserted)}</ins>`,
            }
          : '',
        c.inserted.length ? (c.against === 'verified-copy' ? 'a copy that verifies' : 'its HTML part') : '',
        header,
      ],
    ];
  });
  if (!rows.length) return '';
  return [
    '<h3>What was changed</h3>',
    `<p>${rows.length === 1 ? 'One message was' : `${fmt(rows.length)} messages were`} changed after they were signed. The inserted text is what this copy holds and the reference lacks (a copy of the same message whose signature verifies, or else the message's own HTML part, which mail clients show); a changed header is proven by the signature verifying with the value shown first.</p>`,
    htmlTable(
      ['', 'subject', 'inserted text', 'compared with', 'changed signed header'],
      rows.slice(0, MAX_ROWS),
    ),
    rows.length > MAX_ROWS ? `<p class="muted">and ${fmt(rows.length - MAX_ROWS)} more.</p>` : '',
  ].join('\n');
}
