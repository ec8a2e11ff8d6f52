import { flagKindsOfStage } from '../../case/flag-kinds.js';
import { documentsLastEditedBy, documentsWithMetadata, lastEditors } from '../../meta/document-table.js';
import { esc, fmt, htmlTable } from '../html.js';
import type { ReportContext } from './context.js';

/** Chapter 3, metadata and outside editors: metadata outliers and who wrote or edited the documents. */
export async function metadataChapter(ctx: ReportContext): Promise<string> {
  const db = ctx.db;
  const out = ['<h2 id="metadata">3. Metadata and outside editors</h2>'];
  const docs = ctx.facts.counts.documents;
  if (!docs) {
    out.push('<p class="note">The dump holds no documents.</p>');
    return out.join('\n');
  }
  const withMeta = await documentsWithMetadata(db);
  out.push(
    `<p class="claim">${fmt(withMeta)} of the ${fmt(docs)} documents carry metadata (author, editor, application, dates).</p>`,
  );
  const outliers = await flagKindsOfStage(db, 'metadata');
  if (outliers.length) {
    out.push('<h3>Outliers</h3><p>Documents whose metadata stands out from the rest of the dump:</p>');
    for (const o of outliers) {
      out.push(
        `<p class="claim"><strong>${fmt(o.n)}</strong> × ${esc(o.message)} ${ctx.refs.citeAll(o.items, 10)}</p>`,
      );
    }
  } else {
    out.push('<p class="claim">No metadata outlier was flagged (or the metadata stage has not run).</p>');
  }
  const editors = await lastEditors(db, 15);
  if (editors.length) {
    // Read before citing: references are numbered in the order they are cited.
    const examples: string[][] = [];
    for (const e of editors) examples.push(await documentsLastEditedBy(db, e.name, 5));
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
