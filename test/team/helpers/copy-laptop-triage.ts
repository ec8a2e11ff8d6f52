import { tableColumns, tableExists } from '../../../src/case/has-table.js';
import type { SqlDb } from '../../../src/case/sql-db.js';
import { SqliteDb } from '../../../src/case/sqlite-db.js';
import { stageRunKey } from '../../../src/case/stage-ran.js';
import type { Store } from '../../../src/store/store.js';

/**
 * STAND-IN FOR THE TEAM TRIAGE JOB (to be replaced by it at merge: the "team-triage" engineer is
 * making triage run as a worker job on PostgreSQL in parallel). Fills a team case's triage tables
 * (migration 8) and name mentions by copying the rows that the laptop `analyze` wrote for the
 * same dump, plus triage's own flags, then stamps the triage stage as run, as the job will. The
 * item ids of both cases are equal (content hashes), so the copied rows point at the team's items.
 */
export const TRIAGE_TABLES = [
  'threads',
  'duplicates',
  'entities',
  'doc_types',
  'identities',
  'identity_forms',
  'comm_edges',
  'triage_stats',
  'name_mentions',
];

export async function copyLaptopTriage(laptop: Store, team: SqlDb): Promise<Record<string, number>> {
  const from = new SqliteDb(laptop.db);
  const copied: Record<string, number> = {};
  await team.transaction(async (tx) => {
    for (const table of TRIAGE_TABLES) {
      if (!(await tableExists(from, table)))
        throw new Error(`the laptop case has no ${table}: run triage first`);
      const cols = new Set(await tableColumns(tx, table));
      const shared = (await tableColumns(from, table)).filter((c) => cols.has(c));
      const list = shared.map((c) => `"${c}"`).join(', ');
      const rows = await from.all<Record<string, unknown>>(`SELECT ${list} FROM ${table}`);
      await tx.run(`DELETE FROM ${table}`);
      const insert = `INSERT INTO ${table}(${list}) VALUES (${shared.map(() => '?').join(', ')})`;
      for (const r of rows)
        await tx.run(
          insert,
          shared.map((c) => r[c] ?? null),
        );
      copied[table] = rows.length;
    }
    const cols = await tableColumns(from, 'flags');
    const list = cols.map((c) => `"${c}"`).join(', ');
    const flags = await from.all<Record<string, unknown>>(`SELECT ${list} FROM flags WHERE stage = 'triage'`);
    await tx.run("DELETE FROM flags WHERE stage = 'triage'");
    const insert = `INSERT INTO flags(${list}) VALUES (${cols.map(() => '?').join(', ')})`;
    for (const f of flags)
      await tx.run(
        insert,
        cols.map((c) => f[c] ?? null),
      );
    copied.flags = flags.length;
    await tx.run(
      'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [stageRunKey('triage'), `${Date.now()}:copied-from-laptop`],
    );
  });
  return copied;
}
