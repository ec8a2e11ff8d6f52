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
    await warmOverview(store);
  }
  return out;
}

/**
 * The workbench's first page (its facts and headlines, case/overview-cache.ts), computed now at the
 * case's new version and kept with its fingerprint, so the first `/api/overview` after an ingest or
 * an analysis reads it back (issue #12: on the 1,000,000-item case, 27 ms instead of 52 s). Loaded
 * on use, as the stages are. A failure here costs only the head start: the workbench computes the
 * page when it is opened and reports the error there.
 */
async function warmOverview(store: Store): Promise<void> {
  const [{ SqliteDb }, { cachedOverviewOf }, { caseFacts }, { caseHeadlines }] = await Promise.all([
    import('../case/sqlite-db.js'),
    import('../case/overview-cache.js'),
    import('../analyze/case-facts.js'),
    import('../suspects/index.js'),
  ]);
  const db = new SqliteDb(store.db);
  try {
    await cachedOverviewOf(db, 'facts', () => caseFacts(db));
    await cachedOverviewOf(db, 'headlines', () => caseHeadlines(db));
  } catch {
    // computed again, and any error shown, when the overview is opened
  }
}
