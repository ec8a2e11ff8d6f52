import type { SqlDb } from '../case/sql-db.js';
import { countDumpItemsOn } from '../trail/dump.js';
import type { CampaignReader } from './campaign-reader.js';
import { readStoredTrail, type StoredTrail } from './trail-job.js';

/**
 * The trail of a team case as its readers (`leaklens trail --database`, the report, the team
 * workbench) see it: the one the last campaign job stored in the published campaign file, read
 * READ_ONLY, with whether the posts or the dump (`dumpDb`, the case's PostgreSQL) changed since.
 * Null when no posts have been published.
 * @example const t = await teamTrail(new CampaignReader(campaignDir(blobs, 'macron')), store.db);
 */
export async function teamTrail(reader: CampaignReader, dumpDb: SqlDb): Promise<StoredTrail | null> {
  if (!reader.hasPosts()) return null;
  const dumpItems = await countDumpItemsOn(dumpDb);
  return reader.withDb((db) => readStoredTrail(db, dumpItems));
}
