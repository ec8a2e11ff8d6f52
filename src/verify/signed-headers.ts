/**
 * `signed-header-changed`: which header of a `signature-invalid` message differs from what was
 * signed, from the strongest evidence available:
 * 1. the signature itself verifies once one change is undone (header-diagnosis.ts, per message);
 * 2. another copy of the same Message-ID in the dump verifies: its signed headers are the
 *    original, and the ones that differ here were changed (case-wide, below).
 */
import { UNEXPLAINED_INVALID, VERIFIED_TWIN_BLOB } from '../case/sql/verify.js';
import type { SqlDb } from '../case/sql-db.js';
import type { BlobStore } from '../store/blob-store.js';
import { relaxedHeader } from './canon.js';
import { type HeaderField, parseMessage } from './message-parse.js';
import type { ForensicFlag, SignatureEvidence } from './types.js';

/** The flag for a signature whose header diagnosis found the change (rule 1). */
export function diagnosedHeaderFlag(signatures: SignatureEvidence[]): ForensicFlag | null {
  const s = signatures.find((x) => x.headerDiagnosis);
  const d = s?.headerDiagnosis;
  if (!s || !d) return null;
  const message =
    d.change === 'field-added'
      ? `The ${d.header} header was added after signing: without it the signature of ${s.domain} verifies.`
      : `The signed ${d.header} was changed after signing: the signature of ${s.domain} verifies with "${d.signedValue}", this copy reads "${d.thisValue}".`;
  return {
    kind: 'signed-header-changed',
    severity: 'high',
    message,
    evidence: {
      header: d.header,
      signedCopyValue: d.signedValue,
      thisValue: d.thisValue,
      basis:
        d.change === 'field-added'
          ? 'signature-verifies-without-field'
          : 'signature-verifies-without-added-text',
      domain: s.domain,
      selector: s.selector,
    },
  };
}

interface Row {
  id: string;
  sha256: string;
  message_id: string;
  sigs: string;
}

/** Rule 2: compare with a verified copy of the same Message-ID, for messages rule 1 did not explain. */
export async function copyHeaderFlags(
  db: SqlDb,
  blobs: BlobStore,
): Promise<{ itemId: string; flag: ForensicFlag }[]> {
  const rows = await db.all<Row>(UNEXPLAINED_INVALID);
  const out: { itemId: string; flag: ForensicFlag }[] = [];
  for (const r of rows) {
    const copy = await db.get<{ id: string; sha256: string }>(VERIFIED_TWIN_BLOB, [r.message_id, r.id]);
    if (!copy || !blobs.has(r.sha256) || !blobs.has(copy.sha256)) continue;
    const sigs = JSON.parse(r.sigs) as SignatureEvidence[];
    const names = [...new Set(sigs.find((s) => s.headerResult === 'fail')?.signedHeaders ?? [])];
    const mine = parseMessage(blobs.get(r.sha256)).headers;
    const theirs = parseMessage(blobs.get(copy.sha256)).headers;
    const changed = names
      .map((n) => ({ n, a: signedValue(theirs, n), b: signedValue(mine, n) }))
      .filter((c) => c.a?.canon !== c.b?.canon);
    const first = changed[0];
    if (!first) continue;
    out.push({ itemId: r.id, flag: copyFlag(first, changed, copy.id) });
  }
  return out;
}

type Change = { n: string; a: SignedValue | null; b: SignedValue | null };

function copyFlag(first: Change, all: Change[], copyId: string): ForensicFlag {
  const header = first.b?.name ?? first.a?.name ?? first.n;
  return {
    kind: 'signed-header-changed',
    severity: 'high',
    message: `The signed ${header} differs from a copy of this message that verifies: the copy reads "${first.a?.text ?? '(absent)'}", this one "${first.b?.text ?? '(absent)'}".`,
    evidence: {
      header,
      signedCopyValue: first.a?.text ?? null,
      thisValue: first.b?.text ?? null,
      basis: 'verified-copy',
      copyItemId: copyId,
      changes: all.map((c) => ({
        header: c.b?.name ?? c.a?.name ?? c.n,
        signedCopyValue: c.a?.text ?? null,
        thisValue: c.b?.text ?? null,
      })),
    },
  };
}

interface SignedValue {
  name: string;
  text: string;
  canon: string;
}

/** The bottom-most instance (the one h= signs), relaxed-canonical for comparison (RFC 6376 §3.4.2). */
function signedValue(headers: HeaderField[], lower: string): SignedValue | null {
  for (let i = headers.length - 1; i >= 0; i--) {
    const h = headers[i];
    if (h?.lower !== lower) continue;
    const text = Buffer.from(h.value.replace(/\r\n(?=[ \t])/g, ''), 'latin1')
      .toString('utf8')
      .trim();
    return { name: h.name, text, canon: relaxedHeader(h.name, h.value) };
  }
  return null;
}
