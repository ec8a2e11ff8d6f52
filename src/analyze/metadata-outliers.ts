import { DELETE_STAGE_FLAGS, flagId, flagParams, UPSERT_FLAG } from '../case/sql/records.js';
import type { SqlDb } from '../case/sql-db.js';
import { SqliteDb } from '../case/sqlite-db.js';
import { loadDocRowsDb, mailLanguagesDb } from '../meta/doc-rows.js';
import { allFlags } from '../meta/outlier-rules.js';
import type { Stage, StageSummary } from '../pipeline/stages.js';
import { reindexDocumentPeople } from '../search/document-people.js';
import type { Store } from '../store/store.js';
import { buildPeopleDb } from './people.js';

/**
 * The metadata outlier flags and the people table of a case, through its `SqlDb` (SQLite or
 * PostgreSQL: the laptop stage below and the team job in src/team/metadata-job.ts). Idempotent:
 * the stage's flags are cleared first, in the same transaction as the new ones, and flag ids
 * derive from item, kind and evidence; the people table is rebuilt whole.
 */
export async function metadataOutliers(db: SqlDb): Promise<StageSummary> {
  const docs = await loadDocRowsDb(db);
  const flags = allFlags(docs, await mailLanguagesDb(db));
  const counts: Record<string, number> = { documents: docs.length, flags: flags.length };
  await db.transaction(async (tx) => {
    await tx.run(DELETE_STAGE_FLAGS, ['metadata']);
    for (const f of flags) {
      const rec = { ...f, stage: 'metadata' };
      await tx.run(UPSERT_FLAG, flagParams(flagId(rec), rec));
      counts[f.kind] = (counts[f.kind] ?? 0) + 1;
    }
  });
  const people = await buildPeopleDb(db);
  counts.people = people.length;
  const flagged = new Set(flags.map((f) => f.itemId)).size;
  return {
    stage: 'metadata',
    summary: `${docs.length} documents read for metadata outliers: ${flagged} flagged (${flags.length} flags); ${people.length} people found in metadata and headers.`,
    counts,
  };
}

/**
 * The `metadata` stage: flags the documents whose metadata stands out from the rest of the dump
 * (rules in src/meta/outlier-rules.ts), then rebuilds the `people` table.
 * @example await metadataStage.run(store, { silent: true })
 */
export const metadataStage: Stage = {
  name: 'metadata',
  description:
    'flag documents whose metadata stands out (foreign script, language, time zone, dates, edit bursts …) and build the people table',
  async run(store: Store): Promise<StageSummary> {
    const s = await metadataOutliers(new SqliteDb(store.db));
    // Cases ingested before metadata names were indexed: make `Рошка` a word search finds, once.
    s.counts.reindexed = reindexDocumentPeople(store);
    return s;
  },
};
