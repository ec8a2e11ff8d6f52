import { cachedOverview } from '../report/facts-cache.js';
import type { Store } from '../store/store.js';
import { topEdges } from './graph.js';
import { countMailboxes } from './mailboxes.js';
import { computeHeavy, type HeavyParts, readHeavy } from './overview-heavy.js';

/**
 * `leaklens overview --json`: the first page a journalist reads. Every figure comes from one SQL
 * aggregate over tables the triage stage filled, so it stays well under a second on 21k messages.
 * Stable keys: totals, byType, byMonth, byMailbox, topPeople, topOrganisations, money, sensitive,
 * threads, duplicates, outliers, topEdges.
 */
export interface Overview {
  totals: Record<
    'emails' | 'documents' | 'mailboxes' | 'threads' | 'identities' | 'sensitiveItems' | 'failures',
    number
  >;
  byType: { type: string; count: number }[];
  byMonth: { month: string; emails: number; documents: number }[];
  byMailbox: { mailbox: string; items: number }[];
  topPeople: { id: string; name: string; addresses: string[]; sightings: number }[];
  topOrganisations: { domain: string; messages: number; people: number }[];
  money: {
    mentions: number;
    byCurrency: { currency: string; mentions: number; items: number; max: number }[];
    largest: { itemId: string; amount: string; value: string }[];
  };
  sensitive: {
    byKind: { kind: string; items: number }[];
    items: { itemId: string; title: string; kinds: string[] }[];
  };
  threads: HeavyParts['threads'];
  duplicates: { exactGroups: number; nearGroups: number; items: number };
  outliers: { stage: string; kind: string; severity: string; items: number; sample: string[] }[];
  topEdges: ReturnType<typeof topEdges>;
}

const TITLE = "COALESCE(e.subject, d.filename, i.name, '')";
const hasTable = (s: Store, t: string) =>
  !!s.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t);

function totals(s: Store, triaged: boolean): Overview['totals'] {
  const n = (sql: string) => (s.db.prepare(sql).get() as { n: number }).n;
  return {
    emails: n('SELECT count(*) AS n FROM emails'),
    documents: n('SELECT count(*) AS n FROM documents'),
    mailboxes: countMailboxes(s.db),
    threads: triaged ? n('SELECT count(DISTINCT thread_id) AS n FROM threads') : 0,
    identities: triaged ? n('SELECT count(*) AS n FROM identities') : 0,
    sensitiveItems: n(
      "SELECT count(DISTINCT item_id) AS n FROM flags WHERE stage = 'triage' AND kind LIKE 'sensitive-%'",
    ),
    failures: n('SELECT count(*) AS n FROM failures'),
  };
}

function volumes(s: Store): Pick<Overview, 'byMonth'> {
  const byMonth = s.db
    .prepare(
      `SELECT month, sum(k = 'e') AS emails, sum(k = 'd') AS documents FROM (
         SELECT substr(date, 1, 7) AS month, 'e' AS k FROM emails WHERE date IS NOT NULL
         UNION ALL SELECT substr(COALESCE(json_extract(metadata_json, '$.modified'), json_extract(metadata_json, '$.created')), 1, 7), 'd'
         FROM documents WHERE COALESCE(json_extract(metadata_json, '$.modified'), json_extract(metadata_json, '$.created')) IS NOT NULL)
       WHERE month GLOB '[12][0-9][0-9][0-9]-[01][0-9]' GROUP BY month ORDER BY month`,
    )
    .all() as Overview['byMonth'];
  return { byMonth };
}

function people(s: Store): Pick<Overview, 'topPeople'> {
  const topPeople = (
    s.db
      .prepare('SELECT id, name, addresses_json, count FROM identities ORDER BY count DESC, name LIMIT 20')
      .all() as { id: string; name: string; addresses_json: string; count: number }[]
  ).map((r) => ({
    id: r.id,
    name: r.name,
    addresses: JSON.parse(r.addresses_json) as string[],
    sightings: r.count,
  }));
  return { topPeople };
}

function money(s: Store): Overview['money'] {
  const byCurrency = s.db
    .prepare(
      `SELECT substr(normalized, 1, 3) AS currency, count(*) AS mentions, count(DISTINCT item_id) AS items,
              max(CAST(substr(normalized, 5) AS REAL)) AS max FROM entities WHERE type = 'amount' GROUP BY currency ORDER BY mentions DESC`,
    )
    .all() as Overview['money']['byCurrency'];
  const largest = s.db
    .prepare(
      `SELECT item_id AS itemId, normalized AS amount, value FROM entities WHERE type = 'amount'
       GROUP BY item_id, normalized ORDER BY CAST(substr(normalized, 5) AS REAL) DESC, item_id LIMIT 15`,
    )
    .all() as Overview['money']['largest'];
  return { mentions: byCurrency.reduce((a, c) => a + c.mentions, 0), byCurrency, largest };
}

function sensitive(s: Store): Overview['sensitive'] {
  const byKind = s.db
    .prepare(
      "SELECT kind, count(DISTINCT item_id) AS items FROM flags WHERE stage = 'triage' AND kind LIKE 'sensitive-%' GROUP BY kind ORDER BY items DESC",
    )
    .all() as Overview['sensitive']['byKind'];
  const items = (
    s.db
      .prepare(
        `SELECT f.item_id AS itemId, ${TITLE} AS title, group_concat(DISTINCT f.kind) AS kinds FROM flags f
         JOIN items i ON i.id = f.item_id LEFT JOIN emails e ON e.id = i.id LEFT JOIN documents d ON d.id = i.id
         WHERE f.stage = 'triage' AND f.kind LIKE 'sensitive-%' GROUP BY f.item_id
         ORDER BY sum(f.severity = 'high') DESC, count(*) DESC, f.item_id LIMIT 50`,
      )
      .all() as { itemId: string; title: string; kinds: string }[]
  ).map((r) => ({ ...r, kinds: r.kinds.split(',').sort() }));
  return { byKind, items };
}

function duplicates(s: Store): Pick<Overview, 'duplicates'> {
  const d = s.db
    .prepare(
      `SELECT count(DISTINCT CASE WHEN kind = 'exact' THEN group_id END) AS exactGroups,
              count(DISTINCT CASE WHEN kind = 'near' THEN group_id END) AS nearGroups, count(DISTINCT item_id) AS items FROM duplicates`,
    )
    .get() as Overview['duplicates'];
  return { duplicates: d };
}

function outliers(s: Store): Overview['outliers'] {
  const rows = s.db
    .prepare(
      `SELECT stage, kind, max(severity) AS severity, count(DISTINCT item_id) AS items, group_concat(DISTINCT item_id) AS ids
       FROM flags WHERE NOT (stage = 'triage' AND kind LIKE 'sensitive-%') GROUP BY stage, kind
       ORDER BY CASE max(severity) WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, items DESC, kind`,
    )
    .all() as { stage: string; kind: string; severity: string; items: number; ids: string }[];
  return rows.map((r) => ({
    stage: r.stage,
    kind: r.kind,
    severity: r.severity,
    items: r.items,
    sample: r.ids.split(',').slice(0, 5),
  }));
}

/**
 * Builds the overview of a case. Works before triage ran (triage sections are then empty).
 * @example const o = overview(Store.open('./leaklens-case')); o.byType[0] // { type: 'invoice', count: 2310 }
 */
export function overview(store: Store): Overview {
  // Kept with the case's fingerprint (report/facts-cache.ts): seconds of GROUP BYs on 1,000,000 items.
  return cachedOverview(store, 'overview', () => computeOverview(store));
}

function computeOverview(store: Store): Overview {
  const triaged = hasTable(store, 'doc_types');
  const empty = {
    topPeople: [],
    topOrganisations: [],
    byType: [],
    threads: [],
    duplicates: { exactGroups: 0, nearGroups: 0, items: 0 },
    money: { mentions: 0, byCurrency: [], largest: [] },
    topEdges: [],
  };
  const t = triaged
    ? {
        ...people(store),
        byType: store.db
          .prepare('SELECT type, count(*) AS count FROM doc_types GROUP BY type ORDER BY count DESC, type')
          .all() as Overview['byType'],
        ...duplicates(store),
        money: money(store),
        topEdges: topEdges(store, 10),
      }
    : empty;
  const heavy = readHeavy(store) ?? computeHeavy(store, triaged);
  return {
    totals: totals(store, triaged),
    ...volumes(store),
    ...t,
    ...heavy,
    sensitive: sensitive(store),
    outliers: outliers(store),
  };
}
