import { existsSync } from 'node:fs';
import type { SqlCaseStore } from '../case/case-store.js';
import type { ReportCase } from './report.js';

/**
 * A team case as the report reads it (issue #15): the case's PostgreSQL through the case layer,
 * and its campaign side from the shared storage, `<blobs>/campaign/<case>/social.duckdb`, which
 * campaign jobs write and every reader opens READ_ONLY (src/team/campaign-reader.ts). The
 * amplification chapter shows the analysis the last campaign job stored, which is the laptop's
 * default analysis of the same posts, and the trail chapter the trail it stored
 * (src/team/trail-job.ts); without `blobs` the chapters say they could not look.
 * The campaign modules (DuckDB, the importers the job module holds) are loaded only when there
 * are posts to read: they would double the memory of a report that has none.
 * @example await buildReport(teamReportCase(store, 'macron', '/mnt/leaklens/blobs'))
 */
export function teamReportCase(store: SqlCaseStore, caseName: string, blobs?: string): ReportCase {
  /** The campaign folder when a campaign job has published posts there, else null. */
  const postsDir = async (): Promise<string | null> => {
    if (!blobs) return null;
    const { campaignDir, campaignFile } = await import('../team/campaign-files.js');
    const dir = campaignDir(blobs, caseName);
    return existsSync(campaignFile(dir)) ? dir : null;
  };
  return {
    db: store.db,
    where: `${caseName} (team case)`,
    async campaign() {
      if (!blobs) return { notRead: NO_BLOBS };
      const dir = await postsDir();
      if (!dir) return null;
      const { CampaignReader } = await import('../team/campaign-reader.js');
      const reader = new CampaignReader(dir);
      try {
        return ((await reader.analysis()) as Record<string, unknown> | null) ?? { notRead: NOT_ANALYSED };
      } catch (err) {
        return { analysisError: (err as Error).message };
      } finally {
        await reader.shutdown();
      }
    },
    async trail() {
      if (!blobs) return { error: NO_BLOBS };
      const dir = await postsDir();
      if (!dir) return null;
      const { CampaignReader } = await import('../team/campaign-reader.js');
      const { teamTrail } = await import('../team/trail-reader.js');
      const reader = new CampaignReader(dir);
      try {
        // The trail the last campaign job stored (src/team/trail-job.ts), as the laptop computes it.
        const t = await teamTrail(reader, store.db);
        if (!t) return null;
        if ('error' in t) return { error: t.error };
        if ('notComputed' in t) return { error: t.notComputed };
        return { trail: t.result, links: t.links, capped: t.capped, stale: t.stale };
      } catch (err) {
        return { error: (err as Error).message };
      } finally {
        await reader.shutdown();
      }
    },
  };
}

const NO_BLOBS =
  'the posts of a team case are in its shared blob directory; give report --blobs DIR (the directory the workers share)';
const NOT_ANALYSED =
  'posts were imported but not analysed yet; a campaign job is running or failed (leaklens campaign status --database URL --queue URL --case-name NAME)';
