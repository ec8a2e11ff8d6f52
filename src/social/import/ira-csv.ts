import { createHash } from 'node:crypto';
import type { Post } from '../types.js';
import { BatchBuilder, emptyAccount, num, type PostImporter, textEntities, toMs } from './common.js';
import { csvHeader, csvRecords } from './csv.js';

/** FiveThirtyEight writes language names; X's codes are ISO 639-1. */
const LANGUAGE_NAMES: Record<string, string> = {
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
 * updates, post_type (RETWEET, QUOTE_TWEET or empty), retweet (0/1), tweet_id, …
 * The original of a retweet is not identified in this release: it is keyed by a hash of the
 * "RT @handle: text" it quotes, so identical retweets still point to one original.
 */
export const iraCsv: PostImporter = {
  format: 'ira-csv',
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
      const author = row.external_author_id || row.author;
      if (!author || time === null) {
        b.fail(
          no,
          'bad-row',
          `missing author or unreadable publish_date ${JSON.stringify(row.publish_date)}`,
        );
        continue;
      }
      const text = row.content ?? '';
      const isRt = row.retweet === '1' || row.post_type === 'RETWEET';
      const id =
        row.tweet_id ||
        row.alt_external_id ||
        createHash('sha1').update(`${author}\0${row.publish_date}\0${text}`).digest('hex');
      const rtKey = /^RT @(\w+):\s*(.*)$/s.exec(text);
      const post: Post = {
        id: `x:${id}`,
        platform: 'x',
        accountId: `x:${author}`,
        handle: row.author || null,
        time,
        text,
        lang: LANGUAGE_NAMES[(row.language ?? '').toLowerCase()] ?? null,
        repostOf:
          isRt && rtKey
            ? `x:rt:${createHash('sha1').update(`${rtKey[1]?.toLowerCase()}\0${rtKey[2]}`).digest('hex')}`
            : null,
        replyTo: null,
        quoteOf: null,
        ...textEntities(text),
        country: null,
        source: `${file}:${no}`,
      };
      b.posts.push(post);
      b.accounts.push({
        ...emptyAccount(`x:${author}`, 'x'),
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
