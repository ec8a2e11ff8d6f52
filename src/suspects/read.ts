/**
 * The one place the suspects engine reads the case (SQL here only): verdicts, flags, and the
 * title, date, people, carriers and origin host of each item they name. Through the case layer:
 * a laptop case (SQLite) and a team case (PostgreSQL) give the same facts in the same order.
 */
import { byCodePoint, tableExists } from '../case/has-table.js';
import { position } from '../case/portable.js';
import type { SqlDb } from '../case/sql-db.js';
import { flagSignal, SUSPECT_STAGES, verdictSignal } from './signals.js';
import type { ItemFacts, Signal } from './types.js';

/** An origin host or client seen on at most this many messages of the dump is rare enough to link suspects. */
export const RARE_ORIGIN = 3;

/** Ids per statement: far below SQLite's limit on bound parameters. */
const CHUNK = 500;

const json = <T>(s: string | null, fallback: T): T => {
  try {
    return s ? (JSON.parse(s) as T) : fallback;
  } catch {
    return fallback;
  }
};

/**
 * Each item's signals: its failing verdict first, then its flags by kind and message. (Not by
 * flag id: a team case's workers write the same flags in another order than the laptop stage.)
 */
async function signalsByItem(db: SqlDb): Promise<Map<string, Signal[]>> {
  const out = new Map<string, Signal[]>();
  const add = (id: string, s: Signal | null) => {
    if (s) out.set(id, [...(out.get(id) ?? []), s]);
  };
  const cp = (e: string) => byCodePoint(db, e);
  if (await tableExists(db, 'verdicts')) {
    const rows = await db.all<{ item_id: string; verdict: string; reason: string; signatures_json: string }>(
      `SELECT item_id, verdict, reason, signatures_json FROM verdicts WHERE verdict IN ('body-altered', 'signature-invalid') ORDER BY ${cp('item_id')}`,
    );
    for (const r of rows) add(r.item_id, verdictSignal(r.verdict, r.reason, json(r.signatures_json, [])));
  }
  const flags = (await db.all(
    `SELECT item_id, kind, severity, message, evidence_json, stage FROM flags WHERE stage IN (${SUSPECT_STAGES.map(() => '?').join(', ')})
      ORDER BY ${cp('item_id')}, ${cp('kind')}, ${cp('message')}, ${cp('severity')}, ${cp('evidence_json')}, ${cp('stage')}`,
    SUSPECT_STAGES,
  )) as {
    item_id: string;
    kind: string;
    severity: string;
    message: string;
    evidence_json: string;
    stage: string;
  }[];
  for (const f of flags) add(f.item_id, flagSignal({ ...f, evidence: json(f.evidence_json, {}) }));
  return out;
}

interface ItemRow {
  id: string;
  kind: string;
  sha256: string | null;
  idate: string | null;
  subject: string | null;
  from_addr: string | null;
  to_json: string | null;
  message_id: string | null;
  edate: string | null;
  headers_json: string | null;
  filename: string | null;
  metadata_json: string | null;
  verdict: string | null;
}

/** Everything the ranking and the stories need about the items with at least one signal. */
export async function readItemFacts(db: SqlDb): Promise<ItemFacts[]> {
  const signals = await signalsByItem(db);
  if (!signals.size) return [];
  const verdictCol = (await tableExists(db, 'verdicts'))
    ? '(SELECT verdict FROM verdicts v WHERE v.item_id = i.id)'
    : 'NULL';
  const cp = (e: string) => byCodePoint(db, e);
  const items = new Map<string, ItemRow>();
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v]);
  // A few statements per chunk of ids, not three per item: on PostgreSQL each is a round trip.
  const ids = [...signals.keys()];
  for (let at = 0; at < ids.length; at += CHUNK) {
    const part = ids.slice(at, at + CHUNK);
    const marks = part.map(() => '?').join(',');
    const [rows, up, down] = await Promise.all([
      db.all<ItemRow>(
        `SELECT i.id, i.kind, i.sha256, i.date AS idate, e.subject, e.from_addr, e.to_json, e.message_id, e.date AS edate,
           e.headers_json, d.filename, d.metadata_json, ${verdictCol} AS verdict
         FROM items i LEFT JOIN emails e ON e.id = i.id LEFT JOIN documents d ON d.id = i.id WHERE i.id IN (${marks})`,
        part,
      ),
      db.all<{ item: string; id: string }>(
        `SELECT l.item_id AS item, l.parent_id AS id FROM locations l JOIN items p ON p.id = l.parent_id
          WHERE l.item_id IN (${marks}) AND p.kind = 'Email' GROUP BY l.item_id, l.parent_id ORDER BY ${cp('l.item_id')}, ${cp('l.parent_id')}`,
        part,
      ),
      db.all<{ item: string; id: string }>(
        `SELECT l.parent_id AS item, l.item_id AS id FROM locations l JOIN items c ON c.id = l.item_id
          WHERE l.parent_id IN (${marks}) AND c.kind = 'Document' GROUP BY l.parent_id, l.item_id ORDER BY ${cp('l.parent_id')}, ${cp('l.item_id')}`,
        part,
      ),
    ]);
    for (const r of rows) items.set(r.id, r);
    for (const r of up) push(parents, r.item, r.id);
    for (const r of down) push(children, r.item, r.id);
  }
  const out: ItemFacts[] = [];
  for (const [id, sigs] of signals) {
    const r = items.get(id);
    if (!r || (r.kind !== 'Email' && r.kind !== 'Document')) continue;
    const isMail = r.kind === 'Email';
    const meta = json<{ author?: string; lastModifiedBy?: string }>(r.metadata_json, {});
    const headers = isMail ? json<{ name: string; value: string }[]>(r.headers_json, []) : [];
    out.push({
      id,
      kind: isMail ? 'email' : 'document',
      title: isMail ? r.subject : r.filename,
      date: isMail ? (r.edate ?? r.idate) : r.idate,
      people: isMail
        ? [r.from_addr, ...json<{ address?: string }[]>(r.to_json, []).map((t) => t.address)].filter(
            (x): x is string => !!x,
          )
        : [...new Set([meta.lastModifiedBy, meta.author].filter((x): x is string => !!x))],
      messageId: r.message_id?.replace(/^<|>$/g, '') ?? null,
      sha256: r.sha256,
      verdict: r.verdict,
      signals: sigs,
      carriedBy: isMail ? [] : (parents.get(id) ?? []),
      carries: isMail ? (children.get(id) ?? []) : [],
      rareOrigin: isMail ? originHost(headers) : null,
      rareClient: isMail ? clientOf(headers) : null,
      editor: editorOf(sigs),
    });
  }
  await keepRare(db, out, {
    rareOrigin: (o) => (/^[0-9a-f.:]+$/i.test(o) ? `[${o}]` : o),
    rareClient: (c) => `"value":${JSON.stringify(c)}`,
  });
  return out;
}

/** The client the message claims (X-Mailer, else User-Agent), as written. */
export function clientOf(headers: { name: string; value: string }[]): string | null {
  const h =
    headers.find((x) => x.name.toLowerCase() === 'x-mailer') ??
    headers.find((x) => x.name.toLowerCase() === 'user-agent');
  return h?.value.trim() || null;
}

/** Needles counted per statement (one pass over every e-mail's headers for all of them). */
const NEEDLES = 100;

/**
 * Only a host or client two suspects share can link them, and only if it is rare in the dump (a
 * busy relay or the organisation's usual mail client links nothing): count those few in the whole
 * dump (`needles` say how each field's value is written in headers_json), forget the rest. Every
 * value is counted in one scan of the e-mails, not one scan each.
 */
async function keepRare(
  db: SqlDb,
  items: ItemFacts[],
  needles: Record<'rareOrigin' | 'rareClient', (v: string) => string>,
): Promise<void> {
  const fields = Object.keys(needles) as ('rareOrigin' | 'rareClient')[];
  const shared: { field: 'rareOrigin' | 'rareClient'; value: string; needle: string }[] = [];
  for (const field of fields) {
    const seen = new Map<string, number>();
    for (const i of items) {
      const v = i[field];
      if (v) seen.set(v, (seen.get(v) ?? 0) + 1);
    }
    for (const [value, n] of seen) if (n >= 2) shared.push({ field, value, needle: needles[field](value) });
  }
  const inDump: number[] = [];
  for (let at = 0; at < shared.length; at += NEEDLES) {
    const part = shared.slice(at, at + NEEDLES);
    const sums = part.map(
      (_x, i) => `sum(CASE WHEN ${position(db, 'headers_json')} > 0 THEN 1 ELSE 0 END) AS n${i}`,
    );
    const row = await db.get<Record<string, number | null>>(
      `SELECT ${sums.join(', ')} FROM emails`,
      part.map((x) => x.needle),
    );
    for (let i = 0; i < part.length; i++) inDump.push(Number(row?.[`n${i}`] ?? 0));
  }
  const rare = new Set(
    shared.filter((_x, i) => (inDump[i] as number) <= RARE_ORIGIN).map((x) => `${x.field}\0${x.value}`),
  );
  for (const i of items)
    for (const field of fields) {
      const v = i[field];
      if (v && !rare.has(`${field}\0${v}`)) i[field] = null;
    }
}

/** The client of the first (lowest) Received hop: "from HOST (… [IP])", IP preferred (RFC 5321 §4.4). */
export function originHost(headers: { name: string; value: string }[]): string | null {
  const received = headers.filter((h) => h.name.toLowerCase() === 'received');
  const first = received[received.length - 1]?.value;
  if (!first) return null;
  const ip = /\[([0-9a-fA-F.:]+)\]/.exec(first)?.[1];
  const host = /^\s*from\s+(\S+)/i.exec(first)?.[1];
  return ip ?? host ?? null;
}

function editorOf(sigs: Signal[]): string | null {
  for (const s of sigs) {
    const e = s.evidence.editor;
    if ((s.kind === 'outside-editor' || s.kind === 'edit-burst') && typeof e === 'string') return e;
  }
  return null;
}
