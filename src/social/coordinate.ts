import type { SocialDb } from './db.js';
import { SocialDb as Db } from './db.js';
import { createScope } from './scope.js';
import {
  type CoordinationBy,
  type CoordinationOptions,
  detectGroups,
  generateNetwork,
} from './signals/coordination.js';
import {
  type CoordCommunity,
  type CoordEdge,
  type CoordGroup,
  communitiesOf,
  coordinationGraph,
  countGroupObjects,
  groupsOf,
  topEdges,
} from './signals/coordination-groups.js';
import { type SyncBin, syncBins } from './signals/sync.js';
import type { PostFilter } from './types.js';

export interface CoordinationResult {
  by: CoordinationBy;
  timeWindow: number;
  minParticipation: number;
  edgeWeight: number;
  /** With `by: 'text'`, the Jaccard similarity of word 3-grams two posts needed. */
  minSimilarity?: number;
  /** Coordinated share pairs (rows of CooRTweet's detect_groups output). */
  pairs: number;
  /** Accounts in at least one pair. */
  accounts: number;
  edges: number;
  /** R quantile(weight, edge_weight); edges above it are the coordinated network. */
  threshold: number | null;
  strongEdges: number;
  /** Accounts in the coordinated network (edges above the threshold). */
  coordinatedAccounts: number;
  /** Groups (connected components) in the coordinated network; `groups` lists the largest. */
  groupCount: number;
  groups: CoordGroup[];
  /** Louvain communities of 3+ accounts, the most tightly tied first (top 20). */
  communities: CoordCommunity[];
  topEdges: CoordEdge[];
  sync: SyncBin[];
}

/** `object` when the source names shared objects (CooRTweet CSV), else co-reposting. */
export async function defaultBy(db: SocialDb): Promise<CoordinationBy> {
  const [r] = await db.all<{ n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM shares LIMIT 1)');
  return r?.n ? 'object' : 'repost';
}

/**
 * Runs detect_groups + generate_coordinated_network + groups on an open db with `scoped` ready.
 * `sync` (the busiest minutes) does not depend on the kind of coordination: a second run over the
 * same scope passes the first run's.
 */
export async function coordinationOn(
  db: SocialDb,
  opts: CoordinationOptions = {},
  groupLimit = 20,
  sync?: SyncBin[],
): Promise<CoordinationResult> {
  const by = opts.by ?? (await defaultBy(db));
  const timeWindow = opts.timeWindow ?? 60;
  const minParticipation = opts.minParticipation ?? 2;
  const edgeWeight = opts.edgeWeight ?? 0.5;
  const minSimilarity = by === 'text' ? (opts.minSimilarity ?? 0.8) : undefined;
  const pairs = await detectGroups(db, { by, timeWindow, minParticipation, minSimilarity });
  const net = await generateNetwork(db, edgeWeight);
  const [a] = await db.all<{ n: number }>(
    'SELECT count(*) AS n FROM (SELECT account_id FROM coord_pairs UNION SELECT account_id_y FROM coord_pairs)',
  );
  const g = await coordinationGraph(db, true);
  const groups = groupsOf(g);
  await countGroupObjects(db, groups.slice(0, groupLimit));
  return {
    by,
    timeWindow,
    minParticipation,
    edgeWeight,
    ...(minSimilarity !== undefined ? { minSimilarity } : {}),
    pairs,
    accounts: a?.n ?? 0,
    edges: net.edges,
    threshold: net.threshold,
    strongEdges: net.strong,
    coordinatedAccounts: g.order,
    groupCount: groups.length,
    groups: groups.slice(0, groupLimit),
    communities: communitiesOf(g),
    topEdges: await topEdges(db, 20, 5),
    sync: sync ?? (await syncBins(db, 60, 10)),
  };
}

/**
 * Coordinated sharing with CooRTweet semantics (`detect_groups(time_window, min_participation)`,
 * then `generate_coordinated_network(edge_weight)`), over the posts of a filter.
 * @example await coordination('./leaklens-case', { by: 'repost', timeWindow: 60, minParticipation: 2, edgeWeight: 0.5 })
 */
export async function coordination(
  caseDir: string,
  opts: CoordinationOptions & PostFilter & { groups?: number } = {},
): Promise<CoordinationResult> {
  const db = await Db.open(caseDir, { create: false });
  try {
    return await coordinationIn(db, opts);
  } finally {
    db.close();
  }
}

/** `coordination` on an open posts database (a team server's read-only one). */
export async function coordinationIn(
  db: Db,
  opts: CoordinationOptions & PostFilter & { groups?: number } = {},
): Promise<CoordinationResult> {
  await createScope(db, opts);
  return coordinationOn(db, opts, opts.groups ?? 20);
}

/** The strongest edges of the coordinated network, on an open posts database. */
export async function strongEdgesOn(
  db: SocialDb,
  limit: number,
): Promise<{ edges: { a: string; b: string; weight: number }[]; error?: string }> {
  try {
    // coord_edges is a temporary table of the analysis connection: rebuild it on this one.
    await createScope(db, {});
    await coordinationOn(db, {});
    const rows = await db.all<{ a: string; b: string; weight: number }>(
      `SELECT account_id AS a, account_id_y AS b, weight FROM coord_edges WHERE weight_threshold = 1 ORDER BY weight DESC, 1, 2 LIMIT ${limit}`,
    );
    return { edges: rows.map((r) => ({ a: r.a, b: r.b, weight: Number(r.weight) })) };
  } catch (err) {
    return { edges: [], error: (err as Error).message };
  }
}
