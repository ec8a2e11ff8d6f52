import type { ThreadInput } from '../../src/analyze/threads.js';

/**
 * Generated mailboxes with known thread trees. A seeded PRNG builds random reply trees; each
 * message's truth is its thread and its true parent. Variants strip headers the way real dumps
 * and clients do: parents missing from the dump, References cut short or garbled, Outlook
 * messages that carry only Thread-Index/Thread-Topic.
 */
export function prng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenMessage extends ThreadInput {
  truthThread: number;
  truthParent: string | null;
  /** All true ancestors, nearest first. */
  truthAncestors: string[];
}

export type Variant = 'full' | 'in-reply-to-only' | 'outlook-only' | 'broken-references';

/** Outlook Thread-Index: 22-byte header (reserved, FILETIME, GUID) + 5 bytes per reply. */
function threadIndex(rootSeed: number, path: number[]): string {
  const b = Buffer.alloc(22 + 5 * path.length);
  b.writeUInt32BE(rootSeed >>> 0, 1);
  b.writeUInt32BE((rootSeed * 7919) >>> 0, 6);
  b.writeUInt32BE((rootSeed * 104729) >>> 0, 10);
  for (const [i, p] of path.entries()) b.writeUInt32BE(p >>> 0, 22 + 5 * i);
  return b.toString('base64');
}

/**
 * @param threads number of threads; each has 1–12 messages.
 */
export function generateThreads(seed: number, threads: number, variant: Variant): GenMessage[] {
  const r = prng(seed);
  const out: GenMessage[] = [];
  for (let t = 0; t < threads; t++) {
    const n = 1 + Math.floor(r() * 12);
    const subject = `Sujet ${t} ${['budget', 'réunion', 'facture', 'déplacement'][t % 4]} ${Math.floor(r() * 1e6)}`;
    const nodes: { id: string; msgid: string; parent: number; path: number[] }[] = [];
    for (let i = 0; i < n; i++) {
      const parent = i === 0 ? -1 : Math.floor(r() * i);
      const path = parent < 0 ? [] : [...nodes[parent]!.path, Math.floor(r() * 1e9)];
      nodes.push({ id: `m-${t}-${i}`, msgid: `<${t}.${i}.${seed}@gen.example>`, parent, path });
    }
    for (const [i, node] of nodes.entries()) {
      const ancestors: string[] = [];
      for (let p = node.parent; p >= 0; p = nodes[p]!.parent) ancestors.push(nodes[p]!.id);
      const ancMsgids = [...ancestors].reverse().map((id) => nodes.find((x) => x.id === id)!.msgid);
      const parentMsgid = node.parent >= 0 ? nodes[node.parent]!.msgid : null;
      const m: GenMessage = {
        itemId: node.id,
        messageId: node.msgid,
        inReplyTo: parentMsgid,
        references: ancMsgids,
        subject: i === 0 ? subject : `${['Re: ', 'RE : ', 'TR: ', 'AW: ', 'Re: Re: '][i % 5]}${subject}`,
        date: new Date(Date.UTC(2017, 3, 1 + (t % 28), 8, i)).toISOString(),
        truthThread: t,
        truthParent: node.parent >= 0 ? nodes[node.parent]!.id : null,
        truthAncestors: ancestors,
      };
      if (variant === 'in-reply-to-only') m.references = [];
      if (variant === 'outlook-only') {
        m.inReplyTo = null;
        m.references = [];
        m.threadIndex = threadIndex(seed * 1000 + t, node.path);
        m.threadTopic = subject;
        m.subject = i === 0 ? subject : `RE: ${subject}`;
      }
      if (variant === 'broken-references' && i > 0 && r() < 0.5) {
        // Clients that truncate References keep only the first and the last ids (RFC 5322 §3.6.4).
        m.references = m.references.length > 2 ? [m.references[0]!, m.references.at(-1)!] : m.references;
        if (r() < 0.3) m.references = ['<garbled', ...m.references.slice(1)];
      }
      out.push(m);
    }
  }
  return out;
}

/** Deletes a fraction of messages from the "dump", as a leak that lacks part of the mailboxes. */
export function dropMessages(msgs: GenMessage[], fraction: number, seed: number): GenMessage[] {
  const r = prng(seed);
  return msgs.filter(() => r() >= fraction);
}
