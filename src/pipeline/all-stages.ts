import type { Store } from '../store/store.js';
import { STAGES, type StageOptions, type StageSummary, registerStage } from './stages.js';

/**
 * Loads every analysis stage in pipeline order. Kept apart from stages.ts so that stage modules
 * can import the Stage type without an import cycle.
 */
let loaded = false;

export async function loadStages(): Promise<void> {
  if (loaded) return;
  loaded = true;
  const mods: [string, string][] = [];
  for (const [path, name] of mods) {
    const mod = (await import(path)) as Record<string, unknown>;
    const stage = mod[name];
    if (stage) registerStage(stage as (typeof STAGES)[number]);
  }
}

/** Runs the stages, in order; `skip` names stages the user turned off (e.g. --no-verify). */
export async function runStages(store: Store, opts: StageOptions & { skip?: string[]; only?: string[] } = {}): Promise<StageSummary[]> {
  await loadStages();
  const out: StageSummary[] = [];
  for (const stage of STAGES) {
    if (opts.skip?.includes(stage.name)) continue;
    if (opts.only && !opts.only.includes(stage.name)) continue;
    out.push(await stage.run(store, opts));
  }
  return out;
}
