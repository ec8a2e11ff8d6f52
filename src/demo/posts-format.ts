import type { DemoAccount } from './social-accounts.js';

/** A generated post before serialisation. */
export interface DemoPost {
  id: string;
  time: number;
  account: DemoAccount;
  text: string;
  lang: string;
  /** The original when this is a repost. */
  repostOf: DemoPost | null;
  mentions: string[];
  hashtags: string[];
  urls: string[];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** X v1.1 created_at: `Fri May 05 18:49:00 +0000 2017`. */
export function xDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

function xUser(a: DemoAccount): Record<string, unknown> {
  return {
    id: Number(a.id),
    id_str: a.id,
    name: a.name,
    screen_name: a.handle,
    location: a.location,
    description: a.description,
    followers_count: a.followers,
    friends_count: a.friends,
    statuses_count: a.statuses,
    created_at: xDate(a.created),
    verified: a.role === 'hub',
    lang: a.lang,
    default_profile: a.defaultProfile,
    default_profile_image: a.defaultProfile,
    profile_image_url_https: a.defaultProfile
      ? 'https://abs.twimg.example/sticky/default_profile_images/default_profile_normal.png'
      : `https://pbs.twimg.example/profile_images/${a.id}/photo_normal.jpg`,
  };
}

function entities(p: DemoPost): Record<string, unknown> {
  return {
    hashtags: p.hashtags.map((text) => ({ text, indices: [0, 0] })),
    user_mentions: p.mentions.map((screen_name) => ({ screen_name, indices: [0, 0] })),
    urls: p.urls.map((u) => ({ url: u, expanded_url: u, indices: [0, 0] })),
  };
}

/**
 * One X API v1.1 Tweet object (developer.x.com v1.1 data dictionary): a retweet embeds the
 * original in `retweeted_status` and its own text starts "RT @handle: ".
 */
export function toXV1(p: DemoPost): Record<string, unknown> {
  const base = (q: DemoPost): Record<string, unknown> => ({
    created_at: xDate(q.time),
    id: Number(q.id),
    id_str: q.id,
    text: q.text,
    truncated: false,
    entities: entities(q),
    user: xUser(q.account),
    is_quote_status: false,
    lang: q.lang,
  });
  if (!p.repostOf) return base(p);
  const o = p.repostOf;
  return {
    ...base({
      ...p,
      text: `RT @${o.account.handle}: ${o.text}`.slice(0, 140),
      mentions: [o.account.handle, ...o.mentions],
    }),
    retweeted_status: base(o),
  };
}

/** A Mastodon Status entity (docs.joinmastodon.org/entities/Status); a boost nests the original in `reblog`. */
export function toMastodon(p: DemoPost): Record<string, unknown> {
  const status = (q: DemoPost): Record<string, unknown> => ({
    id: q.id,
    uri: `https://social.example/users/${q.account.handle}/statuses/${q.id}`,
    url: `https://social.example/@${q.account.handle}/${q.id}`,
    created_at: new Date(q.time).toISOString(),
    language: q.lang,
    content: q.repostOf ? '' : `<p>${q.text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`,
    reblog: null,
    tags: q.hashtags.map((name) => ({ name, url: `https://social.example/tags/${name}` })),
    mentions: q.mentions.map((m) => ({ username: m, acct: m })),
    account: {
      id: q.account.id,
      username: q.account.handle,
      acct: q.account.handle,
      display_name: q.account.name,
      created_at: new Date(q.account.created).toISOString(),
      followers_count: q.account.followers,
      following_count: q.account.friends,
      statuses_count: q.account.statuses,
      note: q.account.description,
      bot: false,
    },
  });
  const s = status(p);
  if (p.repostOf) s.reblog = status(p.repostOf);
  return s;
}
