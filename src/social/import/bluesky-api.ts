import { createHash } from 'node:crypto';
import { addEvent } from './bluesky.js';
import { arr, BatchBuilder, emptyAccount, jsonRecords, obj, type PostImporter, str } from './common.js';

type Rec = Record<string, unknown>;

/**
 * Bluesky posts as the XRPC API returns them (docs.bsky.app, lexicons app.bsky.feed.*,
 * com.atproto.repo.*), which is what most researchers save: a record `{uri, cid, value}`
 * (getRecord) or `{records: [...]}` (listRecords); post views `{uri, author: {did, handle},
 * record, indexedAt}` in `{posts}` (searchPosts, getPosts), `{feed: [{post, reason}]}`
 * (getAuthorFeed, getTimeline; `reason` #reasonRepost is a repost by `reason.by`) or `{thread:
 * {post, parent, replies}}` (getPostThread). Each post becomes the Jetstream commit it mirrors and
 * is read by the Jetstream importer, so both agree.
 */
export const blueskyApi: PostImporter = {
  format: 'bluesky-api',
  detect(head) {
    if (!/"at:\/\/did:/.test(head)) return 0;
    return /"(feed|posts|thread|records|value|record)"\s*:/.test(head) ? 0.9 : 0;
  },
  async *read(file) {
    const b = new BatchBuilder(file);
    for await (const { rec, no } of jsonRecords(file, b)) {
      const found: Rec[] = [];
      collect(obj(rec), found);
      if (!found.length) b.fail(no, 'not-a-post', 'no Bluesky post record or post view');
      for (const ev of found) {
        const err = addEvent(ev, obj(ev.commit) ?? {}, str(ev.did) ?? '', b, `${file}:${no}`);
        if (err) b.fail(no, 'bad-post', err);
        const handle = str(ev.handle);
        if (handle) b.accounts.push({ ...emptyAccount(`bsky:${str(ev.did)}`, 'bluesky'), handle });
      }
      if (b.full) yield b.take();
    }
    yield b.take();
  },
};

/** at://<did>/<collection>/<rkey> */
const AT_URI = /^at:\/\/(did:[^/]+)\/([^/]+)\/([^/]+)$/;

/** Walks the known response shapes and collects one commit-like event per post or repost. */
function collect(r: Rec | null, out: Rec[]): void {
  if (!r) return;
  for (const k of ['records', 'posts', 'feed', 'replies']) for (const x of arr(r[k])) collect(obj(x), out);
  for (const k of ['thread', 'parent', 'post']) collect(obj(r[k]), out);
  const uri = str(r.uri);
  const m = uri ? AT_URI.exec(uri) : null;
  const record = obj(r.value) ?? obj(r.record);
  if (m && record && m[2] === 'app.bsky.feed.post' && !('post' in r)) {
    out.push(event(m[1] ?? '', m[2], m[3] ?? '', record, str(obj(r.author)?.handle)));
  }
  // A feed item reposted by someone: that account's repost of the post.
  const reason = obj(r.reason);
  const post = obj(r.post);
  const by = obj(reason?.by);
  const subject = str(post?.uri);
  if (reason && str(reason.$type)?.endsWith('#reasonRepost') && by && subject) {
    const did = str(by.did) ?? '';
    const rkey = `rp-${createHash('sha1').update(`${did}\0${subject}`).digest('hex').slice(0, 16)}`;
    out.push(
      event(
        did,
        'app.bsky.feed.repost',
        rkey,
        { subject: { uri: subject }, createdAt: reason.indexedAt },
        str(by.handle),
      ),
    );
  }
}

function event(did: string, collection: string, rkey: string, record: Rec, handle: string | null): Rec {
  return { did, kind: 'commit', handle, commit: { operation: 'create', collection, rkey, record } };
}
