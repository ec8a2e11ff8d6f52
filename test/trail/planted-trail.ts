import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { ingestPaths } from '../../src/ingest/manager.js';
import { importPosts } from '../../src/social/import/index.js';
import type { ImportSummary } from '../../src/social/types.js';
import { Store } from '../../src/store/store.js';

/**
 * A small case whose trail is known: a dump of five e-mails (each ending with the same legal
 * footer), a note and a PNG; a 4chan thread posting the PNG (base64 MD5) and the note (hex MD5) and
 * a paste link; X posts linking the thread, quoting one e-mail, quoting only the footer, a retweet
 * of the quote; a Telegram channel (export folder with a re-encoded JPEG of the PNG) linking the
 * X post.
 */
export const T0 = Date.UTC(2017, 4, 5, 18, 31, 0);
export const OP = 570368;
export const QUOTE_TWEET = '861000000000000002';
export const LINK_TWEET = '861000000000000001';

export const FOOTER =
  'Ce message et toutes les pièces jointes sont confidentiels et établis à l’intention exclusive de ses destinataires. Toute utilisation non conforme à sa destination est interdite.';

export const BODIES = [
  'Le budget de la tournée régionale doit être validé avant vendredi par le trésorier et la direction financière du mouvement.',
  'Nous avons reçu les factures du prestataire audiovisuel pour le meeting de Lyon et il faut les rapprocher des bons de commande signés en février.',
  'La réservation des salles pour les réunions publiques de mai reste à confirmer auprès des mairies concernées dès lundi matin sans faute.',
  'Merci de transmettre la liste des bénévoles disponibles pour le porte à porte du week-end dans les quartiers nord de la ville.',
  'Le prestataire informatique propose de migrer la messagerie interne vers un nouveau serveur hébergé en France avant la fin du mois.',
];

/** The words the X post quotes from e-mail 2 (14 words, with case and accents changed). */
export const QUOTED = 'nous avons recu les FACTURES du prestataire audiovisuel pour le meeting de Lyon';

export function planImage(w = 96, h = 64): { width: number; height: number; data: Buffer } {
  const data = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      // Bands and a diagonal: structure a dHash sees, and that survives JPEG re-encoding.
      // In relative coordinates, so the larger copy is the same picture.
      const u = x / w;
      const t = y / h;
      const v = (Math.floor(u * 8) % 2 ? 220 : 40) ^ (u + t > 0.9 ? 0x60 : 0);
      data[i] = v;
      data[i + 1] = (v + Math.floor(t * 128)) & 0xff;
      data[i + 2] = 255 - v;
      data[i + 3] = 255;
    }
  return { width: w, height: h, data };
}

export interface PlantedCase {
  dir: string;
  png: Buffer;
  note: Buffer;
  imports: ImportSummary;
}

export async function plantTrail(root: string): Promise<PlantedCase> {
  const dump = join(root, 'dump');
  const posts = join(root, 'posts');
  const tg = join(posts, 'tg-export');
  mkdirSync(dump, { recursive: true });
  mkdirSync(join(tg, 'photos'), { recursive: true });
  for (const [i, body] of BODIES.entries())
    writeFileSync(
      join(dump, `mail-${i}.eml`),
      `From: Jean Martin <jean.martin@campagne.example>\r\nTo: equipe@campagne.example\r\nSubject: Point ${i + 1}\r\nDate: Mon, 27 Mar 2017 1${i}:00:00 +0200\r\nMessage-ID: <m${i}@campagne.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n\r\n--\r\n${FOOTER}\r\n`,
    );
  const note = Buffer.from(
    'Note interne: calendrier des déplacements du candidat pour la dernière semaine de campagne, à ne pas diffuser.\n',
  );
  writeFileSync(join(dump, 'note-deplacements.txt'), note);
  const png = PNG.sync.write(Object.assign(new PNG({ width: 96, height: 64 }), { data: planImage().data }));
  writeFileSync(join(dump, 'plan-campagne.png'), png);
  const dir = join(root, 'case');
  const store = Store.open(dir);
  try {
    await ingestPaths(store, [dump], { workers: 1, silent: true });
  } finally {
    store.close();
  }

  const s = (ms: number) => Math.floor((T0 + ms) / 1000);
  const md5 = (b: Buffer) => createHash('md5').update(b);
  writeFileSync(
    join(posts, 'thread.json'),
    JSON.stringify({
      posts: [
        // 4chan: base64 MD5 (as the API gives it), name and extension.
        {
          no: OP,
          time: s(0),
          resto: 0,
          id: 'op111',
          name: 'Anonymous',
          sub: 'Macron leaks',
          com: 'here they are',
          filename: 'plan-campagne',
          ext: '.png',
          md5: md5(png).digest('base64'),
          fsize: png.length,
          tim: 1494009060000,
        },
        // Hex MD5 (some scrapers convert), a renamed file.
        {
          no: OP + 1,
          time: s(60_000),
          resto: OP,
          id: 'op111',
          com: 'more',
          filename: 'x',
          ext: '.txt',
          md5: md5(note).digest('hex'),
          fsize: note.length,
          tim: 1494009120000,
        },
        // Broken media fields: the post stays, the fields are dropped and counted.
        {
          no: OP + 2,
          time: s(90_000),
          resto: OP,
          id: 'zz999',
          com: 'bump',
          filename: 'y',
          ext: '.jp g',
          md5: 'abc',
          fsize: 'big',
          tim: 1,
        },
        { no: OP + 3, time: s(120_000), resto: OP, id: 'op111', com: 'mirror https://pastebin.com/AbCdEf12' },
      ],
    }),
  );
  const tweet = (id: string, min: number, user: string, text: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      id_str: id,
      created_at: new Date(T0 + min * 60_000).toUTCString().replace('GMT', '+0000'),
      text,
      user: { id_str: `u-${user}`, screen_name: user },
      lang: 'fr',
      entities: { hashtags: [{ text: 'MacronLeaks' }], urls: [], user_mentions: [] },
      ...extra,
    });
  writeFileSync(
    join(posts, 'tweets.jsonl'),
    [
      // Quotes only the footer: boilerplate, not evidence.
      tweet('861000000000000009', 5, 'footerfan', `lol: ${FOOTER}`),
      tweet(LINK_TWEET, 18, 'relay1', 'Huge leak on /pol/ #MacronLeaks', {
        entities: {
          hashtags: [{ text: 'MacronLeaks' }],
          user_mentions: [],
          urls: [{ url: 'https://t.co/a', expanded_url: `https://boards.4chan.org/pol/thread/${OP}` }],
        },
      }),
      tweet(QUOTE_TWEET, 25, 'relay2', `Read this: "${QUOTED}" #MacronLeaks`),
      tweet('861000000000000003', 26, 'amp3', `RT @relay2: Read this: "${QUOTED}" #MacronLeaks`, {
        retweeted_status: JSON.parse(tweet(QUOTE_TWEET, 25, 'relay2', `Read this: "${QUOTED}" #MacronLeaks`)),
      }),
      // A "link" that is not a URL, and a media entity without a URL.
      tweet('861000000000000004', 27, 'amp4', 'look #MacronLeaks', {
        entities: {
          hashtags: [{ text: 'MacronLeaks' }],
          user_mentions: [],
          urls: [{ expanded_url: 'not a url' }],
          media: [{ type: 'photo' }],
        },
      }),
    ].join('\n'),
  );
  const jpg = jpeg.encode({ ...planImage(192, 128), data: planImage(192, 128).data }, 70).data;
  writeFileSync(join(tg, 'photos', 'photo_1.jpg'), jpg);
  writeFileSync(
    join(tg, 'result.json'),
    JSON.stringify({
      name: 'LeakRelay',
      type: 'public_channel',
      id: 1001,
      messages: [
        {
          id: 1,
          type: 'message',
          date: '2017-05-05T19:11:00',
          date_unixtime: String(s(40 * 60_000)),
          from: 'LeakRelay',
          from_id: 'channel1001',
          text: 'Le plan',
          photo: 'photos/photo_1.jpg',
          width: 192,
          height: 128,
        },
        {
          id: 2,
          type: 'message',
          date: '2017-05-05T19:15:00',
          date_unixtime: String(s(44 * 60_000)),
          from: 'LeakRelay',
          from_id: 'channel1001',
          text: [`Source: `, { type: 'link', text: `https://twitter.com/relay1/status/${LINK_TWEET}` }],
        },
        {
          id: 3,
          type: 'message',
          date: '2017-05-05T19:16:00',
          date_unixtime: String(s(45 * 60_000)),
          from: 'LeakRelay',
          from_id: 'channel1001',
          text: 'escape',
          file: '../../../etc/passwd',
        },
      ],
    }),
  );
  const imports = await importPosts(dir, [
    join(posts, 'thread.json'),
    join(posts, 'tweets.jsonl'),
    join(tg, 'result.json'),
  ]);
  return { dir, png, note, imports };
}
