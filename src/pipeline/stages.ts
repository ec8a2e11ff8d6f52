import type { Store } from '../store/store.js';

/**
 * Analysis stages that run over a case after ingest (DESIGN.md "analyse stages, each pure and
 * re-runnable"). `leaklens ingest` runs them all at the end unless told not to; `leaklens analyze`
 * runs them again. A stage must be idempotent: running it twice leaves the same tables and flags.
 */
export interface StageOptions {
  /** Allow live DNS lookups (verify only, when the user passed --dns). */
  dns?: boolean;
  /** No progress output (JSON mode, tests). */
  silent?: boolean;
}

export interface StageSummary {
  stage: string;
  /** One or two sentences for the end-of-run summary. */
  summary: string;
  counts: Record<string, number>;
}

export interface Stage {
  name: string;
  description: string;
  /** Option that disables it on `ingest`, e.g. 'verify' for --no-verify. */
  run(store: Store, opts: StageOptions): Promise<StageSummary>;
}

/** Ordered: later stages may read what earlier ones wrote. Each area appends its own stage here. */
export const STAGES: Stage[] = [];

export function registerStage(stage: Stage): void {
  if (!STAGES.some((s) => s.name === stage.name)) STAGES.push(stage);
}
