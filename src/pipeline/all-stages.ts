import { STAGE_LIST } from '../areas.js';
import { stageRunKey } from '../case/stage-ran.js';
import { persistFacetIndex } from '../search/facet-index.js';
import { persistRankIndex } from '../search/rank-index.js';
import type { Store } from '../store/store.js';
import { registerStage, STAGES, type StageOptions, type StageSummary } from './stages.js';

/** Registers every analysis stage of src/areas.ts, in pipeline order (idempotent). */
export async function loadStages(): Promise<void> {
  for (const stage of STAGE_LIST) registerStage(stage);
}

/** Runs the stages, in order; `skip` names stages the user turned off (e.g. --no-verify). */
export async function runStages(
  store: Store,
  opts: StageOptions & { skip?: string[]; only?: string[] } = {},
): Promise<StageSummary[]> {
  await loadStages();
  const out: StageSummary[] = [];
  for (const stage of STAGES) {
    if (opts.skip?.includes(stage.name)) continue;
    if (opts.only && !opts.only.includes(stage.name)) continue;
    out.push(await stage.run(store, opts));
    // Each run stamped, so what is cached over the whole case (case/overview-cache.ts) is recomputed.
    if (!store.db.readonly)
      store.db
        .prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)')
        .run(stageRunKey(stage.name), `${Date.now()}:${process.pid}:${Math.random()}`);
  }
  // The search's facet index, stored in the case at its new version (facet-index.ts): the first
  // search of the workbench or of `leaklens search` then reads it instead of building it.
  // And the ranked heads of its frequent phrases (rank-index.ts), at the same version.
  if (!store.db.readonly) {
    persistFacetIndex(store.db);
    persistRankIndex(store.db);
  }
  return out;
}
