/**
 * `verifyCase`: every Email of a case gets a row in `verdicts` and its forensic flags, from the
 * case key archive (and live DNS only when asked). Re-running replaces rows and flags: the stage is
 * idempotent. Reads and writes go through the case's `SqlDb`, so the same code verifies a laptop
 * case (SQLite) and, batch by batch, a team case (PostgreSQL: src/team/verify-jobs.ts).
 */
import { availableParallelism } from 'node:os';
import { migrateSqliteSync } from '../case/migrations.js';
import { DELETE_STAGE_FLAGS, flagId, flagParams, UPSERT_FLAG, UPSERT_META } from '../case/sql/records.js';
import {
  DELETE_STALE_VERDICTS,
  deleteVerifyFlagsOf,
  VERIFY_EMAILS,
  verifyEmailsIn,
} from '../case/sql/verify.js';
import type { SqlDb } from '../case/sql-db.js';
import { SqliteDb } from '../case/sqlite-db.js';
import type { BlobStore } from '../store/blob-store.js';
import type { Store } from '../store/store.js';
import { createProgress } from '../util/progress.js';
import { caseFlags } from './case-forensics.js';
import { applyWrites, batchWriter, verdictParams, verifyFlag } from './case-writer.js';
import { compareCopies } from './copies.js';
import { listKeysDb, memoryKeys } from './key-archive.js';
import { type VerifyOptions, verifyMessage } from './message.js';
import { partFlags } from './part-flags.js';
import { verifyInPool } from './pool.js';
import { copyHeaderFlags } from './signed-headers.js';
import { threadSubjectFlags } from './thread-subject.js';
import type {
  ForensicFlag,
  KeyCandidate,
  KeyLookup,
  MessageVerification,
  TxtResolver,
  Verdict,
} from './types.js';
import { VERDICTS } from './types.js';

/** Kept for callers of earlier versions: the tables now come with the case's migrations (4). */
export function migrateVerdicts(store: Store): void {
  migrateSqliteSync(store.db);
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
  return verifyCaseDb(new SqliteDb(store.db), store.blobs, opts);
}

/** The same over any case database and its blob store. */
export async function verifyCaseDb(
  db: SqlDb,
  blobs: BlobStore,
  opts: VerifyCaseOptions = {},
): Promise<VerifyCaseResult> {
  await beginVerify(db);
  const archived = await listKeysDb(db);
  const keys = growingLookup(archived);
  const rows = await db.all<Row>(VERIFY_EMAILS);
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  const result: VerifyCaseResult = { messages: 0, counts, flags: 0, failures: 0, keysFetched: 0 };
  const progress = createProgress({
    label: 'verify',
    total: rows.length,
    unit: 'messages',
    silent: opts.silent,
  });
  const writer = batchWriter(db);
  const handle = (row: Row, v: Outcome) => {
    progress.tick();
    if (!('verdict' in v)) {
      result.failures++;
      writer.failure(outcomeFailure(row, v));
      return;
    }
    if (v.fetchedKeys.length) {
      writer.keys(v.fetchedKeys);
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
        blobRoot: blobs.root,
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
      for (const row of rows) handle(row, await verifyOne(blobs, row, vopts));
    }
    await writer.flush();
    result.flags += await caseWidePasses(db, blobs);
  } finally {
    progress.stop();
  }
  await db.run(UPSERT_META, ['verify:lastRun', JSON.stringify({ messages: result.messages, counts })]);
  return result;
}

/** Before a run: the flags of the last run go, and verdicts of items that are no longer e-mails. */
export async function beginVerify(db: SqlDb): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(DELETE_STAGE_FLAGS, ['verify']);
    await tx.run(DELETE_STALE_VERDICTS);
  });
}

function outcomeFailure(row: Row, v: Exclude<Outcome, MessageVerification>) {
  const why = v.reason === 'missing-blob' ? `original bytes unavailable (${v.error})` : v.error;
  return {
    provenance: row.provenance,
    sha256: row.sha256,
    reason: v.reason,
    message: `cannot verify ${row.provenance}: ${why}`,
    stage: 'verify',
  };
}

/**
 * The passes that need the whole case, after every message has its verdict: time zones, replies
 * before their parent, unsigned mail from a signing domain, plain/HTML mismatches, changed signed
 * headers, and verified copies of altered messages. One transaction: a run killed in the middle
 * leaves none of it, and running it again gives the same rows (flag ids are content-derived).
 * Returns the flags written.
 */
export function caseWidePasses(db: SqlDb, blobs: BlobStore): Promise<number> {
  return db.transaction(async (tx) => {
    let n = 0;
    const write = async (list: { itemId: string; flag: ForensicFlag }[]) => {
      for (const { itemId, flag } of list) {
        const rec = verifyFlag(itemId, flag);
        await tx.run(UPSERT_FLAG, flagParams(flagId(rec), rec));
      }
      n += list.length;
    };
    // In this order: the later passes read the flags the earlier ones wrote.
    await write([...(await caseFlags(tx)), ...(await partFlags(tx))]);
    await write(await copyHeaderFlags(tx, blobs));
    await write(await threadSubjectFlags(tx));
    await compareCopies(tx);
    return n;
  });
}

export interface BatchResult {
  messages: number;
  counts: Record<Verdict, number>;
  flags: number;
  failures: number;
}

/**
 * Verifies some e-mails of a case (a team job) with the archived keys, offline, and writes their
 * verdicts, flags and failures in one transaction that first removes the verify flags these items
 * had: done twice, a batch leaves the same rows. `inTransaction` runs last in that transaction (the
 * team job marks its batch done there, so "done" and the rows commit together).
 */
export async function verifyBatch(
  db: SqlDb,
  blobs: BlobStore,
  ids: readonly string[],
  opts: {
    keys: KeyCandidate[];
    dateToleranceMinutes?: number;
    inTransaction?: (tx: SqlDb, r: BatchResult) => Promise<void>;
  },
): Promise<BatchResult> {
  const rows = ids.length ? await db.all<Row>(verifyEmailsIn(ids.length), ids) : [];
  const vopts: VerifyOptions = {
    keys: memoryKeys(opts.keys),
    dateToleranceMinutes: opts.dateToleranceMinutes,
  };
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  const r: BatchResult = { messages: 0, counts, flags: 0, failures: 0 };
  const writes: Parameters<typeof applyWrites>[1][number][] = [];
  for (const row of rows) {
    const v = await verifyOne(blobs, row, vopts);
    if (!('verdict' in v)) {
      r.failures++;
      writes.push({ t: 'failure', failure: outcomeFailure(row, v) });
      continue;
    }
    writes.push({ t: 'verdict', params: verdictParams(row.id, v) });
    for (const f of v.flags) writes.push({ t: 'flag', flag: verifyFlag(row.id, f) });
    r.messages++;
    r.flags += v.flags.length;
    counts[v.verdict]++;
  }
  await db.transaction(async (tx) => {
    if (ids.length) await tx.run(deleteVerifyFlagsOf(ids.length), ids);
    await applyWrites(tx, writes);
    await opts.inTransaction?.(tx, r);
  });
  return r;
}

async function verifyOne(blobs: BlobStore, row: Row, vopts: VerifyOptions): Promise<Outcome> {
  let raw: Buffer;
  try {
    if (!row.sha256) throw new Error('no content hash');
    raw = blobs.get(row.sha256);
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
