import { createHash } from 'node:crypto';
import { isReplySubject, stripSubject, subjectKey } from './subject.js';
import { threadIndexAncestors } from './thread-index.js';

/**
 * Threading after Jamie Zawinski's algorithm (https://www.jwz.org/doc/threading.html, the one
 * Netscape, Mutt and RFC 5256 REFERENCES use): link by References/In-Reply-To, keep empty
 * containers for parents missing from the dump, prune, then group the root set by subject.
 * Outlook messages often carry no References at all, only Thread-Index (MS-OXOMSG §2.2.1.3:
 * 22-byte header + 5 bytes per reply), which gives the ancestry as well.
 */
export interface ThreadInput {
  itemId: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string | null;
  /** Outlook Thread-Index header, base64. */
  threadIndex?: string | null;
  /** Outlook Thread-Topic header: the subject without prefixes. */
  threadTopic?: string | null;
  date?: string | null;
  /** Sender (name, else address): scopes malformed References ids (see `scopedBogus`). */
  from?: string | null;
}

export interface ThreadRow {
  itemId: string;
  threadId: string;
  /** Nearest ancestor present in the dump (null for a root or when all ancestors are missing). */
  parentId: string | null;
  /** Number of present ancestors. */
  depth: number;
  rootSubject: string;
}

export interface ThreadOptions {
  /** Group roots sharing a subject (JWZ step 5). Default true. */
  subjectFallback?: boolean;
}

interface Box {
  key: string;
  msg?: ThreadInput;
  parent?: Box;
  children: Box[];
}

/** Message-ID as a key: the first <…> if present (In-Reply-To may hold several or a comment). */
const norm = (id: string | null | undefined): string => {
  const s = (id ?? '').trim();
  const m = /<([^<>\s]+)>/.exec(s);
  return (m ? m[1]! : s.replace(/^<|>$/g, '')).toLowerCase();
};

function isAncestor(a: Box, b: Box): boolean {
  for (let p: Box | undefined = b; p; p = p.parent) if (p === a) return true;
  return false;
}

function unlink(c: Box): void {
  if (!c.parent) return;
  const sibs = c.parent.children;
  sibs.splice(sibs.indexOf(c), 1);
  c.parent = undefined;
}

function link(parent: Box, child: Box): void {
  if (parent === child || isAncestor(child, parent)) return; // would loop
  unlink(child);
  child.parent = parent;
  parent.children.push(child);
}

/** Step 1: one box per message (by Message-ID, unique) plus empty boxes for referenced ids. */
function buildTable(msgs: ThreadInput[]): { table: Map<string, Box>; own: Map<ThreadInput, Box> } {
  const table = new Map<string, Box>();
  const own = new Map<ThreadInput, Box>();
  for (const m of msgs) {
    let key = norm(m.messageId);
    // JWZ: a duplicate or missing Message-ID gets a fresh unique key.
    if (!key || table.has(key)) key = `item:${m.itemId}`;
    const box: Box = { key, msg: m, children: [] };
    table.set(key, box);
    own.set(m, box);
  }
  for (const m of msgs) {
    const ti = threadIndexAncestors(m.threadIndex);
    const self = ti.at(-1);
    if (self && !table.has(self)) table.set(self, own.get(m)!);
  }
  return { table, own };
}

/**
 * A msg-id without "@" is garbage from a broken client (RFC 5322 §3.6.4: id-left "@" id-right),
 * the best known being git send-email's `In-Reply-To: <yes>` (the user answered "yes" to its
 * prompt). One shared container for it would glue unrelated threads of the whole archive
 * together (notmuch does); ignoring it scatters a patch series into one thread per patch. So it
 * is used only when it is a message's sole parent evidence, scoped to its sender and day: a
 * series sent with it stays one conversation, two people's series stay apart.
 */
function scopedBogus(refs: string[], m: ThreadInput): string[] {
  const bogus = refs.filter((r) => r && !r.includes('@')).at(-1);
  const from = (m.from ?? '').toLowerCase();
  return bogus && from ? [`bogus:${bogus}|${from}|${(m.date ?? '').slice(0, 10)}`] : [];
}

function chainOf(m: ThreadInput): string[] {
  const all = m.references.map(norm);
  const refs = all.filter((r) => r.includes('@'));
  const irt = norm(m.inReplyTo).includes('@') ? norm(m.inReplyTo) : '';
  if (irt && refs.at(-1) !== irt) refs.push(irt);
  if (refs.length === 0) {
    const ti = threadIndexAncestors(m.threadIndex).slice(0, -1);
    return ti.length ? ti : scopedBogus([...all, norm(m.inReplyTo)], m);
  }
  return refs;
}

function linkAll(msgs: ThreadInput[], table: Map<string, Box>, own: Map<ThreadInput, Box>): void {
  const get = (k: string): Box => {
    let b = table.get(k);
    if (!b) {
      b = { key: k, children: [] };
      table.set(k, b);
    }
    return b;
  };
  for (const m of msgs) {
    const box = own.get(m)!;
    const chain = chainOf(m).filter((k) => k !== box.key);
    let prev: Box | undefined;
    for (const k of chain) {
      const c = get(k);
      // Earlier links win for intermediate refs; only the message's own parent is forced.
      if (prev && !c.parent && c !== box) link(prev, c);
      prev = c;
    }
    if (prev && prev !== box) link(prev, box);
  }
}

/** Step 4: drop empty leaves, splice empty boxes with one child (or any, below the root). */
function prune(boxes: Box[], atRoot: boolean): Box[] {
  const out: Box[] = [];
  for (const b of boxes) {
    b.children = prune(b.children, false);
    for (const c of b.children) c.parent = b;
    if (b.msg || (b.children.length > 1 && atRoot)) out.push(b);
    else if (b.children.length > 0) out.push(...b.children);
  }
  return out;
}

const subjectOf = (b: Box): string => {
  const m = b.msg ?? b.children.find((c) => c.msg)?.msg;
  return m ? (m.threadTopic ?? m.subject ?? '') : '';
};
/**
 * Evidence that a root continues a conversation: a reply subject or an In-Reply-To on the
 * message; for an empty container (a message missing from the dump), a reply subject on one of
 * its children. Without the last rule, two patch series whose cover letters are both missing
 * ("[PATCH 1/2] foo" v1 and v2) were merged by subject, where notmuch keeps them apart.
 */
const replyish = (b: Box): boolean =>
  b.msg
    ? isReplySubject(b.msg.subject) || !!b.msg.inReplyTo
    : b.children.some((c) => (c.msg ? isReplySubject(c.msg.subject) : replyish(c)));

/**
 * Step 5: merge roots that share a subject. Unlike plain JWZ, two non-reply roots with the same
 * subject ("Lunch") stay apart: only a reply or an empty parent is evidence of one conversation.
 */
/**
 * A root whose thread is named by References (RFC 5322 §3.6.4: References starts with the
 * thread's first message) is complete: the missing message it names is the conversation's root,
 * and another root with the same subject is another conversation. Such roots are never joined by
 * subject: an empty container some reply names first, or a reply left as a root by pruning (its
 * References name messages that are all missing). Without this, deleting messages from a dump
 * joined distinct threads that share a subject ("Suite de notre échange"). Replies with only an
 * In-Reply-To (or only Thread-Index) still join by subject: their chain may have a gap.
 */
function anchoredRoot(b: Box): boolean {
  if (b.msg) return b.msg.references.some((r) => norm(r).includes('@'));
  const names = (x: Box): boolean =>
    x.children.some((c) => (c.msg ? norm(c.msg.references[0]) === b.key : names(c)));
  return names(b);
}

function groupBySubject(roots: Box[]): Box[] {
  const groups = new Map<string, Box[]>();
  for (const r of roots) {
    const k = anchoredRoot(r) ? '' : subjectKey(subjectOf(r));
    if (!k) continue;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const heads = new Map<string, Box>();
  for (const [k, g] of groups) {
    if (g.length < 2) continue;
    if (g.filter((b) => !replyish(b)).length === g.length) continue; // nothing says "same conversation"
    heads.set(
      k,
      g.find((b) => !b.msg && replyish(b)) ??
        g.find((b) => !replyish(b)) ?? { key: `subject:${k}`, children: [] },
    );
  }
  const out: Box[] = [];
  const placed = new Set<Box>();
  for (const r of roots) {
    const head = anchoredRoot(r) ? undefined : heads.get(subjectKey(subjectOf(r)));
    if (!head) {
      out.push(r);
      continue;
    }
    if (!placed.has(head)) {
      placed.add(head);
      out.push(head);
    }
    if (head === r || (!replyish(r) && !replyish(head))) {
      if (head !== r) out.push(r);
    } else if (!r.msg) for (const c of [...r.children]) link(head, c);
    else link(head, r);
  }
  return out;
}

function walk(
  box: Box,
  threadId: string,
  parent: ThreadInput | null,
  depth: number,
  subj: string,
  out: ThreadRow[],
): void {
  let p = parent;
  let d = depth;
  if (box.msg) {
    out.push({
      itemId: box.msg.itemId,
      threadId,
      parentId: parent?.itemId ?? null,
      depth,
      rootSubject: subj,
    });
    p = box.msg;
    d = depth + 1;
  }
  const kids = [...box.children].sort((a, b) => firstDate(a).localeCompare(firstDate(b)));
  for (const c of kids) walk(c, threadId, p, d, subj, out);
}

function firstDate(b: Box): string {
  return b.msg?.date ?? b.children.map(firstDate).sort()[0] ?? '';
}

/**
 * Threads messages; returns one row per input message.
 * @example
 * threadMessages([{ itemId: 'a', messageId: '<1@x>', inReplyTo: null, references: [], subject: 'Hi' },
 *   { itemId: 'b', messageId: '<2@x>', inReplyTo: '<1@x>', references: [], subject: 'Re: Hi' }])
 * // b.parentId === 'a', both share a threadId
 */
export function threadMessages(input: ThreadInput[], opts: ThreadOptions = {}): ThreadRow[] {
  const msgs = [...input].sort(
    (a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.itemId.localeCompare(b.itemId),
  );
  const { table, own } = buildTable(msgs);
  linkAll(msgs, table, own);
  const seen = new Set<Box>();
  let roots: Box[] = [];
  for (const b of table.values()) {
    if (b.parent || seen.has(b)) continue;
    seen.add(b);
    roots.push(b);
  }
  roots = prune(roots, true);
  for (const r of roots) r.parent = undefined;
  if (opts.subjectFallback ?? true) roots = groupBySubject(roots);
  const out: ThreadRow[] = [];
  for (const r of roots) {
    const id = `th-${createHash('sha256').update(r.key).digest('hex').slice(0, 20)}`;
    walk(r, id, null, 0, stripSubject(subjectOf(r)), out);
  }
  return out;
}
