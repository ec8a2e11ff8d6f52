/**
 * The case key archive: key files copied into `<case>/keys/` and their records in the table
 * `dkim_keys`, one row per (name, record, source). Several rows per selector are normal: a
 * domain rotates keys, and archives disagree; verification tries every one.
 */
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sha256 } from '../model/ids.js';
import type { Store } from '../store/store.js';
import { type KeyFileFormat, parseKeyFile } from './key-parse.js';
import { parseKeyRecord } from './key-record.js';
import type { KeyCandidate, KeyLookup } from './types.js';

export const KEYS_SQL = `
CREATE TABLE IF NOT EXISTS dkim_keys (
  id TEXT PRIMARY KEY,
  domain TEXT NOT NULL,
  selector TEXT NOT NULL,
  record TEXT NOT NULL,
  kind TEXT NOT NULL,          -- zone | prove-email | dns-cache | record | dns
  source TEXT NOT NULL,        -- keys/<file> in the case, or dns:<name>
  first_seen TEXT,
  last_seen TEXT,
  fetched_at TEXT,
  added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dkim_keys_name ON dkim_keys(domain, selector);
`;

export function migrateKeys(store: Store): void {
  store.migrate('verify-keys', KEYS_SQL);
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
  migrateKeys(store);
  return expandDirs(files).map((file) => addOne(store, file, now.toISOString()));
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

function addOne(store: Store, file: string, addedAt: string): AddedKeyFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return {
      file,
      format: null,
      keys: 0,
      skipped: [],
      error: `cannot read ${file}: ${(err as Error).message}`,
    };
  }
  const copied = `${sha256(bytes).slice(0, 12)}-${basename(file)}`;
  copyFileSync(file, join(store.dir, 'keys', copied));
  const parsed = parseKeyFile(bytes.toString('utf8'), `keys/${copied}`, basename(file));
  insertKeys(store, parsed.keys, addedAt);
  const error = parsed.keys.length ? null : `no DKIM key record found in ${file}`;
  return { file, format: parsed.format, keys: parsed.keys.length, skipped: parsed.skipped, error };
}

export function insertKeys(store: Store, keys: KeyCandidate[], addedAt = new Date().toISOString()): void {
  migrateKeys(store);
  const ins = store.db.prepare(
    `INSERT OR IGNORE INTO dkim_keys(id, domain, selector, record, kind, source, first_seen, last_seen, fetched_at, added_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  store.db.transaction(() => {
    for (const k of keys) {
      const id = sha256(`${k.domain}\0${k.selector}\0${k.record}\0${k.source}`).slice(0, 32);
      ins.run(
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
      );
    }
  })();
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

/** Every archived key of the case, in the order added. */
export function listKeys(store: Store): KeyCandidate[] {
  migrateKeys(store);
  const rows = store.db
    .prepare(
      'SELECT domain, selector, record, kind, source, first_seen, last_seen, fetched_at FROM dkim_keys ORDER BY rowid',
    )
    .all() as KeyRow[];
  return rows.map((r) => ({
    domain: r.domain,
    selector: r.selector,
    record: r.record,
    kind: r.kind,
    source: r.source,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    fetchedAt: r.fetched_at,
  }));
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
