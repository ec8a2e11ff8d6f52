import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listValue } from '@duckdb/node-api';
import { UserError } from '../core/errors.js';
import { SOCIAL_DB_FILE, SocialDb } from '../social/db.js';
import { assemble } from './assemble.js';
import {
  countDumpItems,
  countDumpItemsOn,
  type DumpItem,
  loadDump,
  type TrailDump,
  withLaptopDump,
} from './dump.js';
import { hashtagTies } from './hashtags.js';
import { linkTies } from './links.js';
import { boilerplateLimit, fileTies, type MatchStats, quoteTies, stageDump, type Tie } from './match.js';
import {
  CREATE_TRAIL_CACHE,
  INSERT_TRAIL_FINGERPRINT,
  SELECT_ITEM_LINKS,
  SELECT_TRAIL_FINGERPRINT,
  TRAIL_INPUTS,
} from './sql.js';
import type { Trail, TrailEvidence, TrailPostLink, TrailVia } from './types.js';

export interface TrailOptions {
  /** Runs of words in more dump items than this are boilerplate (default: boilerplateLimit). */
  boilerplateItems?: number;
  /** Progress of the steps, for the CLI's bar. */
  onStep?: (step: string) => void;
}

/** The trail with what was skipped and why (the CLI prints these; `--json` includes them). */
export interface TrailResult extends Trail {
  stats: MatchStats & {
    dumpItems: number;
    posts: number;
    ties: number;
    boilerplateItems: number;
    /** Links to file hosts or other platforms' posts that nothing ties to the dump. */
    unconfirmedLinks?: number;
  };
}

/**
 * How the leak travelled (issue #14): which dump files surfaced in which posts, first on which
 * platform, and who carried them across. Reads the dump from `case.sqlite` and the posts from
 * `social.duckdb` of the case.
 * @example
 * const t = await computeTrail('./leaklens-case');
 * t.summary[0] // "The files appeared first on 4chan at 18:31 UTC on 5 May 2017 …"
 */
export function computeTrail(caseDir: string, opts: TrailOptions = {}): Promise<TrailResult> {
  // One at a time per case in this process: each rewrites the cache tables, and two at once fail
  // on DuckDB's catalog ("write-write conflict"), as the workbench's item pages and campaign page
  // asking together did.
  const key = resolve(caseDir);
  const run = (RUNNING.get(key) ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => computeTrailNow(caseDir, opts));
  RUNNING.set(key, run);
  const forget = () => {
    if (RUNNING.get(key) === run) RUNNING.delete(key);
  };
  run.then(forget, forget);
  return run;
}

/** The trail computation in progress or queued last, per case directory. */
const RUNNING = new Map<string, Promise<TrailResult>>();

async function computeTrailNow(caseDir: string, opts: TrailOptions): Promise<TrailResult> {
  const db = await SocialDb.open(caseDir, { create: false }).catch((err) => {
    if (err instanceof UserError)
      throw new UserError(`${err.message} (the trail joins the dump with imported posts)`, err.code);
    throw err;
  });
  try {
    return await withLaptopDump(resolve(caseDir), (dump) => computeTrailIn(db, dump, opts));
  } finally {
    db.close();
  }
}

/**
 * The trail of the posts of `social` (a writable campaign database: the trail keeps its hash and
 * item caches there) against the dump of `dump`: a laptop case's `case.sqlite` or a team case's
 * PostgreSQL, read through the case layer. A team's campaign job calls this on its copy of the
 * campaign file (src/team/trail-job.ts); `computeTrail` on a case directory.
 */
export async function computeTrailIn(
  social: SocialDb,
  dump: TrailDump,
  opts: TrailOptions = {},
): Promise<TrailResult> {
  const { ties, dump: items, stats } = await collect(social, dump, opts);
  const { itemTies: _n, unconfirmedLinks, ...trail } = assemble(ties, items, stats);
  return { ...trail, stats: { ...stats, unconfirmedLinks } };
}

/**
 * The posts that showed, quoted or linked one dump item (the workbench's item page), earliest
 * first, each with its evidence. Read from the cache the last trail left in `social.duckdb`; when
 * the posts, the media or the dump changed since, the trail is computed again first.
 * @example const links = await trailOfItem('./leaklens-case', 'e-3f2a…');
 */
export async function trailOfItem(caseDir: string, itemId: string): Promise<TrailPostLink[]> {
  if (!existsSync(join(resolve(caseDir), SOCIAL_DB_FILE))) return [];
  // A computation under way may be making the cache fresh: wait for it before judging.
  await RUNNING.get(resolve(caseDir))?.catch(() => undefined);
  if (!(await cacheIsFresh(caseDir))) await computeTrail(caseDir);
  const db = await SocialDb.open(caseDir, { create: false });
  try {
    return await itemLinks(db, itemId);
  } finally {
    db.close();
  }
}

/**
 * The posts tied to one item in the item cache of an open campaign database (`trail_links`, left
 * by the last trail computed on it), earliest first; none when no trail was computed there. A
 * team case's readers call this on the published campaign file, READ_ONLY.
 */
export async function itemLinks(db: SocialDb, itemId: string): Promise<TrailPostLink[]> {
  const rows = await db.all<{
    post_id: string;
    platform: string;
    ts: number;
    handle: string | null;
    via: TrailVia;
    kind: string;
    detail: string;
    value: string | null;
  }>(SELECT_ITEM_LINKS, [itemId]);
  const byPost = new Map<string, TrailPostLink>();
  for (const r of rows) {
    const link = byPost.get(r.post_id) ?? {
      itemId,
      postId: r.post_id,
      platform: r.platform,
      time: new Date(r.ts).toISOString(),
      handle: r.handle,
      evidence: [],
    };
    const e: TrailEvidence = { via: r.via, kind: r.kind, detail: r.detail };
    if (r.value !== null) e.value = r.value;
    if (!link.evidence.some((x) => x.kind === e.kind && x.value === e.value)) link.evidence.push(e);
    byPost.set(r.post_id, link);
  }
  return [...byPost.values()];
}

/** The posts that link to an item, or none when no trail was stored in this posts file yet. */
export async function storedItemLinks(db: SocialDb, itemId: string): Promise<TrailPostLink[]> {
  const has = await db.all("SELECT 1 FROM duckdb_tables() WHERE table_name = 'trail_links'");
  return has.length ? itemLinks(db, itemId) : [];
}

/**
 * What a trail was computed from: the posts and media of the campaign database and the e-mails
 * and documents of the dump. When any count changes, the trail is out of date.
 */
export async function trailFingerprint(db: SocialDb, dumpItems: number): Promise<string> {
  const [c] = await db.all<{ posts: number; media: number }>(TRAIL_INPUTS);
  return `v1:${c?.posts ?? 0}:${c?.media ?? 0}:${dumpItems}`;
}

async function fingerprint(caseDir: string, db: SocialDb): Promise<string> {
  return trailFingerprint(db, await countDumpItems(resolve(caseDir)));
}

async function cacheIsFresh(caseDir: string): Promise<boolean> {
  const db = await SocialDb.open(caseDir, { create: false });
  try {
    const has = await db.all("SELECT 1 FROM duckdb_tables() WHERE table_name = 'trail_cache'");
    if (!has.length) return false;
    const [row] = await db.all<{ fingerprint: string }>(SELECT_TRAIL_FINGERPRINT);
    return row?.fingerprint === (await fingerprint(caseDir, db));
  } finally {
    db.close();
  }
}

/** Keeps the item ties for trailOfItem, with what they were computed from. */
async function saveCache(db: SocialDb, source: TrailDump, ties: Tie[], dump: DumpItem[]): Promise<void> {
  await db.run(CREATE_TRAIL_CACHE);
  const rows = ties.filter((t) => t.item !== null);
  const col = <T>(f: (t: Tie) => T) => rows.map(f);
  for (let i = 0; i < rows.length; i += CACHE_BATCH) {
    const part = (f: (t: Tie) => string | number | null) => listValue(col(f).slice(i, i + CACHE_BATCH));
    await db.run(
      'INSERT INTO trail_links SELECT unnest($1), unnest($2), unnest($3), unnest($4), unnest($5), unnest($6), unnest($7), unnest($8), unnest($9)',
      [
        part((t) => dump[t.item as number]?.id ?? ''),
        part((t) => t.postId),
        part((t) => t.platform),
        part((t) => t.ts),
        part((t) => t.handle),
        part((t) => t.evidence.via),
        part((t) => t.evidence.kind),
        part((t) => t.evidence.detail),
        part((t) => t.evidence.value ?? null),
      ],
    );
  }
  await db.run(INSERT_TRAIL_FINGERPRINT, [await trailFingerprint(db, await countDumpItemsOn(source.db))]);
}

/** Rows per insert into the cache. */
const CACHE_BATCH = 10_000;

async function collect(
  db: SocialDb,
  source: TrailDump,
  opts: TrailOptions,
): Promise<{ ties: Tie[]; dump: DumpItem[]; stats: TrailResult['stats'] }> {
  opts.onStep?.('reading the dump');
  const dump = await loadDump(source, db);
  const maxItems = opts.boilerplateItems ?? boilerplateLimit(dump.length);
  const [p] = await db.all<{ n: number }>('SELECT count(*) AS n FROM posts');
  const stats: TrailResult['stats'] = {
    dumpItems: dump.length,
    posts: p?.n ?? 0,
    ties: 0,
    boilerplateItems: maxItems,
    mediaRows: 0,
    boilerplateRuns: 0,
    boilerplatePosts: 0,
    urlsNotUrls: 0,
    genericNamesSkipped: 0,
    phashCompared: 0,
  };
  await stageDump(db, dump);
  opts.onStep?.('matching files');
  const ties = await fileTies(db, dump, stats);
  opts.onStep?.('matching quotes');
  ties.push(...(await quoteTies(db, dump, stats, maxItems)));
  opts.onStep?.('matching links');
  ties.push(...(await linkTies(db, stats)));
  ties.push(...(await hashtagTies(db, ties)));
  stats.ties = ties.length;
  await saveCache(db, source, ties, dump);
  return { ties, dump, stats };
}
