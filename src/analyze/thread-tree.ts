import type Database from 'better-sqlite3';
import type { Dialect, SqlDb } from '../case/sql-db.js';

/**
 * A thread read back from the store, in tree order, for `leaklens thread` and the workbench.
 * A message the others reply to but that is not in the dump (a leak is a partial mailbox: the
 * cover letter of a series, the first message of a conversation) appears once, as a node with
 * `missing: true`, and the replies to it hang under it.
 */
export interface ThreadNode {
  /** Item id; `missing:<Message-ID>` for a message that is not in the dump. */
  id: string;
  /** Parent node in this tree (an item id or a `missing:` id); null for a root. */
  parentId: string | null;
  /** Depth in the displayed tree (missing messages count as a level). */
  depth: number;
  date: string | null;
  from: string | null;
  subject: string | null;
  messageId: string | null;
  /** This node stands for a message cited by In-Reply-To/References but absent from the dump. */
  missing: boolean;
  /** The message's direct parent is not in the dump. */
  missingParent: boolean;
}

export interface ThreadTree {
  threadId: string;
  subject: string;
  messages: ThreadNode[];
}

interface Row {
  id: string;
  parent_id: string | null;
  message_id: string | null;
  date: string | null;
  from_addr: string | null;
  from_name: string | null;
  subject: string | null;
  in_reply_to: string | null;
  refs: string;
  root_subject: string;
}

const key = (id: string | null | undefined) => (id ?? '').trim().replace(/^<|>$/g, '').toLowerCase();

/** The direct parent as threading chose it: In-Reply-To when it parses, else the last reference. */
function directParent(r: Row): string | null {
  if (r.in_reply_to?.includes('@')) return key(r.in_reply_to);
  let refs: unknown;
  try {
    refs = JSON.parse(r.refs);
  } catch {
    return null;
  }
  if (!Array.isArray(refs)) return null;
  // A malformed id (git send-email's <yes>) is the parent only when nothing better is there.
  const last = [...refs].reverse().find((x) => String(x).includes('@')) ?? refs.at(-1);
  return last ? key(String(last)) : null;
}

const THREAD_OF = 'SELECT thread_id FROM threads WHERE item_id = ? OR thread_id = ? LIMIT 1';

/** The messages of a thread, by date (undated first, as SQLite orders NULLs) then id, by code point on both engines. */
const threadRowsSql = (dialect: Dialect) => {
  const c = dialect === 'postgres' ? ' COLLATE "C"' : '';
  return `SELECT t.item_id AS id, t.parent_id, e.message_id, e.date, e.from_addr, e.from_name, e.subject, e.in_reply_to, e.refs, t.root_subject
       FROM threads t JOIN emails e ON e.id = t.item_id WHERE t.thread_id = ? ORDER BY e.date IS NULL DESC, e.date${c}, t.item_id${c}`;
};

/**
 * Reads a thread by thread id or by the id of any of its messages; null when unknown.
 * @example threadTree(store, 'em-3f9a…')?.messages.map((m) => '  '.repeat(m.depth) + m.subject)
 */
export function threadTree(store: { db: Database.Database }, id: string): ThreadTree | null {
  const t = store.db.prepare(THREAD_OF).get(id, id) as { thread_id: string } | undefined;
  if (!t) return null;
  return treeOf(t.thread_id, store.db.prepare(threadRowsSql('sqlite')).all(t.thread_id) as Row[]);
}

/**
 * The same through the case layer (a laptop or a team case): the item reader's conversation.
 * @example (await threadTreeOf(store.db, 'em-3f9a…'))?.messages.length
 */
export async function threadTreeOf(db: SqlDb, id: string): Promise<ThreadTree | null> {
  const t = await db.get<{ thread_id: string }>(THREAD_OF, [id, id]);
  if (!t) return null;
  return treeOf(t.thread_id, await db.all<Row>(threadRowsSql(db.dialect), [t.thread_id]));
}

/** The tree of a thread's rows (in date order), missing messages added where replies cite them. */
function treeOf(threadId: string, rows: Row[]): ThreadTree {
  const present = new Set(rows.map((r) => key(r.message_id)));
  // Display parent of each message: its stored parent, or the missing message it replies to.
  const parentOf = new Map<string, string | null>();
  const missingUnder = new Map<string, string | null>();
  for (const r of rows) {
    const p = directParent(r);
    if (p && !present.has(p)) {
      const mid = `missing:${p}`;
      if (!missingUnder.has(mid)) missingUnder.set(mid, r.parent_id);
      parentOf.set(r.id, mid);
    } else parentOf.set(r.id, r.parent_id);
  }
  const kids = new Map<string | null, string[]>();
  const add = (parent: string | null, child: string) =>
    kids.set(parent, [...(kids.get(parent) ?? []), child]);
  for (const [mid, parent] of missingUnder) add(parent, mid);
  for (const r of rows) add(parentOf.get(r.id) ?? null, r.id);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: ThreadNode[] = [];
  const visit = (nodeId: string, parentId: string | null, depth: number) => {
    const r = byId.get(nodeId);
    out.push(r ? messageNode(r, parentId, depth) : missingNode(nodeId, parentId, depth));
    for (const k of kids.get(nodeId) ?? []) visit(k, nodeId, depth + 1);
  };
  for (const root of kids.get(null) ?? []) visit(root, null, 0);
  return { threadId, subject: rows[0]?.root_subject ?? '', messages: out };
}

function messageNode(r: Row, parentId: string | null, depth: number): ThreadNode {
  return {
    id: r.id,
    parentId,
    depth,
    date: r.date,
    from: r.from_name ? `${r.from_name} <${r.from_addr ?? ''}>` : r.from_addr,
    subject: r.subject,
    messageId: r.message_id,
    missing: false,
    missingParent:
      (parentId?.startsWith('missing:') ?? false) || (parentId === null && directParent(r) !== null),
  };
}

function missingNode(id: string, parentId: string | null, depth: number): ThreadNode {
  return {
    id,
    parentId,
    depth,
    date: null,
    from: null,
    subject: null,
    messageId: id.slice('missing:'.length),
    missing: true,
    missingParent: false,
  };
}
