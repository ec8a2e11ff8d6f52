import { basename } from 'node:path';
import type { SocialDb } from './db.js';
import type { ImportFailure } from './types.js';

/**
 * Account identity for sources whose ids can be damaged (CSV files opened and re-saved in a
 * spreadsheet). Excel keeps 15 significant digits, so an 18-digit X id such as
 * 906000000000000123 is written as 906000000000000000 or 9.06E+17, and several accounts end up
 * sharing one "id" (FiveThirtyEight's IRA release: 532 of 2,856 authors). Such rows are keyed by
 * platform + handle (`x:@handle`), and each conflict becomes a warning: distinct accounts are never
 * merged silently.
 */

/** True for an id a spreadsheet has rounded: scientific notation, or more than 15 digits ending in zeros past the 15th. */
export function isLossyId(id: string): boolean {
  const s = id.trim();
  if (/^\d+(\.\d+)?e\+?\d+$/i.test(s)) return true;
  return /^\d{16,}$/.test(s) && /^0+$/.test(s.slice(15));
}

/** The key of an account known only by its handle: `x:@ten_gop` (handles are case-insensitive). */
export function handleKey(platform: string, handle: string): string {
  return `${platform}:@${handle.toLowerCase()}`;
}

/** `platform:id`, or `platform:@handle` when the id was rounded; null when neither can be trusted. */
export function accountKey(platform: string, id: string, handle: string | null | undefined): string | null {
  if (id && !isLossyId(id)) return `${platform}:${id}`;
  return handle ? handleKey(platform, handle) : null;
}

const HANDLE_KEY = (col: string, platformCol: string) => `${platformCol} || ':@' || lower(${col})`;

/**
 * Re-keys staged rows (temp tables `sp` posts, `sa` accounts, `ss` shares) whose account id appears
 * with several handles, and reports every id↔handle conflict. Returns the warnings, one per conflict.
 */
export async function resolveIdentities(
  db: SocialDb,
  file: string,
  staged: { read: string; update: string[] } = { read: 'sp', update: ['sp'] },
): Promise<ImportFailure[]> {
  const sp = staged.read;
  await db.run(`CREATE OR REPLACE TEMP TABLE id_conflict AS
    SELECT account_id AS id, list(DISTINCT handle ORDER BY handle) AS handles FROM ${sp}
    WHERE handle IS NOT NULL AND handle <> '' AND NOT contains(account_id, ':@')
    GROUP BY account_id HAVING count(DISTINCT lower(handle)) > 1`);
  const ids = await db.all<{ id: string; handles: string[] }>('SELECT * FROM id_conflict ORDER BY id');
  if (ids.length) {
    await db.run(`UPDATE ss SET a = ${HANDLE_KEY('p.handle', 'p.platform')} FROM ${sp} p, id_conflict c
      WHERE ss.c = p.id AND p.account_id = c.id AND p.handle IS NOT NULL AND p.handle <> ''`);
    for (const t of staged.update)
      await db.run(`UPDATE ${t} SET account_id = ${HANDLE_KEY(`${t}.handle`, `${t}.platform`)} FROM id_conflict c
        WHERE ${t}.account_id = c.id AND ${t}.handle IS NOT NULL AND ${t}.handle <> ''`);
    await db.run(`UPDATE sa SET id = ${HANDLE_KEY('sa.handle', 'sa.platform')} FROM id_conflict c
      WHERE sa.id = c.id AND sa.handle IS NOT NULL AND sa.handle <> ''`);
  }
  // A handle keyed by handle (its id was rounded in some rows) that has exactly one exact id
  // elsewhere in the file is that account: the rounded rows join it.
  await db.run(`CREATE OR REPLACE TEMP TABLE id_join AS
    SELECT platform || ':@' || lower(handle) AS hk, min(account_id) AS id FROM ${sp}
    WHERE handle IS NOT NULL AND handle <> '' AND NOT contains(account_id, ':@')
    GROUP BY platform, lower(handle) HAVING count(DISTINCT account_id) = 1`);
  await db.run(`DELETE FROM id_join WHERE hk NOT IN (SELECT account_id FROM ${sp}) OR hk IN (
    SELECT ${HANDLE_KEY('p.handle', 'p.platform')} FROM ${sp} p JOIN id_conflict c ON p.account_id = c.id)`);
  await db.run('UPDATE ss SET a = j.id FROM id_join j WHERE ss.a = j.hk');
  for (const t of staged.update)
    await db.run(`UPDATE ${t} SET account_id = j.id FROM id_join j WHERE ${t}.account_id = j.hk`);
  await db.run('UPDATE sa SET id = j.id FROM id_join j WHERE sa.id = j.hk');
  const handles = await db.all<{
    h: string;
    ids: string[];
  }>(`SELECT lower(handle) AS h, list(DISTINCT account_id ORDER BY account_id) AS ids
    FROM ${sp} WHERE handle IS NOT NULL AND handle <> '' GROUP BY platform, lower(handle)
    HAVING count(DISTINCT account_id) > 1 ORDER BY h`);
  const warn = (reason: string, message: string): ImportFailure => ({
    file,
    line: 0,
    reason,
    message: `${basename(file)}: warning: ${message}`,
    warning: true,
  });
  return [
    ...ids.map((r) =>
      warn(
        'account-id-conflict',
        `account id ${r.id.replace(/^\w+:/, '')} appears with ${r.handles.length} handles (${list(r.handles)}): a spreadsheet may have rounded it; keyed by handle, not merged`,
      ),
    ),
    ...handles.map((r) =>
      warn(
        'handle-id-conflict',
        `handle @${r.h} appears under ${r.ids.length} account ids (${list(r.ids)}): kept as separate accounts`,
      ),
    ),
  ];
}

function list(xs: string[]): string {
  return xs.length > 5 ? `${xs.slice(0, 5).join(', ')}, …` : xs.join(', ');
}
