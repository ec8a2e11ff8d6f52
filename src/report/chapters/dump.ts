import { earliestAndLatestEmail } from '../../analyze/case-facts.js';
import { formatBytes } from '../../core/format.js';
import { rankSpec, renderSvg, timelineSpec } from '../charts.js';
import { esc, fmt, htmlTable } from '../html.js';
import type { ReportContext } from './context.js';

/** Chapter 1, the dump: what was published, how big, over which period, and what could not be read. */
export async function dumpChapter(ctx: ReportContext): Promise<string> {
  const f = ctx.facts;
  const c = f.counts;
  const mailboxes = c.mailboxes;
  const out: string[] = ['<h2 id="dump">1. The dump</h2>'];
  out.push(
    `<p class="claim">The case holds <strong>${fmt(c.emails)} e-mails</strong>${mailboxes ? ` from ${fmt(mailboxes)} mailboxes` : ''}, ` +
      `<strong>${fmt(c.documents)} documents</strong> (${fmt(c.attachments)} of them attachments)` +
      `${c.bytes ? `, ${esc(formatBytes(c.bytes))} of input` : ''}.` +
      (f.dateRange.first
        ? ` The mail is dated from ${esc(f.dateRange.first.slice(0, 10))} to ${esc(f.dateRange.last?.slice(0, 10))}.`
        : '') +
      '</p>',
  );
  if (f.timeline.length) {
    // Messages of the same second: the smallest id, so a laptop case and a team case cite alike.
    const { first, last } = await earliestAndLatestEmail(ctx.db);
    out.push(
      figure(
        await renderSvg(timelineSpec(f.timeline, `E-mails per ${f.timelineUnit}`, f.timelineUnit)),
        `Figure 1. E-mails per ${f.timelineUnit}. Earliest ${ctx.refs.citeAll(first)}, latest ${ctx.refs.citeAll(last)}.`,
      ),
    );
  }
  if (f.topSenders.length) {
    out.push(
      figure(
        await renderSvg(rankSpec(f.topSenders.slice(0, 10), 'Most frequent senders', 'messages')),
        'Figure 2. The ten most frequent senders.',
      ),
    );
  }
  if (c.failures) {
    out.push(
      `<p class="claim">${fmt(c.failures)} files could not be processed; they are kept byte for byte and listed by <code>leaklens errors</code>:</p>`,
      htmlTable(
        ['reason', 'files'],
        f.failureReasons.map((r) => [r.value, fmt(r.count)]),
      ),
    );
  } else {
    out.push('<p class="claim">Every file of the dump was processed; none failed.</p>');
  }
  return out.join('\n');
}

export function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${caption}</figcaption></figure>`;
}
