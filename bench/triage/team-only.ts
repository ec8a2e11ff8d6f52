// Runs the triage of a team case (PostgreSQL) as its job does (runTriageDb over the case's SqlDb,
// stamped), and prints its time and a digest of every triage table's rows, sorted, comparable with
// the same digest of a laptop case (`--digest-only CASE_DIR`).
// Usage: npx tsx bench/triage/team-only.ts DATABASE_URL CASE_NAME
//        npx tsx bench/triage/team-only.ts --digest-only CASE_DIR
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { runTriageDb } from '../../src/analyze/triage-stage.js';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { openCaseStore } from '../../src/case/open.js';
import type { SqlDb } from '../../src/case/sql-db.js';

const SORTED: Record<string, string> = {
  threads: 'SELECT item_id, thread_id, parent_id, depth, root_subject FROM threads',
  duplicates: 'SELECT item_id, group_id, kind, similarity FROM duplicates',
  entities: 'SELECT item_id, type, value, normalized, start, "end", field FROM entities',
  doc_types: 'SELECT item_id, type, score, reasons_json FROM doc_types',
  identities: 'SELECT id, name, names_json, addresses_json, count FROM identities',
  identity_forms: 'SELECT form, identity_id FROM identity_forms',
  comm_edges: 'SELECT src, dst, messages, first, last FROM comm_edges',
  triage_stats: 'SELECT key, json FROM triage_stats',
  name_mentions:
    'SELECT item_id, field, type, text, name_key, start, "end", evidence, identity_id, passage FROM name_mentions',
  flags:
    "SELECT id, item_id, kind, severity, message, evidence_json, stage FROM flags WHERE stage = 'triage'",
};

/** Every triage table's rows as JSON lines, sorted, digested (the same text on both engines). */
export async function sortedDigest(db: SqlDb): Promise<Record<string, { rows: number; sha256: string }>> {
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const [t, sql] of Object.entries(SORTED)) {
    const lines = (await db.all<Record<string, unknown>>(sql)).map((r) => JSON.stringify(Object.values(r)));
    lines.sort();
    out[t] = {
      rows: lines.length,
      sha256: createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16),
    };
  }
  return out;
}

const args = process.argv.slice(2);
if (args[0] === '--digest-only') {
  const store = (await openCaseStore({ dir: args[1]! })) as SqlCaseStore;
  console.log(JSON.stringify(await sortedDigest(store.db)));
  await store.close();
} else {
  const [databaseUrl, caseName] = args;
  if (!databaseUrl || !caseName) throw new Error('usage: team-only.ts DATABASE_URL CASE_NAME');
  const store = (await openCaseStore({ databaseUrl, caseName })) as SqlCaseStore;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const s = await runTriageDb(store.db, { silent: true, stamp: true });
  const cpu = process.cpuUsage(c0);
  const wall = (performance.now() - t0) / 1000;
  console.log(
    JSON.stringify({
      messages: s.counts.emails,
      documents: s.counts.documents,
      triageSeconds: Number(wall.toFixed(1)),
      triageCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
      rssMiB: Math.round(process.memoryUsage().rss / 1048576),
      loadAverage: loadavg().map((x) => Number(x.toFixed(1))),
      counts: s.counts,
      digest: await sortedDigest(store.db),
    }),
  );
  await store.close();
}
