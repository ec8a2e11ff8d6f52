import { type CoordinationResult, coordinationOn } from './coordinate.js';
import { SocialDb } from './db.js';
import { createScope, iso } from './scope.js';
import { type ActivityResult, activity } from './signals/activity.js';
import { type Amplifier, amplifiers } from './signals/amplifiers.js';
import { type BotSummary, botScores } from './signals/bots.js';
import { type Cascade, cascade } from './signals/cascade.js';
import type { CoordinationOptions } from './signals/coordination.js';
import { type CountryBreakdown, countries } from './signals/countries.js';
import { type LanguageBreakdown, languages } from './signals/languages.js';
import type { SyncBin } from './signals/sync.js';
import {
  autoBinSeconds,
  defaultThresholds,
  type Milestone,
  milestones,
  type TimelineBin,
  timeline,
} from './signals/timeline.js';
import {
  firstRepostedOriginal,
  type SeedPost,
  seedPosts,
  type Velocity,
  velocity,
} from './signals/velocity.js';
import { summarise } from './summary.js';
import type { PostFilter } from './types.js';

export interface AnalyzeOptions extends PostFilter {
  /** How many accounts make "the most active" group (default 10). */
  top?: number;
  /** A user-set posts-per-24 h threshold beside DFRLab's 72 and 144. */
  threshold?: number;
  binSeconds?: number;
  /** Extra milestones (e.g. 47000) beside 100, 1,000, 10,000, … */
  milestones?: number[];
  coordination?: CoordinationOptions;
  /** Skip coordination (the slowest signal on very large sets). */
  skipCoordination?: boolean;
  /**
   * Near-identical texts are compared (coordination by text) when scope holds at most this many
   * original posts (default 1,000,000); above, the result says so and `campaign coordination
   * --by text` does it on its own.
   */
  textLimit?: number;
}

export interface CampaignAnalysis {
  filter: PostFilter;
  posts: number;
  reposts: number;
  accounts: number;
  window: { from: string | null; to: string | null; spanMs: number };
  timeline: { binSeconds: number; bins: TimelineBin[] };
  milestones: Milestone[];
  seed: SeedPost[];
  velocity: Velocity[];
  /** Repost cascade of the first original post that was reposted, over its first hour; null if none was. */
  cascade: Cascade | null;
  activeAccounts: ActivityResult;
  amplifiers: { totalReposts: number; accounts: Amplifier[] };
  bots: BotSummary;
  coordination: CoordinationResult | null;
  /** Coordination by near-identical text (CooRTweet detect_similar_text, similarity 0.8). */
  textCoordination: CoordinationResult | { skipped: string } | null;
  languages: LanguageBreakdown;
  countries: CountryBreakdown;
  /** The findings in sentences, each number computed above. */
  summary: string[];
}

async function textCoordination(
  db: SocialDb,
  opts: AnalyzeOptions,
  sync?: SyncBin[],
): Promise<CoordinationResult | { skipped: string }> {
  const limit = opts.textLimit ?? 1_000_000;
  const [o] = await db.all<{ n: number }>('SELECT count(*) AS n FROM scoped WHERE repost_of IS NULL');
  if ((o?.n ?? 0) > limit)
    return {
      skipped: `${(o?.n ?? 0).toLocaleString('en-US')} original posts, more than the ${limit.toLocaleString('en-US')} an overall analysis compares; run "leaklens campaign coordination --by text"`,
    };
  const c = opts.coordination ?? {};
  return coordinationOn(
    db,
    {
      by: 'text',
      timeWindow: c.timeWindow,
      minParticipation: c.minParticipation,
      edgeWeight: c.edgeWeight,
      minSimilarity: c.minSimilarity,
    },
    20,
    sync,
  );
}

/**
 * Every campaign signal over the posts of a filter (hashtag, URL, time range) in one run.
 * @example
 * const a = await analyzeCampaign('./leaklens-case', { hashtag: 'MacronLeaks' });
 * console.log(a.summary.join('\n'));
 */
export async function analyzeCampaign(caseDir: string, opts: AnalyzeOptions = {}): Promise<CampaignAnalysis> {
  const db = await SocialDb.open(caseDir, { create: false });
  try {
    await createScope(db, opts);
    const [w] = await db.all<{ n: number; r: number; a: number; lo: number | null; hi: number | null }>(
      'SELECT count(*) AS n, count(repost_of) AS r, count(DISTINCT account_id) AS a, min(ts) AS lo, max(ts) AS hi FROM scoped',
    );
    const spanMs = w?.lo !== null && w?.hi !== null && w ? (w.hi as number) - (w.lo as number) : 0;
    const binSeconds = opts.binSeconds ?? autoBinSeconds(spanMs);
    const seed = await seedPosts(db, 5);
    const firstOriginal = seed.find((s) => !s.isRepost)?.id;
    const cascadeOf = await firstRepostedOriginal(db);
    const activeAccounts = await activity(db, { top: opts.top ?? 10, threshold: opts.threshold });
    const coordination = opts.skipCoordination ? null : await coordinationOn(db, opts.coordination ?? {});
    const result: Omit<CampaignAnalysis, 'summary'> = {
      filter: { hashtag: opts.hashtag, url: opts.url, keyword: opts.keyword, from: opts.from, to: opts.to },
      posts: w?.n ?? 0,
      reposts: w?.r ?? 0,
      accounts: w?.a ?? 0,
      window: { from: iso(w?.lo), to: iso(w?.hi), spanMs },
      timeline: { binSeconds, bins: await timeline(db, binSeconds) },
      milestones: await milestones(db, [...defaultThresholds(w?.n ?? 0), ...(opts.milestones ?? [])]),
      seed,
      velocity: await velocity(db, 10, firstOriginal ? [firstOriginal] : []),
      cascade: cascadeOf ? await cascade(db, cascadeOf) : null,
      activeAccounts,
      amplifiers: await amplifiers(db, 20),
      bots: await botScores(db, 50),
      coordination,
      textCoordination: opts.skipCoordination ? null : await textCoordination(db, opts, coordination?.sync),
      languages: await languages(db),
      countries: await countries(db),
    };
    return { ...result, summary: summarise(result) };
  } finally {
    db.close();
  }
}
