/**
 * A lead, not a proof: when a signature breaks on its headers, nothing undoing one change restores
 * it and no verified copy exists, the Subject is the likely changed header if it differs from what
 * its own conversation calls it: Outlook's Thread-Topic (the subject without prefixes, written by
 * the sender's client and not signed) and the subjects of the messages it answers or that answer it.
 */
import { subjectKey } from '../analyze/subject.js';
import { PARENT_SUBJECTS, REPLY_SUBJECTS, UNEXPLAINED_INVALID_SUBJECTS } from '../case/sql/verify.js';
import type { SqlDb } from '../case/sql-db.js';
import type { ForensicFlag, SignatureEvidence } from './types.js';

interface Row {
  id: string;
  subject: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  headers_json: string;
  sigs: string;
}

export async function threadSubjectFlags(db: SqlDb): Promise<{ itemId: string; flag: ForensicFlag }[]> {
  const rows = await db.all<Row>(UNEXPLAINED_INVALID_SUBJECTS);
  const out: { itemId: string; flag: ForensicFlag }[] = [];
  for (const r of rows) {
    const sigs = JSON.parse(r.sigs) as SignatureEvidence[];
    const signsSubject = sigs.some((s) => s.headerResult === 'fail' && s.signedHeaders.includes('subject'));
    if (!signsSubject || !r.subject) continue;
    const sources: { source: string; subject: string }[] = [];
    const headers = JSON.parse(r.headers_json || '[]') as { name: string; value: string }[];
    const topic = headers.find((h) => h.name.toLowerCase() === 'thread-topic');
    if (topic?.value.trim()) sources.push({ source: 'Thread-Topic', subject: topic.value.trim() });
    type Subject = { subject: string | null };
    const related = [
      ...(r.in_reply_to ? await db.all<Subject>(PARENT_SUBJECTS, [r.in_reply_to, r.id]) : []),
      ...(r.message_id ? await db.all<Subject>(REPLY_SUBJECTS, [r.message_id, r.id]) : []),
    ];
    for (const x of related) if (x.subject) sources.push({ source: 'conversation', subject: x.subject });
    const flag = subjectLead(r.subject, sources);
    if (flag) out.push({ itemId: r.id, flag });
  }
  return out;
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
