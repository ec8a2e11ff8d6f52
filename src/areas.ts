import type { Stage } from './pipeline/stages.js';

/**
 * A stage whose module is imported the first time it runs: `ingest --no-verify --no-analyze` then
 * loads neither DKIM nor metadata nor triage code (about a second of CPU at every start, issue #12).
 * The import is a literal path, checked by the compiler like a static one.
 */
function onFirstRun(name: string, description: string, load: () => Promise<Stage>): Stage {
  let stage: Promise<Stage> | undefined;
  return {
    name,
    // Written here too, so listing the stages loads none of them; the module's own is checked
    // against it at the first run (test/core/areas.test.ts runs every stage's check).
    description,
    async run(store, opts) {
      stage ??= load();
      const s = await stage;
      if (s.name !== name || s.description !== description)
        throw new Error(`stage module for ${name} exports the stage ${s.name} ("${s.description}")`);
      return s.run(store, opts);
    },
  };
}

/** Loads every stage module and checks it is the stage the list names (a test runs it). */
export async function loadedStages(): Promise<Stage[]> {
  return Promise.all(STAGE_LOADERS.map(([, , load]) => load()));
}

/**
 * The static list of analysis stages, in pipeline order (HOUSE.md "src/areas.ts"): no import by
 * string, so a missing module is a build error instead of a stage silently skipped.
 * Authenticity first (it reads only the originals), then metadata outliers (they compare documents
 * with the e-mails carrying them), then triage (it reads both). OCR runs before triage so that
 * the text it reads from scans and pictures is triaged and entity-extracted like any other text.
 */
const STAGE_LOADERS: readonly [string, string, () => Promise<Stage>][] = [
  [
    'verify',
    'DKIM/ARC verdict and header forensics for every e-mail (offline; --dns to allow lookups)',
    async () => (await import('./verify/stage.js')).verifyStage,
  ],
  [
    'ocr',
    'OCR of images, scanned PDF pages and pictures in Office files (turn off with --no-ocr)',
    async () => (await import('./ocr/stage.js')).ocrStage,
  ],
  [
    'metadata',
    'flag documents whose metadata stands out (foreign script, language, time zone, dates, edit bursts …) and build the people table',
    async () => (await import('./analyze/metadata-outliers.js')).metadataStage,
  ],
  [
    'triage',
    'threads, duplicates, entities, identities, document types, sensitivity, communication graph',
    async () => (await import('./analyze/triage-stage.js')).triageStage,
  ],
];

export const STAGE_LIST: readonly Stage[] = STAGE_LOADERS.map(([name, description, load]) =>
  onFirstRun(name, description, load),
);
