import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DemoPost, toXV1 } from './posts-format.js';
import type { DemoAccount } from './social-accounts.js';
import { snowflake } from './social-accounts.js';
import {
  commonSignature,
  corpus,
  type MailRecorder,
  md5Base64,
  type SentRecord,
  sha256Hex,
  uniquePassage,
} from './trail-mail.js';
import type { PlantedDocument, PlantedEmail, TrailTruth, TrailTruthItem } from './truth.js';

/** The /pol/ thread the dump was first posted in (4chan thread numbers are 9 digits in 2017). */
export const THREAD_NO = 124_205_675;
export const THREAD_URL = `https://boards.4chan.org/pol/thread/${THREAD_NO}`;
/**
 * The paste announced in the thread. Not the campaign's `paste.test` link (posts.ts): that one is
 * on no paste host's list and no post of the trail carries it, so it ties nothing to the dump.
 */
export const PASTE_URL = 'https://pastebin.com/AvLk17Qz';
const TELEGRAM_CHANNEL = { id: 1_094_512_873, name: 'Avancer Leaks Relay' };
const at = (hms: string) => Date.parse(`2017-05-05T${hms}Z`);

/** Kinds of planted message whose text is delivered as written (no edit after sending). */
const QUOTABLE = new Set(['fabricated', 'received-out-of-order', 'message-id-mismatch']);

export interface TrailInput {
  recorder: MailRecorder;
  emails: PlantedEmail[];
  documents: PlantedDocument[];
}

/**
 * Plants how the leak travelled: a 4chan /pol/ thread posting dump files (with 4chan's base64
 * MD5) and the paste link; X posts linking the thread and quoting planted e-mails; a Telegram
 * channel relaying them (a Telegram Desktop export with one file); X posts quoting the dump's most
 * common signature block, which is boilerplate and no evidence. Writes social/4chan-*.json,
 * social/trail-x-posts.jsonl and social/telegram/; returns the truth.
 * @example const t = writeTrail('./leaklens-demo', { recorder, emails, documents });
 */
export function writeTrail(dir: string, input: TrailInput): TrailTruth {
  const c = corpus(input.recorder);
  const quotes = pickQuotes(input, c);
  const docs = pickDocuments(input);
  const sig = commonSignature(input.recorder, c);
  if (quotes.length < 3 || docs.length < 4 || !sig)
    throw new Error(
      `demo trail: the planted mail has too few quotable e-mails (${quotes.length}) or documents (${docs.length}), or no common signature`,
    );
  const [e1, e2, e3] = quotes as [Quote, Quote, Quote];
  const [docA, docB, docC, docD] = docs as [Doc, Doc, Doc, Doc];
  const social = join(dir, 'social');
  mkdirSync(join(social, 'telegram', 'files'), { recursive: true });

  // 4chan: the thread, in the API's JSON (github.com/4chan/4chan-API, threads.md).
  const chan = [
    chanPost(
      THREAD_NO,
      0,
      at('18:31:12'),
      'bJ4uVw1Q',
      'Emails and documents of the Avancer campaign. Dumping the best ones here.',
      docA,
      'AVANCER CAMPAIGN LEAKS',
    ),
    chanPost(
      THREAD_NO + 412,
      THREAD_NO,
      at('18:33:47'),
      'bJ4uVw1Q',
      `&gt;&gt;${THREAD_NO}<br>the budget they never showed`,
      docB,
    ),
    chanPost(THREAD_NO + 786, THREAD_NO, at('18:35:02'), 'bJ4uVw1Q', `full archive: ${wbr(PASTE_URL)}`),
    chanPost(THREAD_NO + 1290, THREAD_NO, at('18:38:40'), 'Qm7TzR2e', 'more from the same mailbox', docC),
    chanPost(
      THREAD_NO + 1733,
      THREAD_NO,
      at('18:41:15'),
      'Qm7TzR2e',
      `from one of the mails: &quot;${html(e1.sentence)}&quot;`,
    ),
    // A file that is not in the dump, and one whose media fields are broken: neither is evidence.
    chanPost(THREAD_NO + 2004, THREAD_NO, at('18:42:30'), 'x9LpA0cV', 'kek', {
      name: 'smug',
      ext: '.jpg',
      md5: md5Base64(new TextEncoder().encode('not a file of the dump')),
      size: 48_213,
    }),
    {
      ...chanPost(THREAD_NO + 2390, THREAD_NO, at('18:44:02'), 'x9LpA0cV', 'mirror dead?'),
      filename: 'archive',
      ext: '.zip',
      md5: 'not-an-md5',
      fsize: 'big',
    },
  ];
  const chanFile = `social/4chan-pol-${THREAD_NO}.json`;
  writeFileSync(join(dir, chanFile), `${JSON.stringify({ posts: chan })}\n`);

  // X: the first link to the thread, then quotes of the e-mails, then the signature quoted by many.
  const acc = (n: number, handle: string, name: string, lang: 'fr' | 'en'): DemoAccount => ({
    id: String(870_000_000_000_000_000n + BigInt(n)),
    handle,
    name,
    created: Date.UTC(2014, n % 12, 1 + n),
    followers: 1_200 + n * 317,
    friends: 400 + n * 13,
    statuses: 9_000 + n * 101,
    location: lang === 'fr' ? 'Paris' : 'Ohio, USA',
    country: lang === 'fr' ? 'FR' : 'US',
    description: 'News, leaks, no filter',
    defaultProfile: false,
    lang,
    role: 'organic',
    platform: 'x',
  });
  const first = acc(1, 'FrogWatch_pol', 'Frog Watch', 'en');
  const quoters = [
    acc(2, 'VeilleCitoyenne', 'Veille Citoyenne', 'fr'),
    acc(3, 'DocsDuSoir', 'Les docs du soir', 'fr'),
  ];
  const xs: DemoPost[] = [];
  const x = (a: DemoAccount, hms: string, text: string, urls: string[] = []) => {
    const time = at(hms);
    const p: DemoPost = {
      id: snowflake(time, 4_100_000 + xs.length),
      time,
      account: a,
      text,
      lang: a.lang,
      repostOf: null,
      mentions: [],
      hashtags: [],
      urls,
    };
    xs.push(p);
    return p;
  };
  const x0 = x(
    first,
    '18:47:05',
    `Avancer campaign files are being dumped on /pol/ right now ${THREAD_URL}`,
    [THREAD_URL],
  );
  const x1 = x(quoters[0] as DemoAccount, '18:52:30', `« ${e1.sentence} » ${THREAD_URL}`, [THREAD_URL]);
  const x2 = x(quoters[1] as DemoAccount, '19:05:12', `Dans les mails : « ${e2.sentence} »`);
  const x3 = x(quoters[0] as DemoAccount, '19:20:40', `Encore : « ${e3.sentence} »`);
  const boiler = Array.from({ length: 6 }, (_, i) =>
    x(
      acc(10 + i, `Obs_${['Nord', 'Sud', 'Est', 'Ouest', 'Centre', 'Ile'][i]}`, 'Observateur', 'fr'),
      `${19 + Math.floor(i / 2)}:${String(10 + (i % 2) * 25).padStart(2, '0')}:00`,
      `Tous leurs mails finissent ainsi : « ${sig.text} »`,
    ),
  );
  const xFile = 'social/trail-x-posts.jsonl';
  writeFileSync(join(dir, xFile), `${xs.map((p) => JSON.stringify(toXV1(p))).join('\n')}\n`);

  // Telegram: a channel relaying the first X post, a quote and a file (Telegram Desktop export).
  const tweet = (p: DemoPost) => `https://twitter.com/${p.account.handle}/status/${p.id}`;
  writeFileSync(join(social, 'telegram', 'files', docD.filename), docD.data);
  const tg = [
    tgMessage(1, at('19:10:00'), null, { action: 'create_channel' }),
    tgMessage(2, at('19:12:00'), ['Relayed from X: ', { type: 'link', text: tweet(x0) }]),
    tgMessage(3, at('19:25:00'), [`« ${e2.sentence} »`]),
    tgMessage(4, at('19:40:00'), ['Le budget complet'], {
      file: `files/${docD.filename}`,
      file_name: docD.filename,
      file_size: docD.data.length,
      mime_type: docD.mime,
    }),
    tgMessage(5, at('19:55:00'), ['Thread X : ', { type: 'link', text: tweet(x1) }]),
  ];
  const tgFile = 'social/telegram/result.json';
  writeFileSync(
    join(dir, tgFile),
    `${JSON.stringify({ name: TELEGRAM_CHANNEL.name, type: 'public_channel', id: TELEGRAM_CHANNEL.id, messages: tg }, null, 1)}\n`,
  );

  const chanId = (no: number) => `4chan:${no}`;
  const xId = (p: DemoPost) => `x:${p.id}`;
  const tgId = (id: number) => `telegram:${TELEGRAM_CHANNEL.id}/${id}`;
  const iso = (ms: number) => new Date(ms).toISOString();
  const firstSeen = [
    {
      platform: '4chan',
      time: iso(at('18:31:12')),
      postId: chanId(THREAD_NO),
      handle: 'bJ4uVw1Q',
      via: 'file' as const,
    },
    { platform: 'x', time: iso(x0.time), postId: xId(x0), handle: first.handle, via: 'link' as const },
    {
      platform: 'telegram',
      time: iso(at('19:12:00')),
      postId: tgId(2),
      handle: TELEGRAM_CHANNEL.name,
      via: 'link' as const,
    },
  ].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const handoffs = [
    { fromPlatform: '4chan', toPlatform: 'x', time: iso(x0.time), postId: xId(x0), evidence: THREAD_URL },
    {
      fromPlatform: 'x',
      toPlatform: 'telegram',
      time: iso(at('19:12:00')),
      postId: tgId(2),
      evidence: tweet(x0),
    },
  ].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const docItem = (d: Doc, posts: TrailTruthItem['posts']): TrailTruthItem => ({
    kind: 'document',
    sha256: d.sha256,
    title: d.filename,
    posts,
  });
  const mailItem = (q: Quote, posts: TrailTruthItem['posts']): TrailTruthItem => ({
    kind: 'email',
    messageId: q.record.messageId,
    title: q.record.subject,
    quote: q.sentence,
    posts,
  });
  return {
    files: [chanFile, xFile, tgFile],
    thread: THREAD_URL,
    paste: PASTE_URL,
    firstSeen,
    handoffs,
    items: [
      docItem(docA, [{ postId: chanId(THREAD_NO), platform: '4chan', via: 'file' }]),
      docItem(docB, [{ postId: chanId(THREAD_NO + 412), platform: '4chan', via: 'file' }]),
      docItem(docC, [{ postId: chanId(THREAD_NO + 1290), platform: '4chan', via: 'file' }]),
      docItem(docD, [{ postId: tgId(4), platform: 'telegram', via: 'file' }]),
      mailItem(e1, [
        { postId: chanId(THREAD_NO + 1733), platform: '4chan', via: 'quote' },
        { postId: xId(x1), platform: 'x', via: 'quote' },
      ]),
      mailItem(e2, [
        { postId: xId(x2), platform: 'x', via: 'quote' },
        { postId: tgId(3), platform: 'telegram', via: 'quote' },
      ]),
      mailItem(e3, [{ postId: xId(x3), platform: 'x', via: 'quote' }]),
    ],
    boilerplate: { text: sig.text, items: sig.items, posts: boiler.map(xId) },
    noEvidence: [chanId(THREAD_NO + 2004), chanId(THREAD_NO + 2390)],
  };
}

interface Quote {
  record: SentRecord;
  sentence: string;
}

interface Doc extends PlantedDocument {
  mime: string;
  data: Uint8Array;
}

/** Three planted e-mails delivered unedited, each with a sentence found in no other message. */
function pickQuotes(input: TrailInput, c: ReturnType<typeof corpus>): Quote[] {
  const out: Quote[] = [];
  for (const e of input.emails) {
    const r = input.recorder.byId.get(e.messageId);
    if (!r || !QUOTABLE.has(e.kind) || out.length >= 3) continue;
    const sentence = uniquePassage(r, c);
    if (sentence) out.push({ record: r, sentence });
  }
  return out;
}

/** The planted outside documents with their bytes: the PDF first (the thread opens with it). */
function pickDocuments(input: TrailInput): Doc[] {
  const bytes = new Map<string, { mime: string; data: Uint8Array }>();
  for (const r of input.recorder.records)
    for (const a of r.attachments) bytes.set(sha256Hex(a.data), { mime: a.mime, data: a.data });
  const docs = input.documents.flatMap((d) => {
    const b = bytes.get(d.sha256);
    return b ? [{ ...d, ...b }] : [];
  });
  const rank = (d: Doc) => (d.filename.endsWith('.pdf') ? 0 : d.filename.endsWith('.docx') ? 1 : 2);
  return docs.sort((a, b) => rank(a) - rank(b));
}

/** One post of a 4chan thread as the API gives it; `now` is the board's New York time. */
function chanPost(
  no: number,
  resto: number,
  ms: number,
  posterId: string,
  com: string,
  file?: { filename?: string; name?: string; ext?: string; md5?: string; size?: number; data?: Uint8Array },
  sub?: string,
): Record<string, unknown> {
  const ny = new Date(ms - 4 * 3_600_000); // EDT in May: UTC-4
  const p2 = (n: number) => String(n).padStart(2, '0');
  const now = `${p2(ny.getUTCMonth() + 1)}/${p2(ny.getUTCDate())}/${String(ny.getUTCFullYear()).slice(2)}(${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][ny.getUTCDay()]})${ny.toISOString().slice(11, 19)}`;
  const post: Record<string, unknown> = {
    no,
    now,
    name: 'Anonymous',
    ...(sub ? { sub } : {}),
    com,
    time: Math.floor(ms / 1000),
    resto,
    id: posterId,
    country: 'FR',
    country_name: 'France',
  };
  if (file) {
    const data = file.data;
    const fname = file.filename ?? `${file.name}${file.ext}`;
    const dot = fname.lastIndexOf('.');
    Object.assign(post, {
      filename: fname.slice(0, dot),
      ext: fname.slice(dot),
      tim: ms + 123,
      md5: data ? md5Base64(data) : file.md5,
      fsize: data ? data.length : file.size,
    });
  }
  return post;
}

/** A Telegram Desktop export message: `text` mixes strings and typed runs, mirrored in `text_entities`. */
function tgMessage(
  id: number,
  ms: number,
  text: (string | { type: string; text: string })[] | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const date = new Date(ms).toISOString().slice(0, 19);
  const who = { from: TELEGRAM_CHANNEL.name, from_id: `channel${TELEGRAM_CHANNEL.id}` };
  if (!text)
    return {
      id,
      type: 'service',
      date,
      date_unixtime: String(ms / 1000),
      actor: who.from,
      actor_id: who.from_id,
      title: TELEGRAM_CHANNEL.name,
      text: '',
      text_entities: [],
      ...extra,
    };
  const runs = text.map((t) => (typeof t === 'string' ? { type: 'plain', text: t } : t));
  return {
    id,
    type: 'message',
    date,
    date_unixtime: String(ms / 1000),
    ...who,
    ...extra,
    text: runs.length === 1 && runs[0]?.type === 'plain' ? runs[0].text : text,
    text_entities: runs,
  };
}

/** 4chan breaks long words and links with <wbr> in `com`. */
const wbr = (url: string) => url.replace(/(.{16})/, '$1<wbr>');
const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
