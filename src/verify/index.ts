/**
 * Authenticity (issue 4): DKIM/ARC verdicts with evidence, header forensics, a key archive.
 * See docs/authenticity.md.
 */

export type { VerifyCaseOptions, VerifyCaseResult } from './case.js';
export { migrateVerdicts, verifyCase } from './case.js';
export { addKeyFiles, archiveKeys, listKeys, memoryKeys } from './key-archive.js';
export { parseKeyFile } from './key-parse.js';
export type { VerifyOptions } from './message.js';
export { verifyMessage } from './message.js';
export { verifyStage } from './stage.js';
export type { VerdictSummary } from './summary.js';
export { summarizeVerdicts } from './summary.js';
export * from './types.js';
