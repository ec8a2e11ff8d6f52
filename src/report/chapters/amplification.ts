import type { CampaignAnalysis } from '../../social/analyze.js';
import { botNote } from '../../social/summary.js';
import { campaignTimelineSvg } from '../campaign-chart.js';
import { seedCascadeSvg } from '../cascade-chart.js';
import { esc, fmt, htmlTable } from '../html.js';
import type { ReportContext } from './context.js';
import { figure } from './dump.js';

interface AccountRow {
  accountId: string | null;
  handle: string | null;
}
const name = (a: AccountRow) => (a.handle ? `@${a.handle}` : (a.accountId ?? ''));

/** Chapter 5, the amplification: the campaign sentences, the timeline, the accounts behind it. */
export async function amplificationChapter(ctx: ReportContext): Promise<string> {
  const out = ['<h2 id="amplification">5. The amplification</h2>'];
  const a = ctx.campaign as (CampaignAnalysis & { analysisError?: string; notRead?: string }) | null;
  if (!a) {
    out.push(
      '<p class="note">No social-media posts were imported in this case (<code>leaklens campaign import</code>): the amplification is not measured.</p>',
    );
    return out.join('\n');
  }
  if (typeof a.notRead === 'string') {
    out.push(`<p class="note">The amplification is not measured here: ${esc(a.notRead)}.</p>`);
    return out.join('\n');
  }
  if (typeof a.analysisError === 'string') {
    out.push(`<p class="note">The campaign analysis failed: ${esc(a.analysisError)}.</p>`);
    return out.join('\n');
  }
  out.push(...(a.summary ?? []).map((s) => `<p class="claim">${esc(s)}</p>`));
  const svg = await campaignTimelineSvg(a);
  if (svg)
    out.push(
      figure(
        svg,
        'Figure 5. Posts over time; dashed lines mark the milestones. Posts behind each figure: <code>leaklens campaign posts</code>.',
      ),
    );
  const cascade = await seedCascadeSvg(a);
  if (cascade)
    out.push(
      figure(
        cascade,
        'Figure 5b. Cumulative reposts of the first post over its first hour; dashed lines at 1 and 5 minutes. The reposts: <code>leaklens campaign posts --repost-of ID</code>.',
      ),
    );
  const active = (a.activeAccounts?.accounts ?? []) as (AccountRow & {
    posts: number;
    max2h: number;
    max2hFrom: string;
    level: string;
  })[];
  if (active.length) {
    out.push(
      '<h3>Most active accounts</h3>',
      htmlTable(
        ['account', 'posts', 'most in 2 h', 'from', 'DFRLab level'],
        active.slice(0, 10).map((x) => [name(x), fmt(x.posts), fmt(x.max2h), x.max2hFrom, x.level]),
      ),
    );
  }
  const bots = (a.bots?.accounts ?? []) as (AccountRow & {
    score: number;
    band: string;
    reasons: string[];
  })[];
  if (bots.length) {
    out.push(
      `<h3>Bot-like accounts</h3><p class="muted">${esc(botNote(a.bots))}</p>`,
      htmlTable(
        ['account', 'score', 'reasons'],
        bots
          .filter((b) => b.band !== 'human-like')
          .slice(0, 10)
          .map((b) => [name(b), b.score.toFixed(2), b.reasons.join('; ')]),
      ),
    );
  }
  const amp = (a.amplifiers?.accounts ?? []) as (AccountRow & {
    repostsReceived: number;
    repostShare: number;
  })[];
  if (amp.length) {
    out.push(
      '<h3>Amplifiers</h3>',
      htmlTable(
        ['account', 'reposts received', 'share of reposts'],
        amp
          .slice(0, 10)
          .map((x) => [name(x), fmt(x.repostsReceived), `${(100 * x.repostShare).toFixed(1)}%`]),
      ),
    );
  }
  const c = a.coordination as {
    coordinatedAccounts: number;
    groupCount?: number;
    groups: { id: number; accounts: string[]; handles: (string | null)[]; edges: number }[];
    timeWindow: number;
  } | null;
  if (c?.groups?.length) {
    out.push(
      '<h3>Coordinated groups</h3>',
      `<p class="claim">${fmt(c.coordinatedAccounts)} accounts form ${fmt(c.groupCount ?? c.groups.length)} groups that shared the same content within ${c.timeWindow} seconds, repeatedly.</p>`,
      groupTable(c.groups),
    );
    const tight =
      (
        a.coordination as {
          communities?: {
            group: number;
            accounts: string[];
            handles: (string | null)[];
            edges: number;
            meanWeight: number;
          }[];
        } | null
      )?.communities ?? [];
    if (tight.length)
      out.push(
        '<h4>Most tightly knit communities</h4>',
        htmlTable(
          ['group', 'accounts', 'ties', 'mean weight'],
          tight.slice(0, 10).map((m) => [`#${m.group}`, members(m), fmt(m.edges), String(m.meanWeight)]),
        ),
      );
  }
  const tc = a.textCoordination as
    | { skipped: string }
    | {
        coordinatedAccounts: number;
        groupCount?: number;
        groups: { id: number; accounts: string[]; handles: (string | null)[]; edges: number }[];
        timeWindow: number;
        minSimilarity?: number;
      }
    | null
    | undefined;
  if (tc && 'skipped' in tc)
    out.push('<h3>Near-identical texts</h3>', `<p>Not compared: ${esc(tc.skipped)}.</p>`);
  else if (tc?.groups?.length) {
    out.push(
      '<h3>Near-identical texts</h3>',
      `<p class="claim">${fmt(tc.coordinatedAccounts)} accounts form ${fmt(tc.groupCount ?? tc.groups.length)} groups that posted near-identical texts (word 3-gram similarity ${tc.minSimilarity ?? 0.8} or more) within ${tc.timeWindow} seconds, repeatedly.</p>`,
      groupTable(tc.groups),
    );
  }
  return out.join('\n');
}

/** The first ten groups, each with its first ten members by handle. */
function groupTable(
  groups: { id: number; accounts: string[]; handles: (string | null)[]; edges: number }[],
): string {
  return htmlTable(
    ['group', 'accounts', 'ties'],
    groups.slice(0, 10).map((g) => [`#${g.id}`, members(g), fmt(g.edges)]),
  );
}

/** The first ten members of a group or community by handle (id when unknown), and how many in all. */
function members(g: { accounts: string[]; handles: (string | null)[] }): string {
  return (
    g.handles
      .map((h, i) => (h ? `@${h}` : g.accounts[i]))
      .slice(0, 10)
      .join(', ') + (g.accounts.length > 10 ? ` … (${g.accounts.length})` : '')
  );
}
