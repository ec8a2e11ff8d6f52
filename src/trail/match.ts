import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listValue } from '@duckdb/node-api';
import { type SocialDb, sqlString } from '../social/db.js';
import { DHASH_MAX_DISTANCE, hamming } from './dhash.js';
import type { DumpItem } from './dump.js';
import { platformName } from './platforms.js';
import { MIN_QUOTE_WORDS, ShingleIndex } from './shingles.js';
import type { TrailEvidence } from './types.js';

/**
 * A run of words found in more dump items than this is boilerplate (a signature, a legal footer, a
 * disclaimer), not evidence that a post quotes one item: at least 3 items, or 0.5 % of the dump.
 */
export function boilerplateLimit(items: number): number {
  return Math.max(3, Math.ceil(items * 0.005));
}

/**
 * File names too generic to tie a post to one file ("image.png", "IMG_2231.jpg", "1.pdf"): a name
 * match on these would tie every screenshot to every scan.
 */
const GENERIC_NAME =
  /^(image|img|photo|picture|pic|file|document|doc|scan|screenshot|untitled|unknown|download|attachment|dsc|dcim|[0-9_\-. ]+)[\s_\-.]*[0-9]*$/i;

/** One post tied to the dump (item) or to another platform's post, with why. */
export interface Tie {
  postId: string;
  platform: string;
  ts: number;
  handle: string | null;
  accountId: string;
  /** Index into the dump items, or null for a link that names no single item. */
  item: number | null;
  evidence: TrailEvidence;
  /** For a link to another platform's post: that platform and the linked post id when it can be named. */
  toPlatform?: string;
  target?: string | null;
  /** For a link to a file host / paste / archive: the URL. */
  url?: string;
  /** For a link: the post it replies to (a paste link posted in reply to a post showing the files). */
  replyTo?: string | null;
}

export interface MatchStats {
  mediaRows: number;
  boilerplateRuns: number;
  boilerplatePosts: number;
  urlsNotUrls: number;
  genericNamesSkipped: number;
  phashCompared: number;
}

export interface PostCols {
  post_id: string;
  platform: string;
  ts: number;
  handle: string | null;
  account_id: string;
}

export const POST_COLS = 'p.id AS post_id, p.platform, p.ts, p.handle, p.account_id';

/** Loads the dump's hashes, names and text into temp tables of the campaign database. */
export async function stageDump(db: SocialDb, dump: DumpItem[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'leaklens-trail-'));
  try {
    const items = join(dir, 'items.jsonl');
    const names = nameCounts(dump);
    writeFileSync(
      items,
      dump
        .map((d, i) =>
          JSON.stringify({
            idx: i,
            md5: d.md5,
            sha256: d.sha256,
            // A name shared by several dump files names none of them.
            name: d.name && names.get(d.name) === 1 ? d.name : null,
            dhash: d.dhash,
          }),
        )
        .join('\n'),
    );
    await db.run(
      `CREATE OR REPLACE TEMP TABLE trail_items AS SELECT * FROM read_json(${sqlString(items)}, format='newline_delimited', columns={idx:'INTEGER', md5:'VARCHAR', sha256:'VARCHAR', name:'VARCHAR', dhash:'VARCHAR'})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function nameCounts(dump: DumpItem[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of dump) if (d.name) m.set(d.name, (m.get(d.name) ?? 0) + 1);
  return m;
}

/** Posts showing a dump file: same SHA-256, same MD5, same (specific, unique) file name, or a dHash match. */
export async function fileTies(db: SocialDb, dump: DumpItem[], stats: MatchStats): Promise<Tie[]> {
  const [n] = await db.all<{ n: number }>('SELECT count(*) AS n FROM media');
  stats.mediaRows = n?.n ?? 0;
  const rows = await db.all<PostCols & { idx: number; kind: string; value: string; mname: string | null }>(
    `SELECT ${POST_COLS}, t.idx, t.kind, t.value, t.mname FROM (
       SELECT m.post_id, d.idx, 'sha256' AS kind, m.sha256 AS value, m.name AS mname FROM media m JOIN trail_items d ON m.sha256 = d.sha256
       UNION ALL SELECT m.post_id, d.idx, 'md5', m.md5, m.name FROM media m JOIN trail_items d ON m.md5 = d.md5
       UNION ALL SELECT m.post_id, d.idx, 'filename', m.name, m.name FROM media m JOIN trail_items d ON lower(m.name) = d.name
     ) t JOIN posts p ON p.id = t.post_id`,
  );
  const ties: Tie[] = [];
  for (const r of rows) {
    const d = dump[r.idx];
    if (!d) continue;
    if (r.kind === 'filename' && GENERIC_NAME.test(stem(r.value))) {
      stats.genericNamesSkipped++;
      continue;
    }
    const what =
      r.kind === 'filename'
        ? `the file name "${r.value}" equals the name of ${d.kind === 'Email' ? 'e-mail' : 'dump file'} "${d.title}" (a name alone is weaker evidence than a hash)`
        : `the ${r.kind.toUpperCase()} ${r.value} of the posted file${r.mname ? ` "${r.mname}"` : ''} equals the ${r.kind.toUpperCase()} of "${d.title}"`;
    ties.push(
      tie(r, r.idx, {
        via: 'file',
        kind: r.kind,
        detail: `${platformName(r.platform)} post ${r.post_id}: ${what}`,
        value: r.value,
      }),
    );
  }
  ties.push(...(await phashTies(db, dump, stats)));
  return ties;
}

/** Images whose bytes were read (Telegram export) against the dump's images: dHash within DHASH_MAX_DISTANCE bits. */
async function phashTies(db: SocialDb, dump: DumpItem[], stats: MatchStats): Promise<Tie[]> {
  const imgs = dump.map((d, i) => ({ d, i })).filter((x) => x.d.dhash);
  if (!imgs.length) return [];
  const rows = await db.all<PostCols & { dhash: string; sha256: string | null; name: string | null }>(
    `SELECT ${POST_COLS}, m.dhash, m.sha256, m.name FROM media m JOIN posts p ON p.id = m.post_id WHERE m.dhash IS NOT NULL`,
  );
  const out: Tie[] = [];
  for (const r of rows) {
    for (const { d, i } of imgs) {
      stats.phashCompared++;
      if (r.sha256 && r.sha256 === d.sha256) continue; // already tied by its hash
      const dist = hamming(r.dhash, d.dhash as string);
      if (dist > DHASH_MAX_DISTANCE) continue;
      out.push(
        tie(r, i, {
          via: 'file',
          kind: 'phash',
          detail: `${platformName(r.platform)} post ${r.post_id}: the image${r.name ? ` "${r.name}"` : ''} looks like "${d.title}" (dHash ${r.dhash} vs ${d.dhash}, ${dist} of 64 bits differ)`,
          value: r.dhash,
        }),
      );
    }
  }
  return out;
}

/** Posts streamed from DuckDB per fetch while matching quotes (one DuckDB chunk is 2,048 rows). */
const QUOTE_FLUSH = 10_000;

/**
 * Posts quoting the dump: every run of MIN_QUOTE_WORDS words of every dump text goes into a
 * shingle index (shingles.ts); the posts' texts are streamed out of DuckDB once and each is looked
 * up run by run — no post is compared with every item. Reposts are not split: they inherit the
 * ties of their original. Runs found in more than `maxItems` dump items are ignored and counted.
 */
export async function quoteTies(
  db: SocialDb,
  dump: DumpItem[],
  stats: MatchStats,
  maxItems: number,
): Promise<Tie[]> {
  const index = new ShingleIndex(dump.map((d) => d.text));
  stats.boilerplateRuns = index.countShared(maxItems);
  const found: { post_id: string; idx: number; quote: string }[] = [];
  // A post of fewer than 2n-1 characters cannot hold n words: skipped before it leaves DuckDB.
  const res = await db.conn.stream(
    `SELECT id, text FROM posts WHERE repost_of IS NULL AND length(text) >= ${2 * MIN_QUOTE_WORDS - 1}`,
  );
  for (;;) {
    const chunk = await res.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const ids = chunk.getColumnVector(0);
    const texts = chunk.getColumnVector(1);
    for (let i = 0; i < chunk.rowCount; i++) {
      const m = index.match(String(texts.getItem(i) ?? ''), maxItems);
      if (m.boilerplateOnly) stats.boilerplatePosts++;
      for (const [idx, h] of m.hits) found.push({ post_id: String(ids.getItem(i)), idx, quote: h.words });
    }
  }
  if (!found.length) return [];
  await db.run('CREATE OR REPLACE TEMP TABLE trail_quoted (post_id VARCHAR, idx INTEGER, quote VARCHAR)');
  for (let i = 0; i < found.length; i += QUOTE_FLUSH) {
    const part = found.slice(i, i + QUOTE_FLUSH);
    await db.run('INSERT INTO trail_quoted SELECT unnest($1), unnest($2), unnest($3)', [
      listValue(part.map((f) => f.post_id)),
      listValue(part.map((f) => f.idx)),
      listValue(part.map((f) => f.quote)),
    ]);
  }
  const rows = await db.all<PostCols & { idx: number; quote: string; via_post: string | null }>(
    `SELECT ${POST_COLS}, q.idx, q.quote, NULL AS via_post FROM trail_quoted q JOIN posts p ON p.id = q.post_id
     UNION ALL
     SELECT ${POST_COLS}, q.idx, q.quote, q.post_id FROM trail_quoted q JOIN posts p ON p.repost_of = q.post_id`,
  );
  await db.run('DROP TABLE trail_quoted');
  const ties: Tie[] = [];
  for (const r of rows) {
    const d = dump[r.idx];
    if (!d) continue;
    const n = r.quote.split(' ').length;
    const detail = r.via_post
      ? `${platformName(r.platform)} post ${r.post_id} reposts ${r.via_post}, which quotes ${n} words of "${d.title}"`
      : `${platformName(r.platform)} post ${r.post_id} quotes ${n} consecutive words of ${d.kind === 'Email' ? 'the e-mail' : 'the document'} "${d.title}"`;
    ties.push(
      tie(r, r.idx, { via: 'quote', kind: r.via_post ? 'repost-of-quote' : 'quote', detail, value: r.quote }),
    );
  }
  return ties;
}

export function tie(r: PostCols, item: number | null, evidence: TrailEvidence): Tie {
  return {
    postId: r.post_id,
    platform: r.platform,
    ts: r.ts,
    handle: r.handle,
    accountId: r.account_id,
    item,
    evidence,
  };
}

function stem(name: string): string {
  return name.replace(/\.[A-Za-z0-9]{1,8}$/, '');
}
