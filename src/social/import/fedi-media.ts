import type { PostMedia } from '../types.js';
import { arr, type BatchBuilder, obj, str } from './common.js';
import { httpUrl, media, size } from './media.js';

type Rec = Record<string, unknown>;

/**
 * Bluesky blobs of a post (atproto lexicons app.bsky.embed.images / .video / .recordWithMedia):
 * `{image: {$type: 'blob', ref: {$link: CID}, mimeType, size}}`; records written before the blob
 * type carry `{cid, mimeType}`. A CID is a content hash (CIDv1, raw codec, sha2-256), so the same
 * file posted twice has the same CID.
 */
export function blueskyMedia(embed: Rec | null, b: BatchBuilder, line: number): PostMedia[] {
  if (!embed) return [];
  const inner = obj(embed.media) ?? embed;
  const blobs: { kind: string; blob: unknown }[] = [
    ...arr(inner.images).map((i) => ({ kind: 'image', blob: obj(i)?.image })),
    ...(inner.video !== undefined ? [{ kind: 'video', blob: inner.video }] : []),
  ];
  const out: PostMedia[] = [];
  for (const { kind, blob } of blobs) {
    const o = obj(blob);
    const cid = str(obj(o?.ref)?.$link) ?? str(o?.cid);
    if (!o || !cid || !/^[a-z0-9]{20,100}$/i.test(cid)) {
      b.mediaIssue(line, `a ${kind} embed without a blob CID`);
      continue;
    }
    out.push(media(kind, { cid, mime: str(o.mimeType), size: size(o.size) }));
  }
  return out;
}

/**
 * Mastodon `media_attachments` (docs.joinmastodon.org/entities/MediaAttachment): type, url,
 * remote_url (the original server's copy), description. No hash is published.
 */
export function mastodonMedia(status: Rec, b: BatchBuilder, line: number): PostMedia[] {
  const out: PostMedia[] = [];
  for (const raw of arr(status.media_attachments)) {
    const m = obj(raw);
    const url = httpUrl(str(m?.remote_url) ?? str(m?.url));
    if (!m || !url) {
      b.mediaIssue(line, 'a media attachment without a URL');
      continue;
    }
    const name = new URL(url).pathname.split('/').pop() || null;
    out.push(media(str(m.type) ?? 'unknown', { url, name }));
  }
  return out;
}
