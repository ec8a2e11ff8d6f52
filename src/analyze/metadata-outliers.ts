import { loadDocRows, mailLanguages } from '../meta/doc-rows.js';
import { allFlags } from '../meta/outlier-rules.js';
import type { Stage, StageSummary } from '../pipeline/stages.js';
import { reindexDocumentPeople } from '../search/document-people.js';
import type { Store } from '../store/store.js';
import { buildPeople } from './people.js';

/**
 * The `metadata` stage: flags the documents whose metadata stands out from the rest of the dump
 * (rules in src/meta/outlier-rules.ts), then rebuilds the `people` table. Idempotent: the
 * stage's flags are cleared first and flag ids derive from item, kind and evidence.
 * @example await metadataStage.run(store, { silent: true })
 */
export const metadataStage: Stage = {
  name: 'metadata',
  description:
    'flag documents whose metadata stands out (foreign script, language, time zone, dates, edit bursts …) and build the people table',
  async run(store: Store): Promise<StageSummary> {
    const docs = loadDocRows(store);
    const flags = allFlags(docs, mailLanguages(store));
    const counts: Record<string, number> = { documents: docs.length, flags: flags.length };
    store.db.transaction(() => {
      store.clearFlags('metadata');
      for (const f of flags) {
        store.addFlag({ ...f, stage: 'metadata' });
        counts[f.kind] = (counts[f.kind] ?? 0) + 1;
      }
    })();
    const people = buildPeople(store);
    counts.people = people.length;
    // Cases ingested before metadata names were indexed: make `Рошка` a word search finds, once.
    counts.reindexed = reindexDocumentPeople(store);
    const flagged = new Set(flags.map((f) => f.itemId)).size;
    return {
      stage: 'metadata',
      summary: `${docs.length} documents read for metadata outliers: ${flagged} flagged (${flags.length} flags); ${people.length} people found in metadata and headers.`,
      counts,
    };
  },
};
