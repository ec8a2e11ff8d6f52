import { BatchBuilder, jsonRecords, obj, type PostImporter, str } from './common.js';
import { addTweet } from './twitter-v1.js';

type Rec = Record<string, unknown>;

/**
 * Gnip / PowerTrack "Activity Streams" tweets (support.gnip.com, "Activity Streams format"):
 * `{id: "tag:search.twitter.com,2005:<id>", verb: "post"|"share", postedTime, body, actor: {id:
 * "id:twitter.com:<id>", preferredUsername, displayName, followersCount, friendsCount,
 * statusesCount, postedTime, location: {displayName}}, object (the original of a share),
 * twitter_entities, twitter_lang, inReplyTo: {link}, twitter_quoted_status}`. Each activity is
 * mapped to the v1.1 fields it mirrors and read by the v1.1 importer, so both agree.
 */
export const gnip: PostImporter = {
  format: 'gnip',
  detect(head) {
    return /"objectType"\s*:\s*"activity"/.test(head) && /"(postedTime|actor)"\s*:/.test(head) ? 0.95 : 0;
  },
  async *read(file) {
    const b = new BatchBuilder(file);
    for await (const { rec, no } of jsonRecords(file, b)) {
      const a = obj(rec);
      // PowerTrack streams interleave system messages ({info: …}, {error: …}): not posts.
      if (a && !a.id && (a.info || a.error)) continue;
      const t = a ? toV1(a) : null;
      const err = t ? addTweet(t, b, `${file}:${no}`) : 'record is not an activity';
      if (err) b.fail(no, 'not-an-activity', err);
      if (b.full) yield b.take();
    }
    yield b.take();
  },
};

const tail = (v: unknown) => str(v)?.split(':').pop() ?? null;

function toV1(a: Rec): Rec | null {
  const actor = obj(a.actor);
  if (!actor) return null;
  const original = a.verb === 'share' ? obj(a.object) : null;
  const quoted = obj(a.twitter_quoted_status);
  const reply = /\/status(?:es)?\/(\d+)/.exec(str(obj(a.inReplyTo)?.link) ?? '')?.[1];
  return {
    id_str: tail(a.id),
    created_at: str(a.postedTime),
    text: str(obj(a.long_object)?.body) ?? str(a.body),
    lang: str(a.twitter_lang),
    entities: obj(obj(a.long_object)?.twitter_entities) ?? obj(a.twitter_entities),
    in_reply_to_status_id_str: reply ?? null,
    retweeted_status: original ? toV1(original) : undefined,
    quoted_status: quoted ? toV1(quoted) : undefined,
    user: {
      id_str: tail(actor.id),
      screen_name: str(actor.preferredUsername),
      name: str(actor.displayName),
      created_at: str(actor.postedTime),
      followers_count: actor.followersCount,
      friends_count: actor.friendsCount,
      statuses_count: actor.statusesCount,
      location: str(obj(actor.location)?.displayName),
      description: str(actor.summary),
      verified: actor.verified,
    },
  };
}
