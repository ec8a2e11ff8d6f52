import type { DocumentRecord, EmailRecord, FolderRecord } from '../model/entities.js';
import type { Limits } from './limits.js';

/**
 * One ingestor per format (CONVENTIONS.md §1). An ingestor declares what it takes and how sure it
 * is (`score`), parses one byte buffer, and *emits* children; it never recurses into them itself:
 * the manager does, so limits, hashing, blob storage and failure records are handled in one place.
 */
export interface Candidate {
  /** Last segment of the name (may be '' for an unnamed MIME part). */
  name: string;
  /** Lowercased extension without dot ('' if none). For `x.tar.gz` it is 'gz'; see `name`. */
  ext: string;
  /** First bytes of the content (up to 8 KiB). */
  head: Uint8Array;
  size: number;
  /** MIME type declared by the parent (Content-Type of an attachment), if any. */
  declaredMime?: string;
}

export interface IngestInput {
  data: Buffer;
  name: string;
  /** Full provenance path of this item, e.g. `dump.zip!/mail/2017.mbox#412`. */
  provenance: string;
  sha256: string;
  declaredMime?: string;
  /** Container nesting depth of this item (top-level file = 0). */
  depth: number;
  /**
   * On-disk path of a top-level file (absent inside containers). Lets a format read what its
   * writer stored beside it: Apple Mail keeps the attachments of a `.partial.emlx` in an
   * `Attachments/` folder next to `Messages/`.
   */
  fsPath?: string;
  limits: Limits;
  /** Bytes already expanded from the current top-level input (for maxExpandedBytes). */
  expandedBytes: () => number;
}

export interface ChildOut {
  data: Buffer;
  /** File name of the child (archive entry base name, attachment file name …). */
  name: string;
  /** Appended to the parent's provenance: `!/dir/file.eml` (archive), `#12` (mbox), `/attachment/2` … */
  provenanceSuffix: string;
  declaredMime?: string;
  /** Child is an e-mail part: attachment | inline (stored on the Document). */
  disposition?: string | null;
  contentId?: string | null;
}

/** A child the container could not extract; becomes a Failure and the run goes on. */
export interface ChildFailure {
  provenanceSuffix: string;
  name: string;
  reason: string;
  message: string;
  /** Raw bytes if some were recovered (kept as a blob), e.g. an encrypted zip entry. */
  data?: Buffer;
}

export type Children = Iterable<ChildOut | ChildFailure> | AsyncIterable<ChildOut | ChildFailure>;

export type IngestOutput =
  | { kind: 'Email'; mime?: string; email: EmailRecord; children: Children; warnings?: string[] }
  | { kind: 'Document'; mime?: string; document: DocumentRecord; children?: Children; warnings?: string[] }
  | { kind: 'Folder'; mime?: string; folder: FolderRecord; children: Children; warnings?: string[] };

export interface Ingestor {
  name: string;
  mimeTypes: string[];
  extensions: string[];
  /** 0 = cannot handle; higher wins. Content (magic bytes) should outrank names: ≥ 50 for a magic match. */
  score(c: Candidate): number;
  ingest(input: IngestInput): Promise<IngestOutput>;
}

/**
 * Thrown by an ingestor for a file it recognises but cannot process. `reason` is a short machine
 * word (truncated, encrypted, corrupt, limit-exceeded, unsupported, empty); the message names the
 * cause in words. With `partial`, what could be read is kept and the failure is a warning.
 */
export class IngestError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly partial?: IngestOutput,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

export function isChildFailure(c: ChildOut | ChildFailure): c is ChildFailure {
  return (c as ChildFailure).reason !== undefined;
}
