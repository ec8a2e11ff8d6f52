import { esc, fmt, htmlTable } from '../html.js';
import { ids, type ReportContext } from './context.js';

/** Chapter 3, metadata and outside editors: metadata outliers and who wrote or edited the documents. */
export function metadataChapter(ctx: ReportContext): string {
  const db = ctx.store.db;
  const out = ['<h2 id="metadata">3. Metadata and outside editors</h2>'];
  const docs = ctx.facts.counts.documents;
  if (!docs) {
    out.push('<p class="note">The dump holds no documents.</p>');
    return out.join('\n');
  }
  const withMeta = (
    db.prepare("SELECT count(*) AS n FROM documents WHERE metadata_json != '{}'").get() as { n: number }
  ).n;
  out.push(
    `<p class="claim">${fmt(withMeta)} of the ${fmt(docs)} documents carry metadata (author, editor, application, dates).</p>`,
  );
  const outliers = db
    .prepare(
      "SELECT kind, min(message) AS message, count(*) AS n, group_concat(item_id) AS items FROM flags WHERE stage = 'metadata' GROUP BY kind ORDER BY 3 DESC",
    )
    .all() as { kind: string; message: string; n: number; items: string }[];
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
  const editors = db
    .prepare(
      `SELECT v AS name, count(*) AS n FROM (SELECT json_extract(metadata_json, '$.lastModifiedBy') AS v FROM documents)
        WHERE v IS NOT NULL AND v != '' GROUP BY v ORDER BY 2 DESC LIMIT 15`,
    )
    .all() as { name: string; n: number }[];
  if (editors.length) {
    out.push(
      '<h3>Who last edited the documents</h3>',
      htmlTable(
        ['last modified by', 'documents', 'examples'],
        editors.map((e) => [
          e.name,
          fmt(e.n),
          {
            html: ctx.refs.citeAll(
              ids(
                ctx,
                "SELECT id FROM documents WHERE json_extract(metadata_json, '$.lastModifiedBy') = ? LIMIT 5",
                e.name,
              ),
              5,
            ),
          },
        ]),
      ),
    );
  }
  return out.join('\n');
}
