import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { SOCIAL_DB_FILE, SocialDb } from '../social/db.js';
import { assemble } from './assemble.js';
import { type DumpItem, loadDump } from './dump.js';
import { hashtagTies } from './hashtags.js';
import {
  boilerplateLimit,
  fileTies,
  linkTies,
  type MatchStats,
  quoteTies,
  stageDump,
  type Tie,
} from './match.js';
import type { Trail, TrailPostLink } from './types.js';

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
export async function computeTrail(caseDir: string, opts: TrailOptions = {}): Promise<TrailResult> {
  const { ties, dump, stats } = await collect(caseDir, opts);
  const { itemTies: _n, unconfirmedLinks, ...trail } = assemble(ties, dump, stats);
  return { ...trail, stats: { ...stats, unconfirmedLinks } };
}

/**
 * The posts that showed, quoted or linked one dump item (the workbench's item page), earliest
 * first, each with its evidence.
 * @example const links = await trailOfItem('./leaklens-case', 'e-3f2a…');
 */
export async function trailOfItem(caseDir: string, itemId: string): Promise<TrailPostLink[]> {
  if (!existsSync(join(resolve(caseDir), SOCIAL_DB_FILE))) return [];
  const { ties, dump } = await collect(caseDir, {});
  const idx = dump.findIndex((d) => d.id === itemId);
  if (idx < 0) return [];
  const byPost = new Map<string, TrailPostLink>();
  for (const t of ties) {
    if (t.item !== idx) continue;
    const link = byPost.get(t.postId) ?? {
      itemId,
      postId: t.postId,
      platform: t.platform,
      time: new Date(t.ts).toISOString(),
      handle: t.handle,
      evidence: [],
    };
    if (!link.evidence.some((e) => e.kind === t.evidence.kind && e.value === t.evidence.value))
      link.evidence.push(t.evidence);
    byPost.set(t.postId, link);
  }
  return [...byPost.values()].sort(
    (a, b) => a.time.localeCompare(b.time) || a.postId.localeCompare(b.postId),
  );
}

async function collect(
  caseDir: string,
  opts: TrailOptions,
): Promise<{ ties: Tie[]; dump: DumpItem[]; stats: TrailResult['stats'] }> {
  const db = await SocialDb.open(caseDir, { create: false }).catch((err) => {
    if (err instanceof UserError)
      throw new UserError(`${err.message} (the trail joins the dump with imported posts)`, err.code);
    throw err;
  });
  try {
    opts.onStep?.('reading the dump');
    const dump = await loadDump(resolve(caseDir), db);
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
    return { ties, dump, stats };
  } finally {
    db.close();
  }
}
