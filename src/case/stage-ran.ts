import { TRIAGE_TABLES } from '../analyze/triage-schema.js';
import { tableExists } from './has-table.js';
import type { SqlDb } from './sql-db.js';

/** The tables whose presence on a laptop case says a stage ran (created by the stage itself). */
const SQLITE_MARK: Record<string, string> = { triage: 'doc_types' };

/** The `meta` key a finished run of `stage` stamps (src/pipeline/all-stages.ts, the team jobs). */
export const stageRunKey = (stage: string): string => `stage-run:${stage}`;

/**
 * Whether `stage` has run on this case, so that readers leave out what it has not produced yet
 * (and say which command produces it) instead of showing empty tables as "nothing found".
 * On SQLite, for the stages that create their own tables on first run, the table's presence (cases
 * made before runs were stamped have no stamp); otherwise, and always on PostgreSQL where
 * migrations create every table up front, the stage's stamp in `meta`.
 * @example await stageRan(store.db, 'triage') // false before `leaklens analyze`
 */
export async function stageRan(db: SqlDb, stage: string): Promise<boolean> {
  const mark = SQLITE_MARK[stage];
  if (db.dialect === 'sqlite' && mark) return tableExists(db, mark);
  if (ran.get(db)?.has(stage)) return true;
  if (!(await tableExists(db, 'meta'))) return false;
  const row = await db.get('SELECT 1 AS x FROM meta WHERE key = ?', [stageRunKey(stage)]);
  if (!row) return false;
  let stages = ran.get(db);
  if (!stages) {
    stages = new Set();
    ran.set(db, stages);
  }
  stages.add(stage);
  return true;
}

/**
 * Positives only, as tableExists: a stamp is never removed (a stage run again stamps it again),
 * while a stage may run later in another process. The item page asked for up to four stamps per view.
 */
const ran = new WeakMap<SqlDb, Set<string>>();

/** Tables a stage fills that migrations create up front on PostgreSQL (migration 8). */
const STAGE_OF_TABLE: Record<string, string> = Object.fromEntries(TRIAGE_TABLES.map((t) => [t, 'triage']));

/**
 * Whether the table of another area holds that area's result: it exists and, for a stage's table
 * that PostgreSQL creates before the stage runs, the stage has run.
 * @example await tableReady(store.db, 'threads') // false on a team case before its triage job
 */
export async function tableReady(db: SqlDb, table: string): Promise<boolean> {
  const stage = STAGE_OF_TABLE[table];
  if (!(await tableExists(db, table))) return false;
  return stage ? stageRan(db, stage) : true;
}
