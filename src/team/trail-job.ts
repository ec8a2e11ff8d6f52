import type { SocialDb } from '../social/db.js';
import { countDumpItemsOn, type TrailDump } from '../trail/dump.js';
import { computeTrailIn, itemLinks, type TrailResult, trailFingerprint } from '../trail/trail.js';
import type { TrailPostLink } from '../trail/types.js';
import { LANE_ITEMS } from '../trail/with-links.js';

/**
 * The trail of a team case (issue #15 with #14): computed by a campaign job, on the job's copy of
 * the campaign file, against the dump in PostgreSQL and the shared blobs; stored in that file
 * (table `team_trail`, beside the item cache `trail_links` the laptop keeps there too) and
 * published with it, so every server process and command reads it READ_ONLY instead of computing
 * it. Why a job: the laptop computes it per reading process (the CLI and the report each time,
 * the workbench once per server), which costs 92 s and 2.3 GiB for 17 million posts
 * (docs/benchmarks.md, "Trail"); a team server runs several processes, and only a campaign job
 * may write the file.
 */
const TRAIL_TABLE = `CREATE TABLE IF NOT EXISTS team_trail (
  fingerprint VARCHAR, options VARCHAR, result VARCHAR, error VARCHAR, computed_at VARCHAR
)`;

export interface TeamTrailOptions {
  boilerplateItems?: number;
}

/** What a trail job returns (the trail itself stays in the file: it can be megabytes). */
export interface TrailJobSummary {
  items: number;
  ties: number;
  posts: number;
  dumpItems: number;
  /** Why the trail could not be computed; the readers show it as the laptop's report does. */
  error: string | null;
}

/**
 * Computes the trail on the writable campaign database `db` (a job's copy) against `dump`, and
 * stores it, or why it failed, in `team_trail` (one row: the last trail replaces the previous one).
 */
export async function storeTeamTrail(
  db: SocialDb,
  dump: TrailDump,
  opts: TeamTrailOptions = {},
): Promise<TrailJobSummary> {
  await db.run(TRAIL_TABLE);
  let result: TrailResult | null = null;
  let error: string | null = null;
  try {
    result = await computeTrailIn(db, dump, { boilerplateItems: opts.boilerplateItems });
  } catch (err) {
    // Told by the readers ("the trail could not be computed: …"), as the laptop report tells it;
    // the import it follows stays done.
    error = (err as Error).message;
  }
  const fingerprint = await trailFingerprint(db, await countDumpItemsOn(dump.db));
  await db.run('DELETE FROM team_trail');
  await db.run('INSERT INTO team_trail VALUES ($1, $2, $3, $4, $5)', [
    fingerprint,
    JSON.stringify(opts),
    result ? JSON.stringify(result) : null,
    error,
    new Date().toISOString(),
  ]);
  return {
    items: result?.items.length ?? 0,
    ties: result?.stats.ties ?? 0,
    posts: result?.stats.posts ?? 0,
    dumpItems: result?.stats.dumpItems ?? 0,
    error,
  };
}

/** The trail a job stored in a campaign file, as its readers see it. */
export type StoredTrail =
  | {
      result: TrailResult;
      /** The posts behind the `LANE_ITEMS` most carried items (the lanes, the report's chart). */
      links: TrailPostLink[];
      capped: boolean;
      /** When the posts or the dump changed since the trail was computed: what to run. */
      stale: string | null;
    }
  | { error: string }
  | { notComputed: string };

const NOT_COMPUTED =
  'the trail of these posts has not been computed yet: a campaign job is running or failed, or they were imported by an older version (leaklens trail --database URL --queue URL --case-name NAME computes it)';

/**
 * Reads the stored trail of an open campaign database (READ_ONLY is enough), with the item links
 * of its most carried items, and says whether it is out of date against the dump's `dumpItems`.
 */
export async function readStoredTrail(
  db: SocialDb,
  dumpItems: number,
  maxItems = LANE_ITEMS,
): Promise<StoredTrail> {
  const [t] = await db.all<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'team_trail'",
  );
  if (!t?.n) return { notComputed: NOT_COMPUTED };
  const [row] = await db.all<{ fingerprint: string; result: string | null; error: string | null }>(
    'SELECT fingerprint, result, error FROM team_trail',
  );
  if (!row) return { notComputed: NOT_COMPUTED };
  if (row.error !== null || row.result === null) return { error: row.error ?? 'no result stored' };
  const result = JSON.parse(row.result) as TrailResult;
  const links: TrailPostLink[] = [];
  // As trailWithLinks on a laptop case: the posts of the most carried items, one item at a time.
  for (const i of result.items.slice(0, maxItems)) links.push(...(await itemLinks(db, i.itemId)));
  const now = await trailFingerprint(db, dumpItems);
  return {
    result,
    links,
    capped: result.items.length > maxItems,
    stale: now === row.fingerprint ? null : staleness(row.fingerprint, now),
  };
}

/** "computed from 120 posts, 3 media and 7 dump items; the case now holds …". */
function staleness(then: string, now: string): string {
  const say = (f: string) => {
    const [, posts, media, items] = f.split(':');
    return `${posts} posts, ${media} media and ${items} dump items`;
  };
  return `the trail was computed from ${say(then)}; the case now holds ${say(now)} (leaklens trail --database URL --queue URL --case-name NAME computes it again)`;
}
