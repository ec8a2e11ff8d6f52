import type Database from 'better-sqlite3';
import { hasTable } from '../store/tables.js';

/**
 * What a list row says about an item before anyone opens it: its authenticity verdict (e-mails) and
 * the kinds of its flags, each with its strongest severity. Read for a whole page of ids at once
 * (two queries per page, never one per row), so every list (search hits, threads, attachments,
 * person pages, the documents table) can carry them cheaply.
 */
export interface FlagChip {
  kind: string;
  severity: string;
}

export interface Badges {
  verdict: string | null;
  flags: FlagChip[];
}

/** Strongest first: a list shows the flag that matters most before the others. */
const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
/** SQLite's default limit on bound parameters is 32766; pages are far smaller, chunks keep it safe. */
const CHUNK = 500;

const rank = (s: string) => SEVERITY_RANK[s] ?? 5;

/**
 * Verdict and flag chips of each id (ids without either get `{ verdict: null, flags: [] }`).
 * @example badgesFor(store.db, ['em-…', 'doc-…']).get('em-…')?.verdict // 'body-altered'
 */
export function badgesFor(db: Database.Database, ids: readonly string[]): Map<string, Badges> {
  const out = new Map<string, Badges>();
  const unique = [...new Set(ids)];
  for (const id of unique) out.set(id, { verdict: null, flags: [] });
  const withVerdicts = hasTable(db, 'verdicts');
  for (let i = 0; i < unique.length; i += CHUNK) {
    const part = unique.slice(i, i + CHUNK);
    const marks = part.map(() => '?').join(',');
    if (withVerdicts) {
      const rows = db
        .prepare(`SELECT item_id AS id, verdict FROM verdicts WHERE item_id IN (${marks})`)
        .all(...part) as { id: string; verdict: string }[];
      for (const r of rows) out.get(r.id)!.verdict = r.verdict;
    }
    const flags = db
      .prepare(
        `SELECT item_id AS id, kind, group_concat(DISTINCT severity) AS severities FROM flags
          WHERE item_id IN (${marks}) GROUP BY item_id, kind`,
      )
      .all(...part) as { id: string; kind: string; severities: string }[];
    for (const f of flags) {
      const severity = f.severities.split(',').sort((a, b) => rank(a) - rank(b))[0]!;
      out.get(f.id)!.flags.push({ kind: f.kind, severity });
    }
  }
  for (const b of out.values())
    b.flags.sort((a, c) => rank(a.severity) - rank(c.severity) || a.kind.localeCompare(c.kind));
  return out;
}

/**
 * The rows with `verdict` and `flags` added (an existing `verdict` field is overwritten).
 * @example withBadges(db, [{ id: 'em-…', subject: 'x' }])[0].flags
 */
export function withBadges<T extends object>(db: Database.Database, rows: T[]): (T & Badges)[] {
  const idOf = (r: T) => String((r as { id?: unknown }).id);
  const b = badgesFor(db, rows.map(idOf));
  return rows.map((r) => ({ ...r, ...b.get(idOf(r))! }));
}

/** A short plain-text marker for terminals: `[body-altered] !high-flag-kind ~medium-kind`. */
export function badgeText(b: Badges): string {
  const mark: Record<string, string> = { critical: '!', high: '!', medium: '~', low: '', info: '' };
  const parts = [
    b.verdict ? `[${b.verdict}]` : '',
    ...b.flags.map((f) => `${mark[f.severity] ?? ''}${f.kind}`),
  ];
  return parts.filter(Boolean).join(' ');
}
