import graphology from 'graphology';
import { write as writeGexf } from 'graphology-gexf';
import type { AbstractGraph } from 'graphology-types';
import type { Store } from '../store/store.js';
import { xmlSafeGraph } from '../util/xml-safe.js';

// graphology ships CommonJS: its default export is the Graph class.
const Graph = (graphology as unknown as { DirectedGraph: new () => AbstractGraph }).DirectedGraph;

/** Edges drawn or exported by default: the heaviest pairs; Gephi takes more, a browser picture not. */
export const COMM_GRAPH_EDGES = 400;

/** Verdicts that say a message was altered or its signature forged (DESIGN "Stable outputs"). */
const ALARMING = ['body-altered', 'signature-invalid'];

export interface CommNode {
  id: string;
  label: string;
  domain: string;
  sent: number;
  received: number;
  /** Messages sent by this address whose verdict is alarming or that carry a high-severity flag. */
  suspect: number;
}

export interface CommEdge {
  source: string;
  target: string;
  messages: number;
  first: string | null;
  last: string | null;
}

/**
 * The e-mail communication graph (comm_edges, built by the analysis: sender → each recipient),
 * its heaviest `limit` edges and their endpoints with display names, domain, message counts and
 * how many of their sent messages are suspect. Null when the analysis has not run.
 * @example commGraph(store, 200)?.nodes[0]?.label
 */
export function commGraph(
  store: Store,
  limit = COMM_GRAPH_EDGES,
): { nodes: CommNode[]; edges: CommEdge[] } | null {
  const db = store.db;
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'comm_edges'").get()) return null;
  const edges = db
    .prepare(
      'SELECT src AS source, dst AS target, messages, first, last FROM comm_edges ORDER BY messages DESC, src, dst LIMIT ?',
    )
    .all(limit) as CommEdge[];
  const ids = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
  if (!ids.length) return { nodes: [], edges };
  const marks = ids.map(() => '?').join(',');
  const hasVerdicts = !!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'verdicts'").get();
  const suspectSql = hasVerdicts
    ? `(SELECT count(DISTINCT e.id) FROM emails e WHERE e.from_addr = a.address AND (
         e.id IN (SELECT item_id FROM verdicts WHERE verdict IN (${ALARMING.map(() => '?').join(',')}))
         OR e.id IN (SELECT item_id FROM flags WHERE severity IN ('high', 'critical'))))`
    : `(SELECT count(DISTINCT e.id) FROM emails e WHERE e.from_addr = a.address AND
         e.id IN (SELECT item_id FROM flags WHERE severity IN ('high', 'critical')))`;
  const rows = db
    .prepare(
      `SELECT a.address AS id, max(a.name) AS label, sum(a.role = 'from') AS sent, sum(a.role IN ('to', 'cc', 'bcc')) AS received,
              ${suspectSql} AS suspect
         FROM addresses a WHERE a.address IN (${marks}) GROUP BY a.address`,
    )
    .all(...(hasVerdicts ? ALARMING : []), ...ids) as CommNode[];
  const nodes = rows.map((r) => ({
    ...r,
    label: r.label || r.id,
    domain: r.id.split('@')[1] ?? '',
  }));
  return { nodes, edges };
}

/**
 * The communication graph as GEXF 1.3 (namespace http://gexf.net/1.3), for Gephi: directed edges
 * weighted by message count, nodes with label, domain, sent, received and suspect counts.
 * @example writeFileSync('mail.gexf', commGexf(store)!)
 */
export function commGexf(store: Store, limit = COMM_GRAPH_EDGES): string | null {
  const g0 = commGraph(store, limit);
  if (!g0) return null;
  const g = new Graph();
  g.setAttribute('creator', 'leaklens');
  g.setAttribute('description', 'e-mail communication graph: sender → recipient, weight = messages');
  for (const n of g0.nodes) {
    const { id, ...attrs } = n;
    g.mergeNode(id, attrs);
  }
  for (const e of g0.edges) {
    g.mergeDirectedEdge(e.source, e.target, {
      weight: e.messages,
      first: e.first ?? '',
      last: e.last ?? '',
    });
  }
  xmlSafeGraph(g);
  return writeGexf(g, { version: '1.3' });
}
