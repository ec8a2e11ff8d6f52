import type { SocialDb } from '../social/db.js';

/** What a published campaign file holds (`leaklens campaign status --blobs`). */
export interface PublishedCampaign {
  posts: number;
  accounts: number;
  /** When the default analysis was stored (src/team/campaign-job.ts), or null before any. */
  analysedAt: string | null;
}

/** Posts, accounts and the time of the stored default analysis, on an open posts database. */
export async function publishedCampaign(db: SocialDb): Promise<PublishedCampaign> {
  const [p] = await db.all<{ n: number }>('SELECT count(*) AS n FROM posts');
  const [a] = await db.all<{ n: number }>('SELECT count(*) AS n FROM accounts');
  const [t] = await db.all<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'team_analyses'",
  );
  const [w] = t?.n
    ? await db.all<{ at: string }>("SELECT analysed_at AS at FROM team_analyses WHERE key = '{}'")
    : [];
  return { posts: p?.n ?? 0, accounts: a?.n ?? 0, analysedAt: w?.at ?? null };
}
