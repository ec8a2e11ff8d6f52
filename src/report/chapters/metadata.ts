import { byCodePoint } from '../../case/has-table.js';
import { jsonText } from '../../case/portable.js';
import { esc, fmt, htmlTable } from '../html.js';
import { ids, type ReportContext } from './context.js';

/** Chapter 3, metadata and outside editors: metadata outliers and who wrote or edited the documents. */
export async function metadataChapter(ctx: ReportContext): Promise<string> {
  const db = ctx.db;
  const cp = (e: string) => byCodePoint(db, e);
  const editor = jsonText(db, 'metadata_json', 'lastModifiedBy');
  const out = ['<h2 id="metadata">3. Metadata and outside editors</h2>'];
  const docs = ctx.facts.counts.documents;
  if (!docs) {
    out.push('<p class="note">The dump holds no documents.</p>');
    return out.join('\n');
  }
  const withMeta = Number(
    (await db.get<{ n: number }>("SELECT count(*) AS n FROM documents WHERE metadata_json != '{}'"))?.n ?? 0,
  );
  out.push(
    `<p class="claim">${fmt(withMeta)} of the ${fmt(docs)} documents carry metadata (author, editor, application, dates).</p>`,
  );
  // Kinds by count, ties by name; each kind's documents in dump order (SQL gives no order of its own).
  const outliers = await db.all<{ kind: string; message: string; n: number; items: string }>(
    `SELECT f.kind, min(${cp('f.message')}) AS message, count(*) AS n,
            string_agg(f.item_id, ',' ORDER BY ${cp('i.provenance')}, ${cp('f.item_id')}) AS items
       FROM flags f LEFT JOIN items i ON i.id = f.item_id
      WHERE f.stage = 'metadata' GROUP BY f.kind ORDER BY 3 DESC, ${cp('f.kind')}`,
  );
  if (outliers.length) {
    out.push('<h3>Outliers</h3><p>Documents whose metadata stands out from the rest of the dump:</p>');
    for (const o of outliers) {
      out.push(
        `<p class="claim"><strong>${fmt(o.n)}</strong> × ${esc(o.message)} ${ctx.refs.citeAll(o.items.split(','), 10)}</p>`,
      );
    }
  } else {
    out.push('<p class="claim">No metadata outlier was flagged (or the metadata stage has not run).</p>');
  }
  const editors = await db.all<{ name: string; n: number }>(
    `SELECT v AS name, count(*) AS n FROM (SELECT ${editor} AS v FROM documents) x
      WHERE v IS NOT NULL AND v != '' GROUP BY v ORDER BY 2 DESC, ${cp('v')} LIMIT 15`,
  );
  if (editors.length) {
    // Read before citing: references are numbered in the order they are cited.
    const examples: string[][] = [];
    for (const e of editors)
      examples.push(
        await ids(
          ctx,
          `SELECT d.id FROM documents d JOIN items i ON i.id = d.id WHERE ${jsonText(db, 'd.metadata_json', 'lastModifiedBy')} = ?
            ORDER BY ${cp('i.provenance')}, ${cp('d.id')} LIMIT 5`,
          [e.name],
        ),
      );
    out.push(
      '<h3>Who last edited the documents</h3>',
      htmlTable(
        ['last modified by', 'documents', 'examples'],
        editors.map((e, i) => [e.name, fmt(e.n), { html: ctx.refs.citeAll(examples[i] ?? [], 5) }]),
      ),
    );
  }
  return out.join('\n');
}
