import { metadataStage } from './analyze/metadata-outliers.js';
import { triageStage } from './analyze/triage-stage.js';
import { ocrStage } from './ocr/stage.js';
import type { Stage } from './pipeline/stages.js';
import { verifyStage } from './verify/stage.js';

/**
 * The static list of analysis stages, in pipeline order (HOUSE.md "src/areas.ts"): no import by
 * string, so a missing module is a build error instead of a stage silently skipped.
 * Authenticity first (it reads only the originals), then metadata outliers (they compare documents
 * with the e-mails carrying them), then triage (it reads both). OCR runs before triage so that
 * the text it reads from scans and pictures is triaged and entity-extracted like any other text.
 */
export const STAGE_LIST: readonly Stage[] = [verifyStage, ocrStage, metadataStage, triageStage];
