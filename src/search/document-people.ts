import type { DocumentMetadata } from '../model/entities.js';
import type { Store } from '../store/store.js';
import { bumpCaseVersion } from './case-version.js';
import { guessStemLang, indexNames, indexPeople, indexText } from './normalize.js';

/** Names a document's metadata gives for the people who wrote or saved it (DESIGN "Metadata fields"). */
export function metadataNames(m: DocumentMetadata): string[] {
  const out = [m.author, m.lastModifiedBy, m.manager];
  for (const s of Array.isArray(m.savedBy) ? m.savedBy : []) out.push(s?.author);
  return out.filter((n): n is string => typeof n === 'string' && n.trim() !== '');
}

/** Set in `meta` once a case's documents carry their metadata names in the full-text index. */
const DONE_KEY = 'ftsDocumentPeople';

/** Records that every document of this case is (or will be, from an empty case) indexed with its names. */
export function markDocumentPeopleIndexed(store: Store): void {
  store.db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(DONE_KEY, '1');
}

/**
 * Cases ingested before documents indexed their metadata names (author, editor …) in the `people`
 * column get them once: each such document's index row is rebuilt from its stored text, file name
 * and metadata, exactly as ingest now writes it. Returns the rows rebuilt (0 when already done).
 * @example reindexDocumentPeople(store) // 129, then 0 on every later run
 */
export function reindexDocumentPeople(store: Store): number {
  const db = store.db;
  if (db.prepare('SELECT 1 FROM meta WHERE key = ?').get(DONE_KEY)) return 0;
  const rows = db
    .prepare(
      `SELECT i.rowid AS rid, coalesce(d.filename, i.name) AS name, d.text, d.metadata_json AS meta
         FROM documents d JOIN items i ON i.id = d.id WHERE d.metadata_json != '{}'`,
    )
    .all() as { rid: number; name: string | null; text: string; meta: string }[];
  const del = db.prepare('DELETE FROM fts WHERE rowid = ?');
  const ins = db.prepare("INSERT INTO fts(rowid, subject, body, names, people) VALUES (?, '', ?, ?, ?)");
  let n = 0;
  db.transaction(() => {
    for (const r of rows) {
      const names = metadataNames(JSON.parse(r.meta) as DocumentMetadata);
      if (!names.length) continue;
      del.run(r.rid);
      ins.run(
        r.rid,
        r.text ? indexText(r.text, guessStemLang(r.text)) : '',
        indexNames(r.name ?? ''),
        indexPeople(names.join(' ')),
      );
      n++;
    }
    markDocumentPeopleIndexed(store);
    // Only the full-text index (no trigger can see it) and `meta` (neutral) were written.
    if (n) bumpCaseVersion(db);
  })();
  return n;
}
