import { byCodePoint } from '../case/has-table.js';
import { asciiLower, countWhere, jsonText } from '../case/portable.js';
import type { SqlDb } from '../case/sql-db.js';

/**
 * Reads of the people seen in a case (addresses on mail, names in document metadata) for the
 * workbench's people pages, through the case layer: a laptop case and a team case answer alike
 * (ties by code point).
 */

export interface AddressRow {
  address: string;
  name: string | null;
  sent: number;
  received: number;
  messages: number;
}

/**
 * One page of the addresses seen on mail (matching `q`, lower-cased, in the address or the name),
 * most messages first, with how many match in all.
 */
export async function addressPage(
  db: SqlDb,
  o: { q: string; limit: number; offset: number },
): Promise<{ rows: AddressRow[]; total: number }> {
  const cp = (e: string) => byCodePoint(db, e);
  const where = o.q
    ? `WHERE ${asciiLower(db, 'address')} LIKE ? ESCAPE '\\' OR ${asciiLower(db, 'name')} LIKE ? ESCAPE '\\'`
    : '';
  const like = `%${o.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const params = o.q ? [like, like] : [];
  const [rows, count] = await Promise.all([
    db.all<AddressRow>(
      `SELECT address, max(${cp('name')}) AS name, ${countWhere("role = 'from'")} AS sent, ${countWhere("role != 'from'")} AS received,
              count(DISTINCT item_id) AS messages
         FROM addresses ${where} GROUP BY address ORDER BY messages DESC, ${cp('address')} LIMIT ? OFFSET ?`,
      [...params, o.limit, o.offset],
    ),
    db.get<{ n: number }>(`SELECT count(DISTINCT address) AS n FROM addresses ${where}`, params),
  ]);
  return {
    rows: rows.map((r) => ({
      ...r,
      sent: Number(r.sent),
      received: Number(r.received),
      messages: Number(r.messages),
    })),
    total: Number(count?.n ?? 0),
  };
}

/** The 100 names most often written as a document's author or last editor, with their counts. */
export async function documentAuthors(db: SqlDb): Promise<{ name: string; documents: number }[]> {
  const author = (k: string) => jsonText(db, 'metadata_json', k);
  const rows = await db.all<{ name: string; documents: number }>(
    `SELECT v AS name, count(*) AS documents FROM (
       SELECT ${author('author')} AS v FROM documents
       UNION ALL SELECT ${author('lastModifiedBy')} FROM documents) x
     WHERE v IS NOT NULL AND v != '' GROUP BY v ORDER BY 2 DESC, ${byCodePoint(db, 'v')} LIMIT 100`,
  );
  return rows.map((a) => ({ ...a, documents: Number(a.documents) }));
}

export interface AddressMessage {
  id: string;
  subject: string | null;
  from: string | null;
  date: string | null;
  /** The roles the address has on it (from, to, cc…), comma-separated. */
  roles: string;
}

/** The e-mails an address is on (at most 1,000, by date) and the name most written with it. */
export async function addressMessages(
  db: SqlDb,
  address: string,
): Promise<{ messages: AddressMessage[]; name: string | null }> {
  const cp = (e: string) => byCodePoint(db, e);
  const [messages, nameRow] = await Promise.all([
    db.all<AddressMessage>(
      `SELECT e.id, e.subject, e.from_addr AS "from", e.date, string_agg(a.role, ',' ORDER BY ${cp('a.role')}) AS roles
         FROM addresses a JOIN emails e ON e.id = a.item_id WHERE a.address = ?
        GROUP BY e.id, e.subject, e.from_addr, e.date ORDER BY ${cp('e.date')} NULLS FIRST, ${cp('e.id')} LIMIT 1000`,
      [address],
    ),
    db.get<{ n: string | null }>(`SELECT max(${cp('name')}) AS n FROM addresses WHERE address = ?`, [
      address,
    ]),
  ]);
  return { messages, name: nameRow?.n ?? null };
}

/** The 30 addresses on the most e-mails with this one. */
export async function correspondentsOf(
  db: SqlDb,
  address: string,
): Promise<{ value: string; label: string | null; count: number }[]> {
  const rows = await db.all<{ value: string; label: string | null; count: number }>(
    `SELECT b.address AS value, max(${byCodePoint(db, 'b.name')}) AS label, count(DISTINCT b.item_id) AS count
       FROM addresses a JOIN addresses b ON b.item_id = a.item_id AND b.address != a.address
      WHERE a.address = ? GROUP BY b.address ORDER BY 3 DESC, ${byCodePoint(db, 'b.address')} LIMIT 30`,
    [address],
  );
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/** E-mails an address is on, by month (YYYY-MM). */
export async function monthlyActivity(
  db: SqlDb,
  address: string,
): Promise<{ value: string; count: number }[]> {
  const rows = await db.all<{ value: string; count: number }>(
    `SELECT substr(e.date, 1, 7) AS value, count(DISTINCT e.id) AS count FROM addresses a JOIN emails e ON e.id = a.item_id
      WHERE a.address = ? AND e.date IS NOT NULL GROUP BY substr(e.date, 1, 7) ORDER BY ${byCodePoint(db, 'substr(e.date, 1, 7)')}`,
    [address],
  );
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}
