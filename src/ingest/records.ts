import type { DocumentRecord, EmailRecord, FolderRecord } from '../model/entities.js';

/**
 * What the (possibly multi-threaded) parsing side sends to the single writer that owns SQLite.
 * Blobs are already on disk when these arrive (the parser writes them, atomically).
 */
export interface FtsPayload {
  subject: string;
  body: string;
  names: string;
  people: string;
}

export type IngestRecord =
  | { t: 'blob'; sha256: string; size: number; mime: string | null }
  | {
      t: 'item';
      id: string;
      kind: 'Email' | 'Document' | 'Folder';
      sha256: string | null;
      size: number;
      mime: string | null;
      name: string;
      status: 'ok' | 'partial' | 'failed';
      provenance: string;
      parentId: string | null;
      source: string;
      email?: EmailRecord & { attachmentNames: string[] };
      document?: DocumentRecord;
      folder?: FolderRecord;
      fts?: FtsPayload;
    }
  | { t: 'location'; itemId: string; provenance: string; parentId: string | null }
  | {
      t: 'failure';
      provenance: string;
      sha256: string | null;
      reason: string;
      message: string;
      stage: string;
    };
