/**
 * The case key archive: key files copied into `<case>/keys/` and their records in the table
 * `dkim_keys`, one row per (name, record, source). Several rows per selector are normal: a
 * domain rotates keys, and archives disagree; verification tries every one.
 */
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { migrateSqliteSync } from '../case/migrations.js';
import { INSERT_KEY, LIST_KEYS } from '../case/sql/verify.js';
import type { SqlDb } from '../case/sql-db.js';
import { sha256 } from '../model/ids.js';
import type { Store } from '../store/store.js';
import { type KeyFileFormat, parseKeyFile } from './key-parse.js';
import { parseKeyRecord } from './key-record.js';
import type { KeyCandidate, KeyLookup } from './types.js';

/** Kept for callers of earlier versions: the table now comes with the case's migrations (4). */
export function migrateKeys(store: Store): void {
  migrateSqliteSync(store.db);
}

export interface AddedKeyFile {
  file: string;
  format: KeyFileFormat | null;
  keys: number;
  /** Entries the file held that could not be read, with why. */
  skipped: string[];
  error: string | null;
}

/**
 * Copies each file into `<case>/keys/` and records its keys.
 * @example addKeyFiles(store, ['gmail.zone']) // [{ file: 'gmail.zone', format: 'zone', keys: 2, … }]
 */
export function addKeyFiles(store: Store, files: string[], now = new Date()): AddedKeyFile[] {
  return expandDirs(files).map((file) => addOne(store, file, now.toISOString()));
}

/**
 * The same for a team case: the records go to the case database (either engine); the files are
 * not copied (a team case has no case directory), their records name the same `keys/` source.
 */
export async function addKeyFilesDb(db: SqlDb, files: string[], now = new Date()): Promise<AddedKeyFile[]> {
  const out: AddedKeyFile[] = [];
  for (const file of expandDirs(files)) {
    const read = readKeyFile(file);
    if ('error' in read) {
      out.push({ file, format: null, keys: 0, skipped: [], error: read.error });
      continue;
    }
    const { parsed } = read;
    await insertKeysDb(db, parsed.keys, now.toISOString());
    const error = parsed.keys.length ? null : `no DKIM key record found in ${file}`;
    out.push({ file, format: parsed.format, keys: parsed.keys.length, skipped: parsed.skipped, error });
  }
  return out;
}

/** A directory stands for the files directly inside it (a folder of archived keys). */
function expandDirs(files: string[]): string[] {
  return files.flatMap((f) => {
    try {
      if (!statSync(f).isDirectory()) return [f];
      return readdirSync(f)
        .filter((n) => !n.startsWith('.'))
        .sort()
        .map((n) => join(f, n))
        .filter((p) => statSync(p).isFile());
    } catch {
      return [f]; // reported as unreadable by addOne
    }
  });
}

/**
 * The keys of one key file as the case archives them: their source names the file's copy under
 * `keys/`, prefixed by its content hash, so the same file gives the same rows (and the same
 * evidence in verdicts) in a laptop case and in a team case.
 */
export function readKeyFile(
  file: string,
): { bytes: Buffer; copied: string; parsed: ReturnType<typeof parseKeyFile> } | { error: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return { error: `cannot read ${file}: ${(err as Error).message}` };
  }
  const copied = `${sha256(bytes).slice(0, 12)}-${basename(file)}`;
  return { bytes, copied, parsed: parseKeyFile(bytes.toString('utf8'), `keys/${copied}`, basename(file)) };
}

function addOne(store: Store, file: string, addedAt: string): AddedKeyFile {
  const read = readKeyFile(file);
  if ('error' in read) return { file, format: null, keys: 0, skipped: [], error: read.error };
  const { copied, parsed } = read;
  copyFileSync(file, join(store.dir, 'keys', copied));
  insertKeys(store, parsed.keys, addedAt);
  const error = parsed.keys.length ? null : `no DKIM key record found in ${file}`;
  return { file, format: parsed.format, keys: parsed.keys.length, skipped: parsed.skipped, error };
}

/** The row of one key: its id is derived from name, record and source, so adding it twice adds nothing. */
export function keyParams(k: KeyCandidate, addedAt: string): unknown[] {
  const id = sha256(`${k.domain}\0${k.selector}\0${k.record}\0${k.source}`).slice(0, 32);
  return [
    id,
    k.domain,
    k.selector,
    k.record,
    k.kind,
    k.source,
    k.firstSeen ?? null,
    k.lastSeen ?? null,
    k.fetchedAt ?? null,
    addedAt,
  ];
}

export function insertKeys(store: Store, keys: KeyCandidate[], addedAt = new Date().toISOString()): void {
  const ins = store.db.prepare(INSERT_KEY);
  store.db.transaction(() => {
    for (const k of keys) ins.run(...keyParams(k, addedAt));
  })();
}

/**
 * The same through the case's `SqlDb` (either engine), in the caller's transaction if any.
 * @example await insertKeysDb(store.db, parseKeyFile(text, 'keys/gmail.zone', 'gmail.zone').keys)
 */
export async function insertKeysDb(
  db: SqlDb,
  keys: KeyCandidate[],
  addedAt = new Date().toISOString(),
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const k of keys) await tx.run(INSERT_KEY, keyParams(k, addedAt));
  });
}

interface KeyRow {
  domain: string;
  selector: string;
  record: string;
  kind: string;
  source: string;
  first_seen: string | null;
  last_seen: string | null;
  fetched_at: string | null;
}

const keyOf = (r: KeyRow): KeyCandidate => ({
  domain: r.domain,
  selector: r.selector,
  record: r.record,
  kind: r.kind,
  source: r.source,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  fetchedAt: r.fetched_at,
});

/** Every archived key of the case, in the order added. */
export function listKeys(store: Store): KeyCandidate[] {
  return (store.db.prepare(LIST_KEYS).all() as KeyRow[]).map(keyOf);
}

/** The same through the case's `SqlDb` (either engine). */
export async function listKeysDb(db: SqlDb): Promise<KeyCandidate[]> {
  return (await db.all<KeyRow>(LIST_KEYS)).map(keyOf);
}

/**
 * A lookup over a fixed list of keys (tests, benchmarks, the case archive loaded once).
 * @example memoryKeys([{ domain: 'example.com', selector: 's', record: 'p=…', kind: 'inline', source: 'test' }])
 */
export function memoryKeys(keys: KeyCandidate[]): KeyLookup {
  const map = new Map<string, KeyCandidate[]>();
  for (const k of keys) {
    const name = `${k.selector.toLowerCase()}._domainkey.${k.domain.toLowerCase()}`;
    const list = map.get(name);
    if (list) list.push(k);
    else map.set(name, [k]);
  }
  return { candidates: (domain, selector) => map.get(`${selector}._domainkey.${domain}`) ?? [] };
}

export function archiveKeys(store: Store): KeyLookup {
  return memoryKeys(listKeys(store));
}

/** Human summary of one key for `keys list`: type and size, or why it is unusable. */
export function describeKey(record: string): string {
  const k = parseKeyRecord(record);
  return k.ok ? `${k.type} ${k.bits}-bit${k.testing ? ' (testing)' : ''}` : `unusable: ${k.error}`;
}
