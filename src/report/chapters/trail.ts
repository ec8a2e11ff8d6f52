import { trailLanes } from '../../trail/lanes.js';
import type { Trail, TrailPostLink } from '../../trail/types.js';
import { LANE_ITEMS } from '../../trail/with-links.js';
import { esc, fmt, htmlTable } from '../html.js';
import { trailLanesSvg } from '../trail-chart.js';
import type { ReportContext } from './context.js';
import { figure } from './dump.js';

/** The trail as the report reads it: computed by the caller (report.ts), or why it is missing. */
export type TrailInput =
  /** `stale`: on a team case, the stored trail predates the posts or the dump (src/team/trail-job.ts). */
  | { trail: Trail; links: TrailPostLink[]; capped?: boolean; stale?: string | null }
  | { error: string }
  | null;

const when = (iso: string) => iso.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1 UTC');

/**
 * Chapter "How the leak travelled": the trail's summary sentences, the first post per platform,
 * the hand-offs between platforms, the items that surfaced (each cited) and the lanes chart.
 */
export async function trailChapter(ctx: ReportContext, input: TrailInput): Promise<string> {
  const out = ['<h2 id="trail">6. How the leak travelled</h2>'];
  if (!input) {
    out.push(
      '<p class="note">No social-media posts were imported in this case (<code>leaklens campaign import</code>): where the dump surfaced is not measured.</p>',
    );
    return out.join('\n');
  }
  if ('error' in input) {
    out.push(`<p class="note">The trail could not be computed: ${esc(input.error)}.</p>`);
    return out.join('\n');
  }
  const { trail, links, capped } = input;
  if (input.stale) out.push(`<p class="note">Out of date: ${esc(input.stale)}.</p>`);
  if (!trail.firstSeen.length) {
    out.push('<p class="claim">No imported post showed, quoted or linked an item of the dump.</p>');
    return out.join('\n');
  }
  out.push(...trail.summary.map((s) => `<p class="claim">${esc(s)}</p>`));
  const svg = await trailLanesSvg(trailLanes(trail, links));
  if (svg)
    out.push(
      figure(
        svg,
        `Figure 6. Posts tied to the dump, one lane per platform: colour says what tied them (a file, a quote, a link); diamonds are hand-offs from another platform.${capped ? ` Posts of the ${LANE_ITEMS} most carried items only.` : ''} Every link with its evidence: <code>leaklens trail --json</code>.`,
      ),
    );
  out.push(
    '<h3>First seen, per platform</h3>',
    htmlTable(
      ['platform', 'time', 'account', 'tied by', 'post'],
      trail.firstSeen.map((f) => [
        f.platform,
        when(f.time),
        f.handle ?? '–',
        f.via,
        { html: `<code>${esc(f.postId)}</code>` },
      ]),
    ),
  );
  if (trail.handoffs.length)
    out.push(
      '<h3>Hand-offs</h3>',
      htmlTable(
        ['from', 'to', 'time', 'evidence', 'post'],
        trail.handoffs.map((h) => [
          h.fromPlatform,
          h.toPlatform,
          when(h.time),
          h.evidence.map((e) => e.detail).join(' · '),
          { html: `<code>${esc(h.postId)}</code>` },
        ]),
      ),
    );
  if (trail.items.length)
    out.push(
      '<h3>Dump items that surfaced</h3>',
      htmlTable(
        ['item', 'posts', 'accounts', 'platforms', 'first', 'evidence'],
        trail.items
          .slice(0, 25)
          .map((i) => [
            { html: `${esc(i.title || i.itemId)} ${ctx.refs.cite(i.itemId)}` },
            fmt(i.posts),
            fmt(i.accounts),
            i.platforms.join(', '),
            `${i.first.platform} ${when(i.first.time)}`,
            [...new Set(i.evidence.map((e) => e.kind))].join(', '),
          ]),
      ),
    );
  return out.join('\n');
}
