import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Account, ImportFailure, ParsedBatch, Post } from '../types.js';

/** Posts handed to the loader at a time: bounds memory on multi-gigabyte files. */
export const BATCH_SIZE = 50_000;

/** Media problems listed one by one per file; past this they are only counted (a broken export can have millions). */
export const MAX_MEDIA_NOTES = 100;

/** One importer per source format (DESIGN.md: a new format is one file and one registry line). */
export interface PostImporter {
  format: string;
  /** Confidence 0..1 that `head` (the first 64 KiB) of a file named `name` is this format. */
  detect(head: string, name: string): number;
  read(file: string, opts?: ReadOptions): AsyncIterable<ParsedBatch>;
  /** The source's ids may have been damaged by a spreadsheet (CSV): identity conflicts are resolved by handle (identity.ts). */
  lossyIds?: boolean;
}

export interface ReadOptions {
  /**
   * Read a JSON file as JSON lines whatever its first lines look like: the bulk path re-reads
   * the lines it is not sure of from a file holding only those (bulk/json-lines.ts), and the
   * first of them may be an array or cut off.
   */
  jsonLines?: boolean;
}

/** Collects posts/accounts/failures and hands them over in bounded batches. */
export class BatchBuilder {
  posts: Post[] = [];
  accounts: Account[] = [];
  failures: ImportFailure[] = [];
  private readonly warned = new Set<string>();
  constructor(readonly file: string) {}

  /** A caveat on rows that were kept (e.g. times without a zone); listed once per file and kind. */
  warn(reason: string, message: string): void {
    if (this.warned.has(reason)) return;
    this.warned.add(reason);
    this.failures.push({
      file: this.file,
      line: 0,
      reason,
      message: `${basename(this.file)}: warning: ${message}`,
      warning: true,
    });
  }

  /**
   * A post kept with a broken media field (a malformed MD5, a "link" that is not a URL, a missing
   * export file): counted per file as a warning with its line, the post itself is not lost.
   */
  mediaIssue(line: number, message: string): void {
    this.mediaIssues++;
    if (this.mediaIssues > MAX_MEDIA_NOTES) return;
    this.failures.push({
      file: this.file,
      line,
      reason: 'bad-media',
      message: `${basename(this.file)}:${line}: warning: ${message}${this.mediaIssues === MAX_MEDIA_NOTES ? ' (further media problems in this file are not listed)' : ''}`,
      warning: true,
    });
  }
  mediaIssues = 0;

  fail(line: number, reason: string, message: string): void {
    this.failures.push({
      file: this.file,
      line,
      reason,
      message: `${basename(this.file)}:${line}: ${message}`,
    });
  }

  get full(): boolean {
    return this.posts.length >= BATCH_SIZE;
  }

  take(): ParsedBatch {
    const b = { posts: this.posts, accounts: this.accounts, failures: this.failures };
    this.posts = [];
    this.accounts = [];
    this.failures = [];
    return b;
  }
}

/** Yields each line with its 1-based number; strips a UTF-8 BOM and CR. */
export async function* readLines(file: string): AsyncGenerator<{ line: string; no: number }> {
  const rl = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let no = 0;
  for await (const raw of rl) {
    no++;
    const line = no === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    yield { line, no };
  }
}

/**
 * Reads a JSON file that is either one document (array or object) or JSON lines, and yields each
 * record with the line it came from (for a single document: its index + 1). twarc writes JSON lines,
 * the X API returns arrays; both occur in the wild.
 */
export async function* jsonRecords(
  file: string,
  b: BatchBuilder,
  opts: ReadOptions = {},
): AsyncGenerator<{ rec: unknown; no: number }> {
  const head = opts.jsonLines ? '' : readHead(file, 4096).trimStart();
  if (head.startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      b.fail(1, 'invalid-json', `not valid JSON: ${(err as Error).message}`);
      return;
    }
    const items = Array.isArray(doc) ? doc : [doc];
    for (let i = 0; i < items.length; i++) yield { rec: items[i], no: i + 1 };
    return;
  }
  if (head.startsWith('{') && !isJsonLines(file)) {
    // One object, or pretty-printed objects one after another (jq's default output, twarc's
    // `--format pretty`): each value is parsed on its own, so one bad value loses only itself.
    for await (const { text, line } of jsonValues(file)) {
      try {
        yield { rec: JSON.parse(text), no: line };
      } catch (err) {
        b.fail(line, 'invalid-json', `not valid JSON: ${(err as Error).message}`);
      }
    }
    return;
  }
  for await (const { line, no } of readLines(file)) {
    if (!line.trim()) continue;
    try {
      yield { rec: JSON.parse(line), no };
    } catch (err) {
      b.fail(no, 'invalid-json', `not valid JSON: ${(err as Error).message}`);
    }
  }
}

/**
 * Longest single JSON value held in memory when splitting concatenated values: just under V8's
 * string limit (2^29 - 24 characters), so a file with one unclosed brace fails with a sentence
 * instead of "Invalid string length".
 */
const MAX_VALUE_CHARS = 2 ** 29 - 1024 * 1024;

/**
 * Splits a stream of concatenated top-level JSON objects (RFC 7464-like, without separators) by
 * tracking brace depth outside strings; yields each value's text and the line it starts on.
 */
export async function* jsonValues(file: string): AsyncGenerator<{ text: string; line: number }> {
  let depth = 0;
  let inStr = false;
  let esc = false;
  let buf = '';
  let line = 1;
  let start = 1;
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    const s = (chunk as string).replace(/^\uFEFF/, '');
    let from = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '\n') line++;
      if (inStr) {
        if (esc) esc = false;
        else if (c === '\\') esc = true;
        else if (c === '"') inStr = false;
        continue;
      }
      if (c === '"') inStr = true;
      else if (c === '{' || c === '[') {
        if (depth === 0) {
          buf = '';
          from = i;
          start = line;
        }
        depth++;
      } else if ((c === '}' || c === ']') && depth > 0 && --depth === 0) {
        yield { text: buf + s.slice(from, i + 1), line: start };
        buf = '';
        from = i + 1;
      }
    }
    if (depth > 0) {
      buf += s.slice(from);
      if (buf.length > MAX_VALUE_CHARS) throw new Error(`a JSON value over ${MAX_VALUE_CHARS} characters`);
    }
  }
  if (depth > 0) yield { text: buf, line: start };
}

/** True when the first two non-empty lines each parse as JSON: a JSON-lines file. */
export function isJsonLines(file: string): boolean {
  const lines = readHead(file, 1 << 20)
    .split('\n')
    .filter((l) => l.trim());
  if (lines.length < 2) return false;
  try {
    JSON.parse(lines[0] ?? '');
    return true;
  } catch {
    return false;
  }
}

export function readHead(file: string, bytes = 65536): string {
  const buf = Buffer.alloc(bytes);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf
      .subarray(0, n)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}

/** Parses a time given as ISO 8601, X's "Wed Oct 10 20:19:24 +0000 2018", epoch s/ms/µs. */
export function toMs(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()))) {
    const n = Number(v);
    if (!Number.isFinite(n)) return null;
    if (n > 1e17) return Math.floor(n / 1e6); // nanoseconds
    if (n > 1e14) return Math.floor(n / 1e3); // microseconds (Bluesky time_us)
    if (n > 1e11) return Math.floor(n); // milliseconds
    return Math.floor(n * 1000); // seconds
  }
  if (typeof v !== 'string') return null;
  let s = v.trim();
  // "2017-05-05 18:31:00" and "2017-05-05 18:31" (IO CSV, IRA CSV) carry no zone: they are UTC.
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) s = `${s.replace(' ', 'T')}Z`;
  // FiveThirtyEight IRA: "5/5/2017 18:31" (M/D/YYYY H:MM, UTC).
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (us)
    return Date.UTC(
      +(us[3] ?? 0),
      +(us[1] ?? 1) - 1,
      +(us[2] ?? 1),
      +(us[4] ?? 0),
      +(us[5] ?? 0),
      +(us[6] ?? 0),
    );
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
}

const HASHTAG = /(?:^|[^\p{L}\p{N}_&])[#＃]([\p{L}\p{N}_]+)/gu;
const MENTION = /(?:^|[^\p{L}\p{N}_])@([A-Za-z0-9_]{1,30}(?:@[\w.-]+)?)/gu;
const URL_RE = /https?:\/\/[^\s<>"']+/g;

/** Entities from text, for sources that do not list them. Hashtags are lower-cased (X is case-insensitive). */
export function textEntities(text: string): { hashtags: string[]; mentions: string[]; urls: string[] } {
  return {
    hashtags: uniq([...text.matchAll(HASHTAG)].map((m) => (m[1] ?? '').toLowerCase())),
    mentions: uniq([...text.matchAll(MENTION)].map((m) => (m[1] ?? '').toLowerCase())),
    // A link cut with "…" (a retweet's truncated text) names no page: it is not a URL.
    urls: uniq([...text.matchAll(URL_RE)].map((m) => m[0].replace(/[.,;:!?)]+$/, ''))).filter(
      (u) => !u.endsWith('…'),
    ),
  };
}

export function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

export function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return null;
}

export function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

export function obj(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Splits list cells such as "['a', 'b']", "[a, b]", "a,b" or "a b" (IO and CooRTweet CSVs). */
export function listCell(v: string | undefined): string[] {
  if (!v) return [];
  const s = v.trim().replace(/^\[|\]$/g, '');
  if (!s) return [];
  return uniq(
    s
      .split(/[,\s]+/)
      .map((x) => x.replace(/^['"#@]+|['"]+$/g, '').trim())
      .filter(Boolean),
  );
}

export function emptyAccount(id: string, platform: string): Account {
  return {
    id,
    platform,
    handle: null,
    name: null,
    created: null,
    followers: null,
    friends: null,
    statuses: null,
    location: null,
    description: null,
    defaultProfile: null,
    defaultImage: null,
    verified: null,
  };
}
