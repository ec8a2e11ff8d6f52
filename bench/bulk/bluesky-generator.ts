import { mulberry32 } from '../../src/util/mulberry32.js';
import { layoutDefect } from './line-defects.js';

/**
 * Bluesky Jetstream events (github.com/bluesky-social/jetstream), one JSON object a line, with
 * realistic values and a fixed seed: identity events giving handles, posts with tag, link and
 * mention facets, replies, quotes (app.bsky.embed.record and recordWithMedia), link cards, images
 * and videos, reposts, likes, deletes, and texts with emoji, quotes and escaped line breaks.
 *
 * `defects: true` adds, at known places, what real dumps carry: a line cut off in the middle (a
 * dump stopped while writing, also the last line), a line in Latin-1, an event without `did`, a
 * commit without record, a repost without subject, an unreadable time, blank lines, CR LF line
 * ends, the same event twice, an image without a blob CID, and JSON text that is not an object.
 */
export function* blueskyJsonl(opts: { rows: number; defects?: boolean; seed?: number }): Generator<Buffer> {
  const rnd = mulberry32(opts.seed ?? 42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const users = Array.from({ length: Math.max(10, Math.floor(opts.rows / 40)) }, (_, i) => ({
    did: `did:plc:${(i * 2654435761).toString(36).padStart(8, 'a')}${i}`,
    handle: `user${i}.bsky.social`,
  }));
  const words = ['leak', 'dump', 'docs', 'Wahlen', 'élection', 'утечка', 'verify', 'source', '🔥', 'thread'];
  const posts: string[] = [];
  let t = 1725911162329308;
  let out: Buffer[] = [];
  for (let i = 0; i < opts.rows; i++) {
    t += Math.floor(rnd() * 2_000_000);
    const u = users[Math.floor(rnd() ** 2 * users.length)] ?? { did: 'did:plc:x', handle: 'x' };
    const rkey = `3l${i.toString(36).padStart(11, '0')}`;
    const when = new Date(Math.floor(t / 1000)).toISOString();
    const k = rnd();
    let ev: Record<string, unknown>;
    if (k < 0.04) {
      ev = {
        did: u.did,
        time_us: t,
        kind: 'identity',
        identity: { did: u.did, handle: u.handle, seq: i, time: when },
      };
    } else if (k < 0.1) {
      ev = {
        did: u.did,
        time_us: t,
        kind: 'commit',
        commit: {
          rev: rkey,
          operation: 'create',
          collection: 'app.bsky.feed.like',
          rkey,
          record: { $type: 'app.bsky.feed.like', createdAt: when },
        },
      };
    } else if (k < 0.12) {
      ev = {
        did: u.did,
        time_us: t,
        kind: 'commit',
        commit: { rev: rkey, operation: 'delete', collection: 'app.bsky.feed.post', rkey },
      };
    } else if (k < 0.3 && posts.length) {
      const subject = pick(posts);
      ev = {
        did: u.did,
        time_us: t,
        kind: 'commit',
        commit: {
          rev: rkey,
          operation: 'create',
          collection: 'app.bsky.feed.repost',
          rkey,
          record: {
            $type: 'app.bsky.feed.repost',
            createdAt: when,
            subject: { cid: 'bafyrei', uri: subject },
          },
          cid: 'bafyreirepost',
        },
      };
    } else {
      const n = 3 + Math.floor(rnd() * 12);
      const ws = Array.from({ length: n }, () => pick(words));
      const facets: unknown[] = [];
      let text = ws.join(' ');
      if (rnd() < 0.3) {
        const tag = pick(words);
        text += ` #${tag}`;
        facets.push({
          features: [{ $type: 'app.bsky.richtext.facet#tag', tag }],
          index: { byteStart: 0, byteEnd: 1 },
        });
      }
      if (rnd() < 0.2) {
        const url = `https://news.example/${i % 97}/a?b=${i % 7}`;
        text += ` ${url}.`;
        facets.push({
          features: [{ $type: 'app.bsky.richtext.facet#link', uri: url }],
          index: { byteStart: 0, byteEnd: 1 },
        });
      }
      if (rnd() < 0.15) text += ` @${pick(users).handle}`;
      if (rnd() < 0.05) text += ' "quoted"\nsecond line';
      const record: Record<string, unknown> = { $type: 'app.bsky.feed.post', createdAt: when, text };
      if (rnd() < 0.8) record.langs = [pick(['en', 'de', 'fr', 'ru', 'pt-BR', 'ja'])];
      if (facets.length) record.facets = facets;
      if (posts.length && rnd() < 0.2) {
        const p = pick(posts);
        record.reply = { root: { cid: 'bafyrei', uri: p }, parent: { cid: 'bafyrei', uri: p } };
      }
      const e = rnd();
      if (posts.length && e < 0.06)
        record.embed = { $type: 'app.bsky.embed.record', record: { cid: 'bafyrei', uri: pick(posts) } };
      else if (posts.length && e < 0.08)
        record.embed = {
          $type: 'app.bsky.embed.recordWithMedia',
          record: { record: { cid: 'bafyrei', uri: pick(posts) } },
          media: {
            $type: 'app.bsky.embed.external',
            external: { uri: `https://card.example/${i % 31}`, title: 't' },
          },
        };
      else if (e < 0.12)
        record.embed = {
          $type: 'app.bsky.embed.external',
          external: { uri: `https://card.example/${i % 31}`, title: 't' },
        };
      else if (e < 0.16)
        record.embed = {
          $type: 'app.bsky.embed.images',
          images: [
            {
              alt: '',
              image: {
                $type: 'blob',
                ref: { $link: `bafkrei${(i * 7919).toString(36).padStart(20, 'q')}` },
                mimeType: 'image/jpeg',
                size: 1000 + i,
              },
            },
          ],
        };
      ev = {
        did: u.did,
        time_us: t,
        kind: 'commit',
        commit: {
          rev: rkey,
          operation: 'create',
          collection: 'app.bsky.feed.post',
          rkey,
          record,
          cid: `bafyrei${i}`,
        },
      };
      posts.push(`at://${u.did}/app.bsky.feed.post/${rkey}`);
      if (posts.length > 5000) posts.splice(0, 1000);
    }
    let line = JSON.stringify(ev);
    let latin1 = false;
    if (opts.defects && i % 97 === 50) {
      const defect = Math.floor(i / 97) % 12;
      switch (defect) {
        case 0:
          line = line.slice(0, Math.floor(line.length / 2));
          break;
        case 1:
          line = JSON.stringify({ time_us: t, kind: 'commit', commit: {} });
          break;
        case 2:
          line = JSON.stringify({
            did: u.did,
            time_us: t,
            kind: 'commit',
            commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey },
          });
          break;
        case 3:
          line = JSON.stringify({
            did: u.did,
            time_us: t,
            kind: 'commit',
            commit: {
              operation: 'create',
              collection: 'app.bsky.feed.repost',
              rkey,
              record: { createdAt: when },
            },
          });
          break;
        case 4:
          line = JSON.stringify({
            did: u.did,
            kind: 'commit',
            commit: {
              operation: 'create',
              collection: 'app.bsky.feed.post',
              rkey,
              record: { text: 'when?', createdAt: 'soon' },
            },
          });
          break;
        case 5:
        case 6:
        case 7:
          line = layoutDefect(line, defect as 5 | 6 | 7);
          break;
        case 8:
          line = JSON.stringify({
            did: u.did,
            time_us: t,
            kind: 'commit',
            commit: {
              operation: 'create',
              collection: 'app.bsky.feed.post',
              rkey: `img${i}`,
              record: {
                text: 'pic',
                createdAt: when,
                embed: { $type: 'app.bsky.embed.images', images: [{ image: { mimeType: 'image/png' } }] },
              },
            },
          });
          break;
        case 9:
          line = '["not", "an", "event"]';
          break;
        case 10:
          line = JSON.stringify({
            did: u.did,
            time_us: t,
            kind: 'commit',
            commit: {
              operation: 'create',
              collection: 'app.bsky.feed.post',
              rkey: `lat${i}`,
              record: { text: 'café à Paris', createdAt: when },
            },
          });
          latin1 = true;
          break;
        default:
          line = JSON.stringify({
            did: u.did,
            time_us: t,
            kind: 'commit',
            commit: {
              operation: 'create',
              collection: 'app.bsky.feed.post',
              rkey: `num${i}`,
              record: { text: 12345, createdAt: when, langs: 'en' },
            },
          });
      }
    }
    // A Latin-1 line: "é" as the single byte 0xE9, not valid UTF-8.
    out.push(Buffer.from(`${line}\n`, latin1 ? 'latin1' : 'utf8'));
    if (out.length >= 10_000) {
      yield Buffer.concat(out);
      out = [];
    }
  }
  // The dump stopped while writing its last line.
  if (opts.defects)
    out.push(
      Buffer.from(
        '{"did":"did:plc:last","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"z","record":{"text":"cut',
      ),
    );
  yield Buffer.concat(out);
}
