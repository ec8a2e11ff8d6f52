import { byCodePoint, tableExists } from '../case/has-table.js';
import type { SqlDb } from '../case/sql-db.js';
import type { FlagChip } from '../search/badges.js';
import { parseJson } from '../store/tables.js';
import { personKey } from './people.js';

/**
 * The people table of the metadata stage (src/analyze/people.ts) read for the workbench: which
 * people are outliers, and why, in words a journalist can quote. Through the case layer (a laptop
 * case or a team case). Before the metadata stage has run (on the laptop or as the team's job) the
 * table is empty on both engines (migration 6 creates it), so it reads as "no outlier" alike.
 */
export interface PersonRow {
  key: string;
  name: string;
  addresses: string[];
  documents: number;
  emails: number;
  writingSystem: string | null;
  appLanguages: string[];
  timezones: number[];
  flagCounts: Record<string, number>;
}

/** Outlier kinds that describe the person (their alphabet, settings, clock, software, edits). */
const REASONS: Record<string, (p: PersonRow, n: number) => string> = {
  'foreign-script': (p) =>
    `name written in ${p.writingSystem ?? 'another'} script, unlike most names in the dump`,
  'foreign-language': (p) =>
    `editing application set to ${p.appLanguages.join(', ') || 'another language'}, unlike most documents`,
  'foreign-timezone': (p) =>
    `saved documents at ${p.timezones.map(utc).join(', ') || 'another UTC offset'}, not the organisation's time zone`,
  'rare-application': (_p, n) => `used software rarely seen in the dump (${n} document${n > 1 ? 's' : ''})`,
  'modified-after-email': (_p, n) =>
    `edited ${n} document${n > 1 ? 's' : ''} after the e-mail carrying ${n > 1 ? 'them' : 'it'} was sent`,
  'edit-burst': (_p, n) => `edited ${n} documents within minutes`,
};
/** Most telling first. */
const ORDER = Object.keys(REASONS);

function utc(min: number): string {
  const h = Math.abs(min) / 60;
  return `UTC${min < 0 ? '−' : '+'}${Number.isInteger(h) ? h : h.toFixed(1)}`;
}

export function hasPeople(db: SqlDb): Promise<boolean> {
  return tableExists(db, 'people');
}

type Raw = Record<string, string | number | null>;
function toRow(r: Raw): PersonRow {
  return {
    key: String(r.key),
    name: String(r.name ?? ''),
    addresses: parseJson<string[]>(r.addresses_json as string, []),
    documents: Number(r.documents ?? 0),
    emails: Number(r.emails ?? 0),
    writingSystem: (r.writing_system as string | null) ?? null,
    appLanguages: parseJson<string[]>(r.app_languages_json as string, []),
    timezones: parseJson<number[]>(r.timezones_json as string, []),
    flagCounts: parseJson<Record<string, number>>(r.flags_json as string, {}),
  };
}

/** Strongest severity each metadata flag kind was raised with in this case. */
async function severities(db: SqlDb): Promise<Map<string, string>> {
  const rows = await db.all<{ kind: string; severity: string }>(
    `SELECT kind, CASE min(CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END)
         WHEN 0 THEN 'critical' WHEN 1 THEN 'high' WHEN 2 THEN 'medium' WHEN 3 THEN 'low' ELSE 'info' END AS severity
         FROM flags WHERE stage = 'metadata' GROUP BY kind`,
  );
  return new Map(rows.map((r) => [r.kind, r.severity]));
}

/** What the page shows for one person: flag chips and reason sentences (empty when no outlier). */
export function outlierView(p: PersonRow, sev: Map<string, string>) {
  const kinds = Object.keys(p.flagCounts).sort(
    (a, b) => ((ORDER.indexOf(a) + 99) % 99) - ((ORDER.indexOf(b) + 99) % 99) || a.localeCompare(b),
  );
  const flags: FlagChip[] = kinds.map((kind) => ({ kind, severity: sev.get(kind) ?? 'info' }));
  const reasons = kinds.filter((k) => REASONS[k]).map((k) => REASONS[k]!(p, p.flagCounts[k] ?? 0));
  return { flags, reasons };
}

/** Whether a person's flags make them an outlier worth marking (not only a rare application). */
export function isOutlier(flags: FlagChip[]): boolean {
  return flags.some((f) => f.severity === 'high' || f.severity === 'critical' || f.severity === 'medium');
}

/**
 * Every flagged person, outliers with the strongest evidence first (most high-severity kinds,
 * then most documents).
 */
export async function peopleOutliers(db: SqlDb, limit = 50) {
  if (!(await hasPeople(db))) return [];
  const sev = await severities(db);
  const rows = (await db.all<Raw>("SELECT * FROM people WHERE flags_json != '{}'")).map(toRow);
  return rows
    .map((p) => ({
      key: p.key,
      name: p.name,
      address: p.addresses[0] ?? null,
      documents: p.documents,
      ...outlierView(p, sev),
    }))
    .filter((p) => isOutlier(p.flags))
    .sort(
      (a, b) =>
        b.flags.filter((f) => f.severity === 'high').length -
          a.flags.filter((f) => f.severity === 'high').length ||
        b.documents - a.documents ||
        a.key.localeCompare(b.key),
    )
    .slice(0, limit);
}

/** Flag chips of the people rows for these addresses or names (one query, by key). */
export async function chipsFor(
  db: SqlDb,
  keys: string[],
): Promise<Map<string, ReturnType<typeof outlierView>>> {
  const out = new Map<string, ReturnType<typeof outlierView>>();
  if (!keys.length || !(await hasPeople(db))) return out;
  const sev = await severities(db);
  const byKey = new Map(keys.map((k) => [k.includes('@') ? k.toLowerCase() : personKey(k), k]));
  const marks = [...byKey.keys()].map(() => '?').join(',');
  const rows = await db.all<Raw>(
    `SELECT * FROM people WHERE flags_json != '{}' AND key IN (${marks}) ORDER BY ${byCodePoint(db, 'key')}`,
    [...byKey.keys()],
  );
  for (const r of rows) {
    const p = toRow(r);
    out.set(byKey.get(p.key)!, outlierView(p, sev));
  }
  return out;
}

/**
 * The people row a workbench URL names: an address, a people-table key (as `leaklens people --json`
 * prints it) or a name as written in the metadata.
 */
export async function resolvePerson(db: SqlDb, key: string): Promise<PersonRow | null> {
  if (!(await hasPeople(db))) return null;
  const k = key.includes('@') ? key.toLowerCase() : key;
  const r =
    (await db.get<Raw>('SELECT * FROM people WHERE key = ?', [k])) ??
    (await db.get<Raw>('SELECT * FROM people WHERE key = ?', [personKey(key)])) ??
    (await db.get<Raw>(`SELECT * FROM people WHERE name = ? ORDER BY ${byCodePoint(db, 'key')} LIMIT 1`, [
      key,
    ]));
  return r ? toRow(r) : null;
}

export async function personSummary(db: SqlDb, p: PersonRow) {
  return outlierView(p, await severities(db));
}
