import { UserError } from '../../core/errors.js';
import type { SocialDb } from '../db.js';
import { clusterTexts, jaccard, normaliseText, shingles as shinglesOf } from './near-text.js';

export type CoordinationBy = 'object' | 'repost' | 'url' | 'hashtag' | 'text';

export interface CoordinationOptions {
  by?: CoordinationBy;
  /** Seconds (CooRTweet `time_window`, default 10). */
  timeWindow?: number;
  /** CooRTweet `min_participation` (default 2). */
  minParticipation?: number;
  /** CooRTweet `edge_weight`: a percentile 0..1 of the edge-weight distribution (default 0.5). */
  edgeWeight?: number;
  /**
   * With `by: 'text'`: CooRTweet `detect_similar_text`'s `min_similarity`, the Jaccard similarity
   * of word 3-grams two posts need (default 0.8; 1 = identical after normalisation).
   */
  minSimilarity?: number;
}

/**
 * The shares compared, as CooRTweet's `(object_id, account_id, content_id, timestamp_share)`, with
 * `tid` (the text's number, for `text` only): `object` uses objects named by the source (the
 * four-column CSV); `repost` the reposted post; `url`/`hashtag` each URL or hashtag of a post;
 * `text` an original post's text after lower-casing and removing URLs, mentions, punctuation and
 * spacing (20+ characters), the object being its cluster of near-identical texts (`text_obj`,
 * made by `prepareTexts`).
 */
export function sharesSql(by: CoordinationBy): string {
  switch (by) {
    case 'object':
      return 'SELECT s.object_id, s.account_id, s.content_id, s.ts, NULL::INTEGER AS tid FROM shares s SEMI JOIN scoped p ON p.id = s.content_id';
    case 'repost':
      return 'SELECT repost_of AS object_id, account_id, id AS content_id, ts, NULL::INTEGER AS tid FROM scoped WHERE repost_of IS NOT NULL';
    case 'url':
      return 'SELECT DISTINCT unnest(urls) AS object_id, account_id, id AS content_id, ts, NULL::INTEGER AS tid FROM scoped';
    case 'hashtag':
      return "SELECT DISTINCT '#' || unnest(hashtags) AS object_id, account_id, id AS content_id, ts, NULL::INTEGER AS tid FROM scoped";
    case 'text':
      return 'SELECT t.object_id, s.account_id, s.id AS content_id, s.ts, t.tid FROM scoped s JOIN text_obj t ON t.text = s.text WHERE s.repost_of IS NULL';
  }
}

/**
 * For `text`: the distinct texts of original posts by accounts with at least `minP` of them,
 * normalised and clustered by similarity (near-text.ts), as table `text_obj(text, object_id, tid)`;
 * the object is the cluster's first normalised text. The texts are read in order: the clusters'
 * union-find roots, hence the objects named, then do not depend on the order DuckDB's parallel
 * DISTINCT returned them (the demo's example text changed from run to run).
 */
async function prepareTexts(db: SocialDb, minP: number, minSimilarity: number): Promise<string[]> {
  const rows = await db.all<{ text: string }>(
    `SELECT DISTINCT text FROM scoped WHERE repost_of IS NULL AND text IS NOT NULL AND account_id IN
      (SELECT account_id FROM scoped WHERE repost_of IS NULL GROUP BY 1 HAVING count(*) >= ${minP})
     ORDER BY text`,
  );
  const index = new Map<string, number>();
  const norms: string[] = [];
  const tidOf: number[] = [];
  for (const r of rows) {
    const nt = normaliseText(r.text);
    if (nt.length < 20) {
      tidOf.push(-1);
      continue;
    }
    let t = index.get(nt);
    if (t === undefined) {
      t = norms.length;
      index.set(nt, t);
      norms.push(nt);
    }
    tidOf.push(t);
  }
  const { cluster } = clusterTexts(norms, minSimilarity);
  await db.run('CREATE OR REPLACE TEMP TABLE text_obj (text VARCHAR, object_id VARCHAR, tid INTEGER)');
  const app = await db.conn.createAppender('text_obj');
  rows.forEach((r, i) => {
    const t = tidOf[i] as number;
    if (t < 0) return;
    app.appendVarchar(r.text);
    app.appendVarchar(norms[cluster[t] as number] as string);
    app.appendInteger(t);
    app.endRow();
  });
  app.closeSync();
  return norms;
}

/**
 * For `text`: the exact similarity of every pair of distinct texts paired in `coord_raw`; pairs
 * below `minSimilarity` are dropped, the others keep it as `similarity_score`.
 */
async function checkSimilarity(db: SocialDb, norms: string[], minSimilarity: number): Promise<void> {
  const rows = await db.all<{ a: number; b: number }>(
    'SELECT DISTINCT least(tid, tid_y) AS a, greatest(tid, tid_y) AS b FROM coord_raw WHERE tid <> tid_y',
  );
  const cache = new Map<number, Uint32Array>();
  const sh = (t: number) => {
    let v = cache.get(t);
    if (!v) {
      v = shinglesOf(norms[t] as string);
      cache.set(t, v);
    }
    return v;
  };
  await db.run('CREATE OR REPLACE TEMP TABLE text_sim (a INTEGER, b INTEGER, sim DOUBLE)');
  const app = await db.conn.createAppender('text_sim');
  for (const r of rows) {
    app.appendInteger(r.a);
    app.appendInteger(r.b);
    app.appendDouble(jaccard(sh(r.a), sh(r.b)));
    app.endRow();
  }
  app.closeSync();
  await db.run(`UPDATE coord_raw SET similarity_score = s.sim FROM text_sim s
    WHERE coord_raw.tid <> coord_raw.tid_y AND s.a = least(coord_raw.tid, coord_raw.tid_y) AND s.b = greatest(coord_raw.tid, coord_raw.tid_y)`);
  await db.run(`DELETE FROM coord_raw WHERE similarity_score < ${minSimilarity}`);
}

/**
 * CooRTweet `detect_groups(x, time_window, min_participation, remove_loops = TRUE)` in DuckDB SQL,
 * step for step (R/detect_groups.R, MIT):
 *  1. keep accounts with at least `min_participation` shares;
 *  2. per object, every pair of shares at most `time_window` seconds apart;
 *  3. drop loops: object == content, content == content_y, account == account_y;
 *  4. keep a pair when either share belongs to an account with `min_participation` shares among
 *     the paired content;
 *  5. orient each pair older → newer, `time_delta` ≥ 0.
 * Pairs are found per (object, time bucket of `time_window`) against the same and next bucket, so a
 * post reposted 100,000 times costs its pairs within the window, not 10^10 comparisons.
 * Exact duplicate shares (same object and content) count once (a CSV may repeat a row; the other
 * kinds are distinct by construction). The result is table `coord_pairs`.
 * @example await detectGroups(db, { by: 'repost', timeWindow: 60, minParticipation: 2 })
 */
export async function detectGroups(db: SocialDb, opts: CoordinationOptions = {}): Promise<number> {
  const w = Math.round((opts.timeWindow ?? 10) * 1000);
  const minP = opts.minParticipation ?? 2;
  const bucket = Math.max(w, 1);
  const by = opts.by ?? 'repost';
  const minSim = opts.minSimilarity ?? 0.8;
  if (!(minSim > 0 && minSim <= 1)) throw new UserError('minimum similarity must be above 0 and at most 1');
  const norms = by === 'text' ? await prepareTexts(db, minP, minSim) : [];
  await db.run(`CREATE OR REPLACE TEMP TABLE coord_x AS
    WITH s AS (SELECT ${by === 'object' ? 'DISTINCT' : ''} * FROM (${sharesSql(by)}) WHERE object_id IS NOT NULL)
    SELECT *, ts // ${bucket} AS bk FROM s WHERE account_id IN (SELECT account_id FROM s GROUP BY 1 HAVING count(*) >= ${minP})`);
  await db.run(`CREATE OR REPLACE TEMP TABLE coord_raw AS
    SELECT a.object_id, a.account_id, b.account_id AS account_id_y, a.content_id, b.content_id AS content_id_y, a.ts, b.ts AS ts_y,
        a.tid, b.tid AS tid_y, 1.0::DOUBLE AS similarity_score
      FROM coord_x a JOIN coord_x b ON a.object_id = b.object_id AND a.bk = b.bk AND a.content_id < b.content_id
      WHERE abs(a.ts - b.ts) <= ${w}
    UNION ALL
    SELECT a.object_id, a.account_id, b.account_id, a.content_id, b.content_id, a.ts, b.ts, a.tid, b.tid, 1.0
      FROM coord_x a JOIN coord_x b ON a.object_id = b.object_id AND b.bk = a.bk + 1
      WHERE abs(a.ts - b.ts) <= ${w}`);
  await db.run(`DELETE FROM coord_raw WHERE object_id = content_id OR object_id = content_id_y
    OR content_id = content_id_y OR account_id = account_id_y`);
  if (by === 'text') await checkSimilarity(db, norms, minSim);
  await db.run(`CREATE OR REPLACE TEMP TABLE coord_pairs AS
    WITH ids AS (SELECT content_id AS c FROM coord_raw UNION SELECT content_id_y FROM coord_raw),
     filt AS (SELECT content_id FROM coord_x WHERE content_id IN (SELECT c FROM ids)
              AND account_id IN (SELECT account_id FROM coord_x WHERE content_id IN (SELECT c FROM ids) GROUP BY 1 HAVING count(*) >= ${minP})),
     kept AS (SELECT * FROM coord_raw WHERE content_id IN (SELECT content_id FROM filt) OR content_id_y IN (SELECT content_id FROM filt))
    SELECT object_id,
      CASE WHEN ts > ts_y THEN account_id_y ELSE account_id END AS account_id,
      CASE WHEN ts > ts_y THEN account_id ELSE account_id_y END AS account_id_y,
      CASE WHEN ts > ts_y THEN content_id_y ELSE content_id END AS content_id,
      CASE WHEN ts > ts_y THEN content_id ELSE content_id_y END AS content_id_y,
      least(ts, ts_y) AS ts, greatest(ts, ts_y) AS ts_y, abs(ts - ts_y) / 1000.0 AS time_delta, similarity_score
    FROM kept`);
  const [r] = await db.all<{ n: number }>('SELECT count(*) AS n FROM coord_pairs');
  return r?.n ?? 0;
}

/**
 * CooRTweet `generate_coordinated_network(x, edge_weight)`: undirected account pairs with
 * `weight` = number of coordinated pairs, `avg_time_delta`, `n_content_id`, `n_content_id_y`,
 * `edge_symmetry_score`; the threshold is R's `quantile(weight, edge_weight)` (type 7, which is
 * DuckDB's `quantile_cont`), and `weight_threshold` = weight > threshold. Table `coord_edges`.
 */
export async function generateNetwork(
  db: SocialDb,
  edgeWeight = 0.5,
): Promise<{ edges: number; threshold: number | null; strong: number }> {
  if (!(edgeWeight >= 0 && edgeWeight <= 1))
    throw new UserError('edge weight must be a percentile between 0 and 1');
  await db.run(`CREATE OR REPLACE TEMP TABLE coord_edges AS
    WITH o AS (SELECT least(account_id, account_id_y) AS a, greatest(account_id, account_id_y) AS b, * FROM coord_pairs),
     e AS (SELECT a AS account_id, b AS account_id_y, count(*) AS weight, avg(time_delta) AS avg_time_delta,
       count(DISTINCT content_id) AS n_content_id, count(DISTINCT content_id_y) AS n_content_id_y,
       least(count(DISTINCT content_id), count(DISTINCT content_id_y)) / greatest(count(DISTINCT content_id), count(DISTINCT content_id_y)) AS edge_symmetry_score,
       list(DISTINCT object_id ORDER BY object_id) AS objects FROM o GROUP BY a, b),
     t AS (SELECT quantile_cont(weight, ${edgeWeight}) AS q FROM e)
    SELECT e.*, t.q AS threshold, (e.weight > t.q)::INT AS weight_threshold FROM e, t`);
  const [r] = await db.all<{ n: number; q: number | null; s: number }>(
    'SELECT count(*) AS n, any_value(threshold) AS q, count(*) FILTER (WHERE weight_threshold = 1) AS s FROM coord_edges',
  );
  return { edges: r?.n ?? 0, threshold: r?.q ?? null, strong: r?.s ?? 0 };
}
