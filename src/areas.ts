import type { Stage } from './pipeline/stages.js';

/**
 * A stage whose module is imported the first time it runs: `ingest --no-verify --no-analyze` then
 * loads neither DKIM nor metadata nor triage code (about a second of CPU at every start, issue #12).
 * The import is a literal path, checked by the compiler like a static one.
 */
function onFirstRun(name: string, load: () => Promise<Stage>): Stage {
  let stage: Promise<Stage> | undefined;
  return {
    name,
    description: `the ${name} stage (its module describes it)`,
    async run(store, opts) {
      stage ??= load();
      const s = await stage;
      if (s.name !== name) throw new Error(`stage module for ${name} exports the stage ${s.name}`);
      return s.run(store, opts);
    },
  };
}

/**
 * The static list of analysis stages, in pipeline order (HOUSE.md "src/areas.ts"): no import by
 * string, so a missing module is a build error instead of a stage silently skipped.
 * Authenticity first (it reads only the originals), then metadata outliers (they compare documents
 * with the e-mails carrying them), then triage (it reads both). OCR runs before triage so that
 * the text it reads from scans and pictures is triaged and entity-extracted like any other text.
 */
export const STAGE_LIST: readonly Stage[] = [
  onFirstRun('verify', async () => (await import('./verify/stage.js')).verifyStage),
  onFirstRun('ocr', async () => (await import('./ocr/stage.js')).ocrStage),
  onFirstRun('metadata', async () => (await import('./analyze/metadata-outliers.js')).metadataStage),
  onFirstRun('triage', async () => (await import('./analyze/triage-stage.js')).triageStage),
];
