import type { PostMedia } from '../types.js';
import { arr, type BatchBuilder, obj, str } from './common.js';
import { httpUrl, media } from './media.js';

/**
 * X v1.1 media entities (developer.x.com "Entities", `extended_entities.media` lists every photo of
 * a tweet, `entities.media` only the first): type, media_url_https, expanded_url. X gives no hash
 * of the file; the name is the last part of the media URL (`…/media/C_abc.jpg`).
 */
export function xMediaV1(
  body: Record<string, unknown>,
  ext: Record<string, unknown> | null,
  b: BatchBuilder,
  line: number,
): PostMedia[] {
  const list =
    arr(obj(ext?.extended_entities)?.media).length > 0
      ? arr(obj(ext?.extended_entities)?.media)
      : arr(obj(body.extended_entities)?.media).length > 0
        ? arr(obj(body.extended_entities)?.media)
        : arr(obj(ext?.entities)?.media).length > 0
          ? arr(obj(ext?.entities)?.media)
          : arr(obj(body.entities)?.media);
  const out: PostMedia[] = [];
  for (const raw of list) {
    const m = obj(raw);
    const src = m ? (str(m.media_url_https) ?? str(m.media_url)) : null;
    const url = httpUrl(src);
    if (!m || !url) {
      b.mediaIssue(line, `a media entity without a media URL (${JSON.stringify(raw)?.slice(0, 60)})`);
      continue;
    }
    out.push(media(str(m.type) ?? 'photo', { url, name: lastPart(url) }));
  }
  return out;
}

/**
 * X v2 `includes.media` (developer.x.com "Media object"): `media_key`, `type`, `url` (photos) or
 * `preview_image_url` (videos); a tweet names its media in `attachments.media_keys`.
 */
export function xMediaV2(
  t: Record<string, unknown>,
  byKey: Map<string, Record<string, unknown>>,
  b: BatchBuilder,
  line: number,
  warnMissing = true,
): PostMedia[] {
  const out: PostMedia[] = [];
  for (const k of arr(obj(t.attachments)?.media_keys)) {
    const key = str(k);
    const m = key ? byKey.get(key) : undefined;
    if (!m) {
      if (warnMissing)
        b.mediaIssue(line, `media key ${JSON.stringify(k)?.slice(0, 40)} not in includes.media`);
      continue;
    }
    const url = httpUrl(str(m.url) ?? str(m.preview_image_url));
    out.push(media(str(m.type) ?? 'photo', { url, name: url ? lastPart(url) : null }));
  }
  return out;
}

function lastPart(url: string): string | null {
  try {
    const p = new URL(url).pathname.split('/').pop();
    return p ? decodeURIComponent(p) : null;
  } catch {
    return null;
  }
}
