import { analyzeCampaign } from '../social/analyze.js';
import { SocialDb } from '../social/db.js';
import { createScope } from '../social/scope.js';
import { activity } from '../social/signals/activity.js';
import { botScores } from '../social/signals/bots.js';
import { type KindScore, score } from './eval-mail.js';
import type { SocialTruth } from './truth.js';

export interface SocialEval {
  seed: {
    expected: SocialTruth['seed'];
    found: { account: string | null; within1m: number; within5m: number } | null;
    match: boolean;
  };
  milestones: { posts: number; expected: string; found: string | null; match: boolean }[];
  amplifier: { expected: string; found: string | null; match: boolean };
  /** Largest absolute difference between expected and found shares. */
  languages: { maxDiff: number; found: Record<string, number> };
  countries: { maxDiff: number; found: Record<string, number> };
  kinds: KindScore[];
}

const lower = (s: string | null | undefined) => (s ?? '').toLowerCase();

function maxDiff(
  expected: Record<string, number>,
  found: { key: string; share: number }[],
): { maxDiff: number; found: Record<string, number> } {
  const f = Object.fromEntries(
    found.map((s) => [s.key.toLowerCase(), Math.round(s.share * 10_000) / 10_000]),
  );
  const keys = new Set([...Object.keys(expected).map((k) => k.toLowerCase()), ...Object.keys(f)]);
  let d = 0;
  for (const k of keys)
    d = Math.max(d, Math.abs((expected[k] ?? expected[k.toUpperCase()] ?? 0) - (f[k] ?? 0)));
  return { maxDiff: Math.round(d * 10_000) / 10_000, found: f };
}

/** Compares the campaign analysis of a demo case with the social truth. */
export async function evalSocial(caseDir: string, t: SocialTruth): Promise<SocialEval> {
  const hashtag = t.hashtag.replace(/^#/, '');
  const a = await analyzeCampaign(caseDir, { hashtag });
  const v = a.velocity.find((x) => x.id === t.seed.postId) ?? a.velocity[0];
  const found = v ? { account: v.handle, within1m: v.within1m, within5m: v.within5m } : null;
  const db = await SocialDb.open(caseDir, { create: false });
  let bots: Set<string>;
  let hyper: Set<string>;
  try {
    await createScope(db, { hashtag });
    const act = await activity(db, { top: 10, limit: 1_000_000 });
    // The activity signal's own level: DFRLab's 72 posts in 24 h or more.
    hyper = new Set(act.accounts.filter((x) => x.level !== 'none').map((x) => lower(x.handle)));
    const b = await botScores(db, 1_000_000);
    bots = new Set(b.accounts.filter((x) => x.band === 'bot-like').map((x) => lower(x.handle)));
  } finally {
    db.close();
  }
  // Near-identical texts within a minute, at CooRTweet's default similarity (0.8).
  const tc = a.textCoordination && 'groups' in a.textCoordination ? a.textCoordination : null;
  const copied = new Set((tc?.groups ?? []).flatMap((g) => g.handles.map(lower)));
  const coordinated = new Set((a.coordination?.groups ?? []).flatMap((g) => g.handles.map(lower)));
  // The analyst's next step inside a large group: its most tightly knit community.
  const tightest = new Set((a.coordination?.communities?.[0]?.handles ?? []).map(lower));
  const sc = (kind: string, planted: Set<string>, predicted: Set<string>) =>
    score(kind, planted, predicted, planted);
  return {
    seed: {
      expected: t.seed,
      found,
      match:
        !!found &&
        lower(found.account) === lower(t.seed.account) &&
        found.within1m === t.seed.repostsWithin1Min &&
        found.within5m === t.seed.repostsWithin5Min,
    },
    milestones: t.milestones.map((m) => {
      const f = a.milestones.find((x) => x.posts === m.posts);
      return {
        posts: m.posts,
        expected: m.at,
        found: f?.reachedAt ?? null,
        match: !!f && Date.parse(f.reachedAt) === Date.parse(m.at),
      };
    }),
    amplifier: {
      expected: t.amplifier.account,
      found: a.amplifiers.accounts[0]?.handle ?? null,
      match: lower(a.amplifiers.accounts[0]?.handle) === lower(t.amplifier.account),
    },
    languages: maxDiff(t.languages, a.languages.byPosts),
    countries: maxDiff(t.countries, a.countries.byAccounts),
    kinds: [
      sc('hyperactive', new Set(t.hyperactive.map((h) => lower(h.account))), hyper),
      sc('bot', new Set(t.bots.map(lower)), bots),
      sc('ring', new Set(t.ring.map(lower)), coordinated),
      sc('ring (tightest community)', new Set(t.ring.map(lower)), tightest),
      sc('copypasta', new Set((t.copypasta ?? []).map(lower)), copied),
    ],
  };
}
