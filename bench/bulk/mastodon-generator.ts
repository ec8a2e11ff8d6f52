import { mulberry32 } from '../../src/util/mulberry32.js';
import { layoutDefect } from './line-defects.js';

/**
 * Mastodon Status entities (docs.joinmastodon.org/entities/Status), one a line as a timeline
 * dump holds them, with realistic values and a fixed seed: HTML content with the spans Mastodon
 * writes around links, hashtags and mentions, entities (&amp;, &#39;), line breaks and paragraphs;
 * boosts holding their original, replies, tags, mentions, link cards, images and videos, accounts
 * on several servers with notes and default avatars.
 *
 * `defects: true` adds, at known places, what real dumps carry: a line cut off in the middle (also
 * the last line), a line in Latin-1, a status without account, an unreadable created_at, a media
 * attachment without a URL, a saved thread ({ancestors, descendants}), a Mastodon 4.4 quote,
 * blank lines, CR LF line ends, the same status twice, JSON text that is not an object;
 * `huge: true` one status of several megabytes.
 */
export function* mastodonJsonl(opts: {
  rows: number;
  defects?: boolean;
  huge?: boolean;
  seed?: number;
}): Generator<Buffer> {
  const rnd = mulberry32(opts.seed ?? 42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const servers = ['social.example', 'mastodon.social', 'chaos.social', 'mstdn.jp'];
  const nUsers = Math.max(10, Math.floor(opts.rows / 30));
  const account = (i: number) => {
    const server = servers[i % servers.length] as string;
    return {
      id: String(100 + i),
      username: `user${i}`,
      acct: i % 3 ? `user${i}@${server}` : `user${i}`,
      display_name: `User ${i} ✨`,
      created_at: new Date(Date.UTC(2018, 0, 1) + i * 86_400_000).toISOString(),
      note:
        i % 2
          ? `<p>Reporter &amp; editor. <a href="https://${server}/tags/osint">#<span>OSINT</span></a></p>`
          : '',
      url: `https://${server}/@user${i}`,
      avatar: i % 7 ? `https://${server}/avatars/${i}.png` : `https://${server}/avatars/original/missing.png`,
      followers_count: Math.floor(rnd() * 5000),
      following_count: Math.floor(rnd() * 900),
      statuses_count: Math.floor(rnd() * 20000),
    };
  };
  const words = [
    'Leak',
    'Dokumente',
    'échange',
    'утечка',
    'verify',
    'l&#39;affaire',
    'A &amp; B',
    '🔥',
    'source',
  ];
  const langs = ['en', 'de', 'fr', 'ru', null, 'pt-BR', ''];
  const seen: Record<string, unknown>[] = [];
  let t = Date.UTC(2023, 9, 1);
  let out: Buffer[] = [];
  for (let i = 0; i < opts.rows; i++) {
    t += Math.floor(rnd() * 10_000);
    const a = Math.floor(rnd() ** 2 * nUsers);
    const acc = account(a);
    const server = acc.url.split('/')[2];
    const id = String(111000000000000000n + BigInt(i));
    const base = {
      id,
      created_at: new Date(t).toISOString(),
      uri: `https://${server}/users/user${a}/statuses/${id}`,
      url: `https://${server}/@user${a}/${id}`,
      visibility: 'public',
      sensitive: false,
      account: acc,
    };
    let st: Record<string, unknown>;
    if (rnd() < 0.25 && seen.length) {
      st = {
        ...base,
        uri: `${base.uri}/activity`,
        content: '',
        language: null,
        reblog: pick(seen),
        tags: [],
        mentions: [],
        media_attachments: [],
      };
    } else {
      const ws = Array.from({ length: 3 + Math.floor(rnd() * 12) }, () => pick(words));
      const tags: { name: string }[] = [];
      const mentions: { acct: string; url: string }[] = [];
      if (rnd() < 0.4) {
        const tag = pick(['Leak', 'osint', 'Wahl2025']);
        tags.push({ name: tag.toLowerCase() });
        ws.push(
          `<a href="https://${server}/tags/${tag}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`,
        );
      }
      if (rnd() < 0.3) {
        const m = account(Math.floor(rnd() * nUsers));
        mentions.push({ acct: m.acct, url: m.url });
        ws.unshift(
          `<span class="h-card"><a href="${m.url}" class="u-url mention">@<span>${m.username}</span></a></span>`,
        );
      }
      if (rnd() < 0.2)
        ws.push(
          '<a href="https://example.org/a/long/path?x=1" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.org/a/long</span><span class="invisible">/path?x=1</span></a>',
        );
      const card = rnd() < 0.1 ? { url: `https://news.example/${i}`, title: 'News' } : null;
      const media =
        rnd() < 0.1
          ? [
              {
                id: `m${i}`,
                type: pick(['image', 'video', 'gifv']),
                url: `https://${server}/media_attachments/files/${i}/original/x${i}.png`,
                remote_url: rnd() < 0.5 ? `https://files.other.example/${i}/y${i}.jpg` : null,
              },
            ]
          : [];
      st = {
        ...base,
        in_reply_to_id: rnd() < 0.15 && seen.length ? String((seen.at(-1) as { id: string }).id) : null,
        language: pick(langs),
        content: `<p>${ws.slice(0, 5).join(' ')}</p><p>${ws.slice(5).join(' ')}<br />end</p>`,
        reblog: null,
        tags,
        mentions,
        card,
        media_attachments: media,
      };
      seen.push(st);
      if (seen.length > 2000) seen.splice(0, 500);
    }
    let line = JSON.stringify(st);
    let latin1 = false;
    if (opts.defects && i % 89 === 40) {
      const defect = Math.floor(i / 89) % 12;
      switch (defect) {
        case 0:
          line = line.slice(0, Math.floor(line.length / 2));
          break;
        case 1:
          line = JSON.stringify({ ...st, account: undefined });
          break;
        case 2:
          line = JSON.stringify({ ...st, created_at: 'gestern' });
          break;
        case 3:
          line = JSON.stringify({
            ...st,
            reblog: null,
            media_attachments: [{ id: 'x', type: 'image', url: null }],
          });
          break;
        case 4:
          line = JSON.stringify({ ancestors: seen.slice(-2), descendants: [st] });
          break;
        case 5:
        case 6:
        case 7:
          line = layoutDefect(line, defect as 5 | 6 | 7);
          break;
        case 8:
          line = JSON.stringify({
            ...st,
            reblog: null,
            quote: { state: 'accepted', quoted_status: seen.at(-1) },
          });
          break;
        case 9:
          line = '["not", "a", "status"]';
          break;
        case 10:
          line = JSON.stringify({ ...st, reblog: null, content: '<p>café à Paris</p>' });
          latin1 = true;
          break;
        default:
          line = JSON.stringify({ ...st, reblog: { ...(seen[0] as object), account: undefined } });
      }
    }
    if (opts.huge && i === 50)
      line = JSON.stringify({ ...st, reblog: null, content: `<p>${'leak #huge '.repeat(300_000)}</p>` });
    out.push(Buffer.from(`${line}\n`, latin1 ? 'latin1' : 'utf8'));
    if (out.length >= 5000) {
      yield Buffer.concat(out);
      out = [];
    }
  }
  // The dump stopped while writing its last line.
  if (opts.defects)
    out.push(Buffer.from('{"id":"1","created_at":"2023-10-01T12:00:00.000Z","content":"<p>cut'));
  yield Buffer.concat(out);
}
