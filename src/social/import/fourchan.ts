import { htmlToText } from '../../util/html-text.js';
import type { Post, PostMedia } from '../types.js';
import {
  arr,
  BatchBuilder,
  emptyAccount,
  jsonRecords,
  num,
  obj,
  type PostImporter,
  str,
  textEntities,
} from './common.js';
import { md5Hex, media, size } from './media.js';

/**
 * 4chan thread JSON (github.com/4chan/4chan-API, threads.md): `{posts: [{no, time, resto, id,
 * name, com, country, board_flag, …}]}`. `resto` is 0 for the opening post, else the thread number;
 * `id` is the per-thread poster id (only on boards that show ids); `country` is the poster's
 * flag (ISO 3166-1 alpha-2). `>>123` quote-links in `com` are replies to post 123
 * (not mentions: post numbers are not accounts). `<wbr>` breaks inside long words and URLs are
 * removed before the text is read, so links stay whole.
 */
export const fourchan: PostImporter = {
  format: '4chan',
  detect(head) {
    return /"posts"\s*:/.test(head) && /"resto"\s*:/.test(head) && /"no"\s*:/.test(head) ? 0.95 : 0;
  },
  async *read(file) {
    const b = new BatchBuilder(file);
    for await (const { rec, no: recNo } of jsonRecords(file, b)) {
      const posts = arr(obj(rec)?.posts);
      if (!obj(rec) || !Array.isArray(obj(rec)?.posts)) b.fail(recNo, 'not-a-thread', 'no "posts" array');
      const op = num(obj(posts[0])?.no);
      for (const [i, raw] of posts.entries()) {
        const p = obj(raw);
        const no = num(p?.no);
        const time = num(p?.time);
        if (!p || no === null || time === null) {
          b.fail(i + 1, 'bad-post', `posts[${i}]: missing no or time`);
          continue;
        }
        const thread = num(p.resto) || op || no;
        // 4chan inserts <wbr> into long words and URLs: removed, or every long link is cut in two.
        const text = htmlToText((str(p.com) ?? '').replace(/<wbr\s*\/?>/gi, '')).trim();
        const quoted = [...(str(p.com) ?? '').matchAll(/#p(\d+)|&gt;&gt;(\d+)/g)].map((m) => m[1] ?? m[2]);
        // Without a poster id every post is its own anonymous author: no false merging.
        const poster = str(p.id) ? `4chan:${thread}:${str(p.id)}` : `4chan:anon:${no}`;
        const ents = textEntities(text);
        const post: Post = {
          id: `4chan:${no}`,
          platform: '4chan',
          accountId: poster,
          handle: str(p.id) ?? str(p.name),
          time: time * 1000,
          text: [str(p.sub), text].filter(Boolean).join('\n'),
          lang: null,
          repostOf: null,
          replyTo: quoted[0] ? `4chan:${quoted[0]}` : p.resto ? `4chan:${p.resto}` : null,
          quoteOf: null,
          hashtags: ents.hashtags,
          // `>>123` links a reply to a post, not to an account: it is never a mention.
          mentions: ents.mentions,
          urls: ents.urls,
          country: str(p.country)?.toUpperCase() ?? null,
          source: `${file}#posts[${i}]`,
        };
        const m = fileOf(p, i, b);
        if (m) post.media = [m];
        b.posts.push(post);
        b.accounts.push({ ...emptyAccount(poster, '4chan'), handle: post.handle, name: str(p.name) });
      }
      if (b.full) yield b.take();
    }
    yield b.take();
  },
};

/**
 * The file of a 4chan post (threads.md: `tim` the stored name in ms, `filename` the name as
 * uploaded without extension, `ext`, `md5` base64 of the file's MD5, `fsize` bytes). Broken fields
 * are dropped with a warning; the post stays.
 */
function fileOf(p: Record<string, unknown>, i: number, b: BatchBuilder): PostMedia | null {
  if (p.filename === undefined && p.md5 === undefined && p.tim === undefined) return null;
  const ext = str(p.ext);
  const name = str(p.filename);
  const md5 = md5Hex(p.md5);
  if (p.md5 !== undefined && !md5)
    b.mediaIssue(
      i + 1,
      `posts[${i}]: md5 ${JSON.stringify(p.md5).slice(0, 40)} is neither base64 nor hex MD5`,
    );
  const fsize = size(p.fsize);
  if (p.fsize !== undefined && fsize === null) b.mediaIssue(i + 1, `posts[${i}]: fsize is not a byte count`);
  const tim = num(p.tim);
  const cleanExt = ext && /^\.[A-Za-z0-9]{1,8}$/.test(ext) ? ext.toLowerCase() : null;
  if (ext !== null && !cleanExt)
    b.mediaIssue(i + 1, `posts[${i}]: ext ${JSON.stringify(ext).slice(0, 20)} is not a file extension`);
  return media(p.filedeleted ? 'deleted-file' : 'file', {
    name: name ? `${name}${cleanExt ?? ''}` : null,
    md5,
    size: fsize,
    // i.4cdn.org/<board>/<tim><ext>: the board is not in the thread JSON, so the path is kept.
    path: tim !== null && cleanExt ? `${tim}${cleanExt}` : null,
    mime: null,
  });
}
