/**
 * A leak from many mailboxes often holds the same message twice (sender's Sent folder, recipient's
 * Inbox). When one copy's body no longer matches its signature and another copy verifies, the
 * verified copy is the signed original: comparing their texts shows what was changed.
 */
import { BODY_ALTERED_WITH_MID, SET_SIGNATURES, VERIFIED_TWIN_TEXT } from '../case/sql/verify.js';
import type { SqlDb } from '../case/sql-db.js';
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
export async function compareCopies(db: SqlDb): Promise<number> {
  const altered = await db.all<{ id: string; sigs: string; mid: string; text: string }>(
    BODY_ALTERED_WITH_MID,
  );
  return db.transaction(async (tx) => {
    let n = 0;
    for (const row of altered) {
      const sigs = JSON.parse(row.sigs) as SignatureEvidence[];
      const target = sigs.find((s) => s.bodyDiagnosis?.diagnosis === 'content-changed');
      const other =
        target && (await tx.get<{ id: string; text: string }>(VERIFIED_TWIN_TEXT, [row.mid, row.id]));
      if (!target?.bodyDiagnosis || !other) continue;
      target.bodyDiagnosis.comparedWith = { itemId: other.id, ...firstDifference(other.text, row.text) };
      await tx.run(SET_SIGNATURES, [JSON.stringify(sigs), row.id]);
      n++;
    }
    return n;
  });
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
