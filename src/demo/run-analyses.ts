import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type IngestSummary, ingestPaths } from '../ingest/manager.js';
import { runStages } from '../pipeline/all-stages.js';
import type { StageSummary } from '../pipeline/stages.js';
import { analyzeCampaign, type CampaignAnalysis } from '../social/analyze.js';
import { importPosts } from '../social/import/index.js';
import type { ImportSummary } from '../social/types.js';
import { Store } from '../store/store.js';
import { computeTrail } from '../trail/trail.js';
import type { Trail } from '../trail/types.js';
import { addKeyFiles } from '../verify/key-archive.js';
import type { Truth } from './truth.js';

export interface DemoAnalysis {
  caseDir: string;
  ingest: IngestSummary;
  stages: StageSummary[];
  posts: ImportSummary | null;
  campaign: CampaignAnalysis | null;
  /** How the leak travelled (src/trail), when the demo planted a trail and posts were imported. */
  trail: Trail | null;
}

/**
 * Runs every analysis that exists on a generated demo: key archive, ingest of dump/, the analysis
 * stages, then import and analysis of the posts. The case goes to `<dir>/case`.
 * @example const a = await analyseDemo('./leaklens-demo', truth, { silent: true });
 */
export async function analyseDemo(
  dir: string,
  truth: Truth,
  o: { silent?: boolean; workers?: number } = {},
): Promise<DemoAnalysis> {
  const caseDir = join(dir, 'case');
  const store = Store.open(caseDir);
  let ingest: IngestSummary;
  let stages: StageSummary[];
  try {
    addKeyFiles(store, [join(dir, truth.keys)]);
    ingest = await ingestPaths(store, [join(dir, 'dump')], { silent: o.silent, workers: o.workers });
    stages = await runStages(store, { silent: o.silent });
  } finally {
    store.close();
  }
  let posts: ImportSummary | null = null;
  let campaign: CampaignAnalysis | null = null;
  // The trail's posts (4chan thread, X posts, Telegram export) are imported beside the campaign's.
  const files = [...(truth.social?.files ?? []), ...(truth.trail?.files ?? [])]
    .map((f) => join(dir, f))
    .filter((f) => existsSync(f));
  if (truth.social && files.length) {
    posts = await importPosts(caseDir, files);
    campaign = await analyzeCampaign(caseDir, { hashtag: truth.social.hashtag.replace(/^#/, '') });
  }
  const trail = posts && truth.trail ? await computeTrail(caseDir) : null;
  return { caseDir, ingest, stages, posts, campaign, trail };
}
