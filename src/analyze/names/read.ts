import type Database from 'better-sqlite3';
import { NAME_MENTIONS_SQL, type NameMentionRow } from '../../case/sql/name-mentions.js';
import { hasTable } from '../../store/tables.js';
import { nameKey } from '../identities.js';

/**
 * Readers of the names found in running text, for the people views (CLI, workbench, report):
 * the names most often written, and the passages that name one person. A case triaged before
 * names were found simply has none (the table is empty), and a case never triaged has no
 * identities: both read as "nothing named", never as an error.
 */
export interface NamedInText {
  type: 'PER' | 'ORG' | 'LOC';
  key: string;
  text: string;
  mentions: number;
  items: number;
  /** The identity of the case this name was linked to (a sender, an author), when one was. */
  identity: { id: string; name: string; addresses: string[] } | null;
}

const ready = (db: Database.Database) => hasTable(db, 'name_mentions');

/**
 * @example namedInText(store.db, { type: 'PER', limit: 20 })[0] // { type: 'PER', text: 'Jean Dupont', mentions: 12, … }
 */
export function namedInText(
  db: Database.Database,
  opts: { type?: 'PER' | 'ORG' | 'LOC'; limit?: number } = {},
): NamedInText[] {
  if (!ready(db)) return [];
  const t = opts.type ?? '';
  const rows = db.prepare(NAME_MENTIONS_SQL.top).all(t, t, opts.limit ?? 100) as (Omit<
    NamedInText,
    'identity'
  > & { identity_id: string | null })[];
  const idOf = hasTable(db, 'identities')
    ? db.prepare('SELECT id, name, addresses_json FROM identities WHERE id = ?')
    : null;
  return rows.map(({ identity_id, ...r }) => {
    const i = identity_id
      ? (idOf?.get(identity_id) as { id: string; name: string; addresses_json: string } | undefined)
      : undefined;
    return {
      ...r,
      identity: i ? { id: i.id, name: i.name, addresses: JSON.parse(i.addresses_json) as string[] } : null,
    };
  });
}

/** Identity ids of the case that a person's addresses or name belong to (identity_forms). */
export function identityIdsOf(
  db: Database.Database,
  person: { addresses: string[]; name: string },
): string[] {
  if (!hasTable(db, 'identity_forms')) return [];
  const forms = [...person.addresses.map((a) => a.toLowerCase()), nameKey(person.name)].filter(Boolean);
  const q = db.prepare('SELECT identity_id FROM identity_forms WHERE form = ?');
  return [
    ...new Set(forms.flatMap((f) => (q.all(f) as { identity_id: string }[]).map((r) => r.identity_id))),
  ];
}

/**
 * The passages naming one person: mentions linked to their identity, and unlinked mentions under
 * the same name key. Each passage holds the name between « ».
 */
export function passagesNaming(
  db: Database.Database,
  person: { addresses: string[]; name: string },
  limit = 50,
): NameMentionRow[] {
  if (!ready(db)) return [];
  const key = nameKey(person.name) || '\u0000';
  const ids = identityIdsOf(db, person);
  const seen = new Set<string>();
  const out: NameMentionRow[] = [];
  for (const id of ids.length ? ids : ['\u0000']) {
    for (const r of db.prepare(NAME_MENTIONS_SQL.passagesOf).all(id, key, limit) as NameMentionRow[]) {
      const k = `${r.item_id}:${r.field}:${r.start}`;
      if (!seen.has(k) && out.length < limit) {
        seen.add(k);
        out.push(r);
      }
    }
  }
  return out;
}

/**
 * Counts of mentions per person in one pass, for lists: `count({ addresses, name })` adds the
 * mentions linked to their identities and the unlinked ones under their name key.
 */
export function mentionCounter(
  db: Database.Database,
): (person: { addresses: string[]; name: string }) => number {
  if (!ready(db)) return () => 0;
  const byId = new Map<string, number>();
  const byKey = new Map<string, number>();
  const rows = db
    .prepare(
      "SELECT identity_id, name_key, count(*) AS n FROM name_mentions WHERE type = 'PER' GROUP BY identity_id, name_key",
    )
    .all() as { identity_id: string | null; name_key: string; n: number }[];
  for (const r of rows) {
    if (r.identity_id) byId.set(r.identity_id, (byId.get(r.identity_id) ?? 0) + r.n);
    else byKey.set(r.name_key, (byKey.get(r.name_key) ?? 0) + r.n);
  }
  return (p) =>
    identityIdsOf(db, p).reduce((s, id) => s + (byId.get(id) ?? 0), 0) + (byKey.get(nameKey(p.name)) ?? 0);
}

/** Items whose text names one name (type and key as `namedInText` gives them), for citations. */
export function itemsNaming(db: Database.Database, type: string, key: string, limit = 5): string[] {
  if (!ready(db)) return [];
  return (db.prepare(NAME_MENTIONS_SQL.itemsOf).all(type, key, limit) as { item_id: string }[]).map(
    (r) => r.item_id,
  );
}
