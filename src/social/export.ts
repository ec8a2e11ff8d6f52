import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { write as writeGexf } from 'graphology-gexf';
import type { AbstractGraph } from 'graphology-types';
import { xmlSafe, xmlSafeGraph } from '../util/xml-safe.js';
import { coordinationOn } from './coordinate.js';
import { SocialDb, sqlString } from './db.js';
import { createScope } from './scope.js';
import type { CoordinationOptions } from './signals/coordination.js';
import { coordinationGraph, groupsOf } from './signals/coordination-groups.js';
import type { PostFilter } from './types.js';

export type ExportFormat = 'csv' | 'parquet' | 'gexf' | 'graphml';

/**
 * Writes the posts, accounts and coordinated network of a filter to `outDir`:
 * CSV or Parquet (DuckDB `COPY … TO`: posts.*, accounts.*, coord_pairs.*, coord_edges.*), or the
 * coordinated network for Gephi (coordination.gexf / coordination.graphml, with group and
 * Louvain community per node and weight per edge). Returns the files written.
 * @example await exportCampaign('./leaklens-case', 'out/', 'parquet')
 */
export async function exportCampaign(
  caseDir: string,
  outDir: string,
  format: ExportFormat,
  opts: PostFilter & CoordinationOptions = {},
): Promise<string[]> {
  const db = await SocialDb.open(caseDir, { create: false });
  try {
    await createScope(db, opts);
    await coordinationOn(db, opts);
    if (format === 'csv' || format === 'parquet') return await copyTables(db, resolve(outDir), format);
    const g = await coordinationGraph(db, true);
    groupsOf(g);
    const file = join(resolve(outDir), `coordination.${format}`);
    // GEXF 1.3 (gexf.net/1.3): the writer's default 1.2 header names a viz namespace that does not
    // exist ("http:///www.gexf.net/1.1draft/viz"), which strict XML tools reject.
    xmlSafeGraph(g);
    writeFileSync(file, format === 'gexf' ? writeGexf(g, { version: '1.3' }) : graphml(g));
    return [file];
  } finally {
    db.close();
  }
}

/** CSV cannot hold lists: they are joined with spaces (hashtags, mentions, URLs, object ids have none). */
const join_ = (c: string) => `array_to_string(${c}, ' ') AS ${c}`;

async function copyTables(db: SocialDb, dir: string, format: 'csv' | 'parquet'): Promise<string[]> {
  const csv = format === 'csv';
  const opt = csv ? '(FORMAT csv, HEADER true)' : '(FORMAT parquet, COMPRESSION zstd)';
  const tables: Record<string, string> = {
    posts: `SELECT * EXCLUDE (ts) ${csv ? `REPLACE (${['hashtags', 'mentions', 'urls'].map(join_).join(', ')})` : ''},
      make_timestamp(ts * 1000) AS time FROM scoped ORDER BY ts, id`,
    accounts: 'SELECT * FROM accounts WHERE id IN (SELECT account_id FROM scoped) ORDER BY id',
    coord_pairs: `SELECT * EXCLUDE (ts, ts_y), make_timestamp(ts * 1000) AS time, make_timestamp(ts_y * 1000) AS time_y
      FROM coord_pairs ORDER BY ts, content_id, content_id_y`,
    coord_edges: `SELECT * ${csv ? `REPLACE (${join_('objects')})` : ''} FROM coord_edges ORDER BY weight DESC, account_id, account_id_y`,
  };
  const out: string[] = [];
  for (const [name, sql] of Object.entries(tables)) {
    const file = join(dir, `${name}.${format}`);
    await db.run(`COPY (${sql}) TO ${sqlString(file)} ${opt}`);
    out.push(file);
  }
  return out;
}

const esc = (s: string) => xmlSafe(s).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** GraphML 1.0 (graphml.graphdrawing.org): graphology-graphml 0.5 only parses, so this writes it. */
export function graphml(g: AbstractGraph): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '<key id="label" for="node" attr.name="label" attr.type="string"/>',
    '<key id="group" for="node" attr.name="group" attr.type="int"/>',
    '<key id="community" for="node" attr.name="community" attr.type="int"/>',
    '<key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
    '<key id="avgTimeDelta" for="edge" attr.name="avg_time_delta" attr.type="double"/>',
    '<graph id="coordination" edgedefault="undirected">',
  ];
  g.forEachNode((id: string, a: Record<string, unknown>) => {
    lines.push(
      `<node id="${esc(id)}"><data key="label">${esc(String(a.label ?? id))}</data><data key="group">${Number(a.group ?? 0)}</data><data key="community">${Number(a.community ?? 0)}</data></node>`,
    );
  });
  g.forEachEdge((_e: string, a: Record<string, unknown>, s: string, t: string) => {
    lines.push(
      `<edge source="${esc(s)}" target="${esc(t)}"><data key="weight">${Number(a.weight)}</data><data key="avgTimeDelta">${Number(a.avgTimeDelta)}</data></edge>`,
    );
  });
  lines.push('</graph>', '</graphml>');
  return `${lines.join('\n')}\n`;
}
