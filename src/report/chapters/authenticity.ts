import { flagKindsOfStage } from '../../case/flag-kinds.js';
import { tableExists } from '../../case/has-table.js';
import { summarizeVerdicts } from '../../verify/index.js';
import { renderSvg, verdictSpec } from '../charts.js';
import { esc, fmt, htmlTable } from '../html.js';
import { changesSection } from './changes.js';
import type { ReportContext } from './context.js';
import { figure } from './dump.js';

/** Chapter 2, authenticity: the verdict sentences of the verify stage, the chart, the failing messages. */
export async function authenticityChapter(ctx: ReportContext): Promise<string> {
  const out = ['<h2 id="authenticity">2. Authenticity</h2>'];
  if (!(await tableExists(ctx.db, 'verdicts')) || !ctx.facts.verdicts?.length) {
    out.push(
      '<p class="note">The e-mails have not been verified in this case (run <code>leaklens verify</code>): no authenticity claim is made.</p>',
    );
    return out.join('\n');
  }
  const s = await summarizeVerdicts(ctx.db);
  out.push(...s.sentences.map((x) => `<p class="claim">${esc(x)}</p>`));
  out.push(
    figure(
      await renderSvg(verdictSpec(ctx.facts.verdicts)),
      'Figure 3. DKIM verdict of every e-mail, checked with the key published at the time of the message.',
    ),
  );
  if (s.failing.length) {
    out.push(
      '<h3>Messages whose signature fails</h3>',
      htmlTable(
        ['', 'verdict', 'from', 'subject', 'why'],
        s.failing
          .slice(0, 60)
          .map((m) => [{ html: ctx.refs.cite(m.itemId) }, m.verdict, m.from, m.subject, m.reason]),
      ),
      s.failing.length > 60
        ? `<p class="muted">and ${fmt(s.failing.length - 60)} more (search <code>verdict:body-altered</code> etc.).</p>`
        : '',
    );
  }
  out.push(await changesSection(ctx));
  const forensic = await flagKindsOfStage(ctx.db, 'verify');
  if (forensic.length) {
    out.push(
      '<h3>Header forensics</h3><p>Independent of the signatures, these header anomalies were found:</p>',
      htmlTable(
        ['anomaly', 'messages', 'items'],
        forensic.map((r) => [r.kind, fmt(r.n), { html: ctx.refs.citeAll(r.items, 8) }]),
      ),
    );
  }
  return out.join('\n');
}
