import type { Account, Post } from '../types.js';
import {
  arr,
  BatchBuilder,
  jsonRecords,
  num,
  obj,
  type PostImporter,
  str,
  textEntities,
  toMs,
  uniq,
} from './common.js';
import { xMediaV1 } from './x-media.js';

/**
 * X/Twitter API v1.1 tweets: a JSON array, JSON lines or twarc (v1) output. Long tweets carry their
 * text in `full_text` (tweet_mode=extended) or `extended_tweet.full_text` (streaming API); a
 * retweet's own `text` is truncated, so the original's full text and entities are used.
 * Field reference: developer.x.com "Tweet object" (v1.1 data dictionary).
 */
export const twitterV1: PostImporter = {
  format: 'twitter-v1',
  detect(head) {
    if (
      /"(id_str|screen_name)"\s*:/.test(head) &&
      /"(full_text|text)"\s*:/.test(head) &&
      /"user"\s*:/.test(head)
    )
      return 0.9;
    return 0;
  },
  async *read(file) {
    const b = new BatchBuilder(file);
    for await (const { rec, no } of jsonRecords(file, b)) {
      const t = obj(rec);
      if (!t) {
        b.fail(no, 'not-a-tweet', 'record is not a JSON object');
        continue;
      }
      if (t.delete || t.limit || t.scrub_geo) continue; // stream control messages, not posts
      for (const [i, one] of envelope(t).entries()) {
        const tw = obj(one);
        const err = tw ? addTweet(tw, b, `${file}:${no}`) : 'record is not a JSON object';
        if (err) b.fail(no, 'not-a-tweet', envelope(t).length > 1 || tw !== t ? `[${i}]: ${err}` : err);
      }
      if (b.full) yield b.take();
    }
    yield b.take();
  },
};

/**
 * The tweets of one record: a saved API response wraps them — `{statuses, search_metadata}`
 * (v1.1 search/tweets) or `{results, next, requestParameters}` (premium / enterprise search).
 */
function envelope(t: Record<string, unknown>): unknown[] {
  if (t.id_str || t.id) return [t];
  if (Array.isArray(t.statuses)) return t.statuses;
  if (Array.isArray(t.results)) return t.results;
  return [t];
}

/** Adds a tweet (and the originals it embeds); returns a reason when it cannot. */
export function addTweet(t: Record<string, unknown>, b: BatchBuilder, source: string): string | null {
  const id = str(t.id_str) ?? str(t.id);
  const user = obj(t.user);
  const uid = str(user?.id_str) ?? str(user?.id);
  const time = toMs(t.created_at) ?? toMs(t.timestamp_ms);
  if (!id || !uid) return 'missing id or user.id';
  if (time === null) return `unreadable created_at ${JSON.stringify(t.created_at)}`;
  const rt = obj(t.retweeted_status);
  const qt = obj(t.quoted_status);
  if (rt) addTweet(rt, b, source);
  if (qt) addTweet(qt, b, source);
  const body = rt ?? t;
  const ext = obj(body.extended_tweet);
  const text = str(body.full_text) ?? str(ext?.full_text) ?? str(body.text) ?? '';
  const ents = obj(ext?.entities) ?? obj(body.entities);
  const fromText = textEntities(text);
  const tags = arr(ents?.hashtags)
    .map((h) => str(obj(h)?.text)?.toLowerCase())
    .filter((x): x is string => !!x);
  const mentions = arr(ents?.user_mentions)
    .map((m) => str(obj(m)?.screen_name)?.toLowerCase())
    .filter((x): x is string => !!x);
  // A photo's link is listed under `media`, not `urls`: its expanded form names the tweet, the
  // t.co in the text names nothing.
  const urls = [...arr(ents?.urls), ...arr(ents?.media)]
    .map((u) => str(obj(u)?.expanded_url) ?? str(obj(u)?.url))
    .filter((x): x is string => !!x);
  const rtUser = str(obj(rt?.user)?.screen_name)?.toLowerCase();
  const post: Post = {
    id: `x:${id}`,
    platform: 'x',
    accountId: `x:${uid}`,
    handle: str(user?.screen_name),
    time,
    text,
    lang: normLang(str(t.lang)),
    repostOf: rt ? `x:${str(rt.id_str) ?? str(rt.id)}` : null,
    replyTo: str(t.in_reply_to_status_id_str) ? `x:${str(t.in_reply_to_status_id_str)}` : null,
    quoteOf: str(t.quoted_status_id_str)
      ? `x:${str(t.quoted_status_id_str)}`
      : qt
        ? `x:${str(qt.id_str)}`
        : null,
    hashtags: tags.length ? uniq(tags) : fromText.hashtags,
    // A retweet mentions the retweeted account, as the "RT @x:" prefix says.
    mentions: uniq([...(rtUser ? [rtUser] : []), ...(mentions.length ? mentions : fromText.mentions)]),
    urls: urls.length ? uniq(urls) : fromText.urls,
    country: str(obj(t.place)?.country_code)?.toUpperCase() || null,
    source,
  };
  const media = xMediaV1(body, ext, b, Number(source.split(':').pop()) || 0);
  if (media.length) post.media = media;
  b.posts.push(post);
  if (user) b.accounts.push(v1Account(user, `x:${uid}`));
  return null;
}

function v1Account(u: Record<string, unknown>, id: string): Account {
  const img = str(u.profile_image_url_https) ?? str(u.profile_image_url);
  return {
    id,
    platform: 'x',
    handle: str(u.screen_name),
    name: str(u.name),
    created: toMs(u.created_at),
    followers: num(u.followers_count),
    friends: num(u.friends_count),
    statuses: num(u.statuses_count),
    location: str(u.location) || null,
    description: str(u.description),
    defaultProfile: typeof u.default_profile === 'boolean' ? u.default_profile : null,
    defaultImage:
      typeof u.default_profile_image === 'boolean'
        ? u.default_profile_image
        : img
          ? img.includes('default_profile')
          : null,
    verified: typeof u.verified === 'boolean' ? u.verified : null,
  };
}

/** X writes `und` for undetermined and `in` for Indonesian; everything else is ISO 639-1 already. */
export function normLang(l: string | null): string | null {
  if (!l || l === 'und' || l === 'zxx' || l === 'qme' || l === 'qht' || l === 'qam') return null;
  if (l === 'in') return 'id';
  if (l === 'iw') return 'he';
  return l.toLowerCase().split(/[-_]/)[0] ?? null;
}
