import { accountKey, isLossyId } from '../identity.js';
import type { Post } from '../types.js';
import {
  BatchBuilder,
  emptyAccount,
  listCell,
  type PostImporter,
  textEntities,
  toMs,
  uniq,
} from './common.js';
import { csvHeader, csvRecords } from './csv.js';

/** Normalised field → the column names that commonly hold it (first match wins). */
export const DEFAULT_MAPPING: Record<string, string[]> = {
  id: ['content_id', 'id', 'post_id', 'tweet_id', 'status_id'],
  account: ['account_id', 'account', 'id_user', 'user_id', 'author_id', 'author', 'user', 'screen_name'],
  handle: ['handle', 'screen_name', 'username', 'user_name'],
  time: ['timestamp_share', 'created_at', 'time', 'timestamp', 'date', 'datetime'],
  text: ['text', 'content', 'body', 'message'],
  // CooRTweet's object_id is the shared object (e.g. the retweeted post): the co-share key.
  object: ['object_id'],
  repost: ['object_id', 'repost_of', 'retweet_id', 'retweeted_status_id', 'retweet_tweetid'],
  reply: ['reply_to', 'in_reply_to_status_id', 'in_reply_to'],
  lang: ['lang', 'language'],
  hashtags: ['hashtags'],
  urls: ['urls'],
  location: ['location', 'user_location'],
};

/**
 * Any CSV with a header row, mapped to posts by column name. `mapping` overrides the defaults,
 * e.g. `{ id: 'msg', account: 'sender', time: 'sent' }`. CooRTweet's four columns
 * (object_id, account_id, content_id, timestamp_share) map without configuration.
 * @example for await (const batch of genericCsv({ platform: 'forum' }).read('posts.csv')) …
 */
export interface GenericCsvOptions {
  mapping?: Record<string, string>;
  platform?: string;
}

/** The generic importer keeps its options, so the bulk reader (bulk/generic-csv.ts) maps the same columns. */
export type GenericCsvImporter = PostImporter & { options: GenericCsvOptions };

export function genericCsv(opts: GenericCsvOptions = {}): GenericCsvImporter {
  const platform = opts.platform ?? 'csv';
  return {
    format: 'csv',
    options: opts,
    lossyIds: true,
    detect(head, name) {
      const h = csvHeader(head);
      const coortweet = ['object_id', 'account_id', 'content_id', 'timestamp_share'].every((c) =>
        h.includes(c),
      );
      if (coortweet) return 0.9;
      return name.toLowerCase().endsWith('.csv') && h.length > 1 ? 0.2 : 0;
    },
    async *read(file) {
      const b = new BatchBuilder(file);
      let cols: Record<string, string | undefined> | null = null;
      for await (const { row, no, width, headerWidth } of csvRecords(file)) {
        cols ??= resolveMapping(Object.keys(row), opts.mapping);
        if (width !== headerWidth) {
          b.fail(
            no,
            'bad-row',
            width < 0 ? 'unterminated quoted field' : `${width} fields, header has ${headerWidth}`,
          );
          continue;
        }
        const get = (k: string) => (cols?.[k] ? (row[cols[k] as string] ?? '') : '');
        const time = toMs(get('time'));
        if (!get('id') || !get('account') || time === null) {
          b.fail(
            no,
            'bad-row',
            `missing id (${cols.id ?? 'no column'}), account (${cols.account ?? 'no column'}) or unreadable time ${JSON.stringify(get('time'))}`,
          );
          continue;
        }
        if (isLossyId(get('id'))) {
          b.fail(no, 'lossy-id', `post id ${get('id')} was rounded by a spreadsheet: posts would merge`);
          continue;
        }
        const account = accountKey(platform, get('account'), get('handle'));
        if (!account) {
          b.fail(
            no,
            'lossy-id',
            `account id ${get('account')} was rounded by a spreadsheet and the row names no handle`,
          );
          continue;
        }
        if (isLossyId(get('account')))
          b.warn(
            'lossy-id',
            `account ids rounded by a spreadsheet (e.g. ${get('account')}): those accounts are keyed by handle`,
          );
        const text = get('text');
        const ents = textEntities(text);
        const post: Post = {
          id: `${platform}:${get('id')}`,
          platform,
          accountId: account,
          handle: get('handle') || null,
          time,
          text,
          lang: get('lang') || null,
          repostOf: get('repost') ? `${platform}:${get('repost')}` : null,
          replyTo: get('reply') ? `${platform}:${get('reply')}` : null,
          quoteOf: null,
          // Lower-cased, then listed once each ("['Tag', 'tag']" is one hashtag), as x-io-csv.ts does.
          hashtags: get('hashtags')
            ? uniq(listCell(get('hashtags')).map((t) => t.toLowerCase()))
            : ents.hashtags,
          mentions: ents.mentions,
          urls: get('urls') ? listCell(get('urls')) : ents.urls,
          country: null,
          source: `${file}:${no}`,
        };
        if (get('object')) post.objects = [get('object')];
        b.posts.push(post);
        b.accounts.push({
          ...emptyAccount(post.accountId, platform),
          handle: post.handle,
          location: get('location') || null,
        });
        if (b.full) yield b.take();
      }
      yield b.take();
    },
  };
}

/** Each normalised field's column in `header`: the user's mapping, else the first default name present (case-insensitive). */
export function resolveMapping(
  header: string[],
  user: Record<string, string> = {},
): Record<string, string | undefined> {
  const lower = new Map(header.map((h) => [h.toLowerCase(), h]));
  const out: Record<string, string | undefined> = {};
  for (const [field, names] of Object.entries(DEFAULT_MAPPING)) {
    const given = user[field];
    out[field] =
      given !== undefined ? lower.get(given.toLowerCase()) : names.map((n) => lower.get(n)).find(Boolean);
  }
  return out;
}
