import { mulberry32 } from '../../src/util/mulberry32.js';
import { layoutDefect } from './line-defects.js';

/**
 * X API v2 search pages as twarc2 writes them (one `{data, includes, meta, __twarc}` page a line),
 * with realistic values and a fixed seed: tweets with hashtag, mention and URL entities (and some
 * without, whose entities come from the text), retweets whose truncated text is completed by the
 * original in `includes.tweets`, replies, quotes, long tweets (note_tweet), places, photos and
 * videos in `includes.media`, languages the API writes (`und`, `in`, `zh-cn`), profiles with
 * counters, locations and default images. `rows` counts the tweets of `data`.
 *
 * `defects: true` adds, at known places, what real files carry: a line cut off in the middle (also
 * the last line), a line in Latin-1, an error record without `data`, a data entry without
 * `author_id`, an unreadable `created_at`, a media key not in includes.media, an id written as a
 * number, blank lines, CR LF line ends, the same page twice, a twarc2 flatten line, JSON text that
 * is not an object; `huge: true` one page of several megabytes (a 3 MB text).
 */
export function* xV2Jsonl(opts: {
  rows: number;
  defects?: boolean;
  huge?: boolean;
  seed?: number;
}): Generator<Buffer> {
  const rnd = mulberry32(opts.seed ?? 42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const nUsers = Math.max(10, Math.floor(opts.rows / 30));
  const user = (i: number) => ({
    id: String(1000 + i),
    username: `user_${i}`,
    name: `User ${i} 🌍`,
    created_at: new Date(Date.UTC(2010, 0, 1) + i * 86_400_000).toISOString(),
    description: i % 3 ? `Journalist. Views my own #${i % 7}` : '',
    location: pick(['Kyiv', 'Madrid, España', 'Lyon, France', '', 'Berlin', 'somewhere', 'Москва']),
    profile_image_url:
      i % 5
        ? `https://pbs.twimg.com/profile_images/${i}/a_normal.jpg`
        : 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png',
    public_metrics: {
      followers_count: Math.floor(rnd() * 10_000),
      following_count: Math.floor(rnd() * 2_000),
      tweet_count: Math.floor(rnd() * 50_000),
      listed_count: 3,
    },
    verified: i % 11 === 0,
  });
  const words = [
    'leak',
    'dump',
    'docs',
    'Wahlen',
    'élection',
    'утечка',
    'verify',
    'source',
    '🔥',
    '"quoted"',
    'a\nb',
  ];
  const langs = ['en', 'en', 'de', 'fr', 'ru', 'und', 'in', 'zh-cn', 'qme'];
  const places = [
    { id: 'p1', full_name: 'Lyon, France', country_code: 'FR' },
    { id: 'p2', full_name: 'Kyiv, Ukraine', country_code: 'ua' },
    { id: 'p3', full_name: 'Nowhere', country_code: '' },
  ];
  const seen: { id: string; author: number; text: string }[] = [];
  let t = Date.UTC(2022, 2, 1);
  let id = 1500000000000000000n;
  let out: Buffer[] = [];
  let made = 0;
  let page = 0;
  const tweetText = () => {
    const ws = Array.from({ length: 4 + Math.floor(rnd() * 14) }, () => pick(words));
    if (rnd() < 0.3) ws.push(`#${pick(['Leak', 'leak', 'MAGA', 'Wahl2022'])}`);
    if (rnd() < 0.2) ws.push(`@user_${Math.floor(rnd() * nUsers)}`);
    if (rnd() < 0.2) ws.push(`https://t.co/${Math.floor(rnd() * 1e6).toString(36)}`);
    return ws.join(' ');
  };
  while (made < opts.rows) {
    page++;
    const n = Math.min(opts.rows - made, 1 + Math.floor(rnd() * 20));
    const data: Record<string, unknown>[] = [];
    const incTweets = new Map<string, Record<string, unknown>>();
    const incUsers = new Map<string, Record<string, unknown>>();
    const media: Record<string, unknown>[] = [];
    const usedPlaces = new Set<(typeof places)[number]>();
    for (let j = 0; j < n; j++, made++) {
      t += Math.floor(rnd() * 5000);
      id += BigInt(1 + Math.floor(rnd() * 1000));
      const a = Math.floor(rnd() ** 2 * nUsers);
      incUsers.set(String(1000 + a), user(a));
      const text = tweetText();
      const tw: Record<string, unknown> = {
        id: String(id),
        author_id: String(1000 + a),
        created_at: new Date(t).toISOString(),
        lang: pick(langs),
        text,
        conversation_id: String(id),
        public_metrics: { retweet_count: 0, like_count: Math.floor(rnd() * 50) },
      };
      const k = rnd();
      if (k < 0.3 && seen.length) {
        const o = pick(seen);
        tw.text = `RT @user_${o.author}: ${[...o.text].slice(0, 40).join('')}…`;
        tw.referenced_tweets = [{ type: 'retweeted', id: o.id }];
        tw.entities = {
          mentions: [{ start: 3, end: 10, username: `user_${o.author}`, id: String(1000 + o.author) }],
        };
        // Most pages include the original; some do not (it was deleted or withheld).
        if (rnd() < 0.85) {
          const orig: Record<string, unknown> = {
            id: o.id,
            author_id: String(1000 + o.author),
            created_at: new Date(t - 60_000).toISOString(),
            text: o.text,
            lang: 'en',
          };
          if (rnd() < 0.3) orig.entities = { hashtags: [{ start: 0, end: 5, tag: 'Leak' }] };
          if (rnd() < 0.2) {
            const key = `3_${o.id}`;
            orig.attachments = { media_keys: [key] };
            if (rnd() < 0.5)
              media.push({ media_key: key, type: 'photo', url: `https://pbs.twimg.com/media/F${o.id}.jpg` });
          }
          incTweets.set(o.id, orig);
          if (rnd() < 0.7) incUsers.set(String(1000 + o.author), user(o.author));
        }
      } else {
        if (k < 0.45 && seen.length) tw.referenced_tweets = [{ type: 'replied_to', id: pick(seen).id }];
        else if (k < 0.52 && seen.length) {
          const q = pick(seen);
          tw.referenced_tweets = [{ type: 'quoted', id: q.id }];
          incTweets.set(q.id, {
            id: q.id,
            author_id: String(1000 + q.author),
            created_at: new Date(t - 1000).toISOString(),
            text: q.text,
          });
        }
        if (rnd() < 0.5) {
          const ents: Record<string, unknown> = {};
          const tags = [...text.matchAll(/#(\w+)/g)].map((m) => ({ tag: m[1] }));
          if (tags.length) ents.hashtags = tags;
          const urls = [...text.matchAll(/https:\/\/t\.co\/\w+/g)].map((m) => ({
            url: m[0],
            expanded_url: rnd() < 0.8 ? `https://example.org/${m[0].slice(13)}?a=1&b=ü` : '',
          }));
          if (urls.length) ents.urls = urls;
          tw.entities = ents;
        }
        if (rnd() < 0.05) tw.note_tweet = { text: `${text} ${tweetText()} ${tweetText()}` };
        if (rnd() < 0.08) {
          const p = pick(places);
          usedPlaces.add(p);
          tw.geo = { place_id: p.id };
        }
        if (rnd() < 0.1) {
          const keys = [`3_${id}`, ...(rnd() < 0.3 ? [`7_${id}`] : [])];
          tw.attachments = { media_keys: keys };
          media.push({ media_key: keys[0], type: 'photo', url: `https://pbs.twimg.com/media/E${id}.png` });
          if (keys[1])
            media.push({
              media_key: keys[1],
              type: 'video',
              preview_image_url: `https://pbs.twimg.com/ext_tw_video_thumb/${id}/pu/img/x.jpg`,
            });
        }
        seen.push({ id: String(id), author: a, text });
        if (seen.length > 3000) seen.splice(0, 500);
      }
      data.push(tw);
    }
    const pageObj: Record<string, unknown> = {
      data,
      includes: {
        users: [...incUsers.values()],
        ...(incTweets.size ? { tweets: [...incTweets.values()] } : {}),
        ...(media.length ? { media } : {}),
        ...(usedPlaces.size ? { places: [...usedPlaces] } : {}),
      },
      meta: { result_count: data.length, newest_id: data[0]?.id, next_token: `t${page}` },
      __twarc: {
        url: 'https://api.twitter.com/2/tweets/search/all?query=leak',
        version: '2.14.0',
        retrieved_at: new Date(t).toISOString(),
      },
    };
    let line = JSON.stringify(pageObj);
    let latin1 = false;
    if (opts.defects && page % 53 === 20) {
      const d0 = data[0] as Record<string, unknown>;
      const defect = Math.floor(page / 53) % 13;
      switch (defect) {
        case 0:
          line = line.slice(0, Math.floor(line.length / 2));
          break;
        case 1:
          line = JSON.stringify({ errors: [{ title: 'Not Found Error', value: String(id) }] });
          break;
        case 2:
          d0.author_id = undefined;
          line = JSON.stringify(pageObj);
          break;
        case 3:
          d0.created_at = 'yesterday';
          line = JSON.stringify(pageObj);
          break;
        case 4:
          d0.attachments = { media_keys: ['3_missing'] };
          d0.referenced_tweets = undefined;
          line = JSON.stringify(pageObj);
          break;
        case 5:
        case 6:
        case 7:
          line = layoutDefect(line, defect as 5 | 6 | 7);
          break;
        case 8:
          line = line.replace(/"id":"(\d+)"/, '"id":$1');
          break;
        case 9:
          line = '["not", "a", "page"]';
          break;
        case 10:
          line = JSON.stringify({ data: [{ ...d0, text: 'café à Paris' }], includes: pageObj.includes });
          latin1 = true;
          break;
        case 11:
          // twarc2 flatten: one tweet with its author inline.
          line = JSON.stringify({ ...d0, author: user(0), __twarc: {} });
          break;
        default:
          d0.created_at = '2022-03-01 10:00:00';
          line = JSON.stringify(pageObj);
      }
    }
    if (opts.huge && page === 7) {
      (data[0] as Record<string, unknown>).text = `${'leak #huge '.repeat(300_000)}end`;
      line = JSON.stringify(pageObj);
    }
    out.push(Buffer.from(`${line}\n`, latin1 ? 'latin1' : 'utf8'));
    if (out.length >= 2000) {
      yield Buffer.concat(out);
      out = [];
    }
  }
  // The file stopped while writing its last line.
  if (opts.defects)
    out.push(
      Buffer.from('{"data":[{"id":"1","author_id":"2","created_at":"2022-03-01T10:00:00.000Z","text":"cut'),
    );
  yield Buffer.concat(out);
}
