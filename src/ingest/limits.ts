/**
 * Named limits, each with the attack it blocks (CONVENTIONS.md §3). A limit that trips produces a
 * Failure (or a partial record with a warning); it never aborts the run.
 */
export interface Limits {
  /** Containers inside containers (zip in tar in zip …). Blocks recursive "quine" archives. */
  maxArchiveDepth: number;
  /** Entries read from one archive. Blocks archives with millions of empty entries. */
  maxArchiveEntries: number;
  /** Bytes expanded from one top-level input, all levels together. Blocks nested zip bombs (42.zip). */
  maxExpandedBytes: number;
  /** Expanded size / compressed size of one entry. Blocks single-entry and overlapping zip bombs. */
  maxCompressionRatio: number;
  /** One file held in memory. Larger files are recorded as failures rather than exhausting RAM. */
  maxFileBytes: number;
  /** MIME multipart nesting. Blocks messages nested thousands deep (stack exhaustion). */
  maxMimeDepth: number;
  /** Header block of one message. Blocks megabyte headers that stall header parsing. */
  maxHeaderBytes: number;
  /** Messages in one mbox. Blocks endless mboxes made of empty "From " lines. */
  maxMboxMessages: number;
  /** Pages read from one PDF. Blocks PDFs with millions of pages. */
  maxPdfPages: number;
  /** Text kept per item for the index. Blocks a single document flooding the index and memory. */
  maxTextChars: number;
  /**
   * CPU time one top-level file may use in its parser process. Blocks inputs that make a parser
   * grind (a PDF page tree of 100,000 entries took 105 s): the process is stopped, the file
   * recorded, the run goes on. CPU time, not wall time, so that a loaded machine does not fail
   * files (wall time where /proc is not available).
   */
  maxFileSeconds: number;
  /**
   * Wall time one top-level file may take, working or not. Blocks a parser that waits without
   * using CPU (a read that never returns), which the CPU budget cannot see.
   */
  maxFileWallSeconds: number;
  /**
   * V8 heap of one parser process (MB, `--max-old-space-size`). Blocks inputs that make a parser
   * allocate without end (a compound file whose chain loops ate 5.4 GB): the process dies alone,
   * its file is recorded.
   */
  maxWorkerMemoryMb: number;
  /**
   * Resident memory of one parser process (MB), heap and buffers outside it together, sampled
   * while a file is parsed. Blocks inputs that grow Buffers rather than the heap (inflated
   * streams, decoded images): the process is killed, its file recorded. Room for a file of
   * `maxFileBytes` held as a Buffer beside a full heap.
   */
  maxWorkerRssMb: number;
  /** Attachments extracted from one message. Blocks e-mails with tens of thousands of parts. */
  maxAttachments: number;
}

export const MAX_ARCHIVE_DEPTH = 16;
export const MAX_ARCHIVE_ENTRIES = 200_000;
export const MAX_EXPANDED_BYTES = 64 * 1024 ** 3;
export const MAX_COMPRESSION_RATIO = 1_000;
export const MAX_FILE_BYTES = 2 * 1024 ** 3 - 1;
export const MAX_MIME_DEPTH = 64;
export const MAX_HEADER_BYTES = 2 * 1024 * 1024;
export const MAX_MBOX_MESSAGES = 5_000_000;
export const MAX_PDF_PAGES = 5_000;
export const MAX_TEXT_CHARS = 4 * 1024 * 1024;
export const MAX_FILE_SECONDS = 180;
export const MAX_FILE_WALL_SECONDS = 10 * MAX_FILE_SECONDS;
export const MAX_WORKER_MEMORY_MB = 2048;
export const MAX_WORKER_RSS_MB = 2 * MAX_WORKER_MEMORY_MB + 512;
export const MAX_ATTACHMENTS = 2_000;

export const DEFAULT_LIMITS: Limits = {
  maxArchiveDepth: MAX_ARCHIVE_DEPTH,
  maxArchiveEntries: MAX_ARCHIVE_ENTRIES,
  maxExpandedBytes: MAX_EXPANDED_BYTES,
  maxCompressionRatio: MAX_COMPRESSION_RATIO,
  maxFileBytes: MAX_FILE_BYTES,
  maxMimeDepth: MAX_MIME_DEPTH,
  maxHeaderBytes: MAX_HEADER_BYTES,
  maxMboxMessages: MAX_MBOX_MESSAGES,
  maxPdfPages: MAX_PDF_PAGES,
  maxTextChars: MAX_TEXT_CHARS,
  maxFileSeconds: MAX_FILE_SECONDS,
  maxFileWallSeconds: MAX_FILE_WALL_SECONDS,
  maxWorkerMemoryMb: MAX_WORKER_MEMORY_MB,
  maxWorkerRssMb: MAX_WORKER_RSS_MB,
  maxAttachments: MAX_ATTACHMENTS,
};
