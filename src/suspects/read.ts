/**
 * The one place the suspects engine reads the case (SQL here only): verdicts, flags, and the
 * title, date, people, carriers and origin host of each item they name.
 */
import type { Store } from '../store/store.js';
import { flagSignal, SUSPECT_STAGES, verdictSignal } from './signals.js';
import type { ItemFacts, Signal } from './types.js';

/** An origin host or client seen on at most this many messages of the dump is rare enough to link suspects. */
export const RARE_ORIGIN = 3;

const has = (store: Store, table: string) =>
  !!store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);

const json = <T>(s: string | null, fallback: T): T => {
  try {
    return s ? (JSON.parse(s) as T) : fallback;
  } catch {
    return fallback;
  }
};

function signalsByItem(store: Store): Map<string, Signal[]> {
  const out = new Map<string, Signal[]>();
  const add = (id: string, s: Signal | null) => {
    if (s) out.set(id, [...(out.get(id) ?? []), s]);
  };
  if (has(store, 'verdicts')) {
    const rows = store.db
      .prepare(
        `SELECT item_id, verdict, reason, signatures_json FROM verdicts WHERE verdict IN ('body-altered', 'signature-invalid')`,
      )
      .all() as { item_id: string; verdict: string; reason: string; signatures_json: string }[];
    for (const r of rows) add(r.item_id, verdictSignal(r.verdict, r.reason, json(r.signatures_json, [])));
  }
  const flags = store.db
    .prepare(
      `SELECT item_id, kind, severity, message, evidence_json, stage FROM flags WHERE stage IN (${SUSPECT_STAGES.map(() => '?').join(', ')}) ORDER BY item_id, kind, id`,
    )
    .all(...SUSPECT_STAGES) as {
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
export function readItemFacts(store: Store): ItemFacts[] {
  const signals = signalsByItem(store);
  if (!signals.size) return [];
  const verdictCol = has(store, 'verdicts')
    ? '(SELECT verdict FROM verdicts v WHERE v.item_id = i.id)'
    : 'NULL';
  const item = store.db.prepare(
    `SELECT i.id, i.kind, i.sha256, i.date AS idate, e.subject, e.from_addr, e.to_json, e.message_id, e.date AS edate,
       e.headers_json, d.filename, d.metadata_json, ${verdictCol} AS verdict
     FROM items i LEFT JOIN emails e ON e.id = i.id LEFT JOIN documents d ON d.id = i.id WHERE i.id = ?`,
  );
  const parents = store.db.prepare(
    `SELECT DISTINCT l.parent_id AS id FROM locations l JOIN items p ON p.id = l.parent_id WHERE l.item_id = ? AND p.kind = 'Email' ORDER BY 1`,
  );
  const children = store.db.prepare(
    `SELECT DISTINCT l.item_id AS id FROM locations l JOIN items c ON c.id = l.item_id WHERE l.parent_id = ? AND c.kind = 'Document' ORDER BY 1`,
  );
  const out: ItemFacts[] = [];
  for (const [id, sigs] of signals) {
    const r = item.get(id) as ItemRow | undefined;
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
      carriedBy: isMail ? [] : (parents.all(id) as { id: string }[]).map((p) => p.id),
      carries: isMail ? (children.all(id) as { id: string }[]).map((c) => c.id) : [],
      rareOrigin: isMail ? originHost(headers) : null,
      rareClient: isMail ? clientOf(headers) : null,
      editor: editorOf(sigs),
    });
  }
  keepRare(store, out, 'rareOrigin', (o) => (/^[0-9a-f.:]+$/i.test(o) ? `[${o}]` : o));
  keepRare(store, out, 'rareClient', (c) => `"value":${JSON.stringify(c)}`);
  return out;
}

/** The client the message claims (X-Mailer, else User-Agent), as written. */
export function clientOf(headers: { name: string; value: string }[]): string | null {
  const h =
    headers.find((x) => x.name.toLowerCase() === 'x-mailer') ??
    headers.find((x) => x.name.toLowerCase() === 'user-agent');
  return h?.value.trim() || null;
}

/**
 * Only a host or client two suspects share can link them, and only if it is rare in the dump (a
 * busy relay or the organisation's usual mail client links nothing): count those few in the whole
 * dump (`needle` is how the value is written in headers_json), forget the rest.
 */
function keepRare(
  store: Store,
  items: ItemFacts[],
  field: 'rareOrigin' | 'rareClient',
  needle: (v: string) => string,
): void {
  const seen = new Map<string, number>();
  for (const i of items) {
    const v = i[field];
    if (v) seen.set(v, (seen.get(v) ?? 0) + 1);
  }
  const count = store.db.prepare('SELECT count(*) AS n FROM emails WHERE instr(headers_json, ?) > 0');
  const rare = new Set(
    [...seen]
      .filter(([v, n]) => n >= 2 && (count.get(needle(v)) as { n: number }).n <= RARE_ORIGIN)
      .map(([v]) => v),
  );
  for (const i of items) {
    const v = i[field];
    if (v && !rare.has(v)) i[field] = null;
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
