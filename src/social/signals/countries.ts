import type { SocialDb } from '../db.js';
import type { Share } from './languages.js';

export interface CountryBreakdown {
  /** Accounts by country, as shares of accounts whose country is known. */
  byAccounts: Share[];
  /** Posts by their author's country, as shares of posts whose author's country is known. */
  byPosts: Share[];
  accounts: number;
  knownAccounts: number;
  unknownShare: number;
  /** What the known countries came from: profile location, post place code, 4chan flag. */
  sources: Record<string, number>;
}

/**
 * Country breakdown over `scoped`. An account's country is its profile location (gazetteer,
 * computed at import), else the most frequent place/flag country on its posts (of two as frequent,
 * the first by code: DuckDB's mode() picked by row order, so the same posts loaded in another
 * order, as the bulk and the JavaScript importers load them, gave another answer). Accounts with
 * neither are unknown, and the unknown share is reported.
 * @example (await countries(db)).byAccounts[0] // { key: 'US', count: 540, share: 0.54 }
 */
export async function countries(db: SocialDb, limit = 15): Promise<CountryBreakdown> {
  await db.run(`CREATE OR REPLACE TEMP TABLE account_country AS
    WITH pc AS (SELECT account_id, first(country ORDER BY n DESC, country) AS c
      FROM (SELECT account_id, country, count(*) AS n FROM scoped WHERE country IS NOT NULL GROUP BY 1, 2) GROUP BY 1),
     acc AS (SELECT DISTINCT account_id FROM scoped)
    SELECT acc.account_id, coalesce(a.country, pc.c) AS country,
      CASE WHEN a.country IS NOT NULL THEN 'profile-location' WHEN pc.c IS NOT NULL THEN 'post-place-or-flag' END AS source
    FROM acc LEFT JOIN (SELECT id, any_value(country) AS country FROM accounts GROUP BY id) a ON a.id = acc.account_id
    LEFT JOIN pc ON pc.account_id = acc.account_id`);
  const byAcc = await db.all<{ k: string; n: number }>(
    `SELECT country AS k, count(*) AS n FROM account_country WHERE country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`,
  );
  const byPosts = await db.all<{ k: string; n: number; known: number }>(
    `SELECT ac.country AS k, count(*) AS n, sum(count(*)) OVER () AS known FROM scoped s JOIN account_country ac USING (account_id)
     WHERE ac.country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`,
  );
  const [t] = await db.all<{ n: number; k: number }>(
    'SELECT count(*) AS n, count(country) AS k FROM account_country',
  );
  const src = await db.all<{ s: string; n: number }>(
    // Ordered: the keys of `sources` came in hash order, so the same case could print them either way.
    'SELECT source AS s, count(*) AS n FROM account_country WHERE source IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1',
  );
  const known = t?.k ?? 0;
  return {
    byAccounts: byAcc.map((r) => ({ key: r.k, count: r.n, share: known ? r.n / known : 0 })),
    byPosts: byPosts.map((r) => ({ key: r.k, count: r.n, share: r.known ? r.n / r.known : 0 })),
    accounts: t?.n ?? 0,
    knownAccounts: known,
    unknownShare: t?.n ? 1 - known / t.n : 0,
    sources: Object.fromEntries(src.map((r) => [r.s, r.n])),
  };
}
