import type { Store } from '../store/store.js';

/**
 * Two different messages with the same Message-ID are both kept (ids are content hashes) and each
 * gets a flag naming the others: a re-sent copy, or a fabricated message reusing a real id.
 */
export function flagDuplicateMessageIds(store: Store): number {
  store.clearFlags('ingest');
  const groups = store.db
    .prepare(
      'SELECT message_id AS mid, group_concat(id) AS ids, count(*) AS n FROM emails WHERE message_id IS NOT NULL GROUP BY message_id HAVING n > 1',
    )
    .all() as { mid: string; ids: string; n: number }[];
  let flagged = 0;
  store.db.transaction(() => {
    for (const g of groups) {
      const ids = g.ids.split(',').sort();
      for (const id of ids) {
        store.addFlag({
          itemId: id,
          kind: 'duplicate-message-id',
          severity: 'medium',
          message: `${g.n} different messages share the Message-ID <${g.mid}>`,
          evidence: { messageId: g.mid, others: ids.filter((x) => x !== id) },
          stage: 'ingest',
        });
        flagged++;
      }
    }
  })();
  return flagged;
}
