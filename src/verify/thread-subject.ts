/**
 * A lead, not a proof: when a signature breaks on its headers, nothing undoing one change restores
 * it and no verified copy exists, the Subject is the likely changed header if it differs from what
 * its own conversation calls it: Outlook's Thread-Topic (the subject without prefixes, written by
 * the sender's client and not signed) and the subjects of the messages it answers or that answer it.
 */
import { subjectKey } from '../analyze/subject.js';
import type { Store } from '../store/store.js';
import type { ForensicFlag, SignatureEvidence } from './types.js';

interface Row {
  id: string;
  subject: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  headers_json: string;
  sigs: string;
}

export function threadSubjectFlags(store: Store): { itemId: string; flag: ForensicFlag }[] {
  const rows = store.db
    .prepare(
      `SELECT e.id, e.subject, e.message_id, e.in_reply_to, e.headers_json, v.signatures_json AS sigs
       FROM verdicts v JOIN emails e ON e.id = v.item_id
       WHERE v.verdict = 'signature-invalid'
         AND NOT EXISTS (SELECT 1 FROM flags f WHERE f.item_id = v.item_id AND f.kind = 'signed-header-changed')`,
    )
    .all() as Row[];
  const parent = store.db.prepare('SELECT subject FROM emails WHERE message_id = ? AND id <> ? LIMIT 5');
  const replies = store.db.prepare('SELECT subject FROM emails WHERE in_reply_to = ? AND id <> ? LIMIT 20');
  return rows.flatMap((r) => {
    const sigs = JSON.parse(r.sigs) as SignatureEvidence[];
    const signsSubject = sigs.some((s) => s.headerResult === 'fail' && s.signedHeaders.includes('subject'));
    if (!signsSubject || !r.subject) return [];
    const sources: { source: string; subject: string }[] = [];
    const headers = JSON.parse(r.headers_json || '[]') as { name: string; value: string }[];
    const topic = headers.find((h) => h.name.toLowerCase() === 'thread-topic');
    if (topic?.value.trim()) sources.push({ source: 'Thread-Topic', subject: topic.value.trim() });
    const related = [
      ...(r.in_reply_to ? (parent.all(r.in_reply_to, r.id) as { subject: string | null }[]) : []),
      ...(r.message_id ? (replies.all(r.message_id, r.id) as { subject: string | null }[]) : []),
    ];
    for (const x of related) if (x.subject) sources.push({ source: 'conversation', subject: x.subject });
    const flag = subjectLead(r.subject, sources);
    return flag ? [{ itemId: r.id, flag }] : [];
  });
}

/** The flag when every source agrees on one subject and this message's differs from it. */
export function subjectLead(
  thisSubject: string,
  sources: { source: string; subject: string }[],
): ForensicFlag | null {
  const keys = new Set(sources.map((s) => subjectKey(s.subject)));
  const first = sources[0];
  if (!first || keys.size !== 1 || keys.has(subjectKey(thisSubject))) return null;
  const expected = first.subject;
  const named = [...new Set(sources.map((s) => s.source))].join(' and ');
  return {
    kind: 'signed-header-changed',
    severity: 'medium',
    message: `The signed headers were changed and the Subject is the likely one: its ${named} read "${expected}", this message "${thisSubject}".`,
    evidence: {
      header: 'Subject',
      signedCopyValue: null,
      expectedValue: expected,
      thisValue: thisSubject,
      basis: first.source === 'Thread-Topic' && named === 'Thread-Topic' ? 'thread-topic' : 'thread-subjects',
      sources,
    },
  };
}
