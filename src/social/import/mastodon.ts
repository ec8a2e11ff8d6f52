import { htmlToText } from '../../util/html-text.js';
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
import { mastodonMedia } from './fedi-media.js';

type Rec = Record<string, unknown>;

/**
 * Mastodon Status entities as the REST API returns them (docs.joinmastodon.org/entities/Status):
 * an array (a timeline page), one status, or JSON lines. `content` is HTML; a boost has `reblog`
 * holding the original status. Posts are keyed by `uri`, which is unique across servers.
 */
export const mastodon: PostImporter = {
  format: 'mastodon',
  detect(head) {
    if (/"reblog"\s*:/.test(head) && /"account"\s*:/.test(head)) return 0.9;
    return /^\s*\{\s*"(ancestors|descendants)"\s*:/.test(head) && /"account"\s*:/.test(head) ? 0.9 : 0;
  },
  async *read(file, opts) {
    const b = new BatchBuilder(file);
    for await (const { rec, no } of jsonRecords(file, b, opts)) {
      // A saved thread (GET /api/v1/statuses/:id/context) is `{ancestors, descendants}`.
      const ctx = obj(rec);
      const list =
        ctx && !ctx.id && (Array.isArray(ctx.ancestors) || Array.isArray(ctx.descendants))
          ? [...arr(ctx.ancestors), ...arr(ctx.descendants)]
          : [rec];
      for (const one of list) {
        const s = obj(one);
        const err = s ? addStatus(s, b, `${file}:${no}`) : 'record is not an object';
        if (err) b.fail(no, 'not-a-status', err);
      }
      if (b.full) yield b.take();
    }
    yield b.take();
  },
};

function key(s: Rec): string | null {
  const k = str(s.uri) ?? str(s.url) ?? str(s.id);
  return k ? `mastodon:${k}` : null;
}

function addStatus(s: Rec, b: BatchBuilder, source: string): string | null {
  const id = key(s);
  const acct = obj(s.account);
  const time = toMs(s.created_at);
  if (!id || !acct) return 'missing id/uri or account';
  if (time === null) return `unreadable created_at ${JSON.stringify(s.created_at)}`;
  const reblog = obj(s.reblog);
  if (reblog) addStatus(reblog, b, source);
  const body = reblog ?? s;
  const text = statusText(str(body.content) ?? '');
  const account = toAccount(acct);
  const ents = textEntities(text);
  const post: Post = {
    id,
    platform: 'mastodon',
    accountId: account.id,
    handle: account.handle,
    time,
    text,
    lang: str(body.language)?.split('-')[0] ?? null,
    repostOf: reblog ? key(reblog) : null,
    // in_reply_to_id is a server-local id; it is what the API gives, kept with the server prefix.
    replyTo: str(s.in_reply_to_id) ? `mastodon:${serverOf(acct)}#${str(s.in_reply_to_id)}` : null,
    quoteOf: quoteOf(body, b, source),
    hashtags: uniq(
      arr(body.tags)
        .map((t) => str(obj(t)?.name)?.toLowerCase() ?? '')
        .filter(Boolean)
        .concat(ents.hashtags),
    ),
    mentions: uniq(
      arr(body.mentions)
        .map((m) => str(obj(m)?.acct)?.toLowerCase() ?? '')
        .filter(Boolean),
    ),
    urls: uniq([...(str(obj(body.card)?.url) ? [str(obj(body.card)?.url) as string] : []), ...ents.urls]),
    country: null,
    source,
  };
  const media = mastodonMedia(body, b, Number(source.split(':').pop()) || 0);
  if (media.length) post.media = media;
  b.posts.push(post);
  b.accounts.push(account);
  return null;
}

/**
 * Mastodon splits every link into `<span class="invisible">https://</span><span
 * class="ellipsis">host/pa</span><span class="invisible">th</span>` and wraps the word of a
 * hashtag or mention in a span ("#<span>Leak</span>"). Spans are inline, so they are removed
 * before the HTML becomes text: links and tags stay whole.
 */
export function statusText(html: string): string {
  return htmlToText(html.replace(/<\/?span\b[^>]*>/gi, ''))
    .replace(/([#@])\s+(?=[\p{L}\p{N}_])/gu, '$1')
    .trim();
}

/**
 * The quoted status: Mastodon 4.4's Quote entity `quote: {state, quoted_status}` (linked only when
 * `state` is "accepted": a pending or revoked quote does not show the original), or the older
 * forks' `quote` / `quoted_status` holding the status itself. An embedded original is imported too.
 */
function quoteOf(body: Rec, b: BatchBuilder, source: string): string | null {
  const q = obj(body.quote);
  const inner =
    q && 'state' in q
      ? q.state === 'accepted'
        ? obj(q.quoted_status)
        : null
      : (q ?? obj(body.quoted_status));
  if (!inner) return null;
  if (obj(inner.account)) addStatus(inner, b, source);
  return key(inner);
}

function serverOf(acct: Rec): string {
  const url = str(acct.url);
  try {
    return url ? new URL(url).host : 'local';
  } catch {
    return 'local';
  }
}

function toAccount(a: Rec): Account {
  const handle = str(a.acct) ?? str(a.username);
  const full = handle?.includes('@') ? handle : `${handle}@${serverOf(a)}`;
  const avatar = str(a.avatar);
  return {
    id: `mastodon:${full}`,
    platform: 'mastodon',
    handle,
    name: str(a.display_name),
    created: toMs(a.created_at),
    followers: num(a.followers_count),
    friends: num(a.following_count),
    statuses: num(a.statuses_count),
    location: null,
    description: htmlToText(str(a.note) ?? ''),
    defaultProfile: null,
    defaultImage: avatar ? avatar.includes('missing') : null,
    verified: null,
  };
}
