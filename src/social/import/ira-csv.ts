import { createHash } from 'node:crypto';
import { handleKey, isLossyId } from '../identity.js';
import type { Post } from '../types.js';
import { BatchBuilder, emptyAccount, num, type PostImporter, textEntities, toMs } from './common.js';
import { csvHeader, csvRecords } from './csv.js';

/** FiveThirtyEight writes language names; X's codes are ISO 639-1. */
export const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en',
  russian: 'ru',
  german: 'de',
  french: 'fr',
  spanish: 'es',
  italian: 'it',
  ukrainian: 'uk',
  arabic: 'ar',
  portuguese: 'pt',
  dutch: 'nl',
  polish: 'pl',
  turkish: 'tr',
  japanese: 'ja',
  swedish: 'sv',
};

/**
 * FiveThirtyEight's IRA tweets (github.com/fivethirtyeight/russian-troll-tweets): external_author_id,
 * author, content, region, language, publish_date (M/D/YYYY H:MM UTC), following, followers,
 * updates, post_type (RETWEET, QUOTE_TWEET or empty), retweet (0/1), tweet_id, article_url
 * (`http://twitter.com/<n>/statuses/<tweet id>`), tco1_step1 (the first link, expanded).
 *
 * Retweets (`retweet` = 1 or `post_type` = RETWEET, half the rows) carry the original's text, most
 * without the "RT @handle:" prefix, and never the original's id. A retweet is a repost even so: its
 * original is the tweet named by tco1_step1 when that is a status link of the retweeted handle,
 * else a synthetic id `x:rt:<sha1 of lower(handle) NUL text>` (handle empty when the row does not
 * give it), so retweets of the same text by the same author group under one original.
 *
 * Ids re-saved by a spreadsheet (9.14312E+17, 906000000000000000) are not trusted: the tweet id is
 * taken from article_url, and an author with a rounded id is keyed by handle (identity.ts).
 */
export const iraCsv: PostImporter = {
  format: 'ira-csv',
  lossyIds: true,
  detect(head) {
    const h = csvHeader(head);
    return h.includes('external_author_id') && h.includes('publish_date') ? 0.95 : 0;
  },
  async *read(file) {
    const b = new BatchBuilder(file);
    for await (const { row, no, width, headerWidth } of csvRecords(file)) {
      if (width !== headerWidth) {
        b.fail(
          no,
          'bad-row',
          width < 0 ? 'unterminated quoted field' : `${width} fields, header has ${headerWidth}`,
        );
        continue;
      }
      const time = toMs(row.publish_date);
      const authorId = row.external_author_id || '';
      const author =
        authorId && !isLossyId(authorId) ? `x:${authorId}` : row.author ? handleKey('x', row.author) : '';
      if (!author || time === null) {
        b.fail(
          no,
          'bad-row',
          `missing author or unreadable publish_date ${JSON.stringify(row.publish_date)}`,
        );
        continue;
      }
      if (authorId && isLossyId(authorId))
        b.warn(
          'lossy-id',
          `author ids rounded by a spreadsheet (e.g. ${authorId} for @${row.author}): those accounts are keyed by handle`,
        );
      const id = tweetId(row);
      if (!id) {
        b.fail(
          no,
          'lossy-id',
          `tweet_id ${JSON.stringify(row.tweet_id)} was rounded by a spreadsheet and article_url gives no full id`,
        );
        continue;
      }
      const text = row.content ?? '';
      const post: Post = {
        id: `x:${id}`,
        platform: 'x',
        accountId: author,
        handle: row.author || null,
        time,
        text,
        lang: LANGUAGE_NAMES[(row.language ?? '').toLowerCase()] ?? null,
        repostOf: isRetweet(row) ? originalOf(row, text) : null,
        replyTo: null,
        quoteOf: null,
        ...textEntities(text),
        country: null,
        source: `${file}:${no}`,
      };
      b.posts.push(post);
      b.accounts.push({
        ...emptyAccount(author, 'x'),
        handle: row.author || null,
        followers: num(row.followers),
        friends: num(row.following),
        statuses: num(row.updates),
        // 538's `region` is the account's declared region ("United States", "Unknown").
        location: row.region && row.region !== 'Unknown' ? row.region : null,
      });
      if (b.full) yield b.take();
    }
    yield b.take();
  },
};

type Row = Record<string, string>;

/** The full tweet id: tweet_id unless a spreadsheet rounded it, else the one in article_url. */
function tweetId(row: Row): string | null {
  const fromUrl = /\/status(?:es)?\/(\d+)/.exec(row.article_url ?? '')?.[1];
  const given = row.tweet_id || row.alt_external_id || '';
  if (given && !isLossyId(given)) return given;
  if (fromUrl) return fromUrl;
  if ('tweet_id' in row || given) return null;
  // Early releases have no tweet_id column: a content hash keeps each row distinct.
  return createHash('sha1')
    .update(`${row.external_author_id}\0${row.publish_date}\0${row.content}`)
    .digest('hex');
}

function isRetweet(row: Row): boolean {
  return row.retweet === '1' || (row.post_type ?? '').toUpperCase() === 'RETWEET';
}

/** The original of a retweet: its real id from tco1_step1 when the link names it, else a synthetic key. */
function originalOf(row: Row, text: string): string {
  const rt = /^RT @(\w+):\s*(.*)$/s.exec(text);
  const handle = (rt?.[1] ?? '').toLowerCase();
  const link = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/(\w+)\/status(?:es)?\/(\d+)/i.exec(
    row.tco1_step1 ?? '',
  );
  if (link?.[2] && (!handle || link[1]?.toLowerCase() === handle)) return `x:${link[2]}`;
  const body = rt ? (rt[2] ?? '') : text;
  return `x:rt:${createHash('sha1').update(`${handle}\0${body}`).digest('hex')}`;
}
