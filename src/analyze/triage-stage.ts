import { NAME_MENTIONS_SQL } from '../case/sql/name-mentions.js';
import type { Stage, StageOptions, StageSummary } from '../pipeline/stages.js';
import type { Store } from '../store/store.js';
import { createProgress } from '../util/progress.js';
import { findDuplicates } from './duplicates.js';
import { buildCommEdges } from './graph.js';
import { type Identity, IdentityResolver, nameKey } from './identities.js';
import { findCaseNames } from './names/stage.js';
import { storeHeavy } from './overview-heavy.js';
import { threadMessages } from './threads.js';
import { analyzeDocument, analyzeEmail, type ItemFindings } from './triage-items.js';
import { bodyOf, documentRows, emailRows, mapRows, ownText, toThreadInput } from './triage-load.js';
import { migrateTriage, TRIAGE_TABLES } from './triage-schema.js';

export const STAGE = 'triage';

export interface TriageOptions extends StageOptions {
  /** Near-duplicate threshold (estimated Jaccard of word 3-shingles). Default 0.7. */
  nearThreshold?: number;
  /** Find people, organisations and places in running text (default true; the bench times both). */
  names?: boolean;
}

function writeThreads(store: Store, rows: ReturnType<typeof threadMessages>): void {
  const ins = store.db.prepare(
    'INSERT INTO threads(item_id, thread_id, parent_id, depth, root_subject) VALUES (?, ?, ?, ?, ?)',
  );
  for (const r of rows) ins.run(r.itemId, r.threadId, r.parentId, r.depth, r.rootSubject);
}

function writeDuplicates(store: Store, rows: ReturnType<typeof findDuplicates>): void {
  const ins = store.db.prepare(
    'INSERT OR REPLACE INTO duplicates(item_id, group_id, kind, similarity) VALUES (?, ?, ?, ?)',
  );
  for (const r of rows) ins.run(r.itemId, r.groupId, r.kind, r.similarity);
}

/** Statements prepared once per run: 20k items would otherwise prepare 40k statements. */
function findingWriters(store: Store) {
  return {
    ent: store.db.prepare(
      'INSERT INTO entities(item_id, type, value, normalized, start, "end", field) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    type: store.db.prepare('INSERT INTO doc_types(item_id, type, score, reasons_json) VALUES (?, ?, ?, ?)'),
  };
}

function writeFindings(store: Store, w: ReturnType<typeof findingWriters>, f: ItemFindings): void {
  for (const e of f.entities) w.ent.run(f.itemId, e.type, e.value, e.normalized, e.start, e.end, e.field);
  w.type.run(f.itemId, f.docType.type, f.docType.score, JSON.stringify(f.docType.reasons));
  for (const a of f.anomalies) {
    store.addFlag({
      itemId: f.itemId,
      kind: a.kind,
      severity: 'medium',
      message: a.message,
      evidence: a.evidence,
      stage: STAGE,
    });
  }
  for (const h of f.sensitive) {
    store.addFlag({
      itemId: f.itemId,
      kind: h.kind,
      severity: h.severity,
      message: h.message,
      evidence: { excerpt: h.excerpt },
      stage: STAGE,
    });
  }
}

/** Header addresses become entities too (each place a person or address occurs). */
function headerEntities(store: Store, ids: IdentityResolver): void {
  // Page by page in table order (a 1,000,000-item case has millions of address rows).
  const page = store.db.prepare(
    'SELECT rowid AS rid, item_id, role, address, name FROM addresses WHERE rowid > ? ORDER BY rowid LIMIT 5000',
  );
  function* addressRows() {
    let rows = page.all(-1) as {
      rid: number;
      item_id: string;
      role: string;
      address: string;
      name: string;
    }[];
    while (rows.length > 0) {
      yield* rows;
      rows = page.all(rows[rows.length - 1]!.rid) as typeof rows;
    }
  }
  const ins = store.db.prepare(
    'INSERT INTO entities(item_id, type, value, normalized, start, "end", field) VALUES (?, ?, ?, ?, -1, -1, ?)',
  );
  for (const r of addressRows()) {
    ins.run(r.item_id, 'email', r.address, r.address.toLowerCase(), `header:${r.role}`);
    if (r.name && nameKey(r.name))
      ins.run(r.item_id, 'person', r.name, r.name.replace(/\s+/g, ' ').trim(), `header:${r.role}`);
    ids.add(r.name || null, r.address);
  }
}

function writeIdentities(store: Store, ids: IdentityResolver): Identity[] {
  const all = ids.resolve();
  const insId = store.db.prepare(
    'INSERT INTO identities(id, name, names_json, addresses_json, count) VALUES (?, ?, ?, ?, ?)',
  );
  const insForm = store.db.prepare('INSERT OR IGNORE INTO identity_forms(form, identity_id) VALUES (?, ?)');
  for (const i of all) {
    insId.run(i.id, i.name, JSON.stringify(i.names), JSON.stringify(i.addresses), i.count);
    for (const a of i.addresses) insForm.run(a, i.id);
    for (const n of i.names) if (nameKey(n)) insForm.run(nameKey(n), i.id);
  }
  return all;
}

/**
 * Runs the whole triage over a case: threads, duplicates, entities, document types, sensitivity
 * flags, identities and the communication graph. Idempotent: it clears its tables and flags first.
 * @example await runTriage(Store.open('./leaklens-case'), { silent: true })
 */
export async function runTriage(store: Store, opts: TriageOptions = {}): Promise<StageSummary> {
  migrateTriage(store);
  // Read page by page at each pass, never all at once (issue #12: 1,000,000 items).
  const emails = emailRows(store);
  const docs = documentRows(store);
  const progress = createProgress({
    label: 'triage',
    total: emails.length + docs.length,
    unit: 'items',
    silent: opts.silent,
  });
  const ids = new IdentityResolver();
  const counts = {
    emails: emails.length,
    documents: docs.length,
    threads: 0,
    duplicates: 0,
    entities: 0,
    sensitive: 0,
    identities: 0,
    edges: 0,
    names: 0,
  };
  store.db.transaction(() => {
    for (const t of TRIAGE_TABLES) store.db.exec(`DELETE FROM ${t}`);
    // Names found in text are this stage's too (table of migration 7): a run without them leaves none.
    store.db.prepare(NAME_MENTIONS_SQL.clear).run();
    store.clearFlags(STAGE);
    const w = findingWriters(store);
    const threads = threadMessages(Array.from(emails, toThreadInput));
    writeThreads(store, threads);
    counts.threads = new Set(threads.map((t) => t.threadId)).size;
    const dups = [
      ...findDuplicates(
        mapRows(emails, (e) => {
          const body = bodyOf(e);
          return {
            itemId: e.id,
            text: `${e.subject ?? ''}\n${body}`,
            nearText: `${e.subject ?? ''}\n${ownText(body)}`,
          };
        }),
        { threshold: opts.nearThreshold },
      ),
      ...findDuplicates(
        mapRows(docs, (d) => ({ itemId: d.id, text: d.text })),
        { threshold: opts.nearThreshold },
      ),
    ];
    writeDuplicates(store, dups);
    counts.duplicates = dups.length;
    for (const e of emails) {
      const f = analyzeEmail(e);
      writeFindings(store, w, f);
      if (f.ownSignature && e.from_addr) ids.add(f.ownSignature, e.from_addr);
      counts.entities += f.entities.length;
      counts.sensitive += f.sensitive.length ? 1 : 0;
      progress.tick();
    }
    for (const d of docs) {
      const f = analyzeDocument(d);
      writeFindings(store, w, f);
      for (const p of f.entities) if (p.type === 'person') ids.add(p.value, null);
      counts.entities += f.entities.length;
      counts.sensitive += f.sensitive.length ? 1 : 0;
      progress.tick();
    }
    headerEntities(store, ids);
    const identities = writeIdentities(store, ids);
    counts.identities = identities.length;
    // Names in running text need the identities just resolved (the case's own gazetteer) and the
    // texts already loaded, so they belong to this transaction rather than to a stage of their own.
    if (opts.names !== false) {
      progress.stop();
      const n = findCaseNames(store, identities, emails, docs, { silent: opts.silent });
      counts.names = n.PER + n.ORG + n.LOC;
    }
    counts.edges = buildCommEdges(store);
    storeHeavy(store);
  })();
  progress.stop();
  return {
    stage: STAGE,
    summary: `${counts.threads} threads, ${counts.duplicates} duplicate rows, ${counts.entities} entities, ${counts.identities} identities, ${counts.names} names in text; ${counts.sensitive} items hold sensitive data.`,
    counts,
  };
}

/** The triage stage, for the pipeline (src/areas.ts). */
export const triageStage: Stage = {
  name: STAGE,
  description: 'threads, duplicates, entities, identities, document types, sensitivity, communication graph',
  run: (store, opts) => runTriage(store, opts),
};
