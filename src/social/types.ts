/**
 * The social side of the entity model (DESIGN.md "Post and Account"). Every importer turns its
 * format into these two shapes; the DuckDB tables in db.ts hold exactly these columns.
 */

/** One post as stored: ids are `platform:nativeId` so two platforms never collide. */
export interface Post {
  id: string;
  platform: string;
  accountId: string;
  handle: string | null;
  /** Milliseconds since the epoch, UTC. */
  time: number;
  text: string;
  /** ISO 639-1 from the source (e.g. X's `lang`), null when the source gives none. */
  lang: string | null;
  repostOf: string | null;
  replyTo: string | null;
  quoteOf: string | null;
  hashtags: string[];
  mentions: string[];
  urls: string[];
  /** ISO 3166-1 alpha-2 from a place code or a 4chan flag, when the post carries one. */
  country: string | null;
  /**
   * Shared objects named by the source itself (CooRTweet's `object_id`); one post may share
   * several. Stored row by row in the `shares` table, the input of `--by object` coordination.
   */
  objects?: string[];
  /**
   * Files attached to the post as its format describes them (4chan file fields, X media entities,
   * Telegram export files, Bluesky blobs, Mastodon attachments): the `media` table (trail, #14).
   */
  media?: PostMedia[];
  /** File and line the post came from, for traceability. */
  source: string;
}

/** One attached file of a post; unknown fields are null. Hashes are lower-case hex. */
export interface PostMedia {
  /** `photo`, `video`, `gif`, `file`, `image`… as the source names it. */
  kind: string;
  /** The file's name as posted (4chan `filename` + `ext`, Telegram `file_name`). */
  name: string | null;
  md5: string | null;
  sha256: string | null;
  size: number | null;
  url: string | null;
  /** A file of the export folder (Telegram Desktop), relative to it. */
  path: string | null;
  /** Content id of a Bluesky blob (a CID, `bafkrei…`). */
  cid: string | null;
  mime: string | null;
  /** Perceptual hash (dHash, 16 hex digits) when the image bytes were read. */
  dhash: string | null;
}

/** An account as last seen in the data. Unknown fields are null, never guessed. */
export interface Account {
  id: string;
  platform: string;
  handle: string | null;
  name: string | null;
  /** Milliseconds since the epoch. */
  created: number | null;
  followers: number | null;
  friends: number | null;
  statuses: number | null;
  location: string | null;
  description: string | null;
  defaultProfile: boolean | null;
  defaultImage: boolean | null;
  verified: boolean | null;
}

/** A row that could not be read: the import records it and goes on. */
export interface ImportFailure {
  file: string;
  line: number;
  reason: string;
  message: string;
  /** A caveat on rows that were kept, not a loss (ImportSummary.warnings). */
  warning?: boolean;
}

/** What one importer yields for one file. */
export interface ParsedBatch {
  posts: Post[];
  accounts: Account[];
  failures: ImportFailure[];
}

export interface ImportSummary {
  files: {
    file: string;
    format: string;
    read: number;
    added: number;
    failures: number;
    warnings: number;
    /**
     * Rows DuckDB's reader loaded (the bulk path; the others of `read` were re-read by the
     * importer); absent when the importer read the whole file.
     */
    bulkRows?: number;
  }[];
  postsAdded: number;
  accountsAdded: number;
  failures: ImportFailure[];
  /**
   * Rows kept, but with a caveat the reader must know: account ids rounded by a spreadsheet or shared
   * by several handles (keyed by handle instead), local times stored without a zone. Also stored in
   * `import_failures` (message starting "warning:") so `leaklens errors` lists them.
   */
  warnings: ImportFailure[];
  totalPosts: number;
}

/** A time range filter; ISO strings or epoch milliseconds. */
export interface PostFilter {
  hashtag?: string;
  url?: string;
  keyword?: string;
  from?: string | number;
  to?: string | number;
}
