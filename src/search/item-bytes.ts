import type { SqlDb } from '../case/sql-db.js';

/**
 * Reads of an item's body and original bytes for the workbench (the body frame, inline images,
 * downloads), on either engine; the item itself is read by getItem (item.ts).
 */

/** An e-mail's HTML and text bodies, or undefined when `id` is no e-mail. */
export async function emailBodies(
  db: SqlDb,
  id: string,
): Promise<{ html: string | null; text: string } | undefined> {
  return db.get<{ html: string | null; text: string }>('SELECT html, text FROM emails WHERE id = ?', [id]);
}

/** The original of an e-mail (its sha256), or undefined when `id` is no e-mail. */
export async function emailOriginal(db: SqlDb, id: string): Promise<string | null | undefined> {
  const row = await db.get<{ sha256: string | null }>(
    "SELECT sha256 FROM items WHERE id = ? AND kind = 'Email'",
    [id],
  );
  return row ? row.sha256 : undefined;
}

/**
 * The name of the first item stored with these bytes (both engines keep items' rowid), or
 * undefined when none has a name: a download's file name.
 */
export async function firstNameOfBlob(db: SqlDb, sha256: string): Promise<string | undefined> {
  const named = await db.get<{ name: string }>(
    'SELECT name FROM items WHERE sha256 = ? AND name IS NOT NULL ORDER BY rowid LIMIT 1',
    [sha256],
  );
  return named?.name;
}
