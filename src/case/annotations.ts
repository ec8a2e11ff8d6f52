import {
  DELETE_ANNOTATION,
  DELETE_SAVED_SEARCH,
  INSERT_ANNOTATION,
  INSERT_SAVED_SEARCH,
  ITEM_EXISTS,
  MAX_ANNOTATION_ID,
  SELECT_ALL_ANNOTATIONS,
  SELECT_ANNOTATION,
  SELECT_ANNOTATIONS_AFTER,
  SELECT_ITEM_ANNOTATIONS,
  SELECT_SAVED_SEARCHES,
  SELECT_TAG_COUNTS,
} from './sql/annotations.js';
import type { SqlDb } from './sql-db.js';

/**
 * Tags, notes and saved searches of a case (core tables `annotations` and `saved_searches`), read
 * and written on SQLite or PostgreSQL alike. Every write is its own row.
 */

export interface Annotation {
  id: number;
  kind: string;
  value: string;
  author: string | null;
  createdAt: string;
}

/** The tags and notes on one item, oldest first. */
export function itemAnnotations(db: SqlDb, itemId: string): Promise<Annotation[]> {
  return db.all<Annotation>(SELECT_ITEM_ANNOTATIONS, [itemId]);
}

/** Whether an item with this id exists. */
export async function itemExists(db: SqlDb, itemId: string): Promise<boolean> {
  return Boolean(await db.get(ITEM_EXISTS, [itemId]));
}

/**
 * Adds a tag or note; returns its id, or undefined when the same user already put this tag on
 * this item (see INSERT_ANNOTATION).
 */
export async function addAnnotation(
  db: SqlDb,
  a: { itemId: string; kind: string; value: string; author: string | null; createdAt: string },
): Promise<number | undefined> {
  const row = await db.get<{ id: number }>(INSERT_ANNOTATION, [
    a.itemId,
    a.kind,
    a.value,
    a.author,
    a.createdAt,
  ]);
  return row ? Number(row.id) : undefined;
}

/** One annotation's item and author (who may remove it), or undefined. */
export function annotationOwner(
  db: SqlDb,
  id: number,
): Promise<{ id: number; itemId: string; author: string | null } | undefined> {
  return db.get<{ id: number; itemId: string; author: string | null }>(SELECT_ANNOTATION, [id]);
}

export async function deleteAnnotation(db: SqlDb, id: number): Promise<void> {
  await db.run(DELETE_ANNOTATION, [id]);
}

/** Every annotation (tags first) with the title of its item, and every tag with its count. */
export async function allAnnotations(db: SqlDb): Promise<{ tags: unknown[]; annotations: unknown[] }> {
  const annotations = await db.all(SELECT_ALL_ANNOTATIONS);
  const tags = await db.all(SELECT_TAG_COUNTS);
  return { tags, annotations };
}

/** Annotations written after id `after` (every user's), and the last id there is. */
export async function annotationsAfter(
  db: SqlDb,
  after: number,
): Promise<{ last: number; annotations: unknown[] }> {
  const annotations = await db.all(SELECT_ANNOTATIONS_AFTER, [after]);
  const last = await db.get<{ id: number }>(MAX_ANNOTATION_ID);
  return { last: Number(last?.id ?? 0), annotations };
}

export function savedSearches(db: SqlDb): Promise<unknown[]> {
  return db.all(SELECT_SAVED_SEARCHES);
}

/** Saves a search; returns its id. */
export async function addSavedSearch(
  db: SqlDb,
  s: { name: string; query: string; createdAt: string },
): Promise<number> {
  const row = await db.get<{ id: number }>(INSERT_SAVED_SEARCH, [s.name, s.query, s.createdAt]);
  return Number(row?.id);
}

/** Removes a saved search; whether there was one. */
export async function deleteSavedSearch(db: SqlDb, id: number): Promise<boolean> {
  return (await db.run(DELETE_SAVED_SEARCH, [id])).changes > 0;
}
