import type { Tie } from './match.js';
import { platformName } from './platforms.js';
import type { Trail, TrailVia } from './types.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "18:31 UTC on 5 May 2017" */
export function when(isoTime: string): string {
  const d = new Date(isoTime);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${hh}:${mm} UTC on ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "18 minutes", "2 h 05 min", "3 days" */
export function span(ms: number): string {
  const min = Math.round(ms / 60000);
  if (min < 1) return 'less than a minute';
  if (min === 1) return '1 minute';
  if (min < 60) return `${min} minutes`;
  if (min < 48 * 60) return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
  return `${Math.round(min / 1440)} days`;
}

const who = (h: string | null) => (h ? `@${h}` : 'an anonymous poster');

const HOW: Record<TrailVia, string> = {
  file: 'posting a file of the dump',
  quote: 'quoting the dump',
  link: 'linking it',
  hashtag: 'with the campaign hashtag only',
};

/**
 * Sentences a journalist can quote, each number computed from the trail:
 * "The files appeared first on 4chan at 18:31 UTC on 5 May 2017 (post 4chan:1, by an anonymous
 * poster, posting a file of the dump). The first post on X came 18 minutes later, by @…".
 */
export function trailSummary(
  trail: Trail,
  ties: Tie[],
  stats: { urlsNotUrls: number; boilerplateRuns: number; boilerplatePosts: number; unconfirmedLinks: number },
): string[] {
  const out: string[] = [];
  const [first, ...rest] = trail.firstSeen;
  if (!first) {
    out.push('No post shows, quotes or links a file of the dump.');
  } else {
    out.push(
      `The files appeared first on ${platformName(first.platform)} at ${when(first.time)} (post ${first.postId}, by ${who(first.handle)}, ${HOW[first.via]}).`,
    );
    for (const f of rest) {
      const gap = Date.parse(f.time) - Date.parse(first.time);
      out.push(
        `The first post on ${platformName(f.platform)} ${f.via === 'hashtag' ? 'carrying the campaign' : 'tied to the dump'} came ${span(gap)} later, at ${when(f.time)}, by ${who(f.handle)} (${HOW[f.via]}; post ${f.postId}).`,
      );
    }
  }
  for (const h of trail.handoffs) {
    const e = h.evidence[0];
    const what =
      e?.kind === 'post-link'
        ? `a link to a ${platformName(h.fromPlatform)} post`
        : `a link first posted on ${platformName(h.fromPlatform)}`;
    const by = ties.find((t) => t.postId === h.postId)?.handle ?? null;
    out.push(
      `${platformName(h.fromPlatform)} → ${platformName(h.toPlatform)}: at ${when(h.time)} ${who(by)} posted ${what} (${e?.value ?? ''}; post ${h.postId}).`,
    );
  }
  if (trail.items.length) {
    const posts = new Set(ties.filter((t) => t.item !== null).map((t) => t.postId)).size;
    const accounts = new Set(ties.filter((t) => t.item !== null).map((t) => t.accountId)).size;
    const top = trail.items[0];
    out.push(
      `${trail.items.length} dump item${trail.items.length === 1 ? '' : 's'} surfaced in ${posts} post${posts === 1 ? '' : 's'} by ${accounts} account${accounts === 1 ? '' : 's'}.` +
        (top
          ? ` The most carried, "${top.title}", was shown or quoted by ${top.posts} post${top.posts === 1 ? '' : 's'} on ${top.platforms.map(platformName).join(', ')}.`
          : ''),
    );
  }
  if (stats.boilerplateRuns)
    out.push(
      `${stats.boilerplateRuns} runs of words shared by many dump items (signatures, legal footers) were not taken as quotes${stats.boilerplatePosts ? `; ${stats.boilerplatePosts} post${stats.boilerplatePosts === 1 ? '' : 's'} matched only such runs` : ''}.`,
    );
  if (stats.unconfirmedLinks)
    out.push(
      `${stats.unconfirmedLinks} link${stats.unconfirmedLinks === 1 ? '' : 's'} to file hosts, paste sites or other platforms' posts were not counted: nothing ties them to the dump.`,
    );
  if (stats.urlsNotUrls)
    out.push(
      `${stats.urlsNotUrls} link${stats.urlsNotUrls === 1 ? ' was' : 's were'} not a URL and skipped.`,
    );
  return out;
}
