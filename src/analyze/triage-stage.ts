import { NAME_MENTIONS_SQL } from '../case/sql/name-mentions.js';
import { DELETE_STAGE_FLAGS, flagId, flagParams, UPSERT_META } from '../case/sql/records.js';
import {
  BatchInsert,
  DOC_TYPE_COLUMNS,
  DUPLICATE_COLUMNS,
  DUPLICATE_CONFLICT,
  ENTITY_COLUMNS,
  FLAG_COLUMNS,
  FLAG_CONFLICT,
  IDENTITY_COLUMNS,
  IDENTITY_FORM_COLUMNS,
  IDENTITY_FORM_CONFLICT,
  THREAD_COLUMNS,
} from '../case/sql/triage.js';
import type { SqlDb } from '../case/sql-db.js';
import { SqliteDb } from '../case/sqlite-db.js';
import { stageRunKey } from '../case/stage-ran.js';
import type { FlagRecord } from '../model/entities.js';
import type { Stage, StageOptions, StageSummary } from '../pipeline/stages.js';
import type { Store } from '../store/store.js';
import { createProgress } from '../util/progress.js';
import { type DupInput, DuplicateFinder } from './duplicates.js';
import { buildCommEdges } from './graph.js';
import { type Identity, IdentityResolver, nameKey } from './identities.js';
import { findCaseNames } from './names/stage.js';
import { storeHeavy } from './overview-heavy.js';
import { type ThreadInput, threadMessages } from './threads.js';
import { analyzeDocument, analyzeEmail, type ItemFindings } from './triage-items.js';
import {
  addressRows,
  bodyOf,
  documentRows,
  emailRows,
  mapRows,
  ownText,
  toThreadInput,
} from './triage-load.js';
import { TRIAGE_SCHEMA, TRIAGE_TABLES } from './triage-schema.js';

export const STAGE = 'triage';

export interface TriageOptions extends StageOptions {
  /** Near-duplicate threshold (estimated Jaccard of word 3-shingles). Default 0.7. */
  nearThreshold?: number;
  /** Find people, organisations and places in running text (default true; the bench times both). */
  names?: boolean;
}

type Tx = SqlDb;

/** Writers of the rows of one run, each batched (src/case/sql/triage.ts). */
function writers(tx: Tx) {
  return {
    threads: new BatchInsert(tx, 'threads', THREAD_COLUMNS),
    duplicates: new BatchInsert(tx, 'duplicates', DUPLICATE_COLUMNS, {
      conflict: DUPLICATE_CONFLICT,
      key: (r) => `${r[0]}\0${r[2]}`,
      keep: 'last',
    }),
    entities: new BatchInsert(tx, 'entities', ENTITY_COLUMNS),
    docTypes: new BatchInsert(tx, 'doc_types', DOC_TYPE_COLUMNS),
    flags: new BatchInsert(tx, 'flags', FLAG_COLUMNS, {
      conflict: FLAG_CONFLICT,
      key: (r) => String(r[0]),
      keep: 'last',
    }),
    identities: new BatchInsert(tx, 'identities', IDENTITY_COLUMNS),
    forms: new BatchInsert(tx, 'identity_forms', IDENTITY_FORM_COLUMNS, {
      conflict: IDENTITY_FORM_CONFLICT,
      key: (r) => String(r[0]),
      keep: 'first',
    }),
  };
}
type Writers = ReturnType<typeof writers>;

/** Pushes a row and sends the batch once it is full. */
async function put(w: BatchInsert, row: unknown[]): Promise<void> {
  w.push(row);
  if (w.full) await w.flush();
}

function flagRow(
  itemId: string,
  kind: string,
  severity: FlagRecord['severity'],
  message: string,
  evidence: unknown,
) {
  const rec: FlagRecord = {
    itemId,
    kind,
    severity,
    message,
    evidence: evidence as FlagRecord['evidence'],
    stage: STAGE,
  };
  return flagParams(flagId(rec), rec);
}

async function writeFindings(w: Writers, f: ItemFindings): Promise<void> {
  for (const e of f.entities)
    await put(w.entities, [f.itemId, e.type, e.value, e.normalized, e.start, e.end, e.field]);
  await put(w.docTypes, [f.itemId, f.docType.type, f.docType.score, JSON.stringify(f.docType.reasons)]);
  for (const a of f.anomalies) await put(w.flags, flagRow(f.itemId, a.kind, 'medium', a.message, a.evidence));
  for (const h of f.sensitive)
    await put(w.flags, flagRow(f.itemId, h.kind, h.severity, h.message, { excerpt: h.excerpt }));
}

/** Header addresses become entities too (each place a person or address occurs). */
async function headerEntities(tx: Tx, w: Writers, ids: IdentityResolver): Promise<void> {
  for await (const r of addressRows(tx)) {
    await put(w.entities, [
      r.item_id,
      'email',
      r.address,
      r.address.toLowerCase(),
      -1,
      -1,
      `header:${r.role}`,
    ]);
    if (r.name && nameKey(r.name))
      await put(w.entities, [
        r.item_id,
        'person',
        r.name,
        r.name.replace(/\s+/g, ' ').trim(),
        -1,
        -1,
        `header:${r.role}`,
      ]);
    ids.add(r.name || null, r.address);
  }
}

async function writeIdentities(w: Writers, ids: IdentityResolver): Promise<Identity[]> {
  const all = ids.resolve();
  for (const i of all) {
    await put(w.identities, [i.id, i.name, JSON.stringify(i.names), JSON.stringify(i.addresses), i.count]);
    for (const a of i.addresses) await put(w.forms, [a, i.id]);
    for (const n of i.names) if (nameKey(n)) await put(w.forms, [nameKey(n), i.id]);
  }
  await w.identities.flush();
  await w.forms.flush();
  return all;
}

/** The tables on a laptop case: made by the stage on its first run (idempotent), as store.migrate did. */
async function ensureTables(db: SqlDb): Promise<void> {
  if (db.dialect !== 'sqlite') return; // migration 8
  await db.exec(TRIAGE_SCHEMA);
  await db.run(UPSERT_META, ['migration:triage', '1']);
}

export interface TriageDbOptions extends TriageOptions {
  /**
   * Stamp `stageRunKey('triage')` in `meta` in the transaction of the results (the team job: on
   * PostgreSQL the stamp is what says triage has run). The laptop pipeline stamps after each stage.
   */
  stamp?: boolean;
  /** Runs last inside the stage's transaction, with the summary (the team job's run state). */
  atCommit?: (tx: SqlDb, summary: StageSummary) => Promise<void>;
}

/**
 * Runs the whole triage over a case through its `SqlDb` (SQLite or PostgreSQL): threads,
 * duplicates, entities, document types, sensitivity flags, identities, names in text and the
 * communication graph. One transaction; idempotent: it clears its tables and flags first.
 * @example await runTriageDb(new SqliteDb(store.db), { silent: true })
 */
export async function runTriageDb(db: SqlDb, opts: TriageDbOptions = {}): Promise<StageSummary> {
  await ensureTables(db);
  const counts = {
    emails: 0,
    documents: 0,
    threads: 0,
    duplicates: 0,
    entities: 0,
    sensitive: 0,
    identities: 0,
    edges: 0,
    names: 0,
  };
  const summary = (): StageSummary => ({
    stage: STAGE,
    summary: `${counts.threads} threads, ${counts.duplicates} duplicate rows, ${counts.entities} entities, ${counts.identities} identities, ${counts.names} names in text; ${counts.sensitive} items hold sensitive data.`,
    counts,
  });
  await db.transaction(async (tx) => {
    // Two runs of one case at once (a team job taken over from a worker that froze) would each
    // clear the tables and then both write: the second waits for the first to commit instead.
    if (tx.dialect === 'postgres')
      await tx.get("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':triage')) AS locked");
    // Read page by page at each pass, never all at once (issue #12: 1,000,000 items).
    const emails = await emailRows(tx);
    const docs = await documentRows(tx);
    counts.emails = emails.length;
    counts.documents = docs.length;
    // One bar per pass over the rows, each with its own rate and ETA: on a 1,000,000-item case the
    // threads and duplicates passes took minutes with no bar moving (bench/million).
    const bar = (label: string, total: number) =>
      createProgress({ label, total, unit: 'items', silent: opts.silent });
    const ids = new IdentityResolver();
    for (const t of TRIAGE_TABLES) await tx.run(`DELETE FROM ${t}`);
    // Names found in text are this stage's too (table of migration 7): a run without them leaves none.
    await tx.run(NAME_MENTIONS_SQL.clear);
    await tx.run(DELETE_STAGE_FLAGS, [STAGE]);
    const w = writers(tx);
    const inputs: ThreadInput[] = [];
    const threading = bar('threads', emails.length);
    for await (const e of emails) {
      inputs.push(toThreadInput(e));
      threading.tick();
    }
    const threads = threadMessages(inputs);
    inputs.length = 0;
    for (const r of threads) await put(w.threads, [r.itemId, r.threadId, r.parentId, r.depth, r.rootSubject]);
    await w.threads.flush();
    threading.stop();
    counts.threads = new Set(threads.map((t) => t.threadId)).size;
    const deduping = bar('duplicates', emails.length + docs.length);
    const dups = [
      ...(await duplicatesOf(
        mapRows(emails, (e) => {
          deduping.tick();
          const body = bodyOf(e);
          return {
            itemId: e.id,
            text: `${e.subject ?? ''}\n${body}`,
            nearText: `${e.subject ?? ''}\n${ownText(body)}`,
          };
        }),
        opts.nearThreshold,
      )),
      ...(await duplicatesOf(
        mapRows(docs, (d) => {
          deduping.tick();
          return { itemId: d.id, text: d.text };
        }),
        opts.nearThreshold,
      )),
    ];
    for (const r of dups) await put(w.duplicates, [r.itemId, r.groupId, r.kind, r.similarity]);
    await w.duplicates.flush();
    deduping.stop();
    const progress = bar('triage', emails.length + docs.length);
    counts.duplicates = dups.length;
    for await (const e of emails) {
      const f = analyzeEmail(e);
      await writeFindings(w, f);
      if (f.ownSignature && e.from_addr) ids.add(f.ownSignature, e.from_addr);
      counts.entities += f.entities.length;
      counts.sensitive += f.sensitive.length ? 1 : 0;
      progress.tick();
    }
    for await (const d of docs) {
      const f = analyzeDocument(d);
      await writeFindings(w, f);
      for (const p of f.entities) if (p.type === 'person') ids.add(p.value, null);
      counts.entities += f.entities.length;
      counts.sensitive += f.sensitive.length ? 1 : 0;
      progress.tick();
    }
    await headerEntities(tx, w, ids);
    for (const x of [w.entities, w.docTypes, w.flags]) await x.flush();
    const identities = await writeIdentities(w, ids);
    counts.identities = identities.length;
    // Names in running text need the identities just resolved (the case's own gazetteer) and the
    // texts already loaded, so they belong to this transaction rather than to a stage of their own.
    if (opts.names !== false) {
      progress.stop();
      const n = await findCaseNames(tx, identities, emails, docs, { silent: opts.silent });
      counts.names = n.PER + n.ORG + n.LOC;
    }
    counts.edges = await buildCommEdges(tx);
    await storeHeavy(tx);
    if (opts.stamp)
      await tx.run(UPSERT_META, [stageRunKey(STAGE), `${Date.now()}:${process.pid}:${Math.random()}`]);
    await opts.atCommit?.(tx, summary());
    progress.stop();
  });
  return summary();
}

async function duplicatesOf(rows: AsyncIterable<DupInput>, threshold?: number) {
  const f = new DuplicateFinder({ threshold });
  for await (const r of rows) f.add(r);
  return f.finish();
}

/**
 * The laptop stage: `runTriageDb` over the Store's own connection (the one the laptop verify
 * uses), so both engines run the same code.
 * @example await runTriage(Store.open('./leaklens-case'), { silent: true })
 */
export function runTriage(store: Store, opts: TriageOptions = {}): Promise<StageSummary> {
  return runTriageDb(new SqliteDb(store.db), opts);
}

/** The triage stage, for the pipeline (src/areas.ts). */
export const triageStage: Stage = {
  name: STAGE,
  description: 'threads, duplicates, entities, identities, document types, sensitivity, communication graph',
  run: (store, opts) => runTriage(store, opts),
};
