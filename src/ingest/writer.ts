import type { Address } from '../model/entities.js';
import type { Store } from '../store/store.js';
import type { IngestRecord } from './records.js';

/**
 * The single writer that owns SQLite during an ingest. Every insert is keyed by a deterministic id
 * (INSERT OR IGNORE), so re-running an input, or resuming after a kill, adds nothing twice.
 */
export class RecordWriter {
  private readonly stmts;
  newItems = 0;

  constructor(private readonly store: Store) {
    const db = store.db;
    this.stmts = {
      blob: db.prepare('INSERT OR IGNORE INTO blobs(sha256, size, mime) VALUES (?, ?, ?)'),
      item: db.prepare(
        'INSERT OR IGNORE INTO items(id, kind, sha256, size, mime, name, status, provenance, parent_id, source, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      upgradeStatus: db.prepare(
        "UPDATE items SET status = ? WHERE id = ? AND status = 'failed' AND ? <> 'failed'",
      ),
      location: db.prepare(
        'INSERT OR IGNORE INTO locations(item_id, provenance, parent_id) VALUES (?, ?, ?)',
      ),
      email: db.prepare(
        `INSERT OR IGNORE INTO emails(id, message_id, in_reply_to, refs, subject, from_addr, from_name, from_domain,
          to_json, cc_json, bcc_json, reply_to_json, sender_json, date, date_raw, headers_json, text, html, html_text, attachment_count)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      address: db.prepare(
        'INSERT OR IGNORE INTO addresses(item_id, role, address, name) VALUES (?, ?, ?, ?)',
      ),
      document: db.prepare(
        'INSERT OR IGNORE INTO documents(id, filename, mime, text, language, metadata_json, disposition, warnings_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      folder: db.prepare(
        'INSERT OR IGNORE INTO folders(id, format, name, entries, warnings_json) VALUES (?, ?, ?, ?, ?)',
      ),
      fts: db.prepare('INSERT INTO fts(rowid, subject, body, names, people) VALUES (?, ?, ?, ?, ?)'),
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
        const meta = rec.document?.metadata;
        const date =
          rec.email?.date ??
          (typeof meta?.modified === 'string'
            ? meta.modified
            : typeof meta?.created === 'string'
              ? meta.created
              : null);
        const r = s.item.run(
          rec.id,
          rec.kind,
          rec.sha256,
          rec.size,
          rec.mime,
          rec.name,
          rec.status,
          rec.provenance,
          rec.parentId,
          rec.source,
          date,
        );
        if (r.changes === 0) return;
        this.newItems++;
        if (rec.email) this.insertEmail(rec.id, rec.email);
        if (rec.document) {
          const d = rec.document;
          s.document.run(
            rec.id,
            d.filename,
            d.mime,
            d.text,
            d.language,
            JSON.stringify(d.metadata ?? {}),
            d.disposition ?? null,
            JSON.stringify(d.warnings ?? []),
          );
        }
        if (rec.folder) {
          const f = rec.folder;
          s.folder.run(rec.id, f.format, f.name, f.entries, JSON.stringify(f.warnings ?? []));
        }
        if (rec.fts) {
          const f = rec.fts;
          s.fts.run(r.lastInsertRowid, f.subject, f.body, f.names, f.people);
        }
        return;
      }
    }
  }

  private insertEmail(id: string, e: NonNullable<Extract<IngestRecord, { t: 'item' }>['email']>): void {
    const from = e.from;
    this.stmts.email.run(
      id,
      e.messageId,
      e.inReplyTo,
      JSON.stringify(e.references),
      e.subject,
      from?.address ?? null,
      from?.name ?? null,
      from?.address.split('@')[1]?.toLowerCase() ?? null,
      JSON.stringify(e.to),
      JSON.stringify(e.cc),
      JSON.stringify(e.bcc),
      JSON.stringify(e.replyTo),
      e.sender ? JSON.stringify(e.sender) : null,
      e.date,
      e.dateRaw,
      JSON.stringify(e.headers),
      e.text,
      e.html,
      e.htmlText,
      e.attachmentCount,
    );
    const add = (role: string, list: (Address | null)[]) => {
      for (const a of list) if (a?.address) this.stmts.address.run(id, role, a.address, a.name ?? '');
    };
    add('from', [from]);
    add('sender', [e.sender]);
    add('to', e.to);
    add('cc', e.cc);
    add('bcc', e.bcc);
    add('reply-to', e.replyTo);
  }
}
