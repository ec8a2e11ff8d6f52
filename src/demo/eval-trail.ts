import type { Store } from '../store/store.js';
import { trailWithLinks } from '../trail/with-links.js';
import { documentKey, emailKey, scoreTrail, type TrailEval } from './eval-trail-score.js';
import type { TrailTruth } from './truth.js';

/** An item's kind, SHA-256 and Message-ID: what truth.json names items by. */
export const ITEM_KEY_SQL =
  'SELECT i.kind, i.sha256, e.message_id FROM items i LEFT JOIN emails e ON e.id = i.id WHERE i.id = ?';

/**
 * Runs the trail on a demo case and scores it against truth.json's `trail` section
 * (eval-trail-score.ts): first seen, its order, hand-offs, item links, boilerplate left untied.
 * @example const r = await evalTrail(store, 'leaklens-demo/case', truth.trail);
 */
export async function evalTrail(store: Store, caseDir: string, t: TrailTruth): Promise<TrailEval> {
  const { trail, links } = await trailWithLinks(caseDir, Number.POSITIVE_INFINITY);
  const stmt = store.db.prepare(ITEM_KEY_SQL);
  const keys = new Map<string, string | null>();
  for (const id of new Set(links.map((l) => l.itemId))) {
    const r = stmt.get(id) as { kind: string; sha256: string | null; message_id: string | null } | undefined;
    keys.set(id, r?.message_id ? emailKey(r.message_id) : r?.sha256 ? documentKey(r.sha256) : null);
  }
  return scoreTrail(t, trail, links, (id) => keys.get(id) ?? null);
}
