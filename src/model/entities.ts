/**
 * The entity model (DESIGN.md "The entity model"): small and FollowTheMoney-inspired.
 * Everything an ingestor produces is one of these records; the store persists them.
 */

/** A header exactly as received: name with its original case, raw value (folded lines kept). */
export interface RawHeader {
  name: string;
  value: string;
}

export interface Address {
  name: string;
  address: string;
}

export interface EmailRecord {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string | null;
  from: Address | null;
  sender: Address | null;
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  bcc: Address[];
  /** ISO 8601 UTC, or null when Date is missing or unparseable. */
  date: string | null;
  /** The Date header as written (keeps its zone for forensics). */
  dateRaw: string | null;
  /** Headers in their original order, unfolded values. */
  headers: RawHeader[];
  text: string;
  /** Sanitised HTML (no script, no remote resource); the raw HTML stays in the original blob. */
  html: string | null;
  /** Plain text made from the HTML part, for search. */
  htmlText: string;
  attachmentCount: number;
}

/** Metadata record: the field dictionary of DESIGN.md ("Metadata fields"). */
export interface DocumentMetadata {
  title?: string;
  subject?: string;
  description?: string;
  keywords?: string;
  author?: string;
  lastModifiedBy?: string;
  created?: string;
  modified?: string;
  printed?: string;
  application?: string;
  appVersion?: string;
  producer?: string;
  company?: string;
  manager?: string;
  template?: string;
  revision?: string;
  totalEditingTime?: number;
  editingCycles?: number;
  language?: string;
  pages?: number;
  words?: number;
  characters?: number;
  codepage?: number;
  encrypted?: boolean;
  savedBy?: { author: string; path: string }[];
  custom?: Record<string, string | number | boolean>;
  gps?: { lat: number; lon: number; alt?: number };
  camera?: { make?: string; model?: string };
  software?: string;
  timezoneOffset?: number;
  [key: string]: unknown;
}

export interface DocumentRecord {
  filename: string | null;
  mime: string;
  /** Extracted text ('' when none). */
  text: string;
  /** ISO 639-1 code of the text's language, when detected. */
  language: string | null;
  metadata: DocumentMetadata;
  /** How this part sat in its parent e-mail (attachment, inline, alternative …). */
  disposition?: string | null;
  contentId?: string | null;
  warnings?: string[];
}

export interface FolderRecord {
  /** directory, zip, tar, gz, bz2, 7z, rar, mbox, maildir, pst … */
  format: string;
  name: string;
  entries: number;
  warnings?: string[];
}

export type Severity = 'info' | 'low' | 'medium' | 'high';

export interface FlagRecord {
  itemId: string;
  /** Stable machine name, e.g. `received-out-of-order`, `cyrillic-editor`. */
  kind: string;
  severity: Severity;
  /** One sentence a journalist can read. */
  message: string;
  evidence: Record<string, unknown>;
  /** Which analysis produced it (verify, metadata, triage …), so a stage can re-run idempotently. */
  stage: string;
}

export interface FailureRecord {
  provenance: string;
  sha256: string | null;
  /** Short machine reason: truncated, encrypted, limit-exceeded, unreadable, … */
  reason: string;
  /** Human explanation naming the file and the cause. */
  message: string;
  stage: string;
}
