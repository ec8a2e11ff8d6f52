import { DELETE_STAGE_FLAGS, flagId, flagParams, UPSERT_FLAG } from '../case/sql/records.js';
import type { SqlDb } from '../case/sql-db.js';
import type { FlagRecord } from '../model/entities.js';

/** Every e-mail whose Message-ID another e-mail of the case also carries, grouped by that id. */
const SHARED_MESSAGE_IDS = `SELECT message_id AS mid, id FROM emails
  WHERE message_id IN (SELECT message_id FROM emails WHERE message_id IS NOT NULL
                        GROUP BY message_id HAVING count(*) > 1)
  ORDER BY message_id, id`;

/**
 * Two different messages with the same Message-ID are both kept (ids are content hashes) and each
 * gets a flag naming the others: a re-sent copy, or a fabricated message reusing a real id.
 * The end of an ingest on either database (laptop `ingest`, and the end of a team ingest in
 * src/team/finish.ts): the ingest stage's flags are replaced in one transaction, so a reader never
 * sees them half written and running it again writes the same rows.
 * @example await flagDuplicateMessageIds(new SqliteDb(store.db)) // 2 for one shared id
 */
export async function flagDuplicateMessageIds(db: SqlDb): Promise<number> {
  const rows = await db.all<{ mid: string; id: string }>(SHARED_MESSAGE_IDS);
  const groups = new Map<string, string[]>();
  for (const r of rows) {
    const g = groups.get(r.mid);
    if (g) g.push(r.id);
    else groups.set(r.mid, [r.id]);
  }
  const flags: FlagRecord[] = [];
  for (const [mid, list] of groups) {
    const ids = list.sort();
    for (const id of ids)
      flags.push({
        itemId: id,
        kind: 'duplicate-message-id',
        severity: 'medium',
        message: `${ids.length} different messages share the Message-ID <${mid}>`,
        evidence: { messageId: mid, others: ids.filter((x) => x !== id) },
        stage: 'ingest',
      });
  }
  await db.transaction(async (tx) => {
    await tx.run(DELETE_STAGE_FLAGS, ['ingest']);
    for (const f of flags) await tx.run(UPSERT_FLAG, flagParams(flagId(f), f));
  });
  return flags.length;
}
