import { accountKey, isLossyId } from '../identity.js';
import type { Post } from '../types.js';
import {
  BatchBuilder,
  emptyAccount,
  listCell,
  num,
  type PostImporter,
  textEntities,
  toMs,
  uniq,
} from './common.js';
import { csvHeader, csvRecords } from './csv.js';
import { normLang } from './twitter-v1.js';

/**
 * X transparency "information operations" archives (31 columns: tweetid, userid, user_display_name,
 * user_screen_name, user_reported_location, …, tweet_time, retweet_tweetid, hashtags, urls,
 * user_mentions, poll_choices). Times are UTC "YYYY-MM-DD HH:MM"; list cells look like "[a, b]".
 * Some releases hash the ids of small accounts; those hashes are kept as ids.
 */
export const xIoCsv: PostImporter = {
  format: 'x-io-csv',
  lossyIds: true,
  detect(head) {
    const h = csvHeader(head);
    return h.includes('tweetid') && h.includes('userid') && h.includes('tweet_time') ? 0.95 : 0;
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
      const time = toMs(row.tweet_time);
      if (!row.tweetid || !row.userid || time === null) {
        b.fail(
          no,
          'bad-row',
          `missing tweetid/userid or unreadable tweet_time ${JSON.stringify(row.tweet_time)}`,
        );
        continue;
      }
      const account = accountKey('x', row.userid, row.user_screen_name);
      if (isLossyId(row.tweetid) || !account) {
        b.fail(no, 'lossy-id', `tweetid ${row.tweetid} or userid ${row.userid} was rounded by a spreadsheet`);
        continue;
      }
      if (isLossyId(row.userid))
        b.warn(
          'lossy-id',
          `user ids rounded by a spreadsheet (e.g. ${row.userid}): those accounts are keyed by handle`,
        );
      const text = row.tweet_text ?? '';
      const fromText = textEntities(text);
      // Listed once each after lower-casing (a release may list #Tag and #tag).
      const tags = uniq(listCell(row.hashtags).map((t) => t.toLowerCase()));
      const mentions = listCell(row.user_mentions);
      const isRt = (row.is_retweet ?? '').toLowerCase() === 'true' && !!row.retweet_tweetid;
      const post: Post = {
        id: `x:${row.tweetid}`,
        platform: 'x',
        accountId: account,
        handle: row.user_screen_name || null,
        time,
        text,
        lang: normLang(row.tweet_language || null),
        repostOf: isRt || row.retweet_tweetid ? `x:${row.retweet_tweetid}` : null,
        replyTo: row.in_reply_to_tweetid ? `x:${row.in_reply_to_tweetid}` : null,
        quoteOf: row.quoted_tweet_tweetid ? `x:${row.quoted_tweet_tweetid}` : null,
        hashtags: tags.length ? tags : fromText.hashtags,
        // The IO release lists mentioned user ids; the text gives the handles.
        mentions: fromText.mentions.length ? fromText.mentions : mentions,
        urls: listCell(row.urls).length ? listCell(row.urls) : fromText.urls,
        country: null,
        source: `${file}:${no}`,
      };
      b.posts.push(post);
      b.accounts.push({
        ...emptyAccount(account, 'x'),
        handle: row.user_screen_name || null,
        name: row.user_display_name || null,
        created: toMs(row.account_creation_date),
        followers: num(row.follower_count),
        friends: num(row.following_count),
        location: row.user_reported_location || null,
        description: row.user_profile_description ?? null,
      });
      if (b.full) yield b.take();
    }
    yield b.take();
  },
};
