import type { DemoPost } from './posts-format.js';
import type { DemoAccount } from './social-accounts.js';
import type { SocialTruth } from './truth.js';

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Most posts in any window [t, t + 24 h) starting at a post (as the campaign activity signal counts). */
function max24h(ps: DemoPost[]): number {
  let best = 0;
  let j = 0;
  for (let i = 0; i < ps.length; i++) {
    while (j < ps.length && (ps[j] as DemoPost).time < (ps[i] as DemoPost).time + 86_400_000) j++;
    best = Math.max(best, j - i);
  }
  return best;
}
const iso = (ms: number) => new Date(ms).toISOString();

/** Shares of a count map, largest first, rounded to 4 decimals. */
function shares(counts: Map<string, number>): Record<string, number> {
  const total = [...counts.values()].reduce((a, b) => a + b, 0) || 1;
  return Object.fromEntries(
    [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => [k, round(v / total)]),
  );
}

/**
 * What is true about the generated posts, computed from them (not from intentions), so truth.json
 * cannot drift from the files: seed velocity, milestones, hyperactive accounts, bots, ring, hub.
 */
export function socialTruth(
  posts: DemoPost[],
  hashtag: string,
  roles: {
    seed: DemoPost;
    ring: DemoAccount[];
    bots: DemoAccount[];
    hyper: DemoAccount[];
    hub: DemoAccount;
    copy: DemoAccount[];
  },
  files: string[],
): SocialTruth {
  const first = posts[0]?.time ?? 0;
  const key = (p: DemoPost) => `${p.account.platform === 'x' ? 'x' : 'mastodon'}:${p.id}`;
  const seedReposts = posts.filter((p) => p.repostOf === roles.seed).map((p) => p.time - roles.seed.time);
  const milestones: SocialTruth['milestones'] = [];
  for (let n = 100; n <= posts.length; n *= 10) {
    const p = posts[n - 1] as DemoPost;
    milestones.push({ posts: n, at: iso(p.time), minutesAfterFirst: round((p.time - first) / 60_000) });
  }
  const per = new Map<DemoAccount, DemoPost[]>();
  for (const p of posts) {
    const list = per.get(p.account);
    if (list) list.push(p);
    else per.set(p.account, [p]);
  }
  const span = (ps: DemoPost[]) =>
    ps.length ? ((ps[ps.length - 1] as DemoPost).time - (ps[0] as DemoPost).time) / 3_600_000 : 0;
  const mostActive = roles.hyper.map((a) => {
    const ps = per.get(a) ?? [];
    return { account: a.handle, posts: ps.length, windowHours: round(span(ps)) };
  });
  const hyperactive = [...per]
    .map(([a, ps]) => ({
      account: a.handle,
      posts: ps.length,
      max24h: max24h(ps),
      windowHours: round(span(ps)),
    }))
    .filter((h) => h.max24h >= 72)
    .sort((x, y) => y.max24h - x.max24h || y.posts - x.posts || (x.account < y.account ? -1 : 1));
  const reposts = posts.filter((p) => p.repostOf);
  const hubHandle = roles.hub.handle;
  const langs = new Map<string, number>();
  for (const p of posts) langs.set(p.lang, (langs.get(p.lang) ?? 0) + 1);
  const countries = new Map<string, number>();
  for (const a of per.keys())
    if (a.platform === 'x' && a.country) countries.set(a.country, (countries.get(a.country) ?? 0) + 1);
  return {
    hashtag: `#${hashtag}`,
    files,
    posts: posts.length,
    accounts: per.size,
    window: { start: iso(first), end: iso(posts[posts.length - 1]?.time ?? first) },
    seed: {
      account: roles.seed.account.handle,
      postId: key(roles.seed),
      at: iso(roles.seed.time),
      repostsWithin1Min: seedReposts.filter((d) => d <= 60_000).length,
      repostsWithin5Min: seedReposts.filter((d) => d <= 300_000).length,
    },
    milestones,
    hyperactive,
    mostActive,
    bots: roles.bots.filter((a) => per.has(a)).map((a) => a.handle),
    ring: roles.ring.map((a) => a.handle),
    copypasta: roles.copy.filter((a) => per.has(a)).map((a) => a.handle),
    amplifier: {
      account: hubHandle,
      mentions: posts.filter((p) => p.mentions.includes(hubHandle)).length,
      repostShare: round(
        reposts.filter((p) => p.repostOf?.account === roles.hub).length / (reposts.length || 1),
      ),
    },
    languages: shares(langs),
    countries: shares(countries),
  };
}
