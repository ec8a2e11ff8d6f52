import type Database from 'better-sqlite3';
import { tableExists } from '../case/has-table.js';
import type { SqlDb } from '../case/sql-db.js';
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

/** The queries of one chunk of ids (`marks` is its `?, ?, …`), the same on SQLite and PostgreSQL. */
const verdictsSql = (marks: string) =>
  `SELECT item_id AS id, verdict FROM verdicts WHERE item_id IN (${marks})`;
const flagsSql = (marks: string) =>
  `SELECT DISTINCT item_id AS id, kind, severity FROM flags WHERE item_id IN (${marks})`;

type VerdictRow = { id: string; verdict: string };
type FlagRow = { id: string; kind: string; severity: string };

function emptyBadges(unique: readonly string[]): Map<string, Badges> {
  return new Map(unique.map((id) => [id, { verdict: null, flags: [] } as Badges]));
}

/** Adds one chunk's rows: each flag kind once, with its strongest severity. */
function addRows(out: Map<string, Badges>, verdicts: VerdictRow[], flags: FlagRow[]): void {
  for (const r of verdicts) out.get(r.id)!.verdict = r.verdict;
  const strongest = new Map<string, FlagRow>();
  for (const f of flags) {
    const k = `${f.id}\0${f.kind}`;
    const had = strongest.get(k);
    if (!had || rank(f.severity) < rank(had.severity)) strongest.set(k, f);
  }
  for (const f of strongest.values()) out.get(f.id)!.flags.push({ kind: f.kind, severity: f.severity });
}

function sorted(out: Map<string, Badges>): Map<string, Badges> {
  for (const b of out.values())
    b.flags.sort((a, c) => rank(a.severity) - rank(c.severity) || a.kind.localeCompare(c.kind));
  return out;
}

const chunks = (ids: readonly string[]) =>
  Array.from({ length: Math.ceil(ids.length / CHUNK) }, (_, i) => ids.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Verdict and flag chips of each id (ids without either get `{ verdict: null, flags: [] }`), on the
 * laptop store's connection (the lists of the laptop workbench).
 * @example badgesFor(store.db, ['em-…', 'doc-…']).get('em-…')?.verdict // 'body-altered'
 */
export function badgesFor(db: Database.Database, ids: readonly string[]): Map<string, Badges> {
  const unique = [...new Set(ids)];
  const out = emptyBadges(unique);
  const withVerdicts = hasTable(db, 'verdicts');
  for (const part of chunks(unique)) {
    const marks = part.map(() => '?').join(',');
    const verdicts = withVerdicts ? (db.prepare(verdictsSql(marks)).all(...part) as VerdictRow[]) : [];
    addRows(out, verdicts, db.prepare(flagsSql(marks)).all(...part) as FlagRow[]);
  }
  return sorted(out);
}

/**
 * The same, through the case layer (SQLite or PostgreSQL): the item reader's lists.
 * @example (await badgesOf(store.db, ['em-…'])).get('em-…')?.flags
 */
export async function badgesOf(db: SqlDb, ids: readonly string[]): Promise<Map<string, Badges>> {
  const unique = [...new Set(ids)];
  const out = emptyBadges(unique);
  if (!unique.length) return out;
  const withVerdicts = await tableExists(db, 'verdicts');
  for (const part of chunks(unique)) {
    const marks = part.map(() => '?').join(',');
    const [verdicts, flags] = await Promise.all([
      withVerdicts ? db.all<VerdictRow>(verdictsSql(marks), part) : Promise.resolve([] as VerdictRow[]),
      db.all<FlagRow>(flagsSql(marks), part),
    ]);
    addRows(out, verdicts, flags);
  }
  return sorted(out);
}

const idOf = (r: object) => String((r as { id?: unknown }).id);

/**
 * The rows with `verdict` and `flags` added (an existing `verdict` field is overwritten).
 * @example withBadges(db, [{ id: 'em-…', subject: 'x' }])[0].flags
 */
export function withBadges<T extends object>(db: Database.Database, rows: T[]): (T & Badges)[] {
  const b = badgesFor(db, rows.map(idOf));
  return rows.map((r) => ({ ...r, ...b.get(idOf(r))! }));
}

/** `withBadges` through the case layer (SQLite or PostgreSQL). */
export async function withBadgesOf<T extends object>(db: SqlDb, rows: T[]): Promise<(T & Badges)[]> {
  const b = await badgesOf(db, rows.map(idOf));
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
