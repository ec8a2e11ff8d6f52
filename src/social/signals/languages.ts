import type { SocialDb } from '../db.js';

export interface Share {
  key: string;
  count: number;
  share: number;
}

export interface LanguageBreakdown {
  /** Posts per language; reposts carry the original's language. */
  byPosts: Share[];
  /** Accounts by the language most of their posts are in. */
  byAccounts: Share[];
  unknownPosts: number;
  unknownShare: number;
  /** How many post languages came from the source (`lang`) versus detection. */
  fromSource: number;
  detected: number;
}

/**
 * Language breakdown over `scoped`. Shares are of posts with a known language; the unknown share
 * (too short, only links/emoji) is reported separately, never spread over the others.
 * @example (await languages(db)).byPosts[0] // { key: 'fr', count: 5100, share: 0.51 }
 */
export async function languages(db: SocialDb, limit = 15): Promise<LanguageBreakdown> {
  const byPosts = await db.all<{ k: string; n: number }>(
    `SELECT lang AS k, count(*) AS n FROM scoped WHERE lang IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`,
  );
  const byAcc = await db.all<{ k: string; n: number }>(
    // An account's language is its most frequent one (ties: the first alphabetically); counting
    // (account, language) pairs first is much faster than mode() over millions of posts.
    `SELECT k, count(*) AS n FROM (SELECT account_id, first(lang ORDER BY c DESC, lang) AS k
       FROM (SELECT account_id, lang, count(*) AS c FROM scoped WHERE lang IS NOT NULL GROUP BY 1, 2) GROUP BY 1)
     GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`,
  );
  const [t] = await db.all<{ known: number; unknown: number; src: number; det: number; accs: number }>(
    `SELECT count(lang) AS known, count(*) - count(lang) AS unknown, count(*) FILTER (WHERE lang_source = 'source') AS src,
       count(*) FILTER (WHERE lang_source = 'detected') AS det,
       count(DISTINCT account_id) FILTER (WHERE lang IS NOT NULL) AS accs FROM scoped`,
  );
  const known = t?.known ?? 0;
  const total = known + (t?.unknown ?? 0);
  return {
    byPosts: byPosts.map((r) => ({ key: r.k, count: r.n, share: known ? r.n / known : 0 })),
    byAccounts: byAcc.map((r) => ({ key: r.k, count: r.n, share: t?.accs ? r.n / t.accs : 0 })),
    unknownPosts: t?.unknown ?? 0,
    unknownShare: total ? (t?.unknown ?? 0) / total : 0,
    fromSource: t?.src ?? 0,
    detected: t?.det ?? 0,
  };
}
