import { BOT_MODEL } from './bot-weights.js';
import { sigmoid } from './logistic.js';

/** What the scorer knows of one account: its profile (null = not in the source) and its posts here. */
export interface BotRaw {
  handle: string | null;
  /** Account creation and the last time the account was seen (its last post here), epoch ms. */
  created: number | null;
  lastSeen: number | null;
  followers: number | null;
  friends: number | null;
  statuses: number | null;
  description: string | null;
  defaultProfile: boolean | null;
  defaultImage: boolean | null;
  /** Posts in scope; null when only the profile is known (the calibration sets). */
  posts: number | null;
  activeDays: number | null;
  repostRatio: number | null;
  duplicateTextShare: number | null;
  hourEntropy: number | null;
  gapCv: number | null;
}

const DAY = 86_400_000;
/** DFRLab #BotSpot: "an average of 72 posts a day" over time is suspicious (not a burst in one day). */
const DFRLAB_DAILY = 72;

/**
 * The rules. `profile` rules read the account's profile and fire only when the fields they need are
 * known; `noProfile` marks an account whose source gives no profile at all, so the fitted model
 * does not read "unknown" as "human" (the fault that put a CSV source below chance). `timeline`
 * rules read the posts in the case; no labelled set with timelines could be had (docs/bots.md), so
 * their weights are stated priors, not fitted, and say so.
 */
export const BOT_RULES = [
  { key: 'young', kind: 'profile', text: 'account under 30 days old when last seen' },
  { key: 'defaultProfile', kind: 'profile', text: 'default profile theme or image' },
  { key: 'noDescription', kind: 'profile', text: 'empty profile description' },
  { key: 'ratio', kind: 'profile', text: 'follows 100+ accounts, followed by under 10% as many' },
  { key: 'fewFollowers', kind: 'profile', text: 'under 30 followers' },
  { key: 'fewPosts', kind: 'profile', text: 'under 50 posts in its lifetime' },
  { key: 'lifetimeRate', kind: 'profile', text: 'averages 72+ posts a day over its lifetime (DFRLab)' },
  { key: 'handle', kind: 'handle', text: 'handle ends in 4+ digits or is 40%+ digits' },
  { key: 'noProfile', kind: 'availability', text: 'no profile fields in the source' },
  { key: 'rate', kind: 'timeline', text: 'averages 72+ posts per active day here (DFRLab)' },
  { key: 'reposts', kind: 'timeline', text: '90%+ of posts are reposts' },
  { key: 'dupes', kind: 'timeline', text: 'half or more of its own texts are posted elsewhere verbatim' },
  {
    key: 'hours',
    kind: 'timeline',
    text: 'active evenly round the clock (hour-of-day entropy ≥ 0.9, 24+ posts)',
  },
  {
    key: 'clockwork',
    kind: 'timeline',
    text: 'regular gaps between posts (coefficient of variation < 0.25, 10+ posts)',
  },
] as const;

export type BotRuleKey = (typeof BOT_RULES)[number]['key'];
export type BotFeatures = Record<BotRuleKey, 0 | 1>;

const b = (v: boolean) => (v ? 1 : 0) as 0 | 1;

/** True when the source gave any profile field (X, Mastodon, Bluesky do; most CSVs do not). */
export const profileKnown = (r: BotRaw) =>
  r.created !== null ||
  r.followers !== null ||
  r.friends !== null ||
  r.statuses !== null ||
  r.description !== null;

/** The 0/1 rule features of one account; a rule whose inputs are unknown does not fire. */
export function botFeatures(r: BotRaw): BotFeatures {
  const age = r.created !== null && r.lastSeen !== null ? (r.lastSeen - r.created) / DAY : null;
  const digits = r.handle ? r.handle.replace(/\D/g, '').length : 0;
  const posts = r.posts ?? 0;
  return {
    young: b(age !== null && age < 30),
    defaultProfile: b(r.defaultProfile === true || r.defaultImage === true),
    noDescription: b(r.description !== null && r.description.trim() === ''),
    ratio: b(r.friends !== null && r.followers !== null && r.friends >= 100 && r.followers < 0.1 * r.friends),
    fewFollowers: b(r.followers !== null && r.followers < 30),
    fewPosts: b(r.statuses !== null && r.statuses < 50),
    lifetimeRate: b(r.statuses !== null && age !== null && r.statuses / Math.max(age, 1) >= DFRLAB_DAILY),
    handle: b(!!r.handle && (/\d{4,}$/.test(r.handle) || digits >= 0.4 * r.handle.length)),
    noProfile: b(!profileKnown(r)),
    rate: b(r.activeDays !== null && r.activeDays > 0 && posts / r.activeDays >= DFRLAB_DAILY),
    reposts: b(r.repostRatio !== null && r.repostRatio >= 0.9 && posts >= 5),
    dupes: b(r.duplicateTextShare !== null && r.duplicateTextShare >= 0.5),
    hours: b(r.hourEntropy !== null && r.hourEntropy >= 0.9 && posts >= 24),
    clockwork: b(r.gapCv !== null && r.gapCv < 0.25 && posts >= 10),
  };
}

/** The weights and threshold the scorer uses (src/social/signals/bot-weights.ts, made by bench/bots/run.ts). */
export type BotModel = typeof BOT_MODEL;

export interface Scored {
  score: number;
  band: 'bot-like' | 'mixed' | 'human-like';
  /** Each fired rule that raises the score, with its weight (log-odds), largest first. */
  reasons: string[];
  /** Every fired rule's weight, positive (bot-leaning) or negative (human-leaning). */
  contributions: Partial<Record<BotRuleKey, number>>;
}

/**
 * The logistic score: sigmoid(intercept + Σ weight × feature). Every reason is one fired rule and
 * its weight, so the score is the sum of what is listed (plus the intercept).
 * @example scoreBot(botFeatures(raw)).reasons // ['empty profile description (+1.9)', …]
 */
export function scoreBot(f: BotFeatures, model: BotModel = BOT_MODEL): Scored {
  let z = model.intercept;
  const contributions: Partial<Record<BotRuleKey, number>> = {};
  for (const rule of BOT_RULES) {
    const w = model.weights[rule.key] ?? 0;
    if (!f[rule.key] || w === 0) continue;
    z += w;
    contributions[rule.key] = w;
  }
  const score = Math.round(sigmoid(z) * 1000) / 1000;
  // `noProfile` only re-centres an account the source gives no profile for; it is no reason.
  const reasons = BOT_RULES.filter((r) => r.kind !== 'availability' && (contributions[r.key] ?? 0) > 0)
    .sort((x, y) => (contributions[y.key] ?? 0) - (contributions[x.key] ?? 0))
    .map((r) => `${r.text} (+${(contributions[r.key] ?? 0).toFixed(2)})`);
  return { score, band: bandOf(score, model), reasons, contributions };
}

/** bot-like at the measured threshold; mixed from even odds up to it. */
export function bandOf(score: number, model: BotModel = BOT_MODEL): Scored['band'] {
  if (score >= model.threshold) return 'bot-like';
  return score >= 0.5 ? 'mixed' : 'human-like';
}
