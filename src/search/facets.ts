import { JOINS } from './plan.js';

export interface FacetValue {
  value: string;
  count: number;
}

/**
 * One facet: a count per value over the hit set `search_hits(rid)` (item row ids). The SQL is the
 * same on both backends: on SQLite `search_hits` is a temporary table filled once per search, on
 * PostgreSQL a common table expression of the same name (search-case.ts).
 */
export interface FacetDef {
  name: string;
  sql: string;
  limit: number;
  /** A table of another area the facet reads; the facet is left out while it does not exist. */
  needs?: string;
}

const BASE = `FROM search_hits h JOIN items i ON i.rowid = h.rid ${JOINS}`;
const WHEN = 'i.date';

export const FACETS: readonly FacetDef[] = [
  {
    name: 'kind',
    sql: `SELECT i.kind AS value, count(*) AS count ${BASE} GROUP BY 1 ORDER BY 2 DESC`,
    limit: 15,
  },
  {
    name: 'sender',
    sql: `SELECT e.from_addr AS value, count(*) AS count ${BASE} WHERE e.from_addr IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
    limit: 15,
  },
  {
    name: 'domain',
    sql: `SELECT e.from_domain AS value, count(*) AS count ${BASE} WHERE e.from_domain IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
    limit: 15,
  },
  {
    name: 'recipient',
    sql: `SELECT a.address AS value, count(DISTINCT a.item_id) AS count FROM search_hits h JOIN items i ON i.rowid = h.rid JOIN addresses a ON a.item_id = i.id WHERE a.role IN ('to', 'cc', 'bcc') GROUP BY 1 ORDER BY 2 DESC, 1`,
    limit: 15,
  },
  {
    name: 'attachment',
    sql: `SELECT CASE WHEN e.attachment_count > 0 THEN 'with attachments' ELSE 'without' END AS value, count(*) AS count ${BASE} WHERE e.id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
    limit: 15,
  },
  {
    name: 'language',
    sql: `SELECT d.language AS value, count(*) AS count ${BASE} WHERE d.language IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
    limit: 15,
  },
  {
    name: 'month',
    sql: `SELECT substr(${WHEN}, 1, 7) AS value, count(*) AS count ${BASE} WHERE ${WHEN} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    limit: 600,
  },
  {
    name: 'verdict',
    sql: 'SELECT v.verdict AS value, count(*) AS count FROM search_hits h JOIN items i ON i.rowid = h.rid JOIN verdicts v ON v.item_id = i.id GROUP BY 1 ORDER BY 2 DESC',
    limit: 15,
    needs: 'verdicts',
  },
  {
    name: 'type',
    sql: 'SELECT t.type AS value, count(*) AS count FROM search_hits h JOIN items i ON i.rowid = h.rid JOIN doc_types t ON t.item_id = i.id GROUP BY 1 ORDER BY 2 DESC',
    limit: 15,
    needs: 'doc_types',
  },
];

/** Empty values are not shown as a facet entry. */
export const shown = (rows: FacetValue[]) => rows.filter((f) => f.value !== null && f.value !== '');
