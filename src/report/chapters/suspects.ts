import { caseHeadlines, findSuspects } from '../../suspects/index.js';
import { esc, fmt, htmlTable } from '../html.js';
import type { ReportContext } from './context.js';

/** How many suspects the chapter lists; the rest are counted (all are in `leaklens suspects`). */
const MAX_ITEMS = 60;

/**
 * The report's first chapter: the headline findings, the stories and the ranked suspects, each
 * cited, so the first page says what is forged, altered or edited by an outsider and why.
 */
export async function suspectsChapter(ctx: ReportContext): Promise<string> {
  const db = ctx.db;
  const r = await findSuspects(db);
  const out = ['<h2 id="suspects">Suspects</h2>'];
  const heads = await caseHeadlines(db, r);
  if (heads.length)
    out.push(
      `<ol class="headlines">${heads.map((h) => `<li><p class="claim">${esc(h.sentence)} <span class="muted">(<code>${esc(h.command)}</code>)</span></p></li>`).join('')}</ol>`,
    );
  if (!r.suspects.length) {
    out.push(
      '<p class="note">No e-mail or document has a failing signature or a flag of medium or high severity.</p>',
    );
    return out.join('\n');
  }
  if (r.stories.length) {
    out.push('<h3>Stories</h3>');
    for (const s of r.stories)
      out.push(
        `<p class="claim"><b>Story ${s.id}.</b> ${esc(s.sentence)} ${ctx.refs.citeAll(s.items, 12)}</p>`,
      );
  }
  out.push(
    `<h3>Suspect items, strongest evidence first</h3><p class="muted">${fmt(r.suspects.length)} items: ${fmt(r.counts.emails)} e-mails and ${fmt(r.counts.documents)} documents. Order: what a signature proves, then what breaks a pattern of the whole dump, then rules on one item; then severity and the number of independent signals.</p>`,
    htmlTable(
      ['', '#', 'kind', 'finding', 'title', 'why', 'date', 'story'],
      r.suspects
        .slice(0, MAX_ITEMS)
        .map((s) => [
          { html: ctx.refs.cite(s.id) },
          String(s.rank),
          s.kind,
          s.finding,
          s.title ?? '',
          s.reason,
          (s.date ?? '').slice(0, 10),
          s.story ? String(s.story) : '',
        ]),
    ),
  );
  if (r.suspects.length > MAX_ITEMS)
    out.push(
      `<p class="muted">and ${fmt(r.suspects.length - MAX_ITEMS)} more (<code>leaklens suspects</code>).</p>`,
    );
  return out.join('\n');
}
