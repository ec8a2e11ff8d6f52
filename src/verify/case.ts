/**
 * `verifyCase`: every Email of a case gets a row in `verdicts` and its forensic flags, from the
 * case key archive (and live DNS only when asked). Re-running replaces rows and flags: the stage is
 * idempotent.
 */
import { availableParallelism } from 'node:os';
import type { Store } from '../store/store.js';
import { createProgress } from '../util/progress.js';
import { caseFlags } from './case-forensics.js';
import { batchWriter } from './case-writer.js';
import { compareCopies } from './copies.js';
import { insertKeys, listKeys, memoryKeys, migrateKeys } from './key-archive.js';
import { type VerifyOptions, verifyMessage } from './message.js';
import { partFlags } from './part-flags.js';
import { verifyInPool } from './pool.js';
import { copyHeaderFlags } from './signed-headers.js';
import { threadSubjectFlags } from './thread-subject.js';
import type { KeyCandidate, KeyLookup, MessageVerification, TxtResolver, Verdict } from './types.js';
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
  /** Worker threads (default: the machine's cores for 1,000 messages or more; always 1 with dns). */
  threads?: number;
}

export interface VerifyCaseResult {
  messages: number;
  counts: Record<Verdict, number>;
  flags: number;
  failures: number;
  keysFetched: number;
}

/** Below this many messages threads cost more to start than they save. */
const MIN_MESSAGES_FOR_THREADS = 1000;

type Row = { id: string; sha256: string | null; provenance: string };
type Outcome = MessageVerification | { reason: 'missing-blob' | 'verify-error'; error: string };

/**
 * @example const r = await verifyCase(Store.open('./leaklens-case')); r.counts.verified // 19880
 */
export async function verifyCase(store: Store, opts: VerifyCaseOptions = {}): Promise<VerifyCaseResult> {
  migrateVerdicts(store);
  store.clearFlags('verify');
  const archived = listKeys(store);
  const keys = growingLookup(archived);
  const rows = store.db
    .prepare(`SELECT i.id, i.sha256, i.provenance FROM items i WHERE i.kind = 'Email' ORDER BY i.id`)
    .all() as Row[];
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
  const writer = batchWriter(store);
  const handle = (row: Row, v: Outcome) => {
    progress.tick();
    if (!('verdict' in v)) {
      result.failures++;
      const why = v.reason === 'missing-blob' ? `original bytes unavailable (${v.error})` : v.error;
      const message = `cannot verify ${row.provenance}: ${why}`;
      store.addFailure({
        provenance: row.provenance,
        sha256: row.sha256,
        reason: v.reason,
        message,
        stage: 'verify',
      });
      return;
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
  };
  const threads = opts.dns
    ? 1
    : (opts.threads ?? (rows.length >= MIN_MESSAGES_FOR_THREADS ? availableParallelism() : 1));
  try {
    if (threads > 1) {
      const jobs = rows.flatMap((r) => (r.sha256 ? [{ id: r.id, sha256: r.sha256, row: r }] : []));
      for (const r of rows) if (!r.sha256) handle(r, { reason: 'missing-blob', error: 'no content hash' });
      const data = {
        blobRoot: store.blobs.root,
        keys: archived,
        dateToleranceMinutes: opts.dateToleranceMinutes,
      };
      await verifyInPool(jobs, threads, data, (job, r) =>
        handle((job as (typeof jobs)[number]).row, 'v' in r ? r.v : r),
      );
    } else {
      const vopts: VerifyOptions = {
        keys,
        dns: opts.dns,
        resolver: opts.resolver,
        dateToleranceMinutes: opts.dateToleranceMinutes,
      };
      for (const row of rows) handle(row, await verifyOne(store, row, vopts));
    }
    writer.flush();
    for (const { itemId, flag } of caseFlags(store)) writer.flag(itemId, flag);
    for (const { itemId, flag } of partFlags(store)) writer.flag(itemId, flag);
    result.flags += writer.flush();
    for (const { itemId, flag } of copyHeaderFlags(store)) writer.flag(itemId, flag);
    result.flags += writer.flush();
    for (const { itemId, flag } of threadSubjectFlags(store)) writer.flag(itemId, flag);
    result.flags += writer.flush();
    compareCopies(store);
  } finally {
    progress.stop();
  }
  store.setMeta('verify:lastRun', JSON.stringify({ messages: result.messages, counts }));
  return result;
}

async function verifyOne(store: Store, row: Row, vopts: VerifyOptions): Promise<Outcome> {
  let raw: Buffer;
  try {
    if (!row.sha256) throw new Error('no content hash');
    raw = store.blobs.get(row.sha256);
  } catch (err) {
    return { reason: 'missing-blob', error: (err as Error).message };
  }
  try {
    return await verifyMessage(raw, vopts);
  } catch (err) {
    return { reason: 'verify-error', error: (err as Error).message };
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
