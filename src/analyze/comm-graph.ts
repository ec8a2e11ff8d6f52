import graphology from 'graphology';
import { write as writeGexf } from 'graphology-gexf';
import type { AbstractGraph } from 'graphology-types';
import { byCodePoint, tableExists } from '../case/has-table.js';
import { countWhere } from '../case/portable.js';
import type { SqlDb } from '../case/sql-db.js';
import { tableReady } from '../case/stage-ran.js';
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
 * how many of their sent messages are suspect. Null when the analysis has not run. Through the case
 * layer: a laptop case and a team case give the same graph.
 * @example (await commGraph(db, 200))?.nodes[0]?.label
 */
export async function commGraph(
  db: SqlDb,
  limit = COMM_GRAPH_EDGES,
): Promise<{ nodes: CommNode[]; edges: CommEdge[] } | null> {
  if (!(await tableReady(db, 'comm_edges'))) return null;
  const cp = (e: string) => byCodePoint(db, e);
  const edges = (
    await db.all<CommEdge>(
      `SELECT src AS source, dst AS target, messages, first, last FROM comm_edges ORDER BY messages DESC, ${cp('src')}, ${cp('dst')} LIMIT ?`,
      [limit],
    )
  ).map((e) => ({ ...e, messages: Number(e.messages) }));
  const ids = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
  if (!ids.length) return { nodes: [], edges };
  const marks = ids.map(() => '?').join(',');
  const hasVerdicts = await tableExists(db, 'verdicts');
  const suspectSql = hasVerdicts
    ? `(SELECT count(DISTINCT e.id) FROM emails e WHERE e.from_addr = a.address AND (
         e.id IN (SELECT item_id FROM verdicts WHERE verdict IN (${ALARMING.map(() => '?').join(',')}))
         OR e.id IN (SELECT item_id FROM flags WHERE severity IN ('high', 'critical'))))`
    : `(SELECT count(DISTINCT e.id) FROM emails e WHERE e.from_addr = a.address AND
         e.id IN (SELECT item_id FROM flags WHERE severity IN ('high', 'critical')))`;
  // Nodes in code point order of address (SQLite's GROUP BY order; PostgreSQL's is a hash's).
  const rows = await db.all<CommNode>(
    `SELECT a.address AS id, max(${cp('a.name')}) AS label, ${countWhere("a.role = 'from'")} AS sent,
            ${countWhere("a.role IN ('to', 'cc', 'bcc')")} AS received, ${suspectSql} AS suspect
       FROM addresses a WHERE a.address IN (${marks}) GROUP BY a.address ORDER BY ${cp('a.address')}`,
    [...(hasVerdicts ? ALARMING : []), ...ids],
  );
  const nodes = rows.map((r) => ({
    ...r,
    label: r.label || r.id,
    domain: r.id.split('@')[1] ?? '',
    sent: Number(r.sent),
    received: Number(r.received),
    suspect: Number(r.suspect),
  }));
  return { nodes, edges };
}

/**
 * The communication graph as GEXF 1.3 (namespace http://gexf.net/1.3), for Gephi: directed edges
 * weighted by message count, nodes with label, domain, sent, received and suspect counts.
 * @example writeFileSync('mail.gexf', (await commGexf(db))!)
 */
export async function commGexf(db: SqlDb, limit = COMM_GRAPH_EDGES): Promise<string | null> {
  const g0 = await commGraph(db, limit);
  if (!g0) return null;
  const g = new Graph();
  g.setAttribute('creator', 'leaklens');
  g.setAttribute('description', 'e-mail communication graph: sender → recipient, weight = messages');
  for (const n of g0.nodes) {
    const { id, ...attrs } = n;
    g.mergeNode(id, attrs);
  }
  // Edge ids by rank, not graphology's per-process counter: the same graph exports the same text
  // from any process (a laptop server, a team server, the CLI).
  for (const [i, e] of g0.edges.entries()) {
    g.mergeDirectedEdgeWithKey(`e${i}`, e.source, e.target, {
      weight: e.messages,
      first: e.first ?? '',
      last: e.last ?? '',
    });
  }
  xmlSafeGraph(g);
  return writeGexf(g, { version: '1.3' });
}
