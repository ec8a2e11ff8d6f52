import graphology from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { connectedComponents } from 'graphology-components';
import type { AbstractGraph } from 'graphology-types';
import { mulberry32 } from '../../util/mulberry32.js';
import { type SocialDb, sqlString } from '../db.js';
import { iso } from '../scope.js';

export interface EdgeEvidence {
  object: string;
  contentId: string;
  contentIdY: string;
  time: string;
  timeY: string;
  deltaSeconds: number;
}

export interface CoordEdge {
  a: string;
  b: string;
  /** Handles of a and b (null when the source gave none), for output people read. */
  handleA: string | null;
  handleB: string | null;
  weight: number;
  avgTimeDelta: number;
  edgeSymmetryScore: number;
  evidence: EdgeEvidence[];
}

export interface CoordGroup {
  id: number;
  accounts: string[];
  handles: (string | null)[];
  edges: number;
  /** Louvain communities inside this component (deterministic: seeded random). */
  communities: number;
  objects: number;
}

/** A Louvain community of the coordinated network, with how strongly its members are tied. */
export interface CoordCommunity {
  /** The group (connected component) it lies in. */
  group: number;
  accounts: string[];
  handles: (string | null)[];
  /** Edges between its members, and their mean weight (coordinated pairs per account pair). */
  edges: number;
  meanWeight: number;
}

// Both packages are CommonJS; under NodeNext their default export is the module object.
const Graph =
  graphology.UndirectedGraph ??
  (graphology as unknown as { UndirectedGraph: typeof graphology.UndirectedGraph }).UndirectedGraph;
const louvain = louvainModule as unknown as { assign(g: AbstractGraph, o: Record<string, unknown>): void };
type Graph = AbstractGraph;

/** The coordinated network as a graphology graph: accounts as nodes, `coord_edges` as edges. */
export async function coordinationGraph(db: SocialDb, onlyStrong = true): Promise<Graph> {
  const edges = await db.all<{
    account_id: string;
    account_id_y: string;
    weight: number;
    avg_time_delta: number;
    edge_symmetry_score: number;
  }>(
    `SELECT account_id, account_id_y, weight, avg_time_delta, edge_symmetry_score FROM coord_edges ${onlyStrong ? 'WHERE weight_threshold = 1' : ''} ORDER BY 1, 2`,
  );
  const g: Graph = new Graph();
  for (const e of edges) {
    g.mergeNode(e.account_id);
    g.mergeNode(e.account_id_y);
    g.mergeEdge(e.account_id, e.account_id_y, {
      weight: e.weight,
      avgTimeDelta: e.avg_time_delta,
      symmetry: e.edge_symmetry_score,
    });
  }
  const handles = await db.all<{ id: string; handle: string | null }>(
    `SELECT id, handle FROM accounts WHERE id IN (SELECT account_id FROM coord_edges UNION SELECT account_id_y FROM coord_edges)`,
  );
  for (const h of handles) if (g.hasNode(h.id)) g.setNodeAttribute(h.id, 'label', h.handle ?? h.id);
  return g;
}

/**
 * Groups of the coordinated network: connected components, each with its Louvain communities,
 * largest first. Community ids are also written to the graph's `community` node attribute.
 */
export function groupsOf(g: Graph): CoordGroup[] {
  if (g.order === 0) return [];
  louvain.assign(g, { getEdgeWeight: 'weight', rng: mulberry32(42) });
  const comps = connectedComponents(g)
    .map((c) => c.sort())
    .sort((x, y) => y.length - x.length || (x[0] ?? '').localeCompare(y[0] ?? ''));
  return comps.map((accounts, i) => {
    const set = new Set(accounts);
    let edges = 0;
    g.forEachEdge((_e: string, _a: unknown, s: string, t: string) => {
      if (set.has(s) && set.has(t)) edges++;
    });
    for (const a of accounts) g.setNodeAttribute(a, 'group', i + 1);
    return {
      id: i + 1,
      accounts,
      handles: accounts.map((a) => (g.getNodeAttribute(a, 'label') as string | undefined) ?? null),
      edges,
      communities: new Set(accounts.map((a) => g.getNodeAttribute(a, 'community'))).size,
      objects: 0,
    };
  });
}

/** The strongest edges with the shares behind each (up to `perEdge` pairs). */
export async function topEdges(db: SocialDb, limit = 20, perEdge = 5): Promise<CoordEdge[]> {
  const rows = await db.all<{
    account_id: string;
    account_id_y: string;
    weight: number;
    avg_time_delta: number;
    edge_symmetry_score: number;
    ha: string | null;
    hb: string | null;
    ev: Record<string, unknown>[];
  }>(
    `WITH e AS (SELECT * FROM coord_edges ORDER BY weight DESC, account_id, account_id_y LIMIT ${limit})
     SELECT e.account_id, e.account_id_y, e.weight, e.avg_time_delta, e.edge_symmetry_score,
       (SELECT handle FROM accounts WHERE id = e.account_id) AS ha, (SELECT handle FROM accounts WHERE id = e.account_id_y) AS hb,
       (SELECT list({o: object_id, c: content_id, cy: content_id_y, t: ts, ty: ts_y, d: time_delta} ORDER BY ts, ts_y, object_id, content_id, content_id_y)[1:${perEdge}]
        FROM coord_pairs p WHERE least(p.account_id, p.account_id_y) = e.account_id AND greatest(p.account_id, p.account_id_y) = e.account_id_y) AS ev
     FROM e ORDER BY e.weight DESC, e.account_id, e.account_id_y`,
  );
  return rows.map((r) => ({
    a: r.account_id,
    b: r.account_id_y,
    handleA: r.ha ?? null,
    handleB: r.hb ?? null,
    weight: r.weight,
    avgTimeDelta: Math.round(r.avg_time_delta * 10) / 10,
    edgeSymmetryScore: Math.round(r.edge_symmetry_score * 1000) / 1000,
    evidence: (r.ev ?? []).map((x) => ({
      object: String(x.o),
      contentId: String(x.c),
      contentIdY: String(x.cy),
      time: iso(Number(x.t)) ?? '',
      timeY: iso(Number(x.ty)) ?? '',
      deltaSeconds: Number(x.d),
    })),
  }));
}

/** Accounts per INSERT when the group membership is handed to DuckDB. */
const MEMBERSHIP_CHUNK = 1000;

/**
 * Fills each group's `objects`: the distinct objects (reposted post, URL, hashtag, text, or the
 * source's object id) its accounts co-shared along the edges above the threshold, so "N objects"
 * says how much content the group pushed together. Reads `coord_pairs` and `coord_edges`.
 */
export async function countGroupObjects(db: SocialDb, groups: CoordGroup[]): Promise<void> {
  if (!groups.length) return;
  await db.run('CREATE OR REPLACE TEMP TABLE coord_group_of (account_id VARCHAR, grp INTEGER)');
  const rows = groups.flatMap((g) => g.accounts.map((a) => `(${sqlString(a)}, ${g.id})`));
  for (let i = 0; i < rows.length; i += MEMBERSHIP_CHUNK)
    await db.run(`INSERT INTO coord_group_of VALUES ${rows.slice(i, i + MEMBERSHIP_CHUNK).join(', ')}`);
  const counts = await db.all<{ grp: number; n: number }>(
    `SELECT ga.grp, count(DISTINCT p.object_id) AS n
     FROM coord_pairs p
     JOIN coord_edges e ON e.account_id = least(p.account_id, p.account_id_y)
       AND e.account_id_y = greatest(p.account_id, p.account_id_y) AND e.weight_threshold = 1
     JOIN coord_group_of ga ON ga.account_id = p.account_id
     GROUP BY 1`,
  );
  const byId = new Map(counts.map((c) => [c.grp, c.n]));
  for (const g of groups) g.objects = byId.get(g.id) ?? 0;
}

/**
 * The communities of at least `minSize` accounts found by `groupsOf` (call it first), the most
 * tightly tied first (mean weight of the edges inside, then size): a ring that reposts the same
 * posts every time stands out from accounts that met once or twice inside a large component.
 */
export function communitiesOf(g: Graph, minSize = 3, limit = 20): CoordCommunity[] {
  const members = new Map<unknown, string[]>();
  g.forEachNode((node: string, attr: Record<string, unknown>) => {
    const list = members.get(attr.community);
    if (list) list.push(node);
    else members.set(attr.community, [node]);
  });
  // One pass over the edges: each edge inside a community adds to that community's tally.
  const tally = new Map<unknown, { edges: number; weight: number }>();
  g.forEachEdge((_e: string, attr: Record<string, unknown>, s: string, t: string) => {
    const c = g.getNodeAttribute(s, 'community');
    if (c !== g.getNodeAttribute(t, 'community')) return;
    const x = tally.get(c) ?? { edges: 0, weight: 0 };
    x.edges++;
    x.weight += Number(attr.weight);
    tally.set(c, x);
  });
  const out: CoordCommunity[] = [];
  for (const [c, accounts] of members) {
    if (accounts.length < minSize) continue;
    const { edges, weight } = tally.get(c) ?? { edges: 0, weight: 0 };
    accounts.sort();
    out.push({
      group: Number(g.getNodeAttribute(accounts[0] as string, 'group')),
      accounts,
      handles: accounts.map((a) => (g.getNodeAttribute(a, 'label') as string | undefined) ?? null),
      edges,
      meanWeight: edges ? Math.round((weight / edges) * 10) / 10 : 0,
    });
  }
  return out
    .sort(
      (x, y) =>
        y.meanWeight - x.meanWeight ||
        y.accounts.length - x.accounts.length ||
        (x.accounts[0] ?? '').localeCompare(y.accounts[0] ?? ''),
    )
    .slice(0, limit);
}
