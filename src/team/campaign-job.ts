import { randomBytes } from 'node:crypto';
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UnrecoverableError } from 'bullmq';
import { type AnalyzeOptions, analyzeCampaign, type CampaignAnalysis } from '../social/analyze.js';
import { SOCIAL_DB_FILE, SocialDb } from '../social/db.js';
import { importPosts } from '../social/import/index.js';
import type { ImportSummary } from '../social/types.js';
import type { TrailDump } from '../trail/dump.js';
import { campaignFile } from './campaign-files.js';
import { storeTeamTrail, type TeamTrailOptions, type TrailJobSummary } from './trail-job.js';

/** A job of a team case's campaign queue (campaign-queue.ts). */
export type CampaignJob =
  | {
      kind: 'import';
      /** The files as workers see them (campaign-files.ts). */
      files: string[];
      /** For a file copied into shared storage, the path the user gave: the provenance posts keep. */
      names?: Record<string, string>;
      format?: string;
      mapping?: Record<string, string>;
    }
  | { kind: 'analyze'; options: AnalyzeOptions }
  /** The trail (the dump joined with the posts, src/team/trail-job.ts), computed again. */
  | { kind: 'trail'; options: TeamTrailOptions };

export interface CampaignJobResult {
  kind: CampaignJob['kind'];
  /** The import's summary (import jobs). */
  import?: ImportSummary;
  /** The analysis stored by this job: the default one after an import, the asked one otherwise (none for a trail job). */
  analysis?: CampaignAnalysis;
  /** Its key in `team_analyses`. */
  key?: string;
  /** The trail stored by this job (import and trail jobs, when the job could reach the dump). */
  trail?: TrailJobSummary;
}

/**
 * The dump a job joins the posts with (the case's PostgreSQL and the shared blobs), opened when
 * the job needs it; `close` ends it.
 */
export type OpenTrailDump = () => Promise<TrailDump & { close(): Promise<void> }>;

export interface JobProgress {
  phase: 'import' | 'analyze' | 'trail' | 'publish';
  posts?: number;
}

/**
 * Analyses stored in the posts file by campaign jobs, one per set of options, so every server
 * process reads the same figures without computing them. The key is the options as canonical JSON;
 * the one the workbench shows (no filter) is `{}`.
 */
const ANALYSES_TABLE = `CREATE TABLE IF NOT EXISTS team_analyses (
  key VARCHAR, options VARCHAR, result VARCHAR, analysed_at VARCHAR, posts BIGINT
)`;

export const DEFAULT_ANALYSIS_KEY = '{}';

/** Options as canonical JSON (keys sorted, undefined and empty lists left out). */
export function analysisKey(options: AnalyzeOptions): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined && !(Array.isArray(x) && x.length === 0))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, canon(x)]),
      );
    return v;
  };
  return JSON.stringify(canon(options));
}

/** The stored analysis of `key` on an open posts database, or null (none yet, or an older file). */
export async function storedAnalysis(
  db: SocialDb,
  key = DEFAULT_ANALYSIS_KEY,
): Promise<CampaignAnalysis | null> {
  const [t] = await db.all<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'team_analyses'",
  );
  if (!t?.n) return null;
  const [row] = await db.all<{ result: string }>('SELECT result FROM team_analyses WHERE key = $1', [key]);
  return row ? (JSON.parse(row.result) as CampaignAnalysis) : null;
}

async function storeAnalysis(
  dir: string,
  key: string,
  options: AnalyzeOptions,
  a: CampaignAnalysis,
  replaceAll: boolean,
): Promise<void> {
  const db = await SocialDb.open(dir);
  try {
    await db.run(ANALYSES_TABLE);
    // New posts make every stored analysis stale: an import keeps only the one it computes.
    await db.run(
      replaceAll ? 'DELETE FROM team_analyses' : 'DELETE FROM team_analyses WHERE key = $1',
      replaceAll ? [] : [key],
    );
    await db.run('INSERT INTO team_analyses VALUES ($1, $2, $3, $4, $5)', [
      key,
      JSON.stringify(options),
      JSON.stringify(a),
      new Date().toISOString(),
      a.posts,
    ]);
    // Everything in the main file before it is published: a reader opens it without the .wal.
    await db.run('CHECKPOINT');
  } finally {
    db.close();
  }
}

/**
 * Posts and failures of a copied input name the file the user gave, not the copy, as a laptop
 * import of that file does: `source` is the file's path followed by `#…` or `:line`.
 */
async function restoreNames(dir: string, names: Record<string, string>, s: ImportSummary): Promise<void> {
  const pairs = Object.entries(names).filter(([shared, orig]) => shared !== orig);
  if (!pairs.length) return;
  const db = await SocialDb.open(dir);
  try {
    for (const [shared, orig] of pairs) {
      await db.run(
        `UPDATE posts SET source = $2 || substr(source, length($1) + 1)
         WHERE source = $1 OR starts_with(source, $1 || '#') OR starts_with(source, $1 || ':')`,
        [shared, orig],
      );
      // The import skips a failure it already holds (same file, line, reason): with the names
      // restored, one found again under the copy's name is that same failure.
      await db.run(
        `DELETE FROM import_failures f WHERE f.file = $1 AND EXISTS (SELECT 1 FROM import_failures g
         WHERE g.file = $2 AND g.line = f.line AND g.reason = f.reason)`,
        [shared, orig],
      );
      await db.run('UPDATE import_failures SET file = $2 WHERE file = $1', [shared, orig]);
    }
  } finally {
    db.close();
  }
  const rename = (f: { file: string }) => {
    f.file = names[f.file] ?? f.file;
  };
  for (const list of [s.files, s.failures, s.warnings]) list.forEach(rename);
}

/**
 * Computes the trail on the job's copy `stage` and stores it there (trail-job.ts); `options` are
 * the trail job's, or 'import': those of the trail stored before (the default for a first one).
 */
async function trailOn(
  stage: string,
  openDump: OpenTrailDump,
  options: TeamTrailOptions | 'import',
): Promise<TrailJobSummary> {
  const dump = await openDump();
  try {
    const db = await SocialDb.open(stage);
    try {
      const opts = options === 'import' ? await lastTrailOptions(db) : options;
      const summary = await storeTeamTrail(db, dump, opts);
      await db.run('CHECKPOINT');
      return summary;
    } finally {
      db.close();
    }
  } finally {
    await dump.close();
  }
}

async function lastTrailOptions(db: SocialDb): Promise<TeamTrailOptions> {
  const [t] = await db.all<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'team_trail'",
  );
  if (!t?.n) return {};
  const [row] = await db.all<{ options: string | null }>('SELECT options FROM team_trail');
  return row?.options ? (JSON.parse(row.options) as TeamTrailOptions) : {};
}

/** Work folders of jobs are `.job-*`; one left behind belongs to a job that died. */
const STAGING = /^\.job-/;

/**
 * Runs one campaign job on the case's campaign folder `dir`. The caller holds the case's campaign
 * lock (campaign-worker.ts), so no other job writes meanwhile.
 *
 * Servers hold the published `social.duckdb` open READ_ONLY, and DuckDB refuses a writer while any
 * reader holds the file. So the job works on a copy (a reflink where the file system has them),
 * imports and analyses there, and publishes it by rename(2), which is atomic: a server sees the
 * old file or the new one, never a half-written one. A job killed at any point leaves the published
 * file as it was (its work folder is removed by the next job), and the import de-duplicates by post
 * id, so running a job again never doubles a post.
 */
export async function runCampaignJob(
  dir: string,
  job: CampaignJob,
  onProgress: (p: JobProgress) => void = () => undefined,
  openDump?: OpenTrailDump,
): Promise<CampaignJobResult> {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir))
    if (STAGING.test(name)) rmSync(join(dir, name), { recursive: true, force: true });
  const published = campaignFile(dir);
  if (job.kind !== 'import' && !existsSync(published))
    throw new UnrecoverableError(
      'no posts imported in this team case yet: run "leaklens campaign import FILES --database … --queue …" first',
    );
  const stage = join(dir, `.job-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(stage);
  try {
    if (existsSync(published))
      copyFileSync(published, join(stage, SOCIAL_DB_FILE), constants.COPYFILE_FICLONE);
    let result: CampaignJobResult;
    if (job.kind === 'import') {
      onProgress({ phase: 'import', posts: 0 });
      // The importer counts the posts of the file it reads; the job's progress counts them all.
      let before = 0;
      let last = 0;
      const summary = await importPosts(stage, job.files, {
        format: job.format,
        mapping: job.mapping,
        onProgress: (n) => {
          if (n < last) before += last;
          last = n;
          onProgress({ phase: 'import', posts: before + n });
        },
      });
      await restoreNames(stage, job.names ?? {}, summary);
      onProgress({ phase: 'analyze' });
      const analysis = await analyzeCampaign(stage, {});
      await storeAnalysis(stage, DEFAULT_ANALYSIS_KEY, {}, analysis, true);
      result = { kind: 'import', import: summary, analysis, key: DEFAULT_ANALYSIS_KEY };
      // New posts make the stored trail stale: the import computes it again, with the options
      // the last trail job was given.
      if (openDump) {
        onProgress({ phase: 'trail' });
        result.trail = await trailOn(stage, openDump, 'import');
      }
    } else if (job.kind === 'trail') {
      if (!openDump) throw new UnrecoverableError('this worker cannot reach the case database for the trail');
      onProgress({ phase: 'trail' });
      result = { kind: 'trail', trail: await trailOn(stage, openDump, job.options) };
    } else {
      onProgress({ phase: 'analyze' });
      const analysis = await analyzeCampaign(stage, job.options);
      const key = analysisKey(job.options);
      await storeAnalysis(stage, key, job.options, analysis, false);
      result = { kind: 'analyze', analysis, key };
    }
    onProgress({ phase: 'publish' });
    renameSync(join(stage, SOCIAL_DB_FILE), published);
    return result;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
