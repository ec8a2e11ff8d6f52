import { SocialDb } from './db.js';
import { createScope } from './scope.js';
import { activity } from './signals/activity.js';
import { type BotSummary, botScores } from './signals/bots.js';
import type { PostFilter } from './types.js';

/**
 * Every scored account of a case (or the top `limit`), for `leaklens campaign bots`: the list a
 * reader needs to check the score against their own labels.
 * @example (await listBots('case', { all: true })).accounts.length // every account in scope
 */
export async function listBots(
  caseDir: string,
  o: PostFilter & { all?: boolean; limit?: number } = {},
): Promise<BotSummary> {
  const db = await SocialDb.open(caseDir, { create: false });
  try {
    await createScope(db, o);
    await activity(db, { limit: 1 });
    return await botScores(db, o.all ? Number.POSITIVE_INFINITY : (o.limit ?? 50));
  } finally {
    db.close();
  }
}
