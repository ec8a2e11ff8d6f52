import type { DumpItem } from './dump.js';
import type { Tie } from './match.js';
import { platformName } from './platforms.js';
import { trailSummary } from './summary.js';
import type { FirstSeen, Handoff, Trail, TrailEvidence, TrailItem, TrailVia } from './types.js';

/** Evidence listed per item; the rest are counted in `evidenceTotal`. */
export const MAX_ITEM_EVIDENCE = 10;

/** Strongest tie first when one post has several: a file beats a quote beats a link beats a hashtag. */
const VIA_RANK: Record<TrailVia, number> = { file: 0, quote: 1, link: 2, hashtag: 3 };

/**
 * Within one post and one way of tying it: a hash before a name before a look-alike image, a quote
 * before a repost of one. Without it, a post tied twice (the MD5 and the name of one file) listed
 * its evidence in the order DuckDB returned the rows, which is not fixed: two runs on the same
 * case, or a laptop and a team case, could differ.
 */
const KIND_RANK: Record<string, number> = {
  sha256: 0,
  md5: 1,
  filename: 2,
  phash: 3,
  quote: 0,
  'repost-of-quote': 1,
};
const rankOf = (kind: string) => KIND_RANK[kind] ?? 9;
const code = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const iso = (ms: number) => new Date(ms).toISOString();
const byTime = (a: Tie, b: Tie) =>
  a.ts - b.ts ||
  VIA_RANK[a.evidence.via] - VIA_RANK[b.evidence.via] ||
  a.postId.localeCompare(b.postId) ||
  rankOf(a.evidence.kind) - rankOf(b.evidence.kind) ||
  code(a.evidence.kind, b.evidence.kind) ||
  code(a.evidence.value ?? '', b.evidence.value ?? '') ||
  (a.item ?? -1) - (b.item ?? -1);

/**
 * Turns ties into the trail. Links to file hosts and to other platforms' posts count only when
 * confirmed: the linked URL is carried by a post showing or quoting the dump (or by a reply to
 * one), or the linked post (or, when it cannot be named, its platform before the link) is tied.
 */
export function assemble(
  all: Tie[],
  dump: DumpItem[],
  stats: { urlsNotUrls: number; boilerplateRuns: number; boilerplatePosts: number },
): Trail & { itemTies: number; unconfirmedLinks: number } {
  const itemTies = all.filter((t) => t.item !== null);
  const tiedPosts = new Set(itemTies.map((t) => t.postId));
  const firstTiedOn = new Map<string, number>();
  for (const t of itemTies)
    firstTiedOn.set(t.platform, Math.min(firstTiedOn.get(t.platform) ?? Infinity, t.ts));
  const urlsOfTied = new Set(all.filter((t) => t.url && tiedPosts.has(t.postId)).map((t) => t.url));
  const confirmed: Tie[] = [];
  let unconfirmed = 0;
  for (const t of all) {
    if (t.item !== null || t.evidence.via === 'hashtag') continue;
    const ok = t.url
      ? urlsOfTied.has(t.url) || (!!t.replyTo && tiedPosts.has(t.replyTo))
      : t.target && tiedPosts.has(t.target)
        ? true
        : (firstTiedOn.get(t.toPlatform ?? '') ?? Infinity) <= t.ts;
    if (ok) confirmed.push(t);
    else unconfirmed++;
  }
  const hashtag = all.filter((t) => t.evidence.via === 'hashtag');
  const ties = [...itemTies, ...confirmed].sort(byTime);
  const firstSeen = firstSeenOf([...ties, ...hashtag].sort(byTime));
  const handoffs = handoffsOf(confirmed.sort(byTime), ties);
  const items = itemsOf(itemTies.sort(byTime), dump);
  const trail: Trail = { firstSeen, handoffs, items, summary: [] };
  trail.summary = trailSummary(trail, ties, { ...stats, unconfirmedLinks: unconfirmed });
  return { ...trail, itemTies: itemTies.length, unconfirmedLinks: unconfirmed };
}

function firstSeenOf(sorted: Tie[]): FirstSeen[] {
  const out = new Map<string, FirstSeen>();
  for (const t of sorted)
    if (!out.has(t.platform))
      out.set(t.platform, {
        platform: t.platform,
        time: iso(t.ts),
        postId: t.postId,
        handle: t.handle,
        via: t.evidence.via,
      });
  return [...out.values()];
}

/**
 * The first post on each platform that points at another platform's post (a 4chan thread URL on
 * X) or at a dump location (a paste URL) first posted on another platform.
 */
function handoffsOf(links: Tie[], ties: Tie[]): Handoff[] {
  const firstUrl = new Map<string, Tie>();
  for (const t of ties) if (t.url && !firstUrl.has(t.url)) firstUrl.set(t.url, t);
  const out = new Map<string, Handoff>();
  for (const t of links) {
    let from: string | null = null;
    const evidence: TrailEvidence[] = [t.evidence];
    if (t.toPlatform) from = t.toPlatform;
    else if (t.url) {
      const origin = firstUrl.get(t.url);
      if (origin && origin.platform !== t.platform && origin.ts <= t.ts) {
        from = origin.platform;
        evidence.push({
          via: 'link',
          kind: 'first-posted',
          detail: `the same link was first posted on ${platformName(origin.platform)} by ${origin.handle ? `@${origin.handle}` : 'an anonymous poster'} at ${iso(origin.ts)} (post ${origin.postId})`,
          value: origin.postId,
        });
      }
    }
    if (!from || from === t.platform) continue;
    const key = `${from}\0${t.platform}`;
    if (!out.has(key))
      out.set(key, {
        fromPlatform: from,
        toPlatform: t.platform,
        time: iso(t.ts),
        postId: t.postId,
        evidence,
      });
  }
  return [...out.values()].sort((a, b) => a.time.localeCompare(b.time));
}

function itemsOf(sorted: Tie[], dump: DumpItem[]): (TrailItem & { evidenceTotal: number })[] {
  const groups = new Map<number, Tie[]>();
  for (const t of sorted) {
    const g = groups.get(t.item as number) ?? [];
    g.push(t);
    groups.set(t.item as number, g);
  }
  const out: (TrailItem & { evidenceTotal: number })[] = [];
  for (const [idx, g] of groups) {
    const d = dump[idx];
    const first = g[0];
    if (!d || !first) continue;
    const seen = new Set<string>();
    const evidence: TrailEvidence[] = [];
    for (const t of g) {
      const k = `${t.evidence.kind}\0${t.evidence.value ?? ''}\0${t.postId}`;
      if (seen.has(k)) continue;
      seen.add(k);
      evidence.push(t.evidence);
    }
    out.push({
      itemId: d.id,
      kind: d.kind,
      title: d.title,
      posts: new Set(g.map((t) => t.postId)).size,
      accounts: new Set(g.map((t) => t.accountId)).size,
      platforms: [...new Set(g.map((t) => t.platform))],
      first: { platform: first.platform, time: iso(first.ts), postId: first.postId },
      evidence: evidence.slice(0, MAX_ITEM_EVIDENCE),
      evidenceTotal: evidence.length,
    });
  }
  return out.sort(
    (a, b) =>
      b.posts - a.posts || a.first.time.localeCompare(b.first.time) || a.itemId.localeCompare(b.itemId),
  );
}
