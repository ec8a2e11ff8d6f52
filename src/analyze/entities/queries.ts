import type { Store } from '../../store/store.js';
import { hasTable } from '../../store/tables.js';

/** Reads of the entities triage found (`leaklens entities`). */

/** Whether triage has run on this case (it creates the entities table). */
export const hasEntities = (store: Store): boolean => hasTable(store.db, 'entities');

export interface EntityOccurrence {
  itemId: string;
  type: string;
  value: string;
  normalized: string;
  field: string;
  start: number;
  end: number;
}

/** Every place a normalised value occurs (of one type, if given), by item and offset. */
export function entityOccurrences(
  store: Store,
  o: { value: string; type?: string; limit: number },
): EntityOccurrence[] {
  return store.db
    .prepare(
      `SELECT item_id AS itemId, type, value, normalized, field, start, "end" FROM entities WHERE normalized = ? ${o.type ? 'AND type = ?' : ''} ORDER BY item_id, start LIMIT ?`,
    )
    .all(...[o.value, ...(o.type ? [o.type] : []), o.limit]) as EntityOccurrence[];
}

export interface EntityTotal {
  type: string;
  normalized: string;
  mentions: number;
  items: number;
}

/** Values by the number of items they occur in, then mentions (of one type, if given). */
export function entityTotals(store: Store, o: { type?: string; limit: number }): EntityTotal[] {
  return store.db
    .prepare(
      `SELECT type, normalized, count(*) AS mentions, count(DISTINCT item_id) AS items FROM entities ${o.type ? 'WHERE type = ?' : ''} GROUP BY type, normalized ORDER BY items DESC, mentions DESC, normalized LIMIT ?`,
    )
    .all(...[...(o.type ? [o.type] : []), o.limit]) as EntityTotal[];
}
