import { createHash } from 'node:crypto';
import type { Sent } from './mail-corpus.js';

/** A message as the demo wrote it: what the trail's posts may quote or show. */
export interface SentRecord {
  messageId: string;
  subject: string;
  text: string;
  /** Delivered into at least one leaked mailbox (only those are items of the case). */
  delivered: boolean;
  attachments: { filename: string; mime: string; data: Uint8Array }[];
}

/**
 * Records every message the generator sends. Attachment bytes are kept only for the planted
 * messages (the few the trail may post as files); the bulk keeps its text only.
 */
export class MailRecorder {
  readonly records: SentRecord[] = [];
  readonly byId = new Map<string, SentRecord>();

  hook(keepFiles: boolean): (s: Sent) => void {
    return (s) => {
      const r: SentRecord = {
        messageId: s.messageId,
        subject: s.draft.subject,
        text: s.draft.text,
        delivered: s.locations.length > 0,
        attachments: keepFiles
          ? s.draft.attachments.map((a) => ({ filename: a.filename, mime: a.mime, data: a.data }))
          : [],
      };
      this.records.push(r);
      if (r.delivered) this.byId.set(r.messageId, r);
    };
  }
}

/** Words as the quote check counts them: lower-case letters and digits, everything else a break. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** A run of words as one searchable string, with spaces on both ends so runs match whole words. */
const run = (w: string[]) => ` ${w.join(' ')} `;

/** The threshold: a quote is a run of at least 12 words. */
export const QUOTE_WORDS = 12;

/** The delivered messages' word strings, once (the checks below search them). */
export function corpus(rec: MailRecorder): { id: string; s: string }[] {
  return [...rec.byId.values()].map((r) => ({ id: r.messageId, s: run(words(r.text)) }));
}

/** How many delivered messages contain a run of words. */
export function itemsWith(c: { s: string }[], w: string[]): number {
  const key = run(w);
  let n = 0;
  for (const m of c) if (m.s.includes(key)) n++;
  return n;
}

/**
 * A passage of a message that no other message shares: one or more whole sentences of one
 * paragraph, at least 13 words (so any tokeniser still counts 12), every 12-word window of it
 * found in this message only and holding a number (an amount, a date, a version: template
 * sentences without one may recur in attachments, which the check does not read). Null when the
 * message has none.
 */
export function uniquePassage(r: SentRecord, c: { id: string; s: string }[]): string | null {
  const others = c.filter((m) => m.id !== r.messageId);
  for (const para of r.text.split(/\n\s*\n/)) {
    const sentences = para.split(/(?<=[.!?])\s+/);
    for (let i = 0; i < sentences.length; i++) {
      let j = i;
      let passage = sentences[i] ?? '';
      while (words(passage).length < QUOTE_WORDS + 1 && j + 1 < sentences.length)
        passage = `${passage} ${sentences[++j]}`;
      const w = words(passage);
      if (w.length < QUOTE_WORDS + 1 || passage.length > 200) continue;
      let unique = true;
      for (let k = 0; unique && k + QUOTE_WORDS <= w.length; k++) {
        const win = w.slice(k, k + QUOTE_WORDS);
        unique = win.some((t) => /\d/.test(t)) && itemsWith(others, win) === 0;
      }
      if (unique) return passage.replace(/\s+/g, ' ').trim();
    }
  }
  return null;
}

/**
 * The boilerplate of the dump: the closing and signature block (the message's last paragraph)
 * found in the most messages, quoted whole. A post quoting it shows nothing about one item.
 */
export function commonSignature(
  rec: MailRecorder,
  c: { id: string; s: string }[],
): { text: string; items: number } | null {
  const seen = new Map<string, { text: string; w: string[] }>();
  for (const r of rec.byId.values()) {
    const last = r.text.split(/\n\s*\n/).at(-1) ?? '';
    const w = words(last);
    if (w.length >= QUOTE_WORDS + 1 && !seen.has(run(w)))
      seen.set(run(w), { text: last.replace(/\s+/g, ' ').trim(), w });
  }
  // Cheap first cut: messages ending with it; then the exact count (quoted replies too) for the leaders.
  const endings = new Map<string, number>();
  for (const r of rec.byId.values()) {
    const k = run(words(r.text.split(/\n\s*\n/).at(-1) ?? ''));
    if (seen.has(k)) endings.set(k, (endings.get(k) ?? 0) + 1);
  }
  const leaders = [...endings].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 30);
  let best: { text: string; items: number } | null = null;
  for (const [k] of leaders) {
    const s = seen.get(k);
    if (!s) continue;
    const items = itemsWith(c, s.w);
    if (!best || items > best.items) best = { text: s.text, items };
  }
  return best;
}

/** 4chan's `md5`: the file's MD5 as 24 characters of base64 (github.com/4chan/4chan-API, threads.md). */
export const md5Base64 = (data: Uint8Array) => createHash('md5').update(data).digest('base64');
export const sha256Hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
