import type { Post } from '../types.js';
import {
  arr,
  BatchBuilder,
  emptyAccount,
  jsonRecords,
  obj,
  type PostImporter,
  str,
  textEntities,
  toMs,
  uniq,
} from './common.js';
import { blueskyMedia } from './fedi-media.js';

type Rec = Record<string, unknown>;

/**
 * Bluesky Jetstream events, one JSON object a line: `{did, time_us, kind: "commit", commit:
 * {operation, collection, rkey, record}}` (github.com/bluesky-social/jetstream). Posts are
 * `app.bsky.feed.post` (a reply has `record.reply`, a quote an `app.bsky.embed.record` embed),
 * reposts are `app.bsky.feed.repost` with `record.subject.uri`. Posts are keyed by their at:// URI
 * so a repost's subject points straight at its original. Deletes, likes, follows and identity
 * events are not posts and are skipped (identity events still give handles).
 */
export const bluesky: PostImporter = {
  format: 'bluesky-jetstream',
  detect(head) {
    return /"did"\s*:/.test(head) && /"time_us"\s*:/.test(head) ? 0.95 : 0;
  },
  async *read(file, opts) {
    const b = new BatchBuilder(file);
    for await (const { rec, no } of jsonRecords(file, b, opts)) {
      const e = obj(rec);
      const did = str(e?.did);
      if (!e || !did) {
        b.fail(no, 'not-an-event', 'record has no "did"');
        continue;
      }
      const handle = str(obj(e.identity)?.handle);
      if (handle) b.accounts.push({ ...emptyAccount(`bsky:${did}`, 'bluesky'), handle });
      const c = obj(e.commit);
      if (e.kind !== 'commit' || !c || (c.operation !== 'create' && c.operation !== 'update')) continue;
      if (c.collection !== 'app.bsky.feed.post' && c.collection !== 'app.bsky.feed.repost') continue;
      const err = addEvent(e, c, did, b, `${file}:${no}`);
      if (err) b.fail(no, 'bad-event', err);
      if (b.full) yield b.take();
    }
    yield b.take();
  },
};

export function addEvent(e: Rec, c: Rec, did: string, b: BatchBuilder, source: string): string | null {
  const r = obj(c.record);
  const rkey = str(c.rkey);
  if (!r || !rkey) return 'commit without record or rkey';
  // createdAt is the client's claim; time_us is when the relay saw it. Prefer the record's own time.
  const time = toMs(r.createdAt) ?? toMs(e.time_us);
  if (time === null) return 'no createdAt or time_us';
  const base = {
    id: `bsky:at://${did}/${c.collection}/${rkey}`,
    platform: 'bluesky',
    accountId: `bsky:${did}`,
    handle: null,
    time,
    country: null,
    source,
  };
  if (c.collection === 'app.bsky.feed.repost') {
    const subject = str(obj(r.subject)?.uri);
    if (!subject) return 'repost without subject.uri';
    b.posts.push({
      ...base,
      text: '',
      lang: null,
      repostOf: `bsky:${subject}`,
      replyTo: null,
      quoteOf: null,
      hashtags: [],
      mentions: [],
      urls: [],
    });
    b.accounts.push(emptyAccount(base.accountId, 'bluesky'));
    return null;
  }
  const text = str(r.text) ?? '';
  const features = arr(r.facets)
    .flatMap((f) => arr(obj(f)?.features))
    .map((f) => obj(f))
    .filter((f): f is Rec => !!f);
  const feat = (type: string, key: string) =>
    features
      .filter((f) => f.$type === `app.bsky.richtext.facet#${type}`)
      .map((f) => str(f[key]) ?? '')
      .filter(Boolean);
  const ents = textEntities(text);
  const embed = obj(r.embed);
  const quoted = str(obj(embed?.record)?.uri) ?? str(obj(obj(embed?.record)?.record)?.uri);
  const post: Post = {
    ...base,
    text,
    lang: (str(arr(r.langs)[0]) ?? '').split('-')[0] || null,
    repostOf: null,
    replyTo: str(obj(obj(r.reply)?.parent)?.uri) ? `bsky:${str(obj(obj(r.reply)?.parent)?.uri)}` : null,
    quoteOf: quoted ? `bsky:${quoted}` : null,
    hashtags: uniq([...feat('tag', 'tag').map((t) => t.toLowerCase()), ...ents.hashtags]),
    // Mention facets carry DIDs; the text carries handles (domain names), which an analyst reads.
    mentions: uniq(
      [...text.matchAll(/(?:^|\s)@([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+)/gi)].map((m) =>
        (m[1] ?? '').toLowerCase(),
      ),
    ),
    // A link card (app.bsky.embed.external, or inside recordWithMedia) often has no facet.
    urls: uniq(
      [
        ...feat('link', 'uri'),
        ...ents.urls,
        str(obj(embed?.external)?.uri) ?? '',
        str(obj(obj(embed?.media)?.external)?.uri) ?? '',
      ].filter(Boolean),
    ),
  };
  const media = blueskyMedia(embed, b, Number(post.source.split(':').pop()) || 0);
  if (media.length) post.media = media;
  b.posts.push(post);
  b.accounts.push(emptyAccount(base.accountId, 'bluesky'));
  return null;
}
