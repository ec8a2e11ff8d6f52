import {
  addressRows,
  documentParams,
  emailParams,
  folderParams,
  ftsInsert,
  ftsParams,
  INGEST_SQL,
  itemParams,
} from '../case/sql/ingest-records.js';
import type { Store } from '../store/store.js';
import type { IngestRecord } from './records.js';

/**
 * The single writer that owns SQLite during an ingest. Every insert is keyed by a deterministic id
 * and ignored on conflict, so re-running an input, or resuming after a kill, adds nothing twice.
 * The statements are shared with team workers (src/case/sql/ingest-records.ts).
 */
export class RecordWriter {
  private readonly stmts;
  newItems = 0;

  constructor(private readonly store: Store) {
    const db = store.db;
    this.stmts = {
      blob: db.prepare(INGEST_SQL.blob),
      item: db.prepare(INGEST_SQL.item),
      location: db.prepare(INGEST_SQL.location),
      email: db.prepare(INGEST_SQL.email),
      address: db.prepare(INGEST_SQL.address),
      document: db.prepare(INGEST_SQL.document),
      folder: db.prepare(INGEST_SQL.folder),
      fts: db.prepare(ftsInsert('sqlite')),
    };
  }

  apply(rec: IngestRecord): void {
    const s = this.stmts;
    switch (rec.t) {
      case 'blob':
        s.blob.run(rec.sha256, rec.size, rec.mime);
        return;
      case 'location':
        s.location.run(rec.itemId, rec.provenance, rec.parentId);
        return;
      case 'failure':
        this.store.addFailure(rec);
        return;
      case 'item': {
        const row = s.item.get(...itemParams(rec)) as { rowid: number } | undefined;
        if (!row) return;
        this.newItems++;
        if (rec.email) {
          s.email.run(...emailParams(rec.id, rec.email));
          for (const a of addressRows(rec.id, rec.email)) s.address.run(...a);
        }
        if (rec.document) s.document.run(...documentParams(rec.id, rec.document));
        if (rec.folder) s.folder.run(...folderParams(rec.id, rec.folder));
        if (rec.fts) s.fts.run(...ftsParams(row.rowid, rec.fts));
        return;
      }
    }
  }
}
