import { htmlToText } from '../../util/html-text.js';
import type { Post } from '../types.js';
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
        b.posts.push(post);
        b.accounts.push({ ...emptyAccount(poster, '4chan'), handle: post.handle, name: str(p.name) });
      }
      if (b.full) yield b.take();
    }
    yield b.take();
  },
};
