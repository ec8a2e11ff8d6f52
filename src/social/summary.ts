import { formatTime } from '../core/format.js';
import type { CampaignAnalysis } from './analyze.js';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
const n = (x: number) => x.toLocaleString('en-US');
/** Whole percent, but a small share keeps one decimal ("0.2%", never "0%" for a non-zero share). */
const pct = (x: number) => (x > 0 && x < 0.01 ? `${(x * 100).toFixed(1)}%` : `${Math.round(x * 100)}%`);
// An original that is not in the data has no author: '' and null both read "an unknown account".
// 4chan has no accounts: "Anonymous" is a name anyone types, and a poster id lives one thread.
const who = (handle: string | null | undefined, id: string | null | undefined) =>
  id?.startsWith('4chan:anon:')
    ? 'an anonymous 4chan poster'
    : id?.startsWith('4chan:')
      ? `4chan poster ${handle ?? id.split(':').pop()}`
      : handle
        ? `@${handle}`
        : id || 'an unknown account';
/** "1 repost", "2 reposts": a count with its noun in the right number. */
const count = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;
/** "once", "twice", "3 times". */
const times = (x: number) => (x === 1 ? 'once' : x === 2 ? 'twice' : `${n(x)} times`);
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const word = (x: number) => WORDS[x] ?? n(x);

/** "3 h 05 min", "4 min", "2 days 3 h": how an analyst writes a duration. */
export function duration(ms: number): string {
  const min = Math.round(ms / 60000);
  if (min < 1) return `${Math.round(ms / 1000)} s`;
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${String(min % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} days ${h % 24} h`;
}

function country(code: string): string {
  try {
    const name = regionNames.of(code) ?? code;
    return name === 'United States' || name === 'United Kingdom' || name === 'Netherlands'
      ? `the ${name}`
      : name;
  } catch {
    return code;
  }
}

function language(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The findings as sentences an editor can quote (DESIGN.md "What a findings summary reads like").
 * Every number comes from the analysis object, so each can be listed back to its posts.
 */
export function summarise(a: Omit<CampaignAnalysis, 'summary'>): string[] {
  const out: string[] = [];
  const subject = a.filter.hashtag
    ? `#${a.filter.hashtag.replace(/^#/, '')}`
    : a.filter.url
      ? a.filter.url
      : 'The campaign';
  if (!a.posts) return [`No posts match${a.filter.hashtag || a.filter.url ? ` ${subject}` : ''}.`];
  out.push(
    `${count(a.posts, 'post')} (${count(a.reposts, 'repost')}) by ${count(a.accounts, 'account')} from ${formatTime(a.window.from)} to ${formatTime(a.window.to)} (${duration(a.window.spanMs)}).`,
  );
  const m = a.milestones[a.milestones.length - 1];
  if (m) out.push(`${subject} reached ${n(m.posts)} posts ${duration(m.elapsedMs)} after its first use.`);
  const s = a.seed.find((p) => !p.isRepost) ?? a.seed[0];
  const v = s ? a.velocity.find((x) => x.id === s.id) : undefined;
  if (s && v?.within5m)
    out.push(
      `The first post, by ${who(s.handle, s.accountId)}, was reposted ${times(v.within1m)} within a minute and ${times(v.within5m)} within five.`,
    );
  else if (s && v)
    out.push(
      `The first post, by ${who(s.handle, s.accountId)}, was reposted ${times(v.reposts)}, none within five minutes.`,
    );
  else if (s)
    out.push(
      `The first post, by ${who(s.handle, s.accountId)}, at ${formatTime(s.time)}, was not reposted in the data.`,
    );
  const fast = a.velocity.filter((x) => x.id !== s?.id)[0];
  if (fast && fast.reposts > 1)
    out.push(
      `The most reposted post, ${fast.originalSeen ? `by ${who(fast.handle, fast.accountId)}` : 'whose original is not in the data'}, drew ${count(fast.reposts, 'repost')}, ${n(fast.within5m)} of them within five minutes.`,
    );
  const t = a.activeAccounts.top;
  const busiest = a.activeAccounts.accounts.slice().sort((x, y) => y.max2h - x.max2h)[0];
  // Trivial figures are left out: the top accounts being every account (100% of posts), and a
  // busiest account that crossed no threshold ("posted 1 times in two hours").
  const thresholds = a.activeAccounts.thresholds;
  const crossed =
    busiest && busiest.max24h >= Math.min(thresholds.suspicious, thresholds.user ?? Number.POSITIVE_INFINITY);
  const topLine =
    t.posts > 1 && t.share < 1
      ? `The ${word(Math.min(t.n, t.accounts.length))} most active accounts posted ${n(t.posts)} times in ${duration(t.spanMs)} (${pct(t.share)} of all posts)`
      : '';
  const alone = crossed
    ? `${who(busiest.handle, busiest.accountId)} alone posted ${times(busiest.max2h)} in two hours (DFRLab flags ${thresholds.suspicious} a day)`
    : '';
  if (topLine || alone)
    out.push(`${[topLine, alone].filter(Boolean).join('; ')}.`.replace(/^./, (x) => x.toUpperCase()));
  const c = a.activeAccounts.counts;
  if (c.suspicious)
    out.push(
      `${count(c.suspicious, 'account')} posted ${thresholds.suspicious} or more times within 24 hours, ${n(c.highly)} of them ${thresholds.highly} or more.`,
    );
  const hub = a.amplifiers.accounts[0];
  if (hub?.repostsReceived && a.amplifiers.totalReposts > 1) {
    const mentioned = hub.mentionsReceived ? ` was mentioned ${times(hub.mentionsReceived)} and` : '';
    out.push(
      `${who(hub.handle, hub.accountId)}${mentioned}${mentioned ? ' its posts' : "'s posts"} drew ${pct(hub.repostShare)} of all reposts (${n(hub.repostsReceived)} of ${n(a.amplifiers.totalReposts)}).`,
    );
  }
  const loud = a.amplifiers.accounts.slice().sort((x, y) => y.mentionsReceived - x.mentionsReceived)[0];
  if (loud && loud.mentionsReceived > 1 && loud !== hub) {
    out.push(
      `${who(loud.handle, loud.accountId)} was the most mentioned account (${count(loud.mentionsReceived, 'mention')}); its posts drew ${pct(loud.repostShare)} of all reposts.`,
    );
  }
  const co = a.coordination;
  if (co?.coordinatedAccounts) {
    const what = {
      object: 'shared the same objects',
      repost: 'reposted the same posts',
      url: 'shared the same URLs',
      hashtag: 'used the same hashtags',
      text: 'posted near-identical texts',
    }[co.by];
    out.push(
      `${n(co.coordinatedAccounts)} accounts form ${n(co.groupCount)} coordinated ${co.groupCount === 1 ? 'group' : 'groups'} that ${what} within ${co.timeWindow} seconds, repeatedly (edge weight above ${co.threshold}, the ${Math.round(co.edgeWeight * 100)}th percentile).`,
    );
    const tight = co.communities?.[0];
    if (
      tight &&
      (co.communities.length > 1 || co.groupCount > 1 || tight.accounts.length < co.coordinatedAccounts)
    ) {
      const names = tight.handles
        .map((h, i) => who(h, tight.accounts[i]))
        .slice(0, 3)
        .join(', ');
      out.push(
        `The most tightly knit of their communities: ${n(tight.accounts.length)} accounts (${names}${tight.accounts.length > 3 ? ', …' : ''}) whose ties average ${tight.meanWeight} coordinated pairs.`,
      );
    }
  }
  const tc = a.textCoordination;
  if (tc && 'skipped' in tc) out.push(`Near-identical texts were not compared: ${tc.skipped}.`);
  else if (tc?.coordinatedAccounts)
    out.push(
      `${n(tc.coordinatedAccounts)} accounts form ${n(tc.groupCount)} ${tc.groupCount === 1 ? 'group' : 'groups'} that posted near-identical texts (word 3-gram similarity ${tc.minSimilarity ?? 0.8} or more) within ${tc.timeWindow} seconds, repeatedly.`,
    );
  if (a.bots.scored) out.push(...botSentences(a.bots));
  out.push(...placeAndLanguage(a));
  return out;
}

/**
 * "Bot-like" only beside the threshold and the precision measured there on held-out labelled
 * accounts (docs/bots.md); when nothing passes, say what the score can and cannot see, never
 * "no bots".
 */
export function botSentences(b: Omit<CampaignAnalysis, 'summary'>['bots']): string[] {
  const at = `score ≥ ${b.threshold}`;
  const measured = `at this threshold ${pct(b.heldOut.precision)} of held-out accounts flagged were bots in ${b.heldOut.dataset}`;
  const noProfile = b.withProfile
    ? ''
    : ' No account here has profile fields, so only the posting rules apply, and their weights are not measured.';
  if (!b.botLike)
    return [
      `No account scores as bot-like (${at}; ${measured}). This does not mean there are no bots: the score sees account age, default or empty profiles, follower ratios, lifetime and daily posting rates, repost shares and copied texts, and was measured on bought fake followers; it cannot see who runs an account, so trolls with full profiles posting at a human pace score low.${noProfile}`,
    ];
  const flaggedBare = b.botLikeWithoutProfile
    ? `; ${n(b.botLikeWithoutProfile)} of them have no profile in the source and were flagged on posting rules alone, which no labelled data has measured`
    : '';
  return [
    `${n(b.botLike)} of ${n(b.scored)} accounts score as bot-like (${at}; ${measured}${flaggedBare}).${noProfile}`,
  ];
}

function placeAndLanguage(a: Omit<CampaignAnalysis, 'summary'>): string[] {
  const out: string[] = [];
  const [c1, c2] = a.countries.byAccounts;
  if (c1) {
    out.push(
      `Of accounts with a known location (${n(a.countries.knownAccounts)} of ${n(a.countries.accounts)}; ${pct(a.countries.unknownShare)} unknown), ${pct(c1.share)} are in ${country(c1.key)}${c2 ? ` and ${pct(c2.share)} in ${country(c2.key)}` : ''}.`,
    );
  } else out.push(`No account location could be placed (${n(a.countries.accounts)} accounts).`);
  const [l1, l2] = a.languages.byPosts;
  if (l1)
    out.push(
      `${pct(l1.share)} of posts are in ${language(l1.key)}${l2 ? `, ${pct(l2.share)} in ${language(l2.key)}` : ''} (of ${n(a.posts - a.languages.unknownPosts)} posts with a known language).`,
    );
  return out;
}

/** The caption beside a list of bot scores (report, CLI): the threshold and its measured precision. */
export function botNote(b: Partial<Omit<CampaignAnalysis, 'summary'>['bots']> | undefined): string {
  if (!b?.heldOut || b.threshold === undefined)
    return 'Bot scores from an older analysis: re-run the analysis.';
  return `Bot-like means score ≥ ${b.threshold}: at this threshold ${pct(b.heldOut.precision)} of held-out accounts flagged were bots in ${b.heldOut.dataset} (measured on profile fields; docs/bots.md). Each reason shows its weight in log-odds.`;
}
