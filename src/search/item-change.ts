/**
 * What changed in an altered message, for the item page, `leaklens show` and the report: a word
 * diff of its text against the best reference the dump holds (a copy of the same Message-ID whose
 * DKIM signature verifies; failing that, the message's own HTML part), and the signed headers the
 * verify stage found changed (`signed-header-changed`).
 */
import { byCodePoint, tableExists } from '../case/has-table.js';
import type { SqlDb } from '../case/sql-db.js';
import { changedRuns, type DiffOp, wordDiff } from '../verify/text-diff.js';

/** Texts longer than this are not diffed on a page view (a diff is a reading aid, not a proof). */
export const MAX_DIFF_CHARS = 200_000;

export interface HeaderChange {
  header: string;
  signedCopyValue: string | null;
  /** What the conversation calls it, when only that suggests the change (a lead, not a proof). */
  expectedValue: string | null;
  thisValue: string | null;
  basis: string;
  /** How the change is known, in words (the same on the page, in `show` and the report). */
  how: string;
  /** Word diff from the signed (or expected) value to this one, to highlight what was added. */
  ops: DiffOp[];
}

export interface ItemChange {
  /** What this message's text is compared with. */
  against: 'verified-copy' | 'html-part' | null;
  /** The verified copy, when there is one. */
  copyId: string | null;
  referenceLabel: string | null;
  currentLabel: string | null;
  /** Ops turning the reference into this text: `ins` only here, `del` only in the reference. */
  ops: DiffOp[];
  inserted: string[];
  removed: string[];
  headerChanges: HeaderChange[];
}

interface FlagLike {
  kind: string;
  evidence: unknown;
}

/** Null unless the message is body-altered, signature-invalid or its two parts disagree. */
export async function itemChange(
  db: SqlDb,
  id: string,
  email: { messageId: string | null; text: string; htmlText: string },
  verdict: string | null,
  flags: FlagLike[],
): Promise<ItemChange | null> {
  const mismatch = flags.some((f) => f.kind === 'text-html-mismatch');
  const headerChanges = flags.filter((f) => f.kind === 'signed-header-changed').flatMap(headerChangesOf);
  if (verdict !== 'body-altered' && !mismatch && !headerChanges.length) return null;
  const base = { headerChanges, copyId: null, ops: [], inserted: [], removed: [] };
  const copy = await verifiedCopy(db, id, email.messageId);
  const current = email.text || email.htmlText;
  let ref: Pick<ItemChange, 'against' | 'copyId' | 'referenceLabel' | 'currentLabel'> & { text: string };
  if (copy && (verdict === 'body-altered' || mismatch)) {
    ref = {
      against: 'verified-copy',
      copyId: copy.id,
      referenceLabel: 'the copy whose signature verifies',
      currentLabel: 'this message',
      text: copy.text,
    };
  } else if (email.text && email.htmlText && (verdict === 'body-altered' || mismatch)) {
    ref = {
      against: 'html-part',
      copyId: null,
      referenceLabel: 'the HTML part',
      currentLabel: 'the plain-text part',
      text: email.htmlText,
    };
  } else return { ...base, against: null, referenceLabel: null, currentLabel: null };
  if (ref.text.length > MAX_DIFF_CHARS || current.length > MAX_DIFF_CHARS)
    return { ...base, ...ref, copyId: ref.copyId };
  const ops = wordDiff(ref.text, current);
  const { text: _, ...labels } = ref;
  return { ...base, ...labels, ops, ...changedRuns(ops) };
}

async function verifiedCopy(db: SqlDb, id: string, messageId: string | null) {
  if (!messageId || !(await tableExists(db, 'verdicts'))) return undefined;
  return db.get<{ id: string; text: string }>(
    `SELECT e.id, CASE WHEN e.text <> '' THEN e.text ELSE e.html_text END AS text FROM emails e JOIN verdicts v ON v.item_id = e.id
     WHERE e.message_id = ? AND e.id <> ? AND v.verdict IN ('verified', 'verified-third-party') ORDER BY ${byCodePoint(db, 'e.id')} LIMIT 1`,
    [messageId, id],
  );
}

const BASIS_TEXT: Record<string, string> = {
  'signature-verifies-without-added-text': 'the signature, which verifies with the value as signed',
  'signature-verifies-without-field': 'the signature, which verifies without this header',
  'verified-copy': 'a copy of this message whose signature verifies',
  'thread-topic': "the message's Thread-Topic (a lead: the signature does not say which header changed)",
  'thread-subjects':
    'the subjects of its conversation (a lead: the signature does not say which header changed)',
};

function headerChangesOf(f: FlagLike): HeaderChange[] {
  const e = (f.evidence ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const basis = str(e.basis) ?? 'unknown';
  const list = Array.isArray(e.changes) ? (e.changes as Record<string, unknown>[]) : [e];
  return list.map((c) => {
    const before = str(c.signedCopyValue) ?? str(c.expectedValue);
    const now = str(c.thisValue);
    return {
      header: str(c.header) ?? '?',
      signedCopyValue: str(c.signedCopyValue),
      expectedValue: str(c.expectedValue),
      thisValue: now,
      basis,
      how: BASIS_TEXT[basis] ?? basis,
      ops: before !== null && now !== null ? wordDiff(before, now) : [],
    };
  });
}
