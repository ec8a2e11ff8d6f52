/**
 * A leak from many mailboxes often holds the same message twice (sender's Sent folder, recipient's
 * Inbox). When one copy's body no longer matches its signature and another copy verifies, the
 * verified copy is the signed original: comparing their texts shows what was changed.
 */
import type { Store } from '../store/store.js';
import type { SignatureEvidence } from './types.js';

export interface CopyDifference {
  /** The verified copy compared against. */
  itemId: string;
  /** First differing line (1-based) of the plain text, with both versions. */
  line: number | null;
  signedCopy: string | null;
  thisCopy: string | null;
  signedLines: number;
  thisLines: number;
}

/** Adds `bodyDiagnosis.comparedWith` to content-changed verdicts that have a verified twin. */
export function compareCopies(store: Store): number {
  const altered = store.db
    .prepare(
      `SELECT v.item_id AS id, v.signatures_json AS sigs, e.message_id AS mid, e.text
       FROM verdicts v JOIN emails e ON e.id = v.item_id
       WHERE v.verdict = 'body-altered' AND e.message_id IS NOT NULL`,
    )
    .all() as { id: string; sigs: string; mid: string; text: string }[];
  const twin = store.db.prepare(
    `SELECT v.item_id AS id, e.text FROM verdicts v JOIN emails e ON e.id = v.item_id
     WHERE e.message_id = ? AND v.item_id <> ? AND v.verdict IN ('verified', 'verified-third-party')
     ORDER BY v.item_id LIMIT 1`,
  );
  const update = store.db.prepare('UPDATE verdicts SET signatures_json = ? WHERE item_id = ?');
  let n = 0;
  store.db.transaction(() => {
    for (const row of altered) {
      const sigs = JSON.parse(row.sigs) as SignatureEvidence[];
      const target = sigs.find((s) => s.bodyDiagnosis?.diagnosis === 'content-changed');
      const other = target && (twin.get(row.mid, row.id) as { id: string; text: string } | undefined);
      if (!target?.bodyDiagnosis || !other) continue;
      target.bodyDiagnosis.comparedWith = { itemId: other.id, ...firstDifference(other.text, row.text) };
      update.run(JSON.stringify(sigs), row.id);
      n++;
    }
  })();
  return n;
}

/** @example firstDifference('a\nb', 'a\nc') // { line: 2, signedCopy: 'b', thisCopy: 'c', … } */
export function firstDifference(signed: string, current: string): Omit<CopyDifference, 'itemId'> {
  const a = signed.split(/\r?\n/);
  const b = current.split(/\r?\n/);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const same = i >= a.length && i >= b.length;
  return {
    line: same ? null : i + 1,
    signedCopy: same ? null : (a[i] ?? null),
    thisCopy: same ? null : (b[i] ?? null),
    signedLines: a.length,
    thisLines: b.length,
  };
}
