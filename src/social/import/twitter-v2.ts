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
import { normLang } from './twitter-v1.js';
import { xMediaV2 } from './x-media.js';

type Rec = Record<string, unknown>;

/**
 * X API v2 responses: pages `{data: [...], includes: {users, tweets, places}}` (one per line as
 * twarc2 writes them, or an array of pages). A retweet's `text` is truncated, so its text and
 * entities come from the referenced tweet in `includes.tweets` when present.
 * Field reference: developer.x.com "Data dictionary" (v2 Tweet, User, Place objects).
 */
export const twitterV2: PostImporter = {
  format: 'twitter-v2',
  detect(head) {
    if (/"data"\s*:/.test(head) && /"(author_id|includes|referenced_tweets)"\s*:/.test(head)) return 0.95;
    // `twarc2 flatten`: one tweet a line, its author and referenced tweets expanded inline.
    if (/"author_id"\s*:/.test(head) && /"(__twarc|author)"\s*:\s*\{/.test(head)) return 0.95;
    return 0;
  },
  async *read(file, opts) {
    const b = new BatchBuilder(file);
    for await (const { rec, no } of jsonRecords(file, b, opts)) {
      const page = unflatten(obj(rec));
      const data = page ? (Array.isArray(page.data) ? page.data : obj(page.data) ? [page.data] : null) : null;
      if (!page || !data) {
        b.fail(no, 'not-a-v2-page', 'record has no "data" array');
        continue;
      }
      addPage(page, data, b, `${file}:${no}`);
      if (b.full) yield b.take();
    }
    yield b.take();
  },
};

/**
 * A `twarc2 flatten` line is one tweet with `author` and each `referenced_tweets[]` entry expanded
 * inline (github.com/DocNow/twarc, expansions.py); it is turned back into the page it came from.
 */
function unflatten(t: Rec | null): Rec | null {
  if (!t || 'data' in t || !('id' in t) || !(obj(t.author) || 'author_id' in t)) return t;
  const refs = arr(t.referenced_tweets)
    .map((r) => obj(r))
    .filter((r): r is Rec => !!r && 'text' in r);
  const users = [t, ...refs].map((x) => obj(x.author)).filter((u): u is Rec => !!u);
  return { data: [t], includes: { users, tweets: refs } };
}

function addPage(page: Rec, data: unknown[], b: BatchBuilder, source: string): void {
  const inc = obj(page.includes);
  const users = new Map(arr(inc?.users).map((u) => [str(obj(u)?.id) ?? '', obj(u) as Rec]));
  const tweets = new Map(arr(inc?.tweets).map((t) => [str(obj(t)?.id) ?? '', obj(t) as Rec]));
  const places = new Map(arr(inc?.places).map((p) => [str(obj(p)?.id) ?? '', obj(p) as Rec]));
  const media = new Map(arr(inc?.media).map((m) => [str(obj(m)?.media_key) ?? '', obj(m) as Rec]));
  const seen = new Set<string>();
  for (const [i, raw] of data.entries()) {
    const t = obj(raw);
    const err = t ? addTweet(t, { users, tweets, places, media }, b, source) : 'data entry is not an object';
    if (err) b.fail(Number(source.split(':').pop()) || 1, 'not-a-tweet', `data[${i}]: ${err}`);
    const id = str(t?.id);
    if (id) seen.add(id);
  }
  // Referenced originals are posts too: the seed of a cascade is often only in includes.
  for (const [id, t] of tweets)
    if (id && !seen.has(id)) addTweet(t, { users, tweets, places, media }, b, source, true);
}

interface Lookups {
  users: Map<string, Rec>;
  tweets: Map<string, Rec>;
  places: Map<string, Rec>;
  media: Map<string, Rec>;
}

function addTweet(t: Rec, look: Lookups, b: BatchBuilder, source: string, referenced = false): string | null {
  const id = str(t.id);
  const author = str(t.author_id) ?? str(obj(t.author)?.id);
  const time = toMs(t.created_at);
  if (!id || !author) return 'missing id or author_id';
  if (time === null) return `unreadable created_at ${JSON.stringify(t.created_at)}`;
  const refs = arr(t.referenced_tweets)
    .map((r) => obj(r))
    .filter((r): r is Rec => !!r);
  const ref = (type: string) => str(refs.find((r) => r.type === type)?.id);
  const rtId = ref('retweeted');
  const body = (rtId && look.tweets.get(rtId)) || t;
  const text = str(obj(body.note_tweet)?.text) ?? str(body.text) ?? '';
  const ents = obj(body.entities);
  const fromText = textEntities(text);
  const tags = arr(ents?.hashtags)
    .map((h) => str(obj(h)?.tag)?.toLowerCase())
    .filter((x): x is string => !!x);
  const mentions = arr(ents?.mentions)
    .map((m) => str(obj(m)?.username)?.toLowerCase())
    .filter((x): x is string => !!x);
  const urls = arr(ents?.urls)
    .map((u) => str(obj(u)?.expanded_url) ?? str(obj(u)?.url))
    .filter((x): x is string => !!x);
  const user = look.users.get(author) ?? obj(t.author);
  const place = look.places.get(str(obj(t.geo)?.place_id) ?? '');
  const post: Post = {
    id: `x:${id}`,
    platform: 'x',
    accountId: `x:${author}`,
    handle: str(user?.username),
    time,
    text,
    lang: normLang(str(t.lang)),
    repostOf: rtId ? `x:${rtId}` : null,
    replyTo: ref('replied_to') ? `x:${ref('replied_to')}` : null,
    quoteOf: ref('quoted') ? `x:${ref('quoted')}` : null,
    hashtags: tags.length ? uniq(tags) : fromText.hashtags,
    // As in v1.1, a retweet mentions the retweeted account ("RT @x:").
    mentions: uniq([
      ...(rtId && body !== t
        ? [str(look.users.get(str(body.author_id) ?? '')?.username)?.toLowerCase() ?? '']
        : []
      ).filter(Boolean),
      ...(mentions.length ? mentions : fromText.mentions),
    ]),
    urls: urls.length ? uniq(urls) : fromText.urls,
    country: str(place?.country_code)?.toUpperCase() || null,
    source,
  };
  // twarc2 flatten expands `attachments.media` inline; an API page lists them in includes.media.
  const inline = arr(obj(body.attachments)?.media)
    .map((m) => obj(m))
    .filter((m): m is Rec => !!m);
  const byKey = inline.length ? new Map(inline.map((m) => [str(m.media_key) ?? '', m])) : look.media;
  // The API expands media only for the tweets of `data`: a referenced tweet's keys (a retweet's
  // original, a tweet of includes) are not in includes.media, and that is no defect of the file.
  const media = xMediaV2(body, byKey, b, Number(source.split(':').pop()) || 0, !referenced && body === t);
  if (media.length) post.media = media;
  b.posts.push(post);
  if (user) b.accounts.push(v2Account(user, `x:${author}`));
  return null;
}

function v2Account(u: Rec, id: string): Account {
  const m = obj(u.public_metrics);
  const img = str(u.profile_image_url);
  return {
    id,
    platform: 'x',
    handle: str(u.username),
    name: str(u.name),
    created: toMs(u.created_at),
    followers: num(m?.followers_count),
    friends: num(m?.following_count),
    statuses: num(m?.tweet_count),
    location: str(u.location) || null,
    description: str(u.description),
    defaultProfile: null,
    defaultImage: img ? img.includes('default_profile') : null,
    verified: typeof u.verified === 'boolean' ? u.verified : null,
  };
}
