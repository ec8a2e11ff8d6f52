/** Statements of tags, notes and saved searches (core tables), shared by SQLite and PostgreSQL. */

export const SELECT_ITEM_ANNOTATIONS =
  'SELECT id, kind, value, author, created_at AS "createdAt" FROM annotations WHERE item_id = ? ORDER BY id';
export const ITEM_EXISTS = 'SELECT 1 AS one FROM items WHERE id = ?';
/**
 * A user tagging an item twice with the same tag adds nothing (no row comes back: the unique index
 * annotations_tag_once of migration 3 holds, even for concurrent requests); two users' tags, and
 * every note, are each their own row.
 */
export const INSERT_ANNOTATION =
  'INSERT INTO annotations(item_id, kind, value, author, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id';
export const SELECT_ANNOTATION = 'SELECT id, item_id AS "itemId", author FROM annotations WHERE id = ?';
export const DELETE_ANNOTATION = 'DELETE FROM annotations WHERE id = ?';
export const SELECT_ALL_ANNOTATIONS = `SELECT a.id, a.item_id AS "itemId", a.kind, a.value, a.author, a.created_at AS "createdAt",
       i.kind AS "itemKind", coalesce(e.subject, i.name) AS title
  FROM annotations a LEFT JOIN items i ON i.id = a.item_id LEFT JOIN emails e ON e.id = a.item_id
 ORDER BY a.kind DESC, a.value, a.id LIMIT 5000`;
export const SELECT_TAG_COUNTS =
  "SELECT value, count(*) AS count FROM annotations WHERE kind = 'tag' GROUP BY 1 ORDER BY 2 DESC, 1";
/** Annotations written after a given id: what a page polls for to show other users' work live. */
export const SELECT_ANNOTATIONS_AFTER =
  'SELECT id, item_id AS "itemId", kind, value, author, created_at AS "createdAt" FROM annotations WHERE id > ? ORDER BY id LIMIT 500';
export const MAX_ANNOTATION_ID = 'SELECT coalesce(max(id), 0) AS id FROM annotations';

export const SELECT_SAVED_SEARCHES =
  'SELECT id, name, query, created_at AS "createdAt" FROM saved_searches ORDER BY name';
export const INSERT_SAVED_SEARCH =
  'INSERT INTO saved_searches(name, query, created_at) VALUES (?, ?, ?) RETURNING id';
export const DELETE_SAVED_SEARCH = 'DELETE FROM saved_searches WHERE id = ?';
