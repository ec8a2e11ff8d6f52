import type { Store } from '../store/store.js';
import { registerStage, STAGES, type StageOptions, type StageSummary } from './stages.js';

/**
 * Loads every analysis stage in pipeline order. Kept apart from stages.ts so that stage modules
 * can import the Stage type without an import cycle.
 */
let loaded = false;

export async function loadStages(): Promise<void> {
  if (loaded) return;
  loaded = true;
  // Pipeline order: authenticity first (it reads only the originals), then metadata outliers
  // (they compare documents with the e-mails carrying them), then triage (it reads both).
  const mods: [string, string][] = [
    ['../verify/stage.js', 'verifyStage'],
    ['../analyze/metadata-outliers.js', 'metadataStage'],
    ['../analyze/triage-stage.js', 'triageStage'],
  ];
  for (const [path, name] of mods) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(path)) as Record<string, unknown>;
    } catch (err) {
      if (
        (err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' &&
        String((err as Error).message).includes(path.slice(3, -3))
      )
        continue;
      throw err;
    }
    const stage = mod[name];
    if (!stage) throw new Error(`${path} does not export ${name}`);
    registerStage(stage as (typeof STAGES)[number]);
  }
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
  }
  return out;
}
