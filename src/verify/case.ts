/**
 * `verifyCase`: every Email of a case gets a row in `verdicts` and its forensic flags, from the
 * case key archive (and live DNS only when asked). Re-running replaces rows and flags: the stage is
 * idempotent.
 */
import type { Store } from '../store/store.js';
import { createProgress } from '../util/progress.js';
import { caseFlags } from './case-forensics.js';
import { batchWriter } from './case-writer.js';
import { compareCopies } from './copies.js';
import { insertKeys, listKeys, memoryKeys, migrateKeys } from './key-archive.js';
import { type VerifyOptions, verifyMessage } from './message.js';
import type {
  ForensicFlag,
  KeyCandidate,
  KeyLookup,
  MessageVerification,
  TxtResolver,
  Verdict,
} from './types.js';
import { VERDICTS } from './types.js';

export const VERDICTS_SQL = `
CREATE TABLE IF NOT EXISTS verdicts (
  item_id TEXT PRIMARY KEY,
  verdict TEXT NOT NULL,
  reason TEXT,
  signing_domains TEXT,
  signatures_json TEXT NOT NULL,
  arc_json TEXT,
  as_of TEXT
);
CREATE INDEX IF NOT EXISTS verdicts_verdict ON verdicts(verdict);
`;

export function migrateVerdicts(store: Store): void {
  store.migrate('verify', VERDICTS_SQL);
  migrateKeys(store);
}

export interface VerifyCaseOptions {
  dns?: boolean;
  resolver?: TxtResolver;
  silent?: boolean;
  dateToleranceMinutes?: number;
}

export interface VerifyCaseResult {
  messages: number;
  counts: Record<Verdict, number>;
  flags: number;
  failures: number;
  keysFetched: number;
}

/**
 * @example const r = await verifyCase(Store.open('./leaklens-case')); r.counts.verified // 19880
 */
export async function verifyCase(store: Store, opts: VerifyCaseOptions = {}): Promise<VerifyCaseResult> {
  migrateVerdicts(store);
  store.clearFlags('verify');
  const keys = growingLookup(listKeys(store));
  const rows = store.db
    .prepare(`SELECT i.id, i.sha256, i.provenance FROM items i WHERE i.kind = 'Email' ORDER BY i.id`)
    .all() as {
    id: string;
    sha256: string | null;
    provenance: string;
  }[];
  store.db
    .prepare('DELETE FROM verdicts WHERE item_id NOT IN (SELECT id FROM items WHERE kind = ?)')
    .run('Email');
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  const result: VerifyCaseResult = { messages: 0, counts, flags: 0, failures: 0, keysFetched: 0 };
  const progress = createProgress({
    label: 'verify',
    total: rows.length,
    unit: 'messages',
    silent: opts.silent,
  });
  const vopts: VerifyOptions = {
    keys,
    dns: opts.dns,
    resolver: opts.resolver,
    dateToleranceMinutes: opts.dateToleranceMinutes,
  };
  const writer = batchWriter(store);
  try {
    for (const row of rows) {
      const v = await verifyOne(store, row, vopts);
      progress.tick();
      if (!v) {
        result.failures++;
        continue;
      }
      if (v.fetchedKeys.length) {
        insertKeys(store, v.fetchedKeys);
        keys.add(v.fetchedKeys);
        result.keysFetched += v.fetchedKeys.length;
      }
      writer.verdict(row.id, v);
      for (const f of v.flags) writer.flag(row.id, f);
      result.messages++;
      result.flags += v.flags.length;
      counts[v.verdict]++;
    }
    writer.flush();
    for (const { itemId, flag } of caseFlags(store)) writer.flag(itemId, flag);
    result.flags += writer.flush();
    compareCopies(store);
  } finally {
    progress.stop();
  }
  store.setMeta('verify:lastRun', JSON.stringify({ messages: result.messages, counts }));
  return result;
}

async function verifyOne(
  store: Store,
  row: { id: string; sha256: string | null; provenance: string },
  vopts: VerifyOptions,
): Promise<MessageVerification | null> {
  let raw: Buffer;
  try {
    if (!row.sha256) throw new Error('no content hash');
    raw = store.blobs.get(row.sha256);
  } catch (err) {
    store.addFailure({
      provenance: row.provenance,
      sha256: row.sha256,
      reason: 'missing-blob',
      message: `cannot verify ${row.provenance}: original bytes unavailable (${(err as Error).message})`,
      stage: 'verify',
    });
    return null;
  }
  try {
    return await verifyMessage(raw, vopts);
  } catch (err) {
    store.addFailure({
      provenance: row.provenance,
      sha256: row.sha256,
      reason: 'verify-error',
      message: `cannot verify ${row.provenance}: ${(err as Error).message}`,
      stage: 'verify',
    });
    return null;
  }
}

/** The archive plus keys fetched during this run, so one selector is asked of DNS once. */
function growingLookup(initial: KeyCandidate[]): KeyLookup & { add(k: KeyCandidate[]): void } {
  const all = [...initial];
  let lookup = memoryKeys(all);
  return {
    candidates: (d, s) => lookup.candidates(d, s),
    add(k) {
      all.push(...k);
      lookup = memoryKeys(all);
    },
  };
}
