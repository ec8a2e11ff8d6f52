import { byCodePoint } from '../case/has-table.js';
import { cachedOverviewOf } from '../case/overview-cache.js';
import { countWhere, jsonText } from '../case/portable.js';
import type { SqlDb } from '../case/sql-db.js';
import { stageRan } from '../case/stage-ran.js';
import { type Edge, topEdges } from './graph.js';
import { countMailboxesOf } from './mailboxes.js';
import type { HeavyParts } from './overview-heavy.js';
import { computeHeavy, readHeavy } from './overview-heavy.js';

/**
 * `leaklens overview --json`: the first page a journalist reads. Every figure comes from one SQL
 * aggregate over tables the triage stage filled, so it stays well under a second on 21k messages.
 * Stable keys: totals, byType, byMonth, byMailbox, topPeople, topOrganisations, money, sensitive,
 * threads, duplicates, outliers, topEdges. Read through the case layer, so a laptop case and a team
 * case give the same overview: text is ordered by code point, ties are broken by name or id, and
 * the items of a group (an outlier's sample) are listed in dump order (provenance, then id).
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
  topEdges: Edge[];
}

const TITLE = "COALESCE(e.subject, d.filename, i.name, '')";

/** A count or sum as a number (PostgreSQL returns the sum of BIGINTs as NUMERIC, a string). */
const nums = <T extends object>(row: T, keys: (keyof T)[]): T => {
  const out = { ...row };
  for (const k of keys) out[k] = Number(out[k]) as T[keyof T];
  return out;
};

async function totals(db: SqlDb, triaged: boolean): Promise<Overview['totals']> {
  const n = async (sql: string) => Number((await db.get<{ n: number }>(sql))?.n ?? 0);
  const [emails, documents, mailboxes, threads, identities, sensitiveItems, failures] = await Promise.all([
    n('SELECT count(*) AS n FROM emails'),
    n('SELECT count(*) AS n FROM documents'),
    countMailboxesOf(db),
    triaged ? n('SELECT count(DISTINCT thread_id) AS n FROM threads') : 0,
    triaged ? n('SELECT count(*) AS n FROM identities') : 0,
    n("SELECT count(DISTINCT item_id) AS n FROM flags WHERE stage = 'triage' AND kind LIKE 'sensitive-%'"),
    n('SELECT count(*) AS n FROM failures'),
  ]);
  return { emails, documents, mailboxes, threads, identities, sensitiveItems, failures };
}

async function volumes(db: SqlDb): Promise<Pick<Overview, 'byMonth'>> {
  const when = `COALESCE(${jsonText(db, 'metadata_json', 'modified')}, ${jsonText(db, 'metadata_json', 'created')})`;
  const isMonth =
    db.dialect === 'postgres'
      ? "month ~ '^[12][0-9]{3}-[01][0-9]$'"
      : "month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'";
  const rows = await db.all<Overview['byMonth'][number]>(
    `SELECT month, ${countWhere("k = 'e'")} AS emails, ${countWhere("k = 'd'")} AS documents FROM (
       SELECT substr(date, 1, 7) AS month, 'e' AS k FROM emails WHERE date IS NOT NULL
       UNION ALL SELECT substr(${when}, 1, 7), 'd' FROM documents WHERE ${when} IS NOT NULL) x
     WHERE ${isMonth} GROUP BY month ORDER BY ${byCodePoint(db, 'month')}`,
  );
  return { byMonth: rows.map((r) => nums(r, ['emails', 'documents'])) };
}

async function people(db: SqlDb): Promise<Pick<Overview, 'topPeople'>> {
  const cp = (e: string) => byCodePoint(db, e);
  const rows = await db.all<{ id: string; name: string; addresses_json: string; count: number }>(
    `SELECT id, name, addresses_json, count FROM identities ORDER BY count DESC, ${cp('name')}, ${cp('id')} LIMIT 20`,
  );
  const topPeople = rows.map((r) => ({
    id: r.id,
    name: r.name,
    addresses: JSON.parse(r.addresses_json) as string[],
    sightings: Number(r.count),
  }));
  return { topPeople };
}

async function money(db: SqlDb): Promise<Overview['money']> {
  const cp = (e: string) => byCodePoint(db, e);
  // SQLite's REAL is a double; PostgreSQL's REAL is a float4, so ask for the double by name there.
  const amount = `CAST(substr(normalized, 5) AS ${db.dialect === 'postgres' ? 'DOUBLE PRECISION' : 'REAL'})`;
  const [byCurrency, largest] = await Promise.all([
    db.all<Overview['money']['byCurrency'][number]>(
      `SELECT substr(normalized, 1, 3) AS currency, count(*) AS mentions, count(DISTINCT item_id) AS items,
              max(${amount}) AS max FROM entities WHERE type = 'amount'
        GROUP BY substr(normalized, 1, 3) ORDER BY mentions DESC, ${cp('substr(normalized, 1, 3)')}`,
    ),
    db.all<Overview['money']['largest'][number]>(
      `SELECT item_id AS "itemId", normalized AS amount, min(${cp('value')}) AS value FROM entities WHERE type = 'amount'
        GROUP BY item_id, normalized ORDER BY ${amount} DESC, ${cp('item_id')}, ${cp('normalized')} LIMIT 15`,
    ),
  ]);
  const currencies = byCurrency.map((c) => nums(c, ['mentions', 'items', 'max']));
  return { mentions: currencies.reduce((a, c) => a + c.mentions, 0), byCurrency: currencies, largest };
}

/** Distinct values of a comma-joined list, in the order given. */
const distinct = (list: string): string[] => [...new Set(list.split(','))];

async function sensitive(db: SqlDb): Promise<Overview['sensitive']> {
  const cp = (e: string) => byCodePoint(db, e);
  const [byKind, items] = await Promise.all([
    db.all<Overview['sensitive']['byKind'][number]>(
      `SELECT kind, count(DISTINCT item_id) AS items FROM flags WHERE stage = 'triage' AND kind LIKE 'sensitive-%'
        GROUP BY kind ORDER BY items DESC, ${cp('kind')}`,
    ),
    db.all<{ itemId: string; title: string; kinds: string }>(
      `SELECT f.item_id AS "itemId", max(${TITLE}) AS title, string_agg(f.kind, ',') AS kinds FROM flags f
         JOIN items i ON i.id = f.item_id LEFT JOIN emails e ON e.id = i.id LEFT JOIN documents d ON d.id = i.id
        WHERE f.stage = 'triage' AND f.kind LIKE 'sensitive-%' GROUP BY f.item_id
        ORDER BY ${countWhere("f.severity = 'high'")} DESC, count(*) DESC, ${cp('f.item_id')} LIMIT 50`,
    ),
  ]);
  return {
    byKind: byKind.map((k) => nums(k, ['items'])),
    items: items.map((r) => ({ ...r, kinds: distinct(r.kinds).sort() })),
  };
}

async function duplicates(db: SqlDb): Promise<Pick<Overview, 'duplicates'>> {
  const d = await db.get<Overview['duplicates']>(
    `SELECT count(DISTINCT CASE WHEN kind = 'exact' THEN group_id END) AS "exactGroups",
            count(DISTINCT CASE WHEN kind = 'near' THEN group_id END) AS "nearGroups", count(DISTINCT item_id) AS items FROM duplicates`,
  );
  return {
    duplicates: nums(d ?? { exactGroups: 0, nearGroups: 0, items: 0 }, [
      'exactGroups',
      'nearGroups',
      'items',
    ]),
  };
}

async function outliers(db: SqlDb): Promise<Overview['outliers']> {
  const cp = (e: string) => byCodePoint(db, e);
  const rows = await db.all<{ stage: string; kind: string; severity: string; items: number; ids: string }>(
    `SELECT f.stage, f.kind, max(${cp('f.severity')}) AS severity, count(DISTINCT f.item_id) AS items,
            string_agg(f.item_id, ',' ORDER BY ${cp('i.provenance')}, ${cp('f.item_id')}) AS ids
       FROM flags f LEFT JOIN items i ON i.id = f.item_id
      WHERE NOT (f.stage = 'triage' AND f.kind LIKE 'sensitive-%') GROUP BY f.stage, f.kind
      ORDER BY CASE max(${cp('f.severity')}) WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END,
               items DESC, ${cp('f.kind')}, ${cp('f.stage')}`,
  );
  return rows.map((r) => ({
    stage: r.stage,
    kind: r.kind,
    severity: r.severity,
    items: Number(r.items),
    sample: distinct(r.ids).slice(0, 5),
  }));
}

/**
 * Builds the overview of a case, on either engine. Works before triage ran (triage sections are
 * then empty).
 * @example const o = await overview(new SqliteDb(store.db)); o.byType[0] // { type: 'invoice', count: 2310 }
 */
export function overview(db: SqlDb): Promise<Overview> {
  // Kept with the case's fingerprint (case/overview-cache.ts): seconds of GROUP BYs on 1,000,000 items.
  return cachedOverviewOf(db, 'overview', () => computeOverview(db));
}

async function computeOverview(db: SqlDb): Promise<Overview> {
  const triaged = await stageRan(db, 'triage');
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
        ...(await people(db)),
        byType: (
          await db.all<Overview['byType'][number]>(
            `SELECT type, count(*) AS count FROM doc_types GROUP BY type ORDER BY count DESC, ${byCodePoint(db, 'type')}`,
          )
        ).map((r) => nums(r, ['count'])),
        ...(await duplicates(db)),
        money: await money(db),
        topEdges: await topEdges(db, 10),
      }
    : empty;
  const heavy = (await readHeavy(db)) ?? (await computeHeavy(db, triaged));
  return {
    totals: await totals(db, triaged),
    ...(await volumes(db)),
    ...t,
    ...heavy,
    sensitive: await sensitive(db),
    outliers: await outliers(db),
  };
}
