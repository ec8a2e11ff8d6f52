import { byCodePoint } from '../case/has-table.js';
import type { SqlDb } from '../case/sql-db.js';
import { UserError } from '../core/errors.js';
import type { Store } from '../store/store.js';

/** How many candidates an "ambiguous prefix" error lists. */
const MAX_CANDIDATES = 8;

/**
 * The one item an id or id prefix names (`em-3f2a` for `em-3f2a9c…`), as git resolves short
 * hashes. Throws a UserError naming the prefix: 'not-found' when nothing matches, 'ambiguous' with
 * the first candidates when several do. An exact id always wins, even if it prefixes another.
 * @example resolveItemId(store, 'em-d31b') // 'em-d31b83e4e7eec00eb517b9e1'
 */
export function resolveItemId(store: Store, prefix: string, what = 'item'): string {
  const p = prefix.trim();
  const rows = p
    ? (store.db
        .prepare('SELECT id FROM items WHERE id >= ? AND id < ? || char(1114111) ORDER BY id LIMIT ?')
        .all(p, p, MAX_CANDIDATES + 1) as { id: string }[])
    : [];
  return pick(rows, p, store.path, what);
}

/**
 * The same through the case layer, for a laptop or a team case (`where` names it in messages).
 * @example await resolveItemIdIn(store.db, 'em-d31b', 'case "macron"') // 'em-d31b83e4e7eec00eb517b9e1'
 */
export async function resolveItemIdIn(
  db: SqlDb,
  prefix: string,
  where: string,
  what = 'item',
): Promise<string> {
  const p = prefix.trim();
  // Ids that start with p lie between p and p + the last code point, compared by code point.
  const id = byCodePoint(db, 'id');
  const rows = p
    ? await db.all<{ id: string }>(
        `SELECT id FROM items WHERE ${id} >= ? AND ${id} < ? ORDER BY ${id} LIMIT ?`,
        [p, `${p}\u{10FFFF}`, MAX_CANDIDATES + 1],
      )
    : [];
  return pick(rows, p, where, what);
}

function pick(rows: { id: string }[], p: string, where: string, what: string): string {
  const exact = rows.find((r) => r.id === p);
  if (exact) return exact.id;
  if (rows.length === 1) return rows[0]!.id;
  if (!rows.length)
    throw new UserError(`no ${what} "${p}" in ${where} (find ids with "leaklens search")`, 'not-found');
  const more = rows.length > MAX_CANDIDATES ? ', …' : '';
  throw new UserError(
    `"${p}" is ambiguous: ${rows.length > MAX_CANDIDATES ? 'more than ' : ''}${Math.min(rows.length, MAX_CANDIDATES)} ids start with it (${rows
      .slice(0, MAX_CANDIDATES)
      .map((r) => r.id)
      .join(', ')}${more}); give more characters`,
    'ambiguous',
  );
}
