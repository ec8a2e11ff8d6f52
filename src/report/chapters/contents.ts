import { type Overview, overview } from '../../analyze/overview.js';
import { rankSpec, renderSvg } from '../charts.js';
import { esc, fmt, htmlTable } from '../html.js';
import type { ReportContext } from './context.js';
import { figure } from './dump.js';

/** Chapter 4, what is in it: document types, sensitive items, money, the busiest threads. */
export async function contentsChapter(ctx: ReportContext): Promise<string> {
  const out = ['<h2 id="contents">4. What is in it</h2>'];
  let o: Overview | null = null;
  try {
    o = await overview(ctx.db);
  } catch (err) {
    out.push(
      `<p class="note">The content triage is not available in this case (${esc((err as Error).message)}); run <code>leaklens analyze</code>.</p>`,
    );
  }
  const types = o?.byType.length
    ? o.byType.map((t) => ({ value: t.type, count: t.count }))
    : (ctx.facts.docTypes ?? ctx.facts.mimeTypes);
  if (types.length) {
    out.push(
      `<p class="claim">By type: ${types
        .slice(0, 6)
        .map((t) => `${fmt(t.count)} ${esc(t.value)}`)
        .join(', ')}.</p>`,
      figure(
        await renderSvg(rankSpec(types, o?.byType.length ? 'Document types' : 'File types', 'items')),
        `Figure 4. ${o?.byType.length ? 'Items by document type (triage rules)' : 'Files by MIME type'}.`,
      ),
    );
  }
  if (!o) return out.join('\n');
  if (o.sensitive.byKind.length) {
    out.push(
      '<h3>Sensitive content</h3>',
      `<p class="claim">${o.sensitive.byKind.map((k) => `${fmt(k.items)} items hold ${esc(k.kind.replace(/^sensitive-/, ''))}`).join('; ')}.</p>`,
      htmlTable(
        ['', 'item', 'kinds'],
        o.sensitive.items
          .slice(0, 20)
          .map((i) => [{ html: ctx.refs.cite(i.itemId) }, i.title, i.kinds.join(', ')]),
      ),
    );
  }
  if (o.money.mentions) {
    out.push(
      '<h3>Money</h3>',
      `<p class="claim">${fmt(o.money.mentions)} amounts are mentioned; the largest: ${o.money.largest
        .slice(0, 5)
        .map((m) => `${esc(m.amount)} ${ctx.refs.cite(m.itemId)}`)
        .join(', ')}.</p>`,
    );
  }
  if (o.threads.length) {
    out.push(
      '<h3>The longest conversations</h3>',
      htmlTable(
        ['subject', 'messages', 'people', 'from', 'to'],
        o.threads
          .slice(0, 10)
          .map((t) => [
            t.subject,
            fmt(t.messages),
            fmt(t.participants),
            t.first?.slice(0, 10),
            t.last?.slice(0, 10),
          ]),
      ),
    );
  }
  if (o.duplicates.items) {
    out.push(
      `<p class="claim">${fmt(o.duplicates.exactGroups)} groups of exact and ${fmt(o.duplicates.nearGroups)} groups of near duplicates cover ${fmt(o.duplicates.items)} items.</p>`,
    );
  }
  return out.join('\n');
}
