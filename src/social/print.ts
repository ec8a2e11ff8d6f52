import { formatTime, table } from '../core/format.js';
import { oneLine, terminalText } from '../util/terminal-safe.js';
import type { CampaignAnalysis } from './analyze.js';
import type { CoordinationResult } from './coordinate.js';
import { duration } from './summary.js';

const out = (s = '') => process.stdout.write(`${terminalText(s)}\n`);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const who = (h: string | null | undefined, id: string | null | undefined) => (h ? `@${h}` : (id ?? ''));

/** Human output of `campaign analyze`: the sentences, then one table per signal, then how to trace. */
export function printAnalysis(a: CampaignAnalysis): void {
  out('Findings');
  for (const s of a.summary) out(`  ${oneLine(s)}`);
  out();
  if (a.milestones.length) {
    out('Milestones');
    out(
      table(
        ['posts', 'reached at', 'after', 'post'],
        a.milestones.map((m) => [m.posts, formatTime(m.reachedAt), duration(m.elapsedMs), m.postId]),
      ),
    );
    out();
  }
  out('Most reposted posts (reposts within 1 / 5 / 60 min of the original)');
  out(
    table(
      ['post', 'author', 'time', 'reposts', '1 min', '5 min', '60 min'],
      a.velocity.map((v) => [
        v.id,
        who(v.handle, v.accountId),
        formatTime(v.time),
        v.reposts,
        v.within1m,
        v.within5m,
        v.within60m,
      ]),
    ),
  );
  out();
  out(
    `Most active accounts (DFRLab: ${a.activeAccounts.thresholds.suspicious}/24 h suspicious, ${a.activeAccounts.thresholds.highly} highly)`,
  );
  out(
    table(
      ['account', 'posts', 'per day', 'max 1 h', 'max 2 h', 'max 3 h', 'max 24 h', 'level'],
      a.activeAccounts.accounts
        .slice(0, 20)
        .map((x) => [
          who(x.handle, x.accountId),
          x.posts,
          x.perDay,
          x.max1h,
          x.max2h,
          x.max3h,
          x.max24h,
          x.level,
        ]),
    ),
  );
  out();
  out('Amplifiers');
  out(
    table(
      ['account', 'reposted', 'quoted', 'replied', 'mentioned', 'repost share', 'reposters'],
      a.amplifiers.accounts
        .slice(0, 15)
        .map((x) => [
          who(x.handle, x.accountId),
          x.repostsReceived,
          x.quotesReceived,
          x.repliesReceived,
          x.mentionsReceived,
          pct(x.repostShare),
          x.reposters,
        ]),
    ),
  );
  out();
  out(
    `Bot-likeness (bot-like at score ≥ ${a.bots.threshold}: at this threshold ${Math.round(a.bots.heldOut.precision * 100)}% of held-out accounts flagged were bots in ${a.bots.heldOut.dataset}; docs/bots.md)`,
  );
  out(
    table(
      ['account', 'score', 'band', 'reasons'],
      a.bots.accounts
        .slice(0, 15)
        .map((x) => [who(x.handle, x.accountId), x.score, x.band, x.reasons.join('; ')]),
    ),
  );
  out();
  if (a.coordination) printCoordination(a.coordination);
  out(`Languages (${pct(a.languages.unknownShare)} of posts unknown)`);
  out(
    table(
      ['language', 'posts', 'share', '', 'language', 'accounts', 'share'],
      zip(a.languages.byPosts, a.languages.byAccounts),
    ),
  );
  out();
  out(
    `Countries (${a.countries.knownAccounts} of ${a.countries.accounts} accounts placed; ${pct(a.countries.unknownShare)} unknown)`,
  );
  out(
    table(
      ['country', 'accounts', 'share', '', 'country', 'posts', 'share'],
      zip(a.countries.byAccounts, a.countries.byPosts),
    ),
  );
  out();
  const top = a.activeAccounts.accounts[0];
  out('Trace any figure to its posts:');
  if (top)
    out(
      `  leaklens campaign posts --account ${oneLine(who(top.handle, top.accountId))} --from ${top.max2hFrom}`,
    );
  if (a.velocity[0]) out(`  leaklens campaign posts --repost-of ${oneLine(a.velocity[0].id)}`);
  const amp = a.amplifiers.accounts[0];
  if (amp) out(`  leaklens campaign posts --reposts-of-account ${oneLine(who(amp.handle, amp.accountId))}`);
  const lang = a.languages.byPosts[0];
  if (lang) out(`  leaklens campaign posts --lang ${oneLine(lang.key)}`);
  out('  leaklens campaign coordination --json   (every pair with its posts and times)');
}

/** Members shown per group; the rest are counted (--json lists all). */
const MEMBERS_SHOWN = 12;

function members(g: CoordinationResult['groups'][number]): string {
  const shown = g.accounts.slice(0, MEMBERS_SHOWN).map((a, i) => who(g.handles[i], a));
  const rest = g.accounts.length - shown.length;
  return `${shown.join(' ')}${rest > 0 ? ` … and ${rest} more (--json lists all)` : ''}`;
}

function zip(
  a: { key: string; count: number; share: number }[],
  b: { key: string; count: number; share: number }[],
) {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => {
    const x = a[i];
    const y = b[i];
    return [x?.key, x?.count, x ? pct(x.share) : '', '', y?.key, y?.count, y ? pct(y.share) : ''];
  });
}

/** Human output of `campaign coordination`. */
export function printCoordination(c: CoordinationResult): void {
  out(
    `Coordination by ${c.by}: window ${c.timeWindow} s, min participation ${c.minParticipation}, edge weight ${c.edgeWeight}${c.minSimilarity !== undefined ? `, min similarity ${c.minSimilarity}` : ''}`,
  );
  out(
    `  ${c.pairs} coordinated share pairs among ${c.accounts} accounts; ${c.edges} account pairs, ${c.strongEdges} above the threshold (weight > ${c.threshold}); ${c.coordinatedAccounts} accounts in ${c.groupCount} groups.`,
  );
  out(
    table(
      ['group', 'accounts', 'edges', 'communities', 'objects', 'members'],
      c.groups.map((g) => [g.id, g.accounts.length, g.edges, g.communities, g.objects, members(g)]),
    ),
  );
  out('Strongest pairs, with the shares behind them');
  for (const e of c.topEdges.slice(0, 10)) {
    out(
      `  ${oneLine(who(e.handleA, e.a))} — ${oneLine(who(e.handleB, e.b))}: weight ${e.weight}, mean Δ ${e.avgTimeDelta} s, symmetry ${e.edgeSymmetryScore}`,
    );
    for (const v of e.evidence)
      out(
        `      ${v.object}: ${v.contentId} at ${formatTime(v.time)} / ${v.contentIdY} at ${formatTime(v.timeY)} (Δ ${v.deltaSeconds} s)`,
      );
  }
  if (c.sync.length) {
    out('Busiest minutes (distinct accounts posting)');
    out(
      table(
        ['minute', 'accounts', 'posts', 'z'],
        c.sync.map((s) => [formatTime(s.t), s.accounts, s.posts, s.z]),
      ),
    );
  }
  out();
}
