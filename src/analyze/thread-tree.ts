import type { Store } from '../store/store.js';

/** A thread read back from the store, in tree order, for `leaklens thread` and the workbench. */
export interface ThreadNode {
  id: string;
  parentId: string | null;
  depth: number;
  date: string | null;
  from: string | null;
  subject: string | null;
  /** The message replies to something (In-Reply-To/References) that is not in the dump. */
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
  depth: number;
  date: string | null;
  from_addr: string | null;
  from_name: string | null;
  subject: string | null;
  in_reply_to: string | null;
  refs: string;
  root_subject: string;
}

/**
 * Reads a thread by thread id or by the id of any of its messages; null when unknown.
 * @example threadTree(store, 'em-3f9a…')?.messages.map((m) => '  '.repeat(m.depth) + m.subject)
 */
export function threadTree(store: Store, id: string): ThreadTree | null {
  const t = store.db
    .prepare('SELECT thread_id FROM threads WHERE item_id = ? OR thread_id = ? LIMIT 1')
    .get(id, id) as { thread_id: string } | undefined;
  if (!t) return null;
  const rows = store.db
    .prepare(
      `SELECT t.item_id AS id, t.parent_id, t.depth, e.date, e.from_addr, e.from_name, e.subject, e.in_reply_to, e.refs, t.root_subject
       FROM threads t JOIN emails e ON e.id = t.item_id WHERE t.thread_id = ? ORDER BY e.date, t.item_id`,
    )
    .all(t.thread_id) as Row[];
  const kids = new Map<string | null, Row[]>();
  for (const r of rows) kids.set(r.parent_id, [...(kids.get(r.parent_id) ?? []), r]);
  const out: ThreadNode[] = [];
  const visit = (r: Row) => {
    out.push({
      id: r.id,
      parentId: r.parent_id,
      depth: r.depth,
      date: r.date,
      from: r.from_name ? `${r.from_name} <${r.from_addr ?? ''}>` : r.from_addr,
      subject: r.subject,
      missingParent: r.parent_id === null && (!!r.in_reply_to || r.refs !== '[]'),
    });
    for (const k of kids.get(r.id) ?? []) visit(k);
  };
  for (const r of kids.get(null) ?? []) visit(r);
  return { threadId: t.thread_id, subject: rows[0]?.root_subject ?? '', messages: out };
}
