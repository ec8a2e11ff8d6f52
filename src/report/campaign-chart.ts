import { campaignSpec, renderSvg } from './charts.js';

/** The parts of a campaign analysis the timeline chart reads (src/social/analyze.ts). */
interface CampaignLike {
  timeline?: { binSeconds: number; bins: { t: string; posts: number }[] };
  milestones?: { posts: number; reachedAt: string }[];
}

/**
 * Posts per bin with a dashed rule at each milestone (100, 1,000 … posts).
 * @example await campaignTimelineSvg(await analyzeCampaign(dir))
 */
export async function campaignTimelineSvg(a: CampaignLike): Promise<string | null> {
  const bins = a.timeline?.bins ?? [];
  if (!bins.length) return null;
  const unit = (a.timeline?.binSeconds ?? 60) >= 3600 ? 'hour' : 'minute';
  const marks = (a.milestones ?? []).map((m) => ({
    t: m.reachedAt,
    label: `${m.posts.toLocaleString('en-US')} posts`,
  }));
  return renderSvg(
    campaignSpec(
      bins.map((b) => ({ t: b.t, n: b.posts })),
      marks,
      `Posts per ${bin(a.timeline?.binSeconds ?? 60, unit)}`,
    ),
  );
}

function bin(sec: number, unit: string): string {
  if (sec % 3600 === 0 && sec >= 3600) return sec === 3600 ? 'hour' : `${sec / 3600} hours`;
  if (sec % 60 === 0) return sec === 60 ? 'minute' : `${sec / 60} minutes`;
  return `${sec} s (${unit})`;
}
