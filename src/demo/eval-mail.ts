import type { Store } from '../store/store.js';
import { FORGERY_KINDS, type ForgeryKind, type Truth } from './truth.js';

/** Precision and recall of one planted kind. `missing` planted items were not in the case at all. */
export interface KindScore {
  kind: string;
  planted: number;
  detected: number;
  predicted: number;
  missing: number;
  precision: number | null;
  recall: number | null;
}

export interface EmailRow {
  id: string;
  messageId: string;
  domain: string;
  verdict: string | null;
  flags: Set<string>;
}

const stripId = (m: string) => m.replace(/^<|>$/g, '');

export function score(
  kind: string,
  planted: Set<string>,
  predicted: Set<string>,
  present: Set<string>,
): KindScore {
  const detected = [...planted].filter((m) => predicted.has(m)).length;
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    kind,
    planted: planted.size,
    detected,
    predicted: predicted.size,
    missing: [...planted].filter((m) => !present.has(m)).length,
    precision: predicted.size
      ? r([...predicted].filter((m) => planted.has(m)).length / predicted.size)
      : null,
    recall: planted.size ? r(detected / planted.size) : null,
  };
}

function tableExists(store: Store, name: string): boolean {
  return !!store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

/** Every e-mail of the case with its verdict and flag kinds, keyed by Message-ID (without <>). */
export function loadEmails(store: Store): Map<string, EmailRow> {
  const hasVerdicts = tableExists(store, 'verdicts');
  const rows = store.db
    .prepare(
      `SELECT e.id, e.message_id AS mid, e.from_domain AS domain, ${hasVerdicts ? 'v.verdict' : 'NULL'} AS verdict FROM emails e ${hasVerdicts ? 'LEFT JOIN verdicts v ON v.item_id = e.id' : ''}`,
    )
    .all() as { id: string; mid: string | null; domain: string | null; verdict: string | null }[];
  const flags = new Map<string, Set<string>>();
  for (const f of store.db.prepare('SELECT item_id, kind FROM flags').all() as {
    item_id: string;
    kind: string;
  }[]) {
    const s = flags.get(f.item_id) ?? new Set<string>();
    s.add(f.kind);
    flags.set(f.item_id, s);
  }
  const out = new Map<string, EmailRow>();
  for (const r of rows) {
    if (!r.mid) continue;
    const mid = stripId(r.mid);
    const prev = out.get(mid);
    const row: EmailRow = {
      id: r.id,
      messageId: mid,
      domain: (r.domain ?? '').toLowerCase(),
      verdict: r.verdict,
      flags: flags.get(r.id) ?? new Set(),
    };
    // Two copies with one Message-ID (e.g. a re-encoded copy): keep the worst-looking one.
    if (!prev || (prev.verdict === 'verified' && row.verdict !== 'verified'))
      out.set(mid, { ...row, flags: new Set([...(prev?.flags ?? []), ...row.flags]) });
  }
  return out;
}

/**
 * Which of leaklens's own outputs (verdict, flag) stands for planted kind K: eval computes no
 * finding of its own (docs/demo.md lists each rule and the product flag behind it).
 */
export function predicts(kind: ForgeryKind, e: EmailRow): boolean {
  switch (kind) {
    case 'fabricated':
      return e.flags.has('unsigned-from-signing-domain');
    case 'body-altered':
      return e.verdict === 'body-altered' && !e.flags.has('content-past-l');
    case 'header-altered':
      return e.verdict === 'signature-invalid';
    case 'extra-from':
      return e.flags.has('duplicate-header') || e.flags.has('unsigned-header');
    case 'content-past-l':
      return e.flags.has('content-past-l');
    case 'received-out-of-order':
      return e.flags.has('received-out-of-order');
    case 'message-id-mismatch':
      return e.flags.has('message-id-mismatch');
  }
}

/**
 * Per planted forgery kind: precision and recall over every e-mail in the case; plus how many
 * authentic messages (including benign re-encodings) were called forged by any rule.
 */
export function evalEmails(
  store: Store,
  truth: Truth,
): {
  kinds: KindScore[];
  authentic: number;
  authenticFlaggedForged: string[];
  benign: number;
  benignFlaggedForged: string[];
} {
  const emails = loadEmails(store);
  const present = new Set(emails.keys());
  const kinds = FORGERY_KINDS.map((k) => {
    const planted = new Set(truth.emails.filter((e) => e.kind === k).map((e) => stripId(e.messageId)));
    const predicted = new Set([...emails.values()].filter((e) => predicts(k, e)).map((e) => e.messageId));
    return score(k, planted, predicted, present);
  });
  const forged = new Set(
    truth.emails.filter((e) => e.kind !== 'benign-reencoding').map((e) => stripId(e.messageId)),
  );
  const benign = new Set(
    truth.emails.filter((e) => e.kind === 'benign-reencoding').map((e) => stripId(e.messageId)),
  );
  const flaggedForged = [...emails.values()].filter(
    (e) => !forged.has(e.messageId) && FORGERY_KINDS.some((k) => predicts(k, e)),
  );
  return {
    kinds,
    authentic: [...emails.keys()].filter((m) => !forged.has(m)).length,
    authenticFlaggedForged: flaggedForged.map((e) => e.messageId).sort(),
    benign: benign.size,
    benignFlaggedForged: flaggedForged
      .filter((e) => benign.has(e.messageId))
      .map((e) => e.messageId)
      .sort(),
  };
}
