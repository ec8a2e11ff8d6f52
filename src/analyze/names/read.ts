import { byCodePoint, tableExists } from '../../case/has-table.js';
import { NAME_MENTIONS_SQL, type NameMentionRow } from '../../case/sql/name-mentions.js';
import type { SqlDb } from '../../case/sql-db.js';
import { tableReady } from '../../case/stage-ran.js';
import { nameKey } from '../identities.js';

/**
 * Readers of the names found in running text, for the people views (CLI, workbench, report):
 * the names most often written, and the passages that name one person. A case triaged before
 * names were found simply has none (the table is empty), and a case never triaged has no
 * identities: both read as "nothing named", never as an error. Through the case layer: a laptop
 * case and a team case give the same rows.
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

const ready = (db: SqlDb) => tableExists(db, 'name_mentions');

/** NAME_MENTIONS_SQL's text of a name, its greatest spelling by code point on both engines. */
const topSql = (db: SqlDb) =>
  db.dialect === 'postgres'
    ? NAME_MENTIONS_SQL.top
        .replace('max(text)', `max(${byCodePoint(db, 'text')})`)
        .replace(
          'ORDER BY mentions DESC, name_key, identity_id',
          `ORDER BY mentions DESC, ${byCodePoint(db, 'name_key')}, ${byCodePoint(db, 'identity_id')}`,
        )
    : NAME_MENTIONS_SQL.top;

/**
 * @example (await namedInText(db, { type: 'PER', limit: 20 }))[0] // { type: 'PER', text: 'Jean Dupont', mentions: 12, … }
 */
export async function namedInText(
  db: SqlDb,
  opts: { type?: 'PER' | 'ORG' | 'LOC'; limit?: number } = {},
): Promise<NamedInText[]> {
  if (!(await ready(db))) return [];
  const t = opts.type ?? '';
  const rows = await db.all<Omit<NamedInText, 'identity'> & { identity_id: string | null }>(topSql(db), [
    t,
    t,
    opts.limit ?? 100,
  ]);
  const withIdentities = await tableReady(db, 'identities');
  return Promise.all(
    rows.map(async ({ identity_id, ...r }) => {
      const i =
        identity_id && withIdentities
          ? await db.get<{ id: string; name: string; addresses_json: string }>(
              'SELECT id, name, addresses_json FROM identities WHERE id = ?',
              [identity_id],
            )
          : undefined;
      return {
        ...r,
        mentions: Number(r.mentions),
        items: Number(r.items),
        identity: i ? { id: i.id, name: i.name, addresses: JSON.parse(i.addresses_json) as string[] } : null,
      };
    }),
  );
}

/** Identity ids of the case that a person's addresses or name belong to (identity_forms). */
export async function identityIdsOf(
  db: SqlDb,
  person: { addresses: string[]; name: string },
): Promise<string[]> {
  if (!(await tableReady(db, 'identity_forms'))) return [];
  const forms = [...person.addresses.map((a) => a.toLowerCase()), nameKey(person.name)].filter(Boolean);
  const found = await Promise.all(
    forms.map((f) =>
      db.all<{ identity_id: string }>('SELECT identity_id FROM identity_forms WHERE form = ?', [f]),
    ),
  );
  return [...new Set(found.flatMap((rows) => rows.map((r) => r.identity_id)))];
}

/**
 * The passages naming one person: mentions linked to their identity, and unlinked mentions under
 * the same name key. Each passage holds the name between « ».
 */
export async function passagesNaming(
  db: SqlDb,
  person: { addresses: string[]; name: string },
  limit = 50,
): Promise<NameMentionRow[]> {
  if (!(await ready(db))) return [];
  // NULL matches nothing on either engine (PostgreSQL refuses a NUL character in text).
  const key = nameKey(person.name) || null;
  const ids = await identityIdsOf(db, person);
  const sql =
    db.dialect === 'postgres'
      ? NAME_MENTIONS_SQL.passagesOf.replace(
          'ORDER BY item_id, field, start',
          `ORDER BY ${byCodePoint(db, 'item_id')}, ${byCodePoint(db, 'field')}, start`,
        )
      : NAME_MENTIONS_SQL.passagesOf;
  const seen = new Set<string>();
  const out: NameMentionRow[] = [];
  for (const id of ids.length ? ids : [null]) {
    for (const r of await db.all<NameMentionRow>(sql, [id, key, limit])) {
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
export async function mentionCounter(
  db: SqlDb,
): Promise<(person: { addresses: string[]; name: string }) => Promise<number>> {
  if (!(await ready(db))) return async () => 0;
  const byId = new Map<string, number>();
  const byKey = new Map<string, number>();
  const rows = await db.all<{ identity_id: string | null; name_key: string; n: number }>(
    "SELECT identity_id, name_key, count(*) AS n FROM name_mentions WHERE type = 'PER' GROUP BY identity_id, name_key",
  );
  for (const r of rows) {
    if (r.identity_id) byId.set(r.identity_id, (byId.get(r.identity_id) ?? 0) + Number(r.n));
    else byKey.set(r.name_key, (byKey.get(r.name_key) ?? 0) + Number(r.n));
  }
  return async (p) =>
    (await identityIdsOf(db, p)).reduce((s, id) => s + (byId.get(id) ?? 0), 0) +
    (byKey.get(nameKey(p.name)) ?? 0);
}

/** Items whose text names one name (type and key as `namedInText` gives them), for citations. */
export async function itemsNaming(db: SqlDb, type: string, key: string, limit = 5): Promise<string[]> {
  if (!(await ready(db))) return [];
  const sql =
    db.dialect === 'postgres'
      ? `SELECT item_id FROM name_mentions WHERE type = ? AND name_key = ? GROUP BY item_id ORDER BY ${byCodePoint(db, 'item_id')} LIMIT ?`
      : NAME_MENTIONS_SQL.itemsOf;
  return (await db.all<{ item_id: string }>(sql, [type, key, limit])).map((r) => r.item_id);
}
