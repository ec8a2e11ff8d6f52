/**
 * The suspects engine: every e-mail and document whose verdict or flags say it may be forged,
 * altered or edited by an outsider, ranked by strength of evidence and grouped into stories.
 * Pure functions (signals, rank, links, stories) over what read.ts reads from the case.
 * Read through the case layer, so a laptop case and a team case give the same list.
 * @example const r = await findSuspects(new SqliteDb(store.db)); r.suspects[0].reason; r.stories[0].sentence
 */
import { readOnly } from '../case/portable.js';
import type { SqlDb } from '../case/sql-db.js';
import { summarizeVerdicts } from '../verify/summary.js';
import { type Headline, headlines } from './headlines.js';
import { rankSuspects } from './rank.js';
import { readItemFacts } from './read.js';
import { buildStories } from './stories.js';
import type { ItemFacts, SuspectsResult } from './types.js';

export { type Headline, headlines } from './headlines.js';
export type { Story, Suspect, SuspectsResult } from './types.js';

export async function findSuspects(db: SqlDb): Promise<SuspectsResult> {
  return suspectsOf(await readItemFacts(db));
}

/** The pure part: items with their signals in, ranked suspects and stories out. */
export function suspectsOf(items: ItemFacts[]): SuspectsResult {
  const suspects = rankSuspects(items);
  const stories = buildStories(suspects, new Map(items.map((i) => [i.id, i])));
  const byFinding: Record<string, number> = {};
  for (const s of suspects) byFinding[s.finding] = (byFinding[s.finding] ?? 0) + 1;
  return {
    suspects,
    stories,
    counts: {
      emails: suspects.filter((s) => s.kind === 'email').length,
      documents: suspects.filter((s) => s.kind === 'document').length,
      byFinding,
    },
  };
}

/**
 * The case's headline findings (headlines.ts), with the verify summary's first sentence to fall
 * back on when the suspects give fewer than three.
 * @example (await caseHeadlines(db))[0].sentence // '3 e-mails of 24–25 Mar 2017 … look like one operation: …'
 */
export async function caseHeadlines(db: SqlDb, given?: SuspectsResult): Promise<Headline[]> {
  const r = given ?? (await findSuspects(db));
  return headlines(r, r.suspects.length >= 5 ? [] : await verifySentence(db));
}

async function verifySentence(db: SqlDb): Promise<string[]> {
  // A read-only open (overview, eval) never showed this sentence: reading the summary used to
  // write the verdicts migration and failed there. Kept so, until someone decides otherwise.
  if (readOnly(db)) return [];
  try {
    // The table comes with the case (migration 4); a case not yet verified has no row in it.
    if (!(await db.get('SELECT 1 AS x FROM verdicts LIMIT 1'))) return [];
    return (await summarizeVerdicts(db)).sentences.slice(0, 1);
  } catch {
    // A read-only open of a case made before migration 4 has no verdicts table.
    return [];
  }
}
