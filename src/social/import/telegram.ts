import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { Post, PostMedia } from '../types.js';
import {
  arr,
  BatchBuilder,
  emptyAccount,
  jsonRecords,
  obj,
  type PostImporter,
  str,
  textEntities,
  toMs,
  uniq,
} from './common.js';
import { hashExportFile, media, size } from './media.js';

type Rec = Record<string, unknown>;

/**
 * Telegram Desktop "Export chat history" JSON (`result.json`): `{name, type, id, messages: [{id,
 * type: "message"|"service", date, date_unixtime, from, from_id, forwarded_from, text,
 * text_entities, reply_to_message_id}]}`. A full-account export nests chats under
 * `chats.list`. A forward does not name the original message, so it is keyed by the source name
 * and a hash of the text: identical forwards from one channel share one original.
 */
export const telegram: PostImporter = {
  format: 'telegram',
  detect(head) {
    return /"messages"\s*:/.test(head) && /"(date_unixtime|from_id|text_entities)"\s*:/.test(head) ? 0.9 : 0;
  },
  async *read(file) {
    const b = new BatchBuilder(file);
    for await (const { rec } of jsonRecords(file, b)) {
      const root = obj(rec);
      const chats = root && Array.isArray(obj(root.chats)?.list) ? arr(obj(root.chats)?.list) : [root];
      for (const chat of chats.map((c) => obj(c))) {
        if (!chat || !Array.isArray(chat.messages)) {
          b.fail(1, 'not-a-telegram-export', 'no "messages" array');
          continue;
        }
        addChat(chat, b, file);
        if (b.full) yield b.take();
      }
    }
    yield b.take();
  },
};

function addChat(chat: Rec, b: BatchBuilder, file: string): void {
  const chatId = str(chat.id) ?? str(chat.name) ?? 'chat';
  for (const [i, raw] of arr(chat.messages).entries()) {
    const m = obj(raw);
    if (!m || m.type === 'service') continue;
    const time = toMs(m.date_unixtime) ?? (typeof m.date === 'string' ? toMs(`${m.date}Z`) : null);
    // Exports before Telegram Desktop 3.x have no date_unixtime: `date` is the local time of the
    // computer that exported, with no zone. It is read as UTC, and the reader is told.
    if (m.date_unixtime === undefined && typeof m.date === 'string')
      b.warn(
        'local-time',
        "no date_unixtime: times are the exporting computer's local time, read as UTC (they may be off by its UTC offset)",
      );
    const id = str(m.id);
    if (!id || time === null) {
      b.fail(i + 1, 'bad-message', `messages[${i}]: missing id or date`);
      continue;
    }
    const text = flatten(m.text);
    const ents = arr(m.text_entities)
      .map((e) => obj(e))
      .filter((e): e is Rec => !!e);
    const of = (t: string) => ents.filter((e) => e.type === t).map((e) => str(e.text) ?? '');
    const fromText = textEntities(text);
    const author = str(m.from_id) ?? str(m.actor_id) ?? `chat${chatId}`;
    const fwd = str(m.forwarded_from);
    const post: Post = {
      id: `telegram:${chatId}/${id}`,
      platform: 'telegram',
      accountId: `telegram:${author}`,
      handle: str(m.from),
      time,
      text,
      lang: null,
      repostOf: fwd ? `telegram:fwd:${createHash('sha1').update(`${fwd}\0${text}`).digest('hex')}` : null,
      replyTo: str(m.reply_to_message_id) ? `telegram:${chatId}/${str(m.reply_to_message_id)}` : null,
      quoteOf: null,
      hashtags: uniq([...of('hashtag').map((h) => h.replace(/^#/, '').toLowerCase()), ...fromText.hashtags]),
      // Telegram lists mentions as entities; from the text only a valid username counts (5-32
      // characters, starting with a letter: core.telegram.org/method/account.checkUsername), so a
      // price such as "@116" is not a mention.
      mentions: uniq([
        ...of('mention').map((h) => h.replace(/^@/, '').toLowerCase()),
        ...fromText.mentions.filter((h) => /^[a-z]\w{4,31}$/i.test(h)),
      ]),
      urls: uniq(
        [
          ...of('link'),
          ...ents.filter((e) => e.type === 'text_link').map((e) => str(e.href) ?? ''),
          ...fromText.urls,
        ].filter(Boolean),
      ),
      country: null,
      source: `${file}#messages[${i}]`,
    };
    const files = exportFiles(m, dirname(file), b, i + 1);
    if (files.length) post.media = files;
    b.posts.push(post);
    b.accounts.push({ ...emptyAccount(post.accountId, 'telegram'), handle: str(m.from) });
  }
}

/** `text` is a string, or an array mixing strings and `{type, text}` runs. */
function flatten(t: unknown): string {
  if (typeof t === 'string') return t;
  return arr(t)
    .map((p) => (typeof p === 'string' ? p : (str(obj(p)?.text) ?? '')))
    .join('');
}

/**
 * The files of a Telegram Desktop message: `photo` (a path such as `photos/photo_1@05-05-2017.jpg`)
 * and `file` (with `file_name`, `mime_type`, `media_type`), relative to the folder of result.json.
 * When the export kept the file it is read and hashed (MD5, SHA-256, dHash of an image); an export
 * made without media writes "(File not included. …)" instead of a path: kept by name, not hashed.
 */
function exportFiles(m: Rec, dir: string, b: BatchBuilder, line: number): PostMedia[] {
  const out: PostMedia[] = [];
  for (const key of ['photo', 'file'] as const) {
    const p = str(m[key]);
    if (m[key] === undefined) continue;
    if (!p) {
      b.mediaIssue(line, `messages[${line - 1}].${key} is not a path`);
      continue;
    }
    const notIncluded = p.startsWith('(');
    const rec = media(key === 'photo' ? 'photo' : (str(m.media_type) ?? 'file'), {
      name: str(m.file_name) ?? (notIncluded ? null : (p.split('/').pop() ?? null)),
      mime: str(m.mime_type),
      size: size(key === 'photo' ? m.photo_file_size : m.file_size),
      path: notIncluded ? null : p,
    });
    if (!notIncluded) {
      const h = hashExportFile(dir, p);
      if ('missing' in h) b.mediaIssue(line, `${key} ${JSON.stringify(p).slice(0, 80)}: ${h.missing}`);
      else Object.assign(rec, { md5: h.md5, sha256: h.sha256, size: h.size, dhash: h.dhash });
    }
    out.push(rec);
  }
  return out;
}
